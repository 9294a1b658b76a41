package staff_test

import (
	"context"
	"database/sql"
	"strings"
	"testing"

	"github.com/PuerkitoBio/goquery"

	"porch/internal/webtest"
	"porch/tickets"
)

// The dashboard counts the requests that need work, each figure a link to
// the list filtered to exactly those.
func TestDashboardCountsRequests(t *testing.T) {
	t.Parallel()
	f := webtest.NewFixture(t, nil, webtest.Acme)
	ppl := f.SeedPeople("acme")
	mgr := f.Browser("acme." + webtest.Base)
	mgr.SignInAs("acme", ppl.Manager)
	f.DbWrite("acme", func(ctx context.Context, tx *sql.Tx) error {
		var cat int64
		if err := tx.QueryRowContext(ctx, `SELECT id FROM ticket_categories WHERE name = 'Leak or flood'`).Scan(&cat); err != nil {
			return err
		}
		raise := func(title, priority string, daysAgo int) (tickets.Ticket, error) {
			return tickets.Raise(ctx, tx, webtest.Now.AddDate(0, 0, -daysAgo), tickets.New{SiteID: ppl.FlatA.SiteID, UnitID: ppl.FlatA.ID,
				Location: tickets.LocationHome, CategoryID: cat, Title: title, Description: "x", Priority: priority,
				RaisedBy: ppl.Alice.ID, CreatedBy: ppl.Alice.ID})
		}
		old, err := raise("Old leak", tickets.PriorityUrgent, 20)
		if err != nil {
			return err
		}
		if _, err := tickets.Assign(ctx, tx, webtest.Now, old, ppl.Manager.PublicID, ppl.Manager.ID); err != nil {
			return err
		}
		waiting, err := raise("Waiting on Alice", tickets.PriorityNormal, 1)
		if err != nil {
			return err
		}
		if _, err := tickets.SetStatus(ctx, tx, webtest.Now, waiting, tickets.StatusAwaitingResident, ppl.Manager.ID); err != nil {
			return err
		}
		if _, err := raise("New one", tickets.PriorityHigh, 0); err != nil {
			return err
		}
		done, err := raise("Fixed", tickets.PriorityUrgent, 30)
		if err != nil {
			return err
		}
		_, err = tickets.SetStatus(ctx, tx, webtest.Now, done, tickets.StatusClosed, ppl.Manager.ID)
		return err
	})
	d := webtest.Doc(t, mgr.Get("/admin"))
	figures := map[string]string{}
	d.Find(".desk-stats a").Each(func(_ int, a *goquery.Selection) {
		figures[a.AttrOr("href", "")] = strings.Join(strings.Fields(a.Text()), " ")
	})
	want := map[string]struct{ figure, rows string }{
		"/admin/tickets":                          {"3 open", "New one|Waiting on Alice|Old leak"},
		"/admin/tickets?assignee=none":            {"2 unassigned", "New one|Waiting on Alice"},
		"/admin/tickets?priority=urgent":          {"1 urgent", "Old leak"},
		"/admin/tickets?status=awaiting_resident": {"1 awaiting the resident", "Waiting on Alice"},
		"/admin/tickets?age=7":                    {"1 open over 7 days", "Old leak"},
	}
	for href, w := range want {
		if figures[href] != w.figure {
			t.Errorf("figure linking to %s: %q, want %q", href, figures[href], w.figure)
		}
		var rows []string
		webtest.Doc(t, mgr.Get(href)).Find(`#ticket-list tbody th a`).Each(func(_ int, s *goquery.Selection) { rows = append(rows, s.Text()) })
		if got := strings.Join(rows, "|"); got != w.rows {
			t.Errorf("%s lists %q, want %q", href, got, w.rows)
		}
	}
	if d.Find(`nav.admin-links a[href="/admin/tickets"]`).Length() != 1 {
		t.Error("no Requests section in the admin links")
	}
}
