package books

import (
	"net/http"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/labstack/echo/v4"

	"porch/errs"
	"porch/estate"
	"porch/handlers"
	"porch/ledger"
)

// unitPickRow is a unit in the picker with what it owes.
type unitPickRow struct {
	Unit    estate.Unit
	Balance int64
	Closed  int64 // of the balance, what accounts of leases or tenancies that have ended hold
}

// BalanceAbs is the balance without its sign; InCredit says which way.
func (r unitPickRow) BalanceAbs() int64 { return handlers.Abs64(r.Balance) }

// InCredit reports a unit that has paid more than it was asked for.
func (r unitPickRow) InCredit() bool { return r.Balance < 0 }

type unitPickerPage struct {
	Q     string
	Show  handlers.ListFilter
	Rows  []unitPickRow
	Total int
}

// The unit list's filters, as the dashboard's figures link to them.
var (
	showOwing   = handlers.ListFilter{Key: "owing", Phrase: "that owe money"}
	showOverdue = handlers.ListFilter{Key: "overdue", Phrase: "with an overdue invoice"}
)

// ledgerUnits lists every unit with its balance; ?q= narrows the list to
// units whose own or site's name contains the text, and ?show=owing or
// ?show=overdue to units that owe money or have an overdue invoice.
func (s *handler) ledgerUnits(c echo.Context) error {
	ctx := c.Request().Context()
	q := handlers.OrgOf(c).DB.Read()
	search := strings.TrimSpace(c.QueryParam("q"))
	if r := []rune(search); len(r) > handlers.MaxSearch {
		search = string(r[:handlers.MaxSearch])
	}
	sites, err := estate.ListSites(ctx, q)
	if err != nil {
		return err
	}
	balances, err := estate.UnitBalances(ctx, q)
	if err != nil {
		return err
	}
	closed, err := estate.ClosedAccountBalances(ctx, q, s.Today())
	if err != nil {
		return err
	}
	p := unitPickerPage{Q: search, Show: handlers.ShowFilter(c, showOwing, showOverdue)}
	var overdue map[int64]int
	if p.Show == showOverdue {
		if overdue, err = estate.OverdueUnits(ctx, q, s.Now()); err != nil {
			return err
		}
	}
	needle := strings.ToLower(search)
	for _, site := range sites {
		units, err := estate.ListUnits(ctx, q, site.ID)
		if err != nil {
			return err
		}
		p.Total += len(units)
		siteMatch := strings.Contains(strings.ToLower(site.Name), needle)
		for _, u := range units {
			if needle != "" && !siteMatch && !strings.Contains(strings.ToLower(u.Name), needle) ||
				p.Show == showOwing && balances[u.ID] <= 0 || p.Show == showOverdue && overdue[u.ID] == 0 {
				continue
			}
			p.Rows = append(p.Rows, unitPickRow{Unit: u, Balance: balances[u.ID], Closed: closed[u.ID]})
		}
	}
	return s.Render(c, http.StatusOK, handlers.View{Page: "admin_ledger_units", Title: "Unit accounts", Data: p, Wide: true})
}

// unitStatementRow is a statement line with what can still be done to it.
type unitStatementRow struct {
	ledger.StatementLine
	Reversed bool
}

// CanReverse reports whether the entry can still be reversed.
func (r unitStatementRow) CanReverse() bool { return !r.Reversed && r.Kind != ledger.KindReversal }

// BalanceAbs is the running balance without its sign.
func (r unitStatementRow) BalanceAbs() int64 { return handlers.Abs64(r.Balance) }

// KindText names the kind of entry.
func (r unitStatementRow) KindText() string {
	switch r.Kind {
	case ledger.KindDemand:
		return "Demand"
	case ledger.KindReceipt:
		return "Payment"
	case ledger.KindCredit:
		return "Credit"
	case ledger.KindReversal:
		return "Reversal"
	}
	return handlers.Capitalise(r.Kind)
}

// Label names the entry in the reversal form's list.
func (r unitStatementRow) Label() string {
	amount := r.Debit
	if amount == 0 {
		amount = r.Credit
	}
	return r.Date.Format(time.DateOnly) + " · " + r.Description + " · " + handlers.FormatPounds(amount)
}

// unitInvoiceRow is an invoice with its status today.
type unitInvoiceRow struct {
	ledger.Invoice
	Status    string
	Reminders []string // what became of each reminder step, in order
}

// invoiceBadges colour an invoice's states for managers, who read the
// ledger's own words for them.
var invoiceBadges = handlers.Badges{
	ledger.StatusOutstanding: {Label: ledger.StatusOutstanding},
	ledger.StatusPartPaid:    {Label: ledger.StatusPartPaid, Class: "warn"},
	ledger.StatusPaid:        {Label: ledger.StatusPaid, Class: "ok"},
	ledger.StatusOverdue:     {Label: ledger.StatusOverdue, Class: "bad"},
}

// Badge is the invoice's state.
func (r unitInvoiceRow) Badge() handlers.Badge { return invoiceBadges.Of(r.Status) }

// Cancelled reports an invoice whose demand was reversed.
func (r unitInvoiceRow) Cancelled() bool { return r.Status == "cancelled" }

// demandLineForm is one row of the demand form as typed.
type demandLineForm struct {
	Index                           int
	ChargeType, Description, Amount string
}

// demandLines is how many charge rows the demand forms offer.
const demandLines = 4

// demandForm is the single-unit demand form, with its preview once asked
// for.
type demandForm struct {
	Lines              []demandLineForm
	IssueDate, DueDate string
	Errors             errs.Fields
	Preview            *demandPreview
	Open               bool
}

// demandPreview is what posting the demand will record.
type demandPreview struct {
	Number int64
	Lines  []ledger.InvoiceLine
	Total  int64
	Issue  time.Time
	Due    time.Time
	Digest string // ties the post to exactly what was previewed
}

type receiptForm struct {
	Account, Date, Amount, Method, Reference, Invoice string
	Occupancy                                         string // the unit's account paid; blank: the one paying on the date
	Errors                                            errs.Fields
	Open                                              bool
}

type creditForm struct {
	ChargeType, Date, Amount, Reason, Invoice string
	Occupancy                                 string
	Errors                                    errs.Fields
	Open                                      bool
}

type reverseForm struct {
	Entry, Date, Reason string
	Errors              errs.Fields
	Open                bool
}

// unitAccount is a unit's account page: its statement, invoices and the
// forms that change them.
type unitAccount struct {
	Unit      estate.Unit
	People    []estate.UnitPerson
	Statement ledger.Statement
	Rows      []unitStatementRow // newest first
	Invoices  []unitInvoiceRow   // newest first
	Open      []handlers.Choice  // invoices with something owed
	Charges   []handlers.Choice
	Banks     []handlers.Choice
	Methods   []string
	Demand    demandForm
	Receipt   receiptForm
	Credit    creditForm
	Reverse   reverseForm
	Notice    string
	Served    string // the page showing how the demand just raised was served
	// The unit's accounts, one a lease or tenancy; Account is the one
	// shown (nil: the whole unit).
	Accounts       []accountTab
	AccountChoices []handlers.Choice
	Account        *accountTab
	Whole          accountTab // the whole unit's balance, for its tab

	// Plans are the accounts with an open payment plan or arrears.
	Plans []accountPlan

	selected       string // ?account=
	chargeByPublic map[string]ledger.ChargeType
	bankByPublic   map[string]ledger.Account
	invoiceByPub   map[string]unitInvoiceRow
	rowByJournal   map[int64]unitStatementRow
	reversed       map[int64]bool
	today          time.Time
	history        bool // People, Statement and Rows are loaded
}

// Balance is what the unit owes now; negative is credit.
func (a *unitAccount) Balance() int64 { return a.Statement.Closing }

// BalanceAbs is the balance without its sign.
func (a *unitAccount) BalanceAbs() int64 { return handlers.Abs64(a.Statement.Closing) }

// Reversible lists the entries that can still be reversed.
func (a *unitAccount) Reversible() []unitStatementRow {
	var out []unitStatementRow
	for _, r := range a.Rows {
		if r.CanReverse() {
			out = append(out, r)
		}
	}
	return out
}

// URL is the account's address.
func (a *unitAccount) URL() string { return "/admin/ledger/units/" + a.Unit.PublicID }

func blankDemandLines() []demandLineForm {
	lines := make([]demandLineForm, demandLines)
	for i := range lines {
		lines[i].Index = i
	}
	return lines
}

// ledgerUnit shows a unit's account. ?reverse= opens the reversal form at
// that entry; for htmx with that target only the form is sent.
func (s *handler) ledgerUnit(c echo.Context) error {
	a, err := s.loadUnitAccount(c.Request().Context(), c, c.Param("id"))
	if err != nil {
		return err
	}
	if err := s.unitNotice(c, a, c.QueryParam("done"), c.QueryParam("n")); err != nil {
		return err
	}
	if e := c.QueryParam("reverse"); e != "" {
		a.Reverse.Entry, a.Reverse.Open = e, true
	}
	return s.showUnitAccount(c, http.StatusOK, a, handlers.HX(c).Swaps())
}

// unitNotice says what the change keyed key did; for a demand, how it
// was served, with a link to follow its emails.
func (s *handler) unitNotice(c echo.Context, a *unitAccount, key, number string) error {
	a.Notice = noticeFor(key, number, a)
	n, err := strconv.ParseInt(number, 10, 64)
	if err != nil || key != "demand" || a.Notice == "Demand raised." {
		return nil
	}
	served, err := handlers.LoadServed(c.Request().Context(), handlers.OrgOf(c).DB.Read(), n, n)
	if err != nil {
		return err
	}
	a.Notice += " " + served.Summary()
	a.Served = ServedURL(n, n)
	return nil
}

// Fragments of the unit account page; each is also its element's id.
var unitBlocks = []string{"unit-account", "ledger-demand", "ledger-receipt", "ledger-credit", "ledger-reverse"}

// showUnitAccount writes the account page, or the fragment named block for
// htmx.
func (s *handler) showUnitAccount(c echo.Context, status int, a *unitAccount, block string) error {
	title := a.Unit.Name + ", " + a.Unit.SiteName
	v := handlers.View{Page: "admin_ledger_unit", Title: title, Data: a, Wide: true}
	if slices.Contains(unitBlocks, block) {
		v.Block = block
	}
	return s.Render(c, status, v)
}

// Number counts the rows from one, for labels.
func (l demandLineForm) Number() int { return l.Index + 1 }
