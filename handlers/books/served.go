package books

import (
	"bytes"
	"fmt"
	"net/http"
	"strconv"
	"strings"
	"time"

	"github.com/labstack/echo/v4"

	"porch/errs"
	"porch/estate"
	"porch/handlers"
	"porch/ledger"
	"porch/pdf"
)

// maxRun bounds the invoices one served page reads: a run is a site's
// units, or a schedule's, never more.
const maxRun = 10_000

// servedPage is how a run of demands was served, with its emails'
// progress.
type servedPage struct {
	ledger.DemandRun
	URL      string
	PostedOn string // the day typed on the form to mark copies posted
	Errors   errs.Fields
	Notice   string
}

// Progress says in a sentence how far the run's emails have got.
func (p *servedPage) Progress() string {
	r := p.DemandRun
	parts := []string{fmt.Sprintf("%d of %d %s sent", r.Sent, r.Emailed(), handlers.Plural(r.Emailed(), "email", "emails"))}
	if r.Waiting > 0 {
		parts = append(parts, fmt.Sprintf("%d waiting to go", r.Waiting))
	}
	if r.Bounced > 0 {
		parts = append(parts, fmt.Sprintf("%d bounced", r.Bounced))
	}
	if n := len(r.ToPrint()); n > 0 {
		parts = append(parts, fmt.Sprintf("%d to print and post", n))
	}
	if r.Posted > 0 {
		parts = append(parts, fmt.Sprintf("%d posted", r.Posted))
	}
	if n := len(r.Unserved); n > 0 {
		parts = append(parts, fmt.Sprintf("%d not served", n))
	}
	if n := len(r.Unrecorded); n > 0 {
		parts = append(parts, fmt.Sprintf("%d with no record of serving", n))
	}
	return strings.Join(parts, "; ") + "."
}

// ServedOn is the day the run was served.
func (p *servedPage) ServedOn() time.Time { return estate.UKDate(p.ServedAt) }

// Title names the run.
func (p *servedPage) Title() string {
	if p.First == p.Last {
		return fmt.Sprintf("Invoice %d: how it was served", p.First)
	}
	return fmt.Sprintf("Invoices %d to %d: how they were served", p.First, p.Last)
}

// ServedURL is the page showing how the demands numbered first to last
// were served.
func ServedURL(first, last int64) string {
	return fmt.Sprintf("/admin/ledger/served?first=%d&last=%d", first, last)
}

// runRange reads the invoice numbers of a run from the query. Only
// numbers travel in the URL, so a crafted link cannot put words of its
// own on the page.
func runRange(c echo.Context) (first, last int64, ok bool) {
	first, ferr := strconv.ParseInt(c.QueryParam("first"), 10, 64)
	last, lerr := strconv.ParseInt(c.QueryParam("last"), 10, 64)
	return first, last, ferr == nil && lerr == nil && first > 0 && last >= first && last-first < maxRun
}

func (s *handler) loadServed(c echo.Context) (*servedPage, error) {
	first, last, ok := runRange(c)
	if !ok {
		return nil, errs.E(errs.NotFound, "There is no such run of demands.")
	}
	run, err := ledger.LoadDemandRun(c.Request().Context(), handlers.OrgOf(c).DB.Read(), first, last)
	if err != nil {
		return nil, err
	}
	if len(run.Deliveries) == 0 && len(run.Unserved) == 0 && len(run.Unrecorded) == 0 {
		return nil, errs.E(errs.NotFound, "There is no such run of demands.")
	}
	return &servedPage{DemandRun: run, URL: ServedURL(first, last)}, nil
}

// ledgerServed shows how a run of demands was served: each copy, by
// email or post, and where each email has got. While emails wait to go,
// htmx asks again for the progress every few seconds.
func (s *handler) ledgerServed(c echo.Context) error {
	if c.QueryParam("first") == "" && c.QueryParam("last") == "" {
		return s.ledgerRuns(c)
	}
	p, err := s.loadServed(c)
	if err != nil {
		return err
	}
	p.PostedOn = s.Today().Format("2006-01-02")
	// Only numbers and a date travel in the URL, so a crafted link cannot
	// put words of its own in the notice.
	if n, err := strconv.Atoi(c.QueryParam("posted")); err == nil && n >= 0 {
		if on, err := time.Parse("2006-01-02", c.QueryParam("on")); err == nil {
			p.Notice = postedNotice(n, on)
		}
	}
	return s.showServed(c, http.StatusOK, p)
}

// showServed writes the run's page, or for htmx just the run.
func (s *handler) showServed(c echo.Context, status int, p *servedPage) error {
	v := handlers.View{Page: "admin_ledger_served", Title: p.Title(), Data: p, Wide: true}
	if handlers.HX(c).Swaps() == "served-run" {
		v.Block = "served-run"
	}
	return s.Render(c, status, v)
}

// ledgerServedPrint is one PDF of every copy of the run to print and post
// (no email address, or the email bounced), each addressed to its person
// at their address for letters, or their home.
func (s *handler) ledgerServedPrint(c echo.Context) error {
	ctx := c.Request().Context()
	o := handlers.OrgOf(c)
	q := o.DB.Read()
	p, err := s.loadServed(c)
	if err != nil {
		return err
	}
	copies := p.ToPrint()
	if len(copies) == 0 {
		return errs.E(errs.NotFound, "Every demand in this run went by email; there is nothing to print.")
	}
	invs, err := ledger.InvoicesNumbered(ctx, q, p.First, p.Last)
	if err != nil {
		return err
	}
	byNumber := make(map[int64]ledger.Invoice, len(invs))
	for _, inv := range invs {
		byNumber[inv.Number] = inv
	}
	today := s.Today()
	docs := make([]pdf.InvoiceDoc, 0, len(copies))
	for _, d := range copies {
		inv := byNumber[d.InvoiceNumber]
		doc, err := handlers.InvoiceDocOf(ctx, q, o, s.OrgURL(c), inv, today, "")
		if err != nil {
			return err
		}
		person, err := estate.GetPersonByID(ctx, q, d.PersonID)
		if err != nil {
			return err
		}
		doc.Payee = pdf.Party{Name: person.DisplayName(), AddressLines: handlers.PostalAddress(person, doc.Payee.AddressLines)}
		docs = append(docs, doc)
	}
	var buf bytes.Buffer
	if err := pdf.Invoices(&buf, docs); err != nil {
		return err
	}
	name := fmt.Sprintf("demands-%d-to-%d-to-post.pdf", p.First, p.Last)
	if p.First == p.Last {
		name = fmt.Sprintf("demand-%d-to-post.pdf", p.First)
	}
	return handlers.SendAttachment(c, "application/pdf", strings.ToLower(name), buf.Bytes())
}

// recentRuns is how many runs the list shows.
const recentRuns = 50

// runsPage lists the recent runs of demands.
type runsPage struct {
	Runs []ledger.RunSummary
}

// URL is the page of one run.
func (runsPage) URL(r ledger.RunSummary) string { return ServedURL(r.First, r.Last) }

// ledgerRuns lists the recent runs of demands, each linking to how it
// was served.
func (s *handler) ledgerRuns(c echo.Context) error {
	runs, err := ledger.DemandRuns(c.Request().Context(), handlers.OrgOf(c).DB.Read(), recentRuns)
	if err != nil {
		return err
	}
	return s.Render(c, http.StatusOK, handlers.View{Page: "admin_ledger_runs", Title: "Demands served", Data: runsPage{Runs: runs}, Wide: true})
}
