package money_test

import (
	"maps"
	"net/http"
	"strings"
	"testing"

	"github.com/PuerkitoBio/goquery"

	"porch/internal/webtest"
	"porch/ledger"
)

func TestMoneyInvoiceStatuses(t *testing.T) {
	t.Parallel()
	w := webtest.NewMoneyWorld(t)
	alice := w.SignIn(w.Ppl.Alice)
	rec := alice.Get("/money/units/" + w.Ppl.FlatA.PublicID + "/invoices")
	d := webtest.Doc(t, rec)
	if rec.Code != 200 {
		t.Fatalf("%d", rec.Code)
	}
	got := map[string]string{}
	d.Find("section[aria-labelledby=invoices-heading] .money-item").Each(func(_ int, s *goquery.Selection) {
		got[s.Find(".money-item-head strong").Text()] = s.Find(".badge").Text() + " " + strings.Join(strings.Fields(s.Find(".money-item-figures").Text()), " ")
	})
	want := map[string]string{
		"Invoice " + webtest.InvNo(w.Paid.Number):        "Paid Total £750.00",
		"Invoice " + webtest.InvNo(w.Overdue.Number):     "Overdue Total £600.00 Outstanding £300.00",
		"Invoice " + webtest.InvNo(w.Cancelled.Number):   "Cancelled Total £30.00",
		"Invoice " + webtest.InvNo(w.PartPaid.Number):    "Part paid Total £700.00 Outstanding £500.00",
		"Invoice " + webtest.InvNo(w.Outstanding.Number): "Outstanding Total £100.00 Outstanding £100.00",
	}
	if !maps.Equal(got, want) {
		t.Errorf("invoices\n got %q\nwant %q", got, want)
	}
	// Newest first; a PDF for each but the cancelled one, which refuses.
	if first := d.Find(".money-item-head strong").First().Text(); first != "Invoice "+webtest.InvNo(w.Outstanding.Number) {
		t.Errorf("first listed %q", first)
	}
	for _, inv := range []ledger.Invoice{w.Paid, w.Overdue, w.PartPaid, w.Outstanding} {
		if d.Find(`a[href="/money/invoices/`+inv.PublicID+`.pdf"]`).Length() != 1 {
			t.Errorf("no PDF link for invoice %d", inv.Number)
		}
	}
	if d.Find(`a[href="/money/invoices/`+w.Cancelled.PublicID+`.pdf"]`).Length() != 0 {
		t.Error("a PDF link for the cancelled invoice")
	}
	if rec := alice.Get("/money/invoices/" + w.Cancelled.PublicID + ".pdf"); rec.Code != http.StatusConflict {
		t.Errorf("cancelled invoice PDF: %d", rec.Code)
	}
	// Payments, with what each paid.
	var payments []string
	d.Find("section[aria-labelledby=payments-heading] .money-item").Each(func(_ int, s *goquery.Selection) {
		payments = append(payments, strings.Join(strings.Fields(s.Text()), " "))
	})
	if len(payments) != 3 || !strings.Contains(payments[0], "£200.00") ||
		!strings.Contains(payments[0], "Paid invoice "+webtest.InvNo(w.PartPaid.Number)+" (£200.00).") ||
		!strings.Contains(payments[2], "Paid invoice "+webtest.InvNo(w.Paid.Number)+" (£750.00).") {
		t.Errorf("payments %q", payments)
	}

	// The home card counts the overdue invoice and shows what is owed.
	d = webtest.Doc(t, alice.Get("/money"))
	if card := strings.Join(strings.Fields(d.Find(".money-card").Text()), " "); !strings.Contains(card, "You owe £900.00") ||
		!strings.Contains(card, "1 overdue") {
		t.Errorf("home card %q", card)
	}
	// And so does her home page, as served.
	d = webtest.Doc(t, alice.Get("/"))
	if txt := strings.Join(strings.Fields(d.Find(".home-card .money-balance").Text()), " "); txt != "You owe £900.00 1 overdue" {
		t.Errorf("home page balance %q", txt)
	}
}
