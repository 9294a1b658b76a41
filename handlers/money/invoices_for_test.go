package money_test

import (
	"context"
	"database/sql"
	"strings"
	"testing"

	"github.com/PuerkitoBio/goquery"

	"porch/internal/webtest"
	"porch/ledger"
)

// Each invoice in the resident's list says what it is for, its status,
// and, once its due date has passed, since when it is overdue: never a
// due date in the past.
func TestMoneyInvoicesSayWhatForAndSince(t *testing.T) {
	t.Parallel()
	w := webtest.NewMoneyWorld(t)
	// A quarterly service charge schedule for Flat 1 from 1 January 2026,
	// run on its start: one demand for the quarter.
	w.F.DbWrite("acme", func(ctx context.Context, tx *sql.Tx) error {
		if _, err := ledger.CreateSchedule(ctx, tx, webtest.Now, ledger.ScheduleInput{Name: "Quarterly service charge",
			UnitID: w.Ppl.FlatA.ID, ChargeTypeID: w.Book.Charges["Service charge"], Amount: 450_00, EveryMonths: 3,
			StartDate: webtest.ISODay("2026-01-01"), EndDate: webtest.ISODay("2026-03-31"), DueDays: 14}); err != nil {
			return err
		}
		_, err := ledger.RunSchedules(ctx, tx, webtest.Now, webtest.ISODay("2026-01-01"))
		return err
	})
	alice := w.SignIn(w.Ppl.Alice)
	d := webtest.Doc(t, alice.Get("/money/units/"+w.Ppl.FlatA.PublicID+"/invoices"))
	got := map[string]string{}
	d.Find("section[aria-labelledby=invoices-heading] .money-item").Each(func(_ int, s *goquery.Selection) {
		text := func(sel string) string { return strings.Join(strings.Fields(s.Find(sel).Text()), " ") }
		got[text(".money-item-head strong")] = text(".money-item-for") + " | " + text(".money-item-meta")
	})
	no := func(inv ledger.Invoice) string { return "Invoice " + webtest.InvNo(inv.Number) }
	want := map[string]string{
		no(w.Paid):        "Service charge 2025-04-01; Reserve fund 2025-04-01 | Issued 1 April 2025",
		no(w.Overdue):     "Service charge 2025-07-01 | Issued 1 July 2025. Overdue since 30 July 2025",
		no(w.Cancelled):   "Administration fee 2025-12-01 | Issued 1 December 2025",
		no(w.PartPaid):    "Service charge 2026-03-01; Ground rent 2026-03-01 | Issued 1 March 2026, due 31 March 2026",
		no(w.Outstanding): "Ground rent 2026-03-10 | Issued 10 March 2026, due 9 April 2026",
	}
	for k, v := range want {
		if got[k] != v {
			t.Errorf("%s: %q, want %q", k, got[k], v)
		}
	}
	// The schedule's demand names its charge and quarter; due 15 January,
	// it is overdue from the 16th.
	var quarter string
	for k, v := range got {
		if _, known := want[k]; !known {
			quarter = v
		}
	}
	if quarter != "Service charge, 1 Jan – 31 Mar 2026 | Issued 1 January 2026. Overdue since 16 January 2026" {
		t.Errorf("the schedule's demand: %q", quarter)
	}
	if body := d.Find("main").Text(); strings.Contains(body, "due 29 July 2025") || strings.Contains(body, "due 15 January 2026") {
		t.Error("an overdue invoice still gives its past due date as the day to pay by")
	}
	// And so does its pay page.
	rec := alice.Get("/money/invoices/" + w.Overdue.PublicID + "/pay")
	terms := webtest.Doc(t, rec).Find(".pay-summary dt, .pay-summary dd").Map(func(_ int, s *goquery.Selection) string { return s.Text() })
	if sum := strings.Join(terms, " "); rec.Code != 200 ||
		!strings.Contains(sum, "Overdue since 30 July 2025") || strings.Contains(sum, "Due") {
		t.Errorf("pay page of the overdue invoice: %d %q", rec.Code, sum)
	}
}
