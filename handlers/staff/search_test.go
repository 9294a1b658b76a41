package staff_test

import (
	"context"
	"database/sql"
	"strconv"
	"strings"
	"testing"

	"github.com/PuerkitoBio/goquery"

	"porch/estate"
	"porch/internal/webtest"
)

// The staff search finds people by name, email or phone (however the
// number is spaced), units and sites by name, address or postcode,
// invoices by number and payments by reference; archived people are left
// out. It works as a page without JavaScript and as the box's results.
func TestStaffSearch(t *testing.T) {
	t.Parallel()
	f := webtest.NewFixture(t, nil, webtest.Acme)
	ppl := f.SeedPeople("acme")
	mb := webtest.NewMoneyBook(f, "acme", ppl.FlatA.SiteID, ppl.Manager.ID)
	inv := mb.Demand(ppl.FlatA.ID, "2026-03-01", webtest.MoneyCharge{Name: "Service charge", Amount: 300_00})
	mb.Receipt(ppl.FlatA.ID, "2026-03-05", 300_00, &inv, "ADEYEMI SC MARCH")
	f.DbWrite("acme", func(ctx context.Context, tx *sql.Tx) error {
		if _, err := tx.ExecContext(ctx, `UPDATE people SET phone = '07700 900123' WHERE id = ?`, ppl.Alice.ID); err != nil {
			return err
		}
		gone, err := estate.CreatePerson(ctx, tx, estate.PersonInput{FullName: "Alice Gone", Email: "gone@example.com"}, webtest.Now)
		if err != nil {
			return err
		}
		return estate.ArchivePerson(ctx, tx, gone.ID, webtest.Now)
	})
	mgr := f.Browser("acme." + webtest.Base)
	mgr.SignInAs("acme", ppl.Manager)

	found := func(q string, hx bool) map[string][]string {
		t.Helper()
		path := "/admin/search?q=" + strings.ReplaceAll(q, " ", "+")
		var hdr []string
		if hx {
			hdr = []string{"HX-Request", "true", "HX-Target", "admin-search-popup"}
		}
		rec := mgr.Get(path, hdr...)
		if rec.Code != 200 {
			t.Fatalf("%s: %d", path, rec.Code)
		}
		out := map[string][]string{}
		webtest.Doc(t, rec).Find("#search-results h2").Each(func(_ int, h *goquery.Selection) {
			h.Next().Find("li > a:first-child").Each(func(_ int, a *goquery.Selection) {
				out[h.Text()] = append(out[h.Text()], strings.TrimSpace(a.Text()))
			})
		})
		return out
	}
	for _, tc := range []struct {
		q, group, want string
	}{
		{"alice", "People", ppl.Alice.FullName},
		{"ALICE@EXAMPLE", "People", ppl.Alice.FullName},
		{"07700900123", "People", ppl.Alice.FullName},
		{"900 123", "People", ppl.Alice.FullName},
		{"flat 2", "Units", "Flat 2, " + ppl.FlatB.SiteName},
		{"invoice " + itoa(inv.Number), "Invoices", "Invoice " + itoa(inv.Number)},
		{"sc march", "Payments", "ADEYEMI SC MARCH"},
	} {
		for _, hx := range []bool{false, true} {
			got := found(tc.q, hx)
			if strings.Join(got[tc.group], "|") != tc.want {
				t.Errorf("%q (htmx %v): %s %q, want %q (all %q)", tc.q, hx, tc.group, got[tc.group], tc.want, got)
			}
		}
	}
	if got := found("gone", false); len(got) != 0 {
		t.Errorf("an archived person was found: %q", got)
	}
	if got := found("100%", false); len(got) != 0 {
		t.Errorf("%% matched like a wildcard: %q", got)
	}
	// The box is on every admin page, and only there.
	for _, path := range []string{"/admin", "/admin/people", "/admin/ledger/units"} {
		if webtest.Doc(t, mgr.Get(path)).Find(`form.admin-search input[name="q"]`).Length() != 1 {
			t.Errorf("no search box on %s", path)
		}
	}
	if webtest.Doc(t, mgr.Get("/profile")).Find(`form.admin-search`).Length() != 0 {
		t.Error("the staff search box is on the profile page")
	}
}

func itoa(n int64) string { return strconv.FormatInt(n, 10) }
