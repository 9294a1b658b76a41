package spending

import (
	"context"
	"net/http"
	"net/url"
	"strings"

	"github.com/labstack/echo/v4"

	"porch/errs"
	"porch/estate"
	"porch/handlers"
	"porch/ledger"
)

// shown is the most invoices the list shows; the filters reach the rest.
const shown = 200

// statusLabels name the statuses on the screen.
var statusLabels = map[string]string{
	ledger.SupplierReceived: "Awaiting approval",
	ledger.SupplierApproved: "Approved, to pay",
	ledger.SupplierPaid:     "Paid",
	ledger.SupplierRejected: "Rejected",
}

// row is a supplier invoice in the list, with its inline forms' values
// and messages after a refused action.
type row struct {
	ledger.SupplierInvoice
	Reason, Account, Date string
	Errors                errs.Fields
	Open                  string // "reject" or "pay": the form a refused action reopens
}

// Badge is the invoice's status as a badge.
func (r row) Badge() handlers.Badge {
	class := ""
	switch r.Status {
	case ledger.SupplierReceived:
		class = "warn"
	case ledger.SupplierPaid:
		class = "ok"
	}
	return handlers.Badge{Label: statusLabels[r.Status], Class: class}
}

// listPage is the supplier invoices screen.
type listPage struct {
	Sites    []handlers.Choice
	Site     estate.SiteSummary // the site shown; ID 0 when there is none
	Status   string
	Statuses []handlers.Choice
	Rows     []row
	Total    int
	Banks    []handlers.Choice // the site's bank accounts, to pay from
	Totals   ledger.SupplierTotals
	Query    string // the filter as a query string, for actions
	Today    string
	Notice   string
	Error    string
}

// URL is the screen with its filter.
func (p listPage) URL() string { return spendingURL + p.Query }

// filterOf sets the screen's filter: the site by public id (the first
// block when none is chosen) and the status.
func (s *handler) filterOf(ctx context.Context, c echo.Context, p *listPage, want, status string) error {
	sites, err := estate.ListSites(ctx, handlers.OrgOf(c).DB.Read())
	if err != nil {
		return err
	}
	want = strings.TrimSpace(want)
	for _, st := range sites {
		if st.Archived() {
			continue
		}
		p.Sites = append(p.Sites, handlers.Choice{Value: st.PublicID, Label: st.Name})
		if st.PublicID == want || (want == "" && p.Site.ID == 0 && st.IsBlock()) {
			p.Site = st
		}
	}
	if p.Site.ID == 0 && want == "" && len(sites) > 0 {
		p.Site = sites[0]
	}
	if p.Site.ID == 0 && want != "" {
		return errs.E(errs.NotFound, "There is no such site.")
	}
	p.Status = strings.TrimSpace(status)
	if _, ok := statusLabels[p.Status]; !ok {
		p.Status = ""
	}
	p.Statuses = []handlers.Choice{{Value: "", Label: "All invoices"}}
	for _, st := range ledger.SupplierStatuses {
		p.Statuses = append(p.Statuses, handlers.Choice{Value: st, Label: statusLabels[st]})
	}
	v := url.Values{}
	if p.Site.ID != 0 {
		v.Set("site", p.Site.PublicID)
	}
	if p.Status != "" {
		v.Set("status", p.Status)
	}
	if len(v) > 0 {
		p.Query = "?" + v.Encode()
	}
	p.Today = s.Today().Format("2006-01-02")
	return nil
}

// load fills the list, keeping what was typed into a refused row.
func (s *handler) load(ctx context.Context, c echo.Context, p *listPage) error {
	if p.Site.ID == 0 {
		return nil
	}
	q := handlers.OrgOf(c).DB.Read()
	list, total, err := ledger.SupplierInvoices(ctx, q, ledger.SupplierInvoiceFilter{SiteID: p.Site.ID, Status: p.Status, Limit: shown})
	if err != nil {
		return err
	}
	typed := map[string]row{}
	for _, r := range p.Rows {
		typed[r.PublicID] = r
	}
	p.Total, p.Rows = total, make([]row, len(list))
	for i, inv := range list {
		r := row{SupplierInvoice: inv, Date: p.Today}
		if t, ok := typed[inv.PublicID]; ok {
			r.Reason, r.Account, r.Date, r.Errors, r.Open = t.Reason, t.Account, t.Date, t.Errors, t.Open
			delete(typed, inv.PublicID)
		}
		p.Rows[i] = r
	}
	for _, t := range typed {
		for _, msg := range t.Errors {
			p.Error = msg
		}
	}
	if p.Totals, err = ledger.SupplierTotalsOf(ctx, q, p.Site.ID); err != nil {
		return err
	}
	banks, err := ledger.SiteBankAccounts(ctx, q, p.Site.ID)
	if err != nil {
		return err
	}
	for _, b := range banks {
		p.Banks = append(p.Banks, handlers.Choice{Value: b.PublicID, Label: b.Code + " " + b.Name})
	}
	return nil
}

// notices are what a redirect back to the list says was done.
var notices = map[string]string{
	"recorded": "The invoice is recorded. Approve it to post it to the block's expenditure.",
	"approved": "The invoice is approved and posted to the block's expenditure, owed to the supplier.",
	"rejected": "The invoice is rejected. Nothing was posted for it.",
	"paid":     "The invoice is paid: the payment is posted from the bank account, ready to match on the statement.",
}

func (s *handler) list(c echo.Context) error {
	ctx := c.Request().Context()
	p := &listPage{Notice: notices[c.QueryParam("done")]}
	if err := s.filterOf(ctx, c, p, c.QueryParam("site"), c.QueryParam("status")); err != nil {
		return err
	}
	return s.show(c, http.StatusOK, p)
}

// show writes the screen, or for htmx its list block.
func (s *handler) show(c echo.Context, status int, p *listPage) error {
	if err := s.load(c.Request().Context(), c, p); err != nil {
		return err
	}
	return s.Render(c, status, handlers.View{Page: "admin_spending", Title: "Supplier invoices", Data: p, Wide: true,
		Block: "spending-list", Retarget: true})
}
