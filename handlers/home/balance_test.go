package home_test

import (
	"strings"
	"testing"

	"porch/internal/webtest"
)

// The balance of each home is in the home page as served, with the Pay
// button beside it: a resident without JavaScript sees what they owe and
// reaches the payment choice in one tap. Nothing on the card waits for a
// script to load it.
func TestHomeBalanceWithoutScript(t *testing.T) {
	t.Parallel()
	w := webtest.NewMoneyWorld(t)
	flat1, flat2 := w.Ppl.FlatA.PublicID, w.Ppl.FlatB.PublicID
	tests := []struct {
		name    string
		as      func() *webtest.Browser
		unit    string
		balance string // the card's balance line
		pay     string // the Pay button's text; "" for none
	}{
		// Alice owes £900.00, one invoice of it overdue.
		{"owes", func() *webtest.Browser { return w.SignIn(w.Ppl.Alice) }, flat1, "You owe £900.00 1 overdue", "Pay £900.00 for Flat 1"},
		// Bob has paid all of his.
		{"paid up", func() *webtest.Browser { return w.SignIn(w.Ppl.Bob) }, flat2, "Nothing owed", ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			b := tt.as()
			for _, path := range []string{"/", "/units/" + tt.unit} {
				rec := b.Get(path)
				d := webtest.Doc(t, rec)
				if rec.Code != 200 {
					t.Fatalf("%s: %d", path, rec.Code)
				}
				card := d.Find(".home-card, .money-card")
				if got := strings.Join(strings.Fields(card.Find(".money-balance").Text()), " "); got != tt.balance {
					t.Errorf("%s: balance %q, want %q", path, got, tt.balance)
				}
				pay := card.Find(`a[href="/money/units/` + tt.unit + `/pay"]`)
				if got := strings.Join(strings.Fields(pay.Text()), " "); got != tt.pay {
					t.Errorf("%s: Pay button %q, want %q", path, got, tt.pay)
				}
				if n := d.Find("main [hx-get]").Length(); n != 0 {
					t.Errorf("%s: %d parts of the page still wait for a script to load them", path, n)
				}
			}
		})
	}

	// The Pay button leads to the choice of how to pay the whole balance.
	alice := w.SignIn(w.Ppl.Alice)
	rec := alice.Get("/money/units/" + flat1 + "/pay")
	if d := webtest.Doc(t, rec); rec.Code != 200 || !strings.Contains(d.Find(".pay-summary").Text(), "£900.00") {
		t.Errorf("pay page: %d %q", rec.Code, d.Find("main").Text())
	}
}
