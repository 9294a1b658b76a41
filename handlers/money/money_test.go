package money_test

import (
	"net/http"
	"strings"
	"testing"

	"porch/estate"
	"porch/internal/webtest"
)

func TestMoneyRefusesOutOfScope(t *testing.T) {
	t.Parallel()
	w := webtest.NewMoneyWorld(t)
	flat2 := webtest.MoneyURLs(w.Ppl.FlatB.PublicID, w.BobInvoice.PublicID, w.BobReceipt)
	flat1 := webtest.MoneyURLs(w.Ppl.FlatA.PublicID, w.Outstanding.PublicID, w.AliceReceipt)

	alice := w.SignIn(w.Ppl.Alice)
	// Her own account is there...
	for _, path := range flat1 {
		if rec := alice.Get(path); rec.Code != http.StatusOK && rec.Code != http.StatusSeeOther {
			t.Errorf("own %s: %d", path, rec.Code)
		}
	}
	// ...Bob's, and made-up ids, are not found.
	webtest.AssertRefusesOutOfScope(t, alice, flat2...)
	webtest.AssertRefusesOutOfScope(t, alice, webtest.MoneyURLs("nosuchunit12345", "nosuchinvoice1", "nosuchreceipt1")...)
	webtest.AssertRefusesOutOfScope(t, alice, "/money/invoices/"+w.Outstanding.PublicID, "/money/receipts/"+w.AliceReceipt+".txt")
	// The page's text, not its markup: a random CSP nonce may spell "Bob".
	for _, path := range flat2 {
		if body := webtest.Doc(t, alice.Get(path)).Find("body").Text(); strings.Contains(body, "650.00") || strings.Contains(body, "Bob") {
			t.Errorf("%s shows Bob's account", path)
		}
	}

	// Living in a flat as an occupier gives no sight of its account.
	w.F.LinkPerson("acme", w.Ppl.FlatA.ID, w.Ppl.Bob.ID, estate.RoleOccupier, "2025-01-01", "")
	bob := w.SignIn(w.Ppl.Bob)
	webtest.AssertRefusesOutOfScope(t, bob, flat1...)

	// Staff are not residents: the money screens hold nothing of anyone's.
	mgr := w.SignIn(w.Ppl.Manager)
	webtest.AssertRefusesOutOfScope(t, mgr, flat1...)

	// A signed-in person of another organisation, and nobody at all.
	anon := w.F.Browser("acme." + webtest.Base)
	for _, path := range flat1 {
		if rec := anon.Get(path); rec.Code != http.StatusSeeOther || !strings.HasPrefix(rec.Header().Get("Location"), "/sign-in") {
			t.Errorf("anonymous %s: %d %s", path, rec.Code, rec.Header().Get("Location"))
		}
	}
	if n := w.F.AuditCount("acme", "access.denied"); n == 0 {
		t.Error("refusals were not audited")
	}
}
