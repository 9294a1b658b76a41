package plans_test

import (
	"context"
	"database/sql"
	"net/http"
	"net/http/httptest"
	"net/url"
	"strings"
	"testing"

	"github.com/PuerkitoBio/goquery"

	"porch/estate"
	"porch/internal/webtest"
	"porch/ledger"
	"porch/plans"
)

// world is the ledger book (a manager signed in; Alice, leaseholder of
// Flat 1) with Alice two invoices in arrears on the fixture's today, 15
// March 2026: £300.00 due 29 December and £250.25 due 2 February.
type world struct {
	*webtest.LedgerBook
	t       *testing.T
	occ     estate.Occupancy // Alice's lease of Flat 1
	overdue []ledger.Invoice
}

func newWorld(t *testing.T) *world {
	t.Helper()
	w := &world{LedgerBook: webtest.NewLedgerBook(t), t: t}
	w.overdue = append(w.overdue, w.raise(w.Ppl.FlatA.ID, "2025-12-01", "2025-12-29", 300_00), w.raise(w.Ppl.FlatA.ID, "2026-01-05", "2026-02-02", 250_25))
	w.occ = w.occupancy(w.Ppl.FlatA.ID)
	return w
}

// raise demands the service charge of a unit, issued and due on the days.
func (w *world) raise(unitID int64, issue, due string, amount int64) ledger.Invoice {
	w.t.Helper()
	var inv ledger.Invoice
	w.F.DbWrite("acme", func(ctx context.Context, tx *sql.Tx) error {
		cts, err := ledger.ChargeTypes(ctx, tx)
		if err != nil {
			return err
		}
		inv, err = ledger.RaiseDemand(ctx, tx, webtest.Now, ledger.DemandInput{UnitID: unitID, IssueDate: webtest.ISODay(issue),
			DueDate: webtest.ISODay(due), Lines: []ledger.DemandLine{{ChargeTypeID: cts[0].ID, Description: "Service charge", Amount: amount}}})
		return err
	})
	return inv
}

// occupancy is the unit's first lease.
func (w *world) occupancy(unitID int64) estate.Occupancy {
	w.t.Helper()
	occs, err := estate.OccupanciesOfUnit(context.Background(), w.F.DB("acme").Read(), unitID)
	if err != nil || len(occs) == 0 {
		w.t.Fatalf("occupancies of %d: %v", unitID, err)
	}
	return occs[0]
}

// offerPath is the form offering Alice a plan.
func (w *world) offerPath() string {
	return "/admin/plans/new?unit=" + w.Ppl.FlatA.PublicID + "&account=" + w.occ.PublicID
}

// terms is the form's fields.
func terms(n, freq, first, note string) url.Values {
	return url.Values{"instalments": {n}, "frequency": {freq}, "first_date": {first}, "note": {note}}
}

// request has Alice ask for a plan of n monthly instalments from first.
func (w *world) request(n int, first string) plans.Plan {
	w.t.Helper()
	return w.requestFor(w.Ppl.FlatA, w.occ, w.Ppl.Alice.ID, n, first)
}

// requestFor has the person ask for a plan for the account's arrears.
func (w *world) requestFor(unit estate.Unit, occ estate.Occupancy, by int64, n int, first string) plans.Plan {
	w.t.Helper()
	var p plans.Plan
	w.F.DbWrite("acme", func(ctx context.Context, tx *sql.Tx) error {
		var err error
		p, err = plans.Request(ctx, tx, webtest.Now, webtest.ISODay("2026-03-15"), unit.SiteID, plans.Proposal{
			UnitID: unit.ID, OccupancyID: occ.ID, Instalments: n, Frequency: plans.Monthly,
			First: webtest.ISODay(first), Note: "I lost my job in January; I start a new one in April.", By: by})
		return err
	})
	return p
}

// offered offers Alice a plan through the screen and returns it.
func (w *world) offered(n, first string) plans.Plan {
	w.t.Helper()
	form := terms(n, "monthly", first, "")
	form.Set("action", "offer")
	rec := w.Mgr.Post(w.offerPath(), form)
	if rec.Code != http.StatusSeeOther {
		w.t.Fatalf("offer: %d %.1500s", rec.Code, rec.Body.String())
	}
	return w.plan(strings.TrimSuffix(strings.TrimPrefix(rec.Header().Get("Location"), "/admin/plans/"), "?done=offered"))
}

// accept has Alice accept the plan, as the resident's screen would.
func (w *world) accept(p plans.Plan) plans.Plan {
	w.t.Helper()
	w.F.DbWrite("acme", func(ctx context.Context, tx *sql.Tx) error {
		var err error
		p, err = plans.Accept(ctx, tx, webtest.Now, webtest.ISODay("2026-03-15"), p, w.Ppl.Alice.ID)
		return err
	})
	return p
}

// plan reads a plan by its public id.
func (w *world) plan(publicID string) plans.Plan {
	w.t.Helper()
	p, err := plans.Get(context.Background(), w.F.DB("acme").Read(), publicID)
	if err != nil {
		w.t.Fatalf("plan %q: %v", publicID, err)
	}
	return p
}

// doc parses an answer, failing unless it has the status (with the
// server's log, for a server error).
func (w *world) doc(rec *httptest.ResponseRecorder, status int) *goquery.Document {
	w.t.Helper()
	if rec.Code != status {
		body := rec.Body.String()
		if i := strings.Index(body, `<main`); i > 0 {
			body = body[i:]
		}
		w.t.Fatalf("status %d, want %d: %.1500s\n%s", rec.Code, status, body, w.F.Logs.String())
	}
	return webtest.Doc(w.t, rec)
}

// squash is the text with its runs of space made one.
func squash(s string) string { return strings.Join(strings.Fields(s), " ") }

// tableRows is each row of a table's body as its cells' text, "a | b".
func tableRows(body *goquery.Selection) []string {
	return body.Find("tr").Map(func(_ int, tr *goquery.Selection) string {
		return strings.Join(tr.Find("th, td").Map(func(_ int, c *goquery.Selection) string { return squash(c.Text()) }), " | ")
	})
}
