package banking

import (
	"database/sql"
	"fmt"
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"time"

	"github.com/labstack/echo/v4"

	"porch/errs"
	"porch/estate"
	"porch/handlers"
	"porch/payments"
	"porch/views"
)

func atoiOr(s string, def int) int {
	n, err := strconv.Atoi(s)
	if err != nil {
		return def
	}
	return n
}

func autoNotice(n int) string {
	switch n {
	case 0:
		return "No further lines could be matched automatically."
	case 1:
		return "1 line was matched automatically."
	}
	return fmt.Sprintf("%d lines were matched automatically.", n)
}

// bankDone answers an action on the lines screen that worked: htmx gets
// the block again with a notice, a plain post a redirect.
func (s *handler) bankDone(c echo.Context, v bankAccountView, filter bankLinesFilter, key, notice string, extra url.Values) error {
	if !handlers.HX(c).Partial() {
		q := url.Values{}
		for k, vs := range extra {
			q[k] = vs
		}
		for k, s := range map[string]string{"state": filter.State, "from": filter.From, "to": filter.To} {
			if s != "" {
				q.Set(k, s)
			}
		}
		q.Set("done", key)
		return handlers.Redirect(c, v.URL+"?"+q.Encode())
	}
	p := &bankReconcilePage{bankAccountView: v, Filter: filter, Notice: notice}
	return s.showReconcile(c, http.StatusOK, p)
}

// bankAutoMatch runs the automatic matching again, for lines whose entries
// were posted after their statement was imported.
func (s *handler) bankAutoMatch(c echo.Context) error {
	ctx := c.Request().Context()
	v, err := s.loadBankAccount(c)
	if err != nil {
		return err
	}
	var pairs []payments.Pair
	err = handlers.OrgOf(c).DB.Write(ctx, func(tx *sql.Tx) error {
		if pairs, err = payments.AutoMatch(ctx, tx, s.Now(), v.Account.ID, handlers.IdentityOf(c).Person.ID); err != nil {
			return err
		}
		if len(pairs) == 0 {
			return nil
		}
		return s.LedgerAudit(ctx, c, tx, "bank.auto_matched", v.Account.PublicID, fmt.Sprintf("%d lines of %s %s matched automatically",
			len(pairs), v.Account.Code, v.Account.Name))
	})
	if err != nil {
		return err
	}
	return s.bankDone(c, v, filterOf(c), "auto", autoNotice(len(pairs)), url.Values{"n": {strconv.Itoa(len(pairs))}})
}

// bankLineRefused shows the lines screen again with a message on the row
// the action was for.
func (s *handler) bankLineRefused(c echo.Context, v bankAccountView, row bankUnmatchedRow) error {
	p := &bankReconcilePage{bankAccountView: v, Filter: filterOf(c), Unmatched: []bankUnmatchedRow{row}}
	return s.showReconcile(c, http.StatusUnprocessableEntity, p)
}

// bankMatchLine matches an unmatched line to the entry chosen for it.
func (s *handler) bankMatchLine(c echo.Context) error {
	ctx := c.Request().Context()
	v, err := s.loadBankAccount(c)
	if err != nil {
		return err
	}
	row := bankUnmatchedRow{Journal: strings.TrimSpace(c.FormValue("journal"))}
	row.PublicID = c.Param("line")
	var line payments.BankLine
	var cand payments.Candidate
	err = handlers.OrgOf(c).DB.Write(ctx, func(tx *sql.Tx) error {
		if line, cand, err = payments.MatchManually(ctx, tx, s.Now(), v.Account.ID, row.PublicID, row.Journal, handlers.IdentityOf(c).Person.ID); err != nil {
			return err
		}
		return s.LedgerAudit(ctx, c, tx, "bank.line_matched", line.PublicID, fmt.Sprintf("%s %s line of %s for %s matched to entry no. %d, %s",
			v.Account.Code, v.Account.Name, line.Date.Format(time.DateOnly), formatSigned(line.Amount), cand.JournalID, cand.Description))
	})
	if f, ok := handlers.FieldsOf(err); ok {
		row.MatchError = f["journal"]
		if row.MatchError == "" {
			row.MatchError = f["form"]
		}
		return s.bankLineRefused(c, v, row)
	}
	if err != nil {
		return err
	}
	return s.bankDone(c, v, filterOf(c), "matched", bankNotices["matched"], nil)
}

// formatSigned writes pence with a minus for money out, for audit text.
func formatSigned(pence int64) string {
	if pence < 0 {
		return "-" + handlers.FormatPounds(-pence)
	}
	return handlers.FormatPounds(pence)
}

// bankUnmatchLine undoes a line's match.
func (s *handler) bankUnmatchLine(c echo.Context) error {
	ctx := c.Request().Context()
	v, err := s.loadBankAccount(c)
	if err != nil {
		return err
	}
	var line payments.BankLine
	err = handlers.OrgOf(c).DB.Write(ctx, func(tx *sql.Tx) error {
		if line, err = payments.Unmatch(ctx, tx, v.Account.ID, c.Param("line")); err != nil {
			return err
		}
		return s.LedgerAudit(ctx, c, tx, "bank.line_unmatched", line.PublicID, fmt.Sprintf("%s %s line of %s for %s unmatched from entry no. %d (%s)",
			v.Account.Code, v.Account.Name, line.Date.Format(time.DateOnly), formatSigned(line.Amount), line.JournalID, line.MatchedHow))
	})
	if err != nil {
		return err
	}
	notice := bankNotices["unmatched"]
	switch {
	case line.MatchedHow == payments.MatchedCreated && line.Amount < 0:
		notice += " The supplier's invoice stays paid by the payment made from it; match the line to that payment again."
	case line.MatchedHow == payments.MatchedCreated:
		notice += " The receipt created from it stays on the unit's account; reverse it there if it was wrong."
	}
	return s.bankDone(c, v, filterOf(c), "unmatched", notice, nil)
}

// bankReceiptFromLine records a money-in line as a receipt for the chosen
// unit and matches the line to it.
func (s *handler) bankReceiptFromLine(c echo.Context) error {
	ctx := c.Request().Context()
	v, err := s.loadBankAccount(c)
	if err != nil {
		return err
	}
	q := handlers.OrgOf(c).DB.Read()
	row := bankUnmatchedRow{Unit: strings.TrimSpace(c.FormValue("unit")), Open: true}
	row.PublicID = c.Param("line")
	var unit estate.Unit
	if row.Unit == "" {
		row.UnitError = "Choose the unit that paid."
	} else if unit, err = estate.GetUnit(ctx, q, row.Unit); err != nil && !errs.Is(err, errs.NotFound) {
		return err
	} else if err != nil || unit.SiteID != v.Account.SiteID {
		row.UnitError = "Choose the unit that paid, from this account's site."
	}
	if row.UnitError != "" {
		if _, err := payments.GetLine(ctx, q, v.Account.ID, row.PublicID); err != nil {
			return err
		}
		return s.bankLineRefused(c, v, row)
	}
	var line payments.BankLine
	var journal int64
	err = handlers.OrgOf(c).DB.Write(ctx, func(tx *sql.Tx) error {
		if line, journal, err = payments.CreateReceiptFromLine(ctx, tx, s.Now(), v.Account.ID, row.PublicID, unit.ID, handlers.IdentityOf(c).Person.ID); err != nil {
			return err
		}
		return s.LedgerAudit(ctx, c, tx, "bank.receipt_from_line", unit.PublicID, fmt.Sprintf("%s by bank transfer into %s %s for %s, %s, from the statement line of %s (entry no. %d)",
			handlers.FormatPounds(line.Amount), v.Account.Code, v.Account.Name, unit.Name, unit.SiteName, line.Date.Format(time.DateOnly), journal))
	})
	if f, ok := handlers.FieldsOf(err); ok {
		row.UnitError = f["unit"]
		for k, msg := range f {
			if k != "unit" && row.FormError == "" {
				row.FormError = msg
			}
		}
		return s.bankLineRefused(c, v, row)
	}
	if err != nil {
		return err
	}
	return s.bankDone(c, v, filterOf(c), "receipt", fmt.Sprintf("Receipt of %s recorded for %s and matched to the line.",
		views.Money(line.Amount, handlers.OrgCurrency(c)), unit.Name), nil)
}
