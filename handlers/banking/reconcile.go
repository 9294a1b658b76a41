package banking

import (
	"context"
	"fmt"
	"net/http"
	"net/url"
	"strings"
	"time"

	"github.com/labstack/echo/v4"

	"porch/auth"
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
// (admin_bank_close.go). Like the bank accounts themselves, seeing them
// is client money (auth.SeeClientMoney) and changing them moves it.

// bankReconcileRoutes registers the reconciliation screens.
func (s *handler) routes(e *echo.Echo) {
	g := s.Admin(e, "/ledger/banks/:id/reconcile", auth.SeeClientMoney, s.EnsureLedger)
	g.GET("", s.bankReconcile)
	g.GET("/import", s.bankImportPage)
	g.GET("/to-date", s.bankClosePage)

	move := g.Needing(auth.MoveClientMoney)
	move.POST("/auto", s.bankAutoMatch)
	move.POST("/lines/:line/match", s.bankMatchLine)
	move.POST("/lines/:line/unmatch", s.bankUnmatchLine)
	move.POST("/lines/:line/receipt", s.bankReceiptFromLine)
	move.POST("/lines/:line/supplier", s.bankSupplierFromLine)
	move.POST("/import", s.bankImportUpload)
	move.POST("/import/csv", s.bankImportCSV)
	move.POST("/to-date", s.bankClose)
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
	// Approved supplier invoices of the site for what a money-out line
	// paid, which paying from the line settles.
	Invoices     []bankJournalOption
	Invoice      string
	InvoiceError string
	SupplierOpen bool // the supplier form is open
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
			p.Lines[i] = bankLineRow{BankLine: l, How: matchedHowLabel(l)}
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
	bills, err := supplierChoices(ctx, q, p.Account, currency)
	if err != nil {
		return err
	}
	p.Unmatched = make([]bankUnmatchedRow, len(un))
	for i, u := range un {
		r := bankUnmatchedRow{BankLine: u.Line, Ambiguous: u.Ambiguous, Invoices: bills[u.Line.Amount]}
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
			r.Invoice, r.InvoiceError, r.SupplierOpen = t.Invoice, t.InvoiceError, t.SupplierOpen
			delete(typed, u.Line.PublicID)
		}
		p.Unmatched[i] = r
	}
	// A refused row beyond those shown still gets its message.
	for _, t := range typed {
		for _, msg := range []string{t.MatchError, t.UnitError, t.FormError, t.InvoiceError} {
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
func matchedHowLabel(l payments.BankLine) string {
	switch l.MatchedHow {
	case payments.MatchedAuto:
		return "Automatic"
	case payments.MatchedManual:
		return "By hand"
	case payments.MatchedCreated:
		if l.Amount < 0 {
			return "Payment created"
		}
		return "Receipt created"
	}
	return ""
}

// showReconcile writes the lines screen, or for htmx its block.
func (s *handler) showReconcile(c echo.Context, status int, p *bankReconcilePage) error {
	if err := s.loadReconcile(c.Request().Context(), c, p); err != nil {
		return err
	}
	return s.Render(c, status, handlers.View{Page: "admin_bank_reconcile", Title: "Reconcile " + p.Account.Name, Data: p, Wide: true, Block: "bank-reconcile", Retarget: true})
}

// bankNotices are the notices a redirect back to the lines screen shows.
var bankNotices = map[string]string{
	"matched":   "The line is matched.",
	"unmatched": "The line is no longer matched; its entry is back on the list of entries to match.",
	"receipt":   "The receipt is recorded on the unit's account and the line is matched to it.",
	"supplier":  "The supplier's invoice is paid from this account and the line is matched to the payment.",
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
	return s.Render(c, status, handlers.View{Page: "admin_bank_reconcile", Title: title, Data: p, Wide: true})
}
