package banking

import (
	"context"
	"database/sql"
	"fmt"
	"net/http"
	"strconv"
	"strings"
	"time"

	"github.com/labstack/echo/v4"

	"porch/errs"
	"porch/handlers"
	"porch/payments"
	"porch/sqldb"
	"porch/views"
)

// Reconciling a bank account to a date: once every imported statement
// line up to the date is matched, the statement's balance is recorded
// beside the ledger's.

// bankCloseForm is the reconcile form as typed: to (a date) and
// statement_balance.
type bankCloseForm struct {
	To, Balance string
	Errors      errs.Fields
}

// bankCloseFigures is where the account stands at the end of a date.
type bankCloseFigures struct {
	To             time.Time
	Ledger         int64 // the ledger's balance
	Unmatched      int   // statement lines up to then not matched
	UnclearedCount int   // entries in the ledger on no statement line
	UnclearedTotal int64
	UnmatchedURL   string // the lines screen showing those unmatched lines
}

type bankClosePage struct {
	bankAccountView
	Form    bankCloseForm
	Summary payments.BankSummary
	At      *bankCloseFigures
	Done    *payments.Reconciliation // just recorded
	History []payments.Reconciliation
}

// closeFigures reads the account at the end of the day to.
func closeFigures(ctx context.Context, q sqldb.Querier, v bankAccountView, to time.Time) (*bankCloseFigures, error) {
	f := &bankCloseFigures{To: to, UnmatchedURL: v.URL + "?state=unmatched&to=" + to.Format(time.DateOnly)}
	var err error
	if f.Ledger, err = payments.LedgerBalance(ctx, q, v.Account.ID, to); err != nil {
		return nil, err
	}
	if f.Unmatched, err = payments.UnmatchedUpTo(ctx, q, v.Account.ID, to); err != nil {
		return nil, err
	}
	f.UnclearedCount, f.UnclearedTotal, err = payments.Uncleared(ctx, q, v.Account.ID, to)
	return f, err
}

// showClose fills and writes the reconcile screen, or for htmx its block.
func (s *handler) showClose(c echo.Context, status int, p *bankClosePage, to time.Time) error {
	ctx := c.Request().Context()
	q := handlers.OrgOf(c).DB.Read()
	var err error
	if p.Summary, err = payments.Summary(ctx, q, p.Account.ID); err != nil {
		return err
	}
	if p.History, err = payments.Reconciliations(ctx, q, p.Account.ID, 24); err != nil {
		return err
	}
	if !to.IsZero() {
		if p.At, err = closeFigures(ctx, q, p.bankAccountView, to); err != nil {
			return err
		}
	}
	return s.Render(c, status, handlers.View{Page: "admin_bank_close", Title: "Reconcile to a date", Data: p, Wide: true, Block: "bank-close", Retarget: true})
}

func (s *handler) bankClosePage(c echo.Context) error {
	ctx := c.Request().Context()
	v, err := s.loadBankAccount(c)
	if err != nil {
		return err
	}
	p := &bankClosePage{bankAccountView: v, Form: bankCloseForm{To: strings.TrimSpace(c.QueryParam("to")),
		Balance: strings.TrimSpace(c.QueryParam("balance")), Errors: errs.Fields{}}}
	if c.QueryParam("done") != "" {
		rs, err := payments.Reconciliations(ctx, handlers.OrgOf(c).DB.Read(), v.Account.ID, 1)
		if err != nil {
			return err
		}
		if len(rs) > 0 && strconv.FormatInt(rs[0].ID, 10) == c.QueryParam("done") {
			p.Done = &rs[0]
		}
	}
	if p.Form.To == "" {
		// The last day the statements reach, else today.
		sum, err := payments.Summary(ctx, handlers.OrgOf(c).DB.Read(), v.Account.ID)
		if err != nil {
			return err
		}
		to := sum.LastDate
		if to.IsZero() || to.After(s.Today()) {
			to = s.Today()
		}
		p.Form.To = to.Format(time.DateOnly)
	}
	to, _ := handlers.ParseFormDate(p.Form.To)
	return s.showClose(c, http.StatusOK, p, to)
}

// parseBalance reads a statement balance in pounds, which may be negative
// for an overdrawn account.
func parseBalance(f errs.Fields, field, value string) int64 {
	v := strings.TrimSpace(value)
	neg := false
	for _, minus := range []string{"-", "−"} {
		if rest, ok := strings.CutPrefix(v, minus); ok {
			neg, v = true, strings.TrimSpace(rest)
		}
	}
	n, err := handlers.ParseMoney(v)
	if err != nil {
		e, _ := errs.As(err)
		msg := e.Message
		if v == "" {
			msg = "Enter the balance the statement shows at the end of that day."
		}
		f.Add(field, msg)
		return 0
	}
	if neg {
		return -n
	}
	return n
}

// bankClose records a reconciliation, refused while lines up to the date
// are unmatched.
func (s *handler) bankClose(c echo.Context) error {
	ctx := c.Request().Context()
	v, err := s.loadBankAccount(c)
	if err != nil {
		return err
	}
	p := &bankClosePage{bankAccountView: v, Form: bankCloseForm{To: strings.TrimSpace(c.FormValue("to")),
		Balance: strings.TrimSpace(c.FormValue("statement_balance")), Errors: errs.Fields{}}}
	to := handlers.DateField(p.Form.Errors, "to", p.Form.To)
	balance := parseBalance(p.Form.Errors, "statement_balance", p.Form.Balance)
	if len(p.Form.Errors) > 0 {
		return s.showClose(c, http.StatusUnprocessableEntity, p, to)
	}
	var rec payments.Reconciliation
	err = handlers.OrgOf(c).DB.Write(ctx, func(tx *sql.Tx) error {
		if rec, err = payments.Reconcile(ctx, tx, s.Now(), v.Account.ID, to, balance, handlers.IdentityOf(c).Person.ID); err != nil {
			return err
		}
		return s.LedgerAudit(ctx, c, tx, "bank.reconciled", v.Account.PublicID, fmt.Sprintf("%s %s reconciled to %s: statement %s, ledger %s",
			v.Account.Code, v.Account.Name, to.Format(time.DateOnly), formatSigned(balance), formatSigned(rec.LedgerBalance)))
	})
	if f, ok := handlers.FieldsOf(err); ok {
		p.Form.Errors = handlers.MapFields(f, handlers.FormKeys("to", "statement_balance"))
		return s.showClose(c, http.StatusUnprocessableEntity, p, to)
	}
	if err != nil {
		return err
	}
	if !handlers.HX(c).Partial() {
		return handlers.Redirect(c, v.URL+"/to-date?done="+strconv.FormatInt(rec.ID, 10))
	}
	p.Done = &rec
	p.Form = bankCloseForm{To: p.Form.To, Errors: errs.Fields{}}
	return s.showClose(c, http.StatusOK, p, to)
}

// DifferenceText explains a reconciliation's difference in words.
func (p bankClosePage) DifferenceText(r payments.Reconciliation, currency string) string {
	d := r.Difference()
	switch {
	case d == 0:
		return "The statement and the ledger agree."
	case d > 0:
		return fmt.Sprintf("The statement shows %s more than the ledger.", views.Money(d, currency))
	}
	return fmt.Sprintf("The statement shows %s less than the ledger.", views.Money(-d, currency))
}
