package banking

import (
	"context"
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
	"porch/ledger"
	"porch/payments"
	"porch/views"
)

// Bank reconciliation for a site's bank account, under
// /admin/ledger/banks/:id/reconcile: import statements (admin_bank_import.go),
// match their lines to the ledger (here), and reconcile to a date
// (admin_bank_close.go). Managers only, like the bank accounts themselves.

// bankReconcileRoutes registers the reconciliation screens.
func (s *handler) routes(e *echo.Echo) {
	g := s.Admin(e, "/ledger/banks/:id/reconcile", s.EnsureLedger, s.RequireManager)
	g.GET("", s.bankReconcile)
	g.POST("/auto", s.bankAutoMatch)
	g.POST("/lines/:line/match", s.bankMatchLine)
	g.POST("/lines/:line/unmatch", s.bankUnmatchLine)
	g.POST("/lines/:line/receipt", s.bankReceiptFromLine)
	g.GET("/import", s.bankImportPage)
	g.POST("/import", s.bankImportUpload)
	g.POST("/import/csv", s.bankImportCSV)
	g.GET("/to-date", s.bankClosePage)
	g.POST("/to-date", s.bankClose)
}

// Limits of the lines screen: a statement has tens of lines a month, so
// these are many months' worth; the date filter reaches the rest.
const (
	bankLinesShown     = 200
	bankUnmatchedShown = 50
)

// bankAccountView is the bank account a reconciliation screen is about.
type bankAccountView struct {
	Account  ledger.Account
	SiteName string
	URL      string // the lines screen; the others hang off it
}

// loadBankAccount reads the :id bank account.
func (s *handler) loadBankAccount(c echo.Context) (bankAccountView, error) {
	ctx := c.Request().Context()
	q := handlers.OrgOf(c).DB.Read()
	a, err := payments.BankAccount(ctx, q, c.Param("id"))
	if err != nil {
		return bankAccountView{}, err
	}
	v := bankAccountView{Account: a, URL: "/admin/ledger/banks/" + a.PublicID + "/reconcile"}
	if a.SiteID != 0 {
		sites, err := estate.ListSites(ctx, q)
		if err != nil {
			return v, err
		}
		for _, st := range sites {
			if st.ID == a.SiteID {
				v.SiteName = st.Name
			}
		}
	}
	return v, nil
}

// bankLinesFilter is the lines list filter as typed: state (matched,
// unmatched or both), from and to dates.
type bankLinesFilter struct {
	State, From, To string
	Errors          errs.Fields
}

// parse checks the filter into a payments.LineFilter.
func (f *bankLinesFilter) parse() payments.LineFilter {
	f.Errors = errs.Fields{}
	lf := payments.LineFilter{Limit: bankLinesShown}
	switch f.State {
	case "", "matched", "unmatched":
		lf.State = f.State
	default:
		f.Errors.Add("state", "Choose which lines to show.")
	}
	lf.From, lf.To = handlers.FilterDates(f.Errors, f.From, f.To, "The end date cannot be before the start date.")
	return lf
}

// query is the filter as a query string ("" when unfiltered), so actions
// come back to the same list.
func (f bankLinesFilter) query() string {
	v := url.Values{}
	for k, s := range map[string]string{"state": f.State, "from": f.From, "to": f.To} {
		if s != "" {
			v.Set(k, s)
		}
	}
	if len(v) == 0 {
		return ""
	}
	return "?" + v.Encode()
}

// bankLineRow is a statement line in the list.
type bankLineRow struct {
	payments.BankLine
	JournalURL string // the matched entry on the journals screen
	How        string // "Automatic", "By hand", "Receipt created"
}

// bankJournalOption is an entry a line could be matched to.
type bankJournalOption struct {
	Value, Label string
}

// bankUnmatchedRow is an unmatched line with its matching controls and
// any messages from the last attempt.
type bankUnmatchedRow struct {
	payments.BankLine
	Suggested  []bankJournalOption // what bankstmt suggests, best first
	Others     []bankJournalOption // other entries of the same amount, nearest first
	Ambiguous  bool                // equally good candidates, none chosen
	Journal    string
	Unit       string
	MatchError string
	UnitError  string
	FormError  string
	Open       bool // the receipt form is open
}

type bankReconcilePage struct {
	bankAccountView
	Summary        payments.BankSummary
	Filter         bankLinesFilter
	Query          string // the filter's query string for actions
	Lines          []bankLineRow
	LinesTotal     int
	Unmatched      []bankUnmatchedRow
	UnmatchedTotal int
	Units          []handlers.Choice // the site's units, for receipts
	Notice         string
	Error          string // a refusal for a row not shown
}

// HasOptions reports whether any entry could be chosen for the line.
func (r bankUnmatchedRow) HasOptions() bool { return len(r.Suggested)+len(r.Others) > 0 }

// FilterInvalid reports a filter that could not be used.
func (p bankReconcilePage) FilterInvalid() bool { return len(p.Filter.Errors) > 0 }

// Filtered reports whether the list is filtered.
func (p bankReconcilePage) Filtered() bool { return p.Query != "" }

// filterOf reads the lines filter from the query string.
func filterOf(c echo.Context) bankLinesFilter {
	return bankLinesFilter{State: strings.TrimSpace(c.QueryParam("state")), From: strings.TrimSpace(c.QueryParam("from")),
		To: strings.TrimSpace(c.QueryParam("to"))}
}

// loadReconcile fills the lines screen.
func (s *handler) loadReconcile(ctx context.Context, c echo.Context, p *bankReconcilePage) error {
	q := handlers.OrgOf(c).DB.Read()
	id := p.Account.ID
	var err error
	if p.Summary, err = payments.Summary(ctx, q, id); err != nil {
		return err
	}
	lf := p.Filter.parse()
	p.Query = p.Filter.query()
	if len(p.Filter.Errors) == 0 {
		lines, total, err := payments.Lines(ctx, q, id, lf)
		if err != nil {
			return err
		}
		p.LinesTotal = total
		p.Lines = make([]bankLineRow, len(lines))
		for i, l := range lines {
			p.Lines[i] = bankLineRow{BankLine: l, How: matchedHowLabel(l.MatchedHow)}
			if l.Matched() {
				d := l.JournalDate.Format(time.DateOnly)
				p.Lines[i].JournalURL = fmt.Sprintf("/admin/ledger/journals?from=%s&to=%s#j-%d", d, d, l.JournalID)
			}
		}
	}
	un, total, err := payments.UnmatchedWithSuggestions(ctx, q, id, bankUnmatchedShown)
	if err != nil {
		return err
	}
	p.UnmatchedTotal = total
	// Keep what was typed into a row whose action was refused.
	typed := map[string]bankUnmatchedRow{}
	for _, r := range p.Unmatched {
		typed[r.PublicID] = r
	}
	currency := handlers.OrgCurrency(c)
	p.Unmatched = make([]bankUnmatchedRow, len(un))
	for i, u := range un {
		r := bankUnmatchedRow{BankLine: u.Line, Ambiguous: u.Ambiguous}
		for _, cand := range u.Suggestions {
			r.Suggested = append(r.Suggested, bankJournalOption{Value: cand.PublicID, Label: candidateLabel(cand, currency)})
		}
		for _, cand := range u.Others {
			r.Others = append(r.Others, bankJournalOption{Value: cand.PublicID, Label: candidateLabel(cand, currency)})
		}
		if len(u.Suggestions) == 1 && !u.Ambiguous {
			r.Journal = u.Suggestions[0].PublicID
		}
		if t, ok := typed[u.Line.PublicID]; ok {
			r.Journal, r.Unit, r.MatchError, r.UnitError, r.FormError, r.Open = t.Journal, t.Unit, t.MatchError, t.UnitError, t.FormError, t.Open
			delete(typed, u.Line.PublicID)
		}
		p.Unmatched[i] = r
	}
	// A refused row beyond those shown still gets its message.
	for _, t := range typed {
		for _, msg := range []string{t.MatchError, t.UnitError, t.FormError} {
			if msg != "" && p.Error == "" {
				p.Error = msg
			}
		}
	}
	if p.Account.SiteID != 0 {
		units, err := estate.ListUnits(ctx, q, p.Account.SiteID)
		if err != nil {
			return err
		}
		for _, u := range units {
			p.Units = append(p.Units, handlers.Choice{Value: u.PublicID, Label: u.Name})
		}
	}
	return nil
}

// candidateLabel describes a ledger entry in the match control.
func candidateLabel(c payments.Candidate, currency string) string {
	parts := []string{c.Date.Format("2 Jan 2006"), views.Money(handlers.Abs64(c.Amount), currency), c.Description}
	if len(c.Units) > 0 {
		parts = append(parts, strings.Join(c.Units, ", "))
	}
	if c.Reference != "" {
		parts = append(parts, "ref "+c.Reference)
	}
	return strings.Join(parts, " · ")
}

// matchedHowLabel names how a line was matched.
func matchedHowLabel(how string) string {
	switch how {
	case payments.MatchedAuto:
		return "Automatic"
	case payments.MatchedManual:
		return "By hand"
	case payments.MatchedCreated:
		return "Receipt created"
	}
	return ""
}

// showReconcile writes the lines screen, or for htmx its block.
func (s *handler) showReconcile(c echo.Context, status int, p *bankReconcilePage) error {
	if err := s.loadReconcile(c.Request().Context(), c, p); err != nil {
		return err
	}
	return s.RenderScreen(c, status, "admin_bank_reconcile", "bank-reconcile", "Reconcile "+p.Account.Name, p)
}

// bankNotices are the notices a redirect back to the lines screen shows.
var bankNotices = map[string]string{
	"matched":   "The line is matched.",
	"unmatched": "The line is no longer matched; its entry is back on the list of entries to match.",
	"receipt":   "The receipt is recorded on the unit's account and the line is matched to it.",
}

func (s *handler) bankReconcile(c echo.Context) error {
	v, err := s.loadBankAccount(c)
	if err != nil {
		return err
	}
	p := &bankReconcilePage{bankAccountView: v, Filter: filterOf(c)}
	p.Notice = bankNotices[c.QueryParam("done")]
	if c.QueryParam("done") == "auto" {
		p.Notice = autoNotice(atoiOr(c.QueryParam("n"), 0))
	}
	if err := s.loadReconcile(c.Request().Context(), c, p); err != nil {
		return err
	}
	status := http.StatusOK
	if len(p.Filter.Errors) > 0 {
		status = http.StatusUnprocessableEntity
	}
	title := "Reconcile " + p.Account.Name
	if handlers.HXTarget(c) == "bank-reconcile" {
		return s.RenderBlock(c, status, "admin_bank_reconcile", "bank-reconcile", title, p)
	}
	return s.RenderAdmin(c, status, "admin_bank_reconcile", title, p)
}

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
	if !handlers.IsPartial(c) {
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
		return s.Redirect(c, v.URL+"?"+q.Encode())
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
	if line.MatchedHow == payments.MatchedCreated {
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
