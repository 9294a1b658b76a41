package staff_test

import (
	"strings"
	"testing"

	"github.com/PuerkitoBio/goquery"

	"porch/internal/webtest"
)

// busyAgency is Acme with something for each dashboard figure: Flat 1 owes
// an invoice long past due and Flat 2 one not due yet, Bob's invitation is
// waiting, and two imported bank lines are unmatched.
func busyAgency(t *testing.T) *webtest.LedgerBook {
	t.Helper()
	lb := webtest.NewLedgerBook(t)
	mb := webtest.NewMoneyBook(lb.F, "acme", lb.Ppl.FlatA.SiteID, lb.Ppl.Manager.ID)
	mb.Demand(lb.Ppl.FlatA.ID, "2026-01-05", webtest.MoneyCharge{Name: "Service charge", Amount: 400_00})
	mb.Demand(lb.Ppl.FlatB.ID, "2026-03-10", webtest.MoneyCharge{Name: "Service charge", Amount: 250_00})
	lb.F.Invite("acme", lb.Ppl.Bob)
	lb.ImportCSV(t, "march.csv", "Date,Description,Amount,Balance\n05/03/2026,UNKNOWN PAYER,10.00,10.00\n06/03/2026,BANK FEE,-2.00,8.00\n")
	return lb
}

// Each figure on the dashboard is a link to the list behind it, and the
// list shows exactly what the figure counts.
func TestDashboardFiguresLinkToTheirLists(t *testing.T) {
	t.Parallel()
	lb := busyAgency(t)
	ppl, mgr := lb.Ppl, lb.Mgr

	d := webtest.Doc(t, mgr.Get("/admin"))
	figures := map[string]string{}
	d.Find(".stats.todo a").Each(func(_ int, a *goquery.Selection) {
		href, _ := a.Attr("href")
		figures[href] = strings.Join(strings.Fields(a.Text()), " ")
	})
	want := map[string]string{
		"/admin/ledger/units?show=owing":        "£650.00 owed by 2 units",
		"/admin/ledger/units?show=overdue":      "1 overdue invoice",
		"/admin/people?show=invited":            "1 invitation not yet accepted",
		lb.ReconcilePath() + "?state=unmatched": "2 bank lines to match in Harbour View client account",
	}
	for href, text := range want {
		if figures[href] != text {
			t.Errorf("figure linking to %s: %q, want %q (all: %q)", href, figures[href], text, figures)
		}
	}

	rows := func(path, sel string) []string {
		t.Helper()
		rec := mgr.Get(path)
		if rec.Code != 200 {
			t.Fatalf("%s: %d", path, rec.Code)
		}
		var out []string
		webtest.Doc(t, rec).Find(sel).Each(func(_ int, s *goquery.Selection) { out = append(out, strings.TrimSpace(s.Text())) })
		return out
	}
	for _, tc := range []struct {
		path, sel, want string
	}{
		{"/admin/ledger/units?show=owing", "#unit-rows tbody th", "Flat 1|Flat 2"},
		{"/admin/ledger/units?show=overdue", "#unit-rows tbody th", "Flat 1"},
		{"/admin/ledger/units?show=overdue&q=flat+2", "#unit-rows tbody td.empty", "No unit or site name contains “flat 2” among the units with an overdue invoice."},
		{"/admin/ledger/units?show=nonsense", "#unit-rows tbody th", "Flat 1|Flat 2"},
		{"/admin/people?show=invited", "#people-rows tbody th a", ppl.Bob.FullName},
	} {
		if got := strings.Join(rows(tc.path, tc.sel), "|"); got != tc.want {
			t.Errorf("%s: %q, want %q", tc.path, got, tc.want)
		}
	}
	count := strings.Join(strings.Fields(webtest.Doc(t, mgr.Get("/admin/ledger/units?show=overdue")).Find("#unit-rows p[data-announce]").Text()), " ")
	if count != "1 of 2 units with an overdue invoice. Show all units" {
		t.Errorf("count line %q", count)
	}
}
