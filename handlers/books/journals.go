package books

import (
	"net/http"
	"net/url"
	"strconv"
	"strings"

	"github.com/labstack/echo/v4"

	"porch/errs"
	"porch/estate"
	"porch/handlers"
	"porch/ledger"
)

// journalsPerPage is how many journals one page of the list shows.
const journalsPerPage = 50

// journalKinds are the kinds a manager can filter by, named for people.
var journalKinds = []handlers.Choice{
	{Value: ledger.KindDemand, Label: "Demand"},
	{Value: ledger.KindReceipt, Label: "Receipt"},
	{Value: ledger.KindCredit, Label: "Credit note"},
	{Value: ledger.KindReversal, Label: "Reversal"},
	{Value: ledger.KindFee, Label: "Agent fee"},
	{Value: ledger.KindExpense, Label: "Expense"},
	{Value: ledger.KindPayout, Label: "Payout"},
	{Value: ledger.KindFloat, Label: "Float"},
	{Value: ledger.KindTransfer, Label: "Transfer"},
	{Value: ledger.KindOpening, Label: "Opening balance"},
}

// journalKindLabel names a kind; an unknown one is shown as stored.
func journalKindLabel(kind string) string {
	for _, k := range journalKinds {
		if k.Value == kind {
			return k.Label
		}
	}
	return handlers.Capitalise(kind)
}

// journalFilterForm is the filter as typed, with messages next to the
// fields it names (from, to, kind, unit).
type journalFilterForm struct {
	From, To, Kind, Unit string
	Errors               errs.Fields
}

// journalUnitGroup is one site's units in the unit filter.
type journalUnitGroup struct {
	Site  string
	Units []handlers.Choice
}

// journalPostingRow is a posting with the address of its unit's account.
type journalPostingRow struct {
	ledger.JournalPosting
	UnitURL string
}

// journalRow is a listed journal with what it belongs to.
type journalRow struct {
	ledger.JournalEntry
	KindLabel    string
	Postings     []journalPostingRow
	BelongsTo    string // "Invoice 12", "Receipt", ...
	BelongsToURL string
	OnPage       map[int64]bool // journals shown on this page, for anchors
}

// ReversesOnPage and ReversedByOnPage report whether the other side of a
// reversal is listed on this page, so the link can jump to it.
func (r journalRow) ReversesOnPage() bool   { return r.OnPage[r.ReversesID] }
func (r journalRow) ReversedByOnPage() bool { return r.OnPage[r.ReversedBy] }

type journalsPage struct {
	Form    journalFilterForm
	Kinds   []handlers.Choice
	Units   []journalUnitGroup
	Rows    []journalRow
	Page    int
	HasNext bool
	query   url.Values // the filter, for the pager
}

// Filtered reports whether any filter is set.
func (p journalsPage) Filtered() bool {
	f := p.Form
	return f.From != "" || f.To != "" || f.Kind != "" || f.Unit != ""
}

// Invalid reports whether the filter was refused.
func (p journalsPage) Invalid() bool { return len(p.Form.Errors) > 0 }

// PageURL is the list's address at page n with the same filter.
func (p journalsPage) PageURL(n int) string {
	q := url.Values{}
	for k, v := range p.query {
		q[k] = v
	}
	if n > 1 {
		q.Set("page", strconv.Itoa(n))
	}
	if len(q) == 0 {
		return "/admin/ledger/journals"
	}
	return "/admin/ledger/journals?" + q.Encode()
}

// First and Last number the entries shown, counting from the newest.
func (p journalsPage) First() int { return (p.Page-1)*journalsPerPage + 1 }
func (p journalsPage) Last() int  { return p.First() + len(p.Rows) - 1 }

// PrevURL and NextURL are the newer and older pages.
func (p journalsPage) PrevURL() string { return p.PageURL(p.Page - 1) }
func (p journalsPage) NextURL() string { return p.PageURL(p.Page + 1) }

// ledgerJournals lists journals, newest first, each with its postings,
// filtered by ?from= ?to= (dates), ?kind= and ?unit= (a unit's public id)
// and paged by ?page=. A filter it cannot read is shown again with a
// message next to the field, and nothing is listed.
func (s *handler) ledgerJournals(c echo.Context) error {
	ctx := c.Request().Context()
	q := handlers.OrgOf(c).DB.Read()
	p := journalsPage{Kinds: journalKinds, Page: 1, query: url.Values{}}
	unitByPublic := map[string]int64{}
	unitURL := map[int64]string{}
	sites, err := estate.ListSites(ctx, q)
	if err != nil {
		return err
	}
	for _, site := range sites {
		units, err := estate.ListUnits(ctx, q, site.ID)
		if err != nil {
			return err
		}
		g := journalUnitGroup{Site: site.Name}
		for _, u := range units {
			g.Units = append(g.Units, handlers.Choice{Value: u.PublicID, Label: u.Name})
			unitByPublic[u.PublicID] = u.ID
			unitURL[u.ID] = "/admin/ledger/units/" + u.PublicID
		}
		if len(g.Units) > 0 {
			p.Units = append(p.Units, g)
		}
	}

	filter, form := readJournalFilter(c, unitByPublic)
	p.Form = form
	for k, v := range map[string]string{"from": form.From, "to": form.To, "kind": form.Kind, "unit": form.Unit} {
		if v != "" {
			p.query.Set(k, v)
		}
	}
	if n, err := strconv.Atoi(c.QueryParam("page")); err == nil && n > 1 && n <= 100_000 {
		p.Page = n
	}
	status := http.StatusOK
	if p.Invalid() {
		status = http.StatusUnprocessableEntity
	} else {
		filter.Limit = journalsPerPage + 1
		filter.Offset = (p.Page - 1) * journalsPerPage
		entries, err := ledger.ListJournals(ctx, q, filter)
		if err != nil {
			return err
		}
		if len(entries) > journalsPerPage {
			entries, p.HasNext = entries[:journalsPerPage], true
		}
		if p.Rows, err = journalRows(c, entries, unitURL); err != nil {
			return err
		}
	}
	return s.Render(c, status, handlers.View{Page: "admin_ledger_journals", Title: "Journals", Data: p, Wide: true})
}

// readJournalFilter reads the filter from the query, with a message for
// each field it cannot use.
func readJournalFilter(c echo.Context, unitByPublic map[string]int64) (ledger.JournalFilter, journalFilterForm) {
	form := journalFilterForm{
		From:   strings.TrimSpace(c.QueryParam("from")),
		To:     strings.TrimSpace(c.QueryParam("to")),
		Kind:   strings.TrimSpace(c.QueryParam("kind")),
		Unit:   strings.TrimSpace(c.QueryParam("unit")),
		Errors: errs.Fields{},
	}
	var f ledger.JournalFilter
	f.From, f.To = handlers.FilterDates(form.Errors, form.From, form.To, "The end date must be on or after the start date.")
	if form.Kind != "" {
		known := false
		for _, k := range journalKinds {
			known = known || k.Value == form.Kind
		}
		if known {
			f.Kind = form.Kind
		} else {
			form.Errors.Add("kind", "Choose a kind of entry from the list.")
		}
	}
	if form.Unit != "" {
		if id, ok := unitByPublic[form.Unit]; ok {
			f.UnitID = id
		} else {
			form.Errors.Add("unit", "Choose a unit from the list.")
		}
	}
	return f, form
}

// journalRows adds to each journal what it belongs to and the addresses of
// its units' accounts.
func journalRows(c echo.Context, entries []ledger.JournalEntry, unitURL map[int64]string) ([]journalRow, error) {
	// A reversal of a demand belongs to the invoice it cancelled.
	ids := make([]int64, 0, len(entries))
	onPage := map[int64]bool{}
	for _, e := range entries {
		ids = append(ids, e.ID)
		if e.ReversesID != 0 {
			ids = append(ids, e.ReversesID)
		}
		onPage[e.ID] = true
	}
	invoices, err := ledger.InvoicesOfJournals(c.Request().Context(), handlers.OrgOf(c).DB.Read(), ids)
	if err != nil {
		return nil, err
	}
	rows := make([]journalRow, len(entries))
	for i, e := range entries {
		r := journalRow{JournalEntry: e, KindLabel: journalKindLabel(e.Kind), OnPage: onPage}
		var firstUnit int64
		for _, p := range e.Postings {
			r.Postings = append(r.Postings, journalPostingRow{JournalPosting: p, UnitURL: unitURL[p.UnitID]})
			if firstUnit == 0 && p.UnitID != 0 {
				firstUnit = p.UnitID
			}
		}
		inv, ok := invoices[e.ID]
		if !ok && e.ReversesID != 0 {
			inv, ok = invoices[e.ReversesID]
		}
		if ok {
			if e.Kind == ledger.KindDemand {
				r.Reference = "" // a demand's reference is its invoice number
			}
			r.BelongsTo = "Invoice " + strconv.FormatInt(inv.Number, 10)
			if u := unitURL[inv.UnitID]; u != "" {
				r.BelongsToURL = u + "#invoices-heading"
			}
		} else if u := unitURL[firstUnit]; u != "" {
			switch e.Kind {
			case ledger.KindReceipt:
				r.BelongsTo = "Receipt"
			case ledger.KindCredit:
				r.BelongsTo = "Credit note"
			default:
				r.BelongsTo = "Unit account"
			}
			r.BelongsToURL = u
		}
		rows[i] = r
	}
	return rows, nil
}
