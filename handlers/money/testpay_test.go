package money_test

import (
	"context"
	"database/sql"
	"net/http"
	"net/url"
	"strings"
	"testing"
	"time"

	"porch/internal/webtest"
	"porch/payments"
)

func TestDemoTestPaymentPage(t *testing.T) {
	t.Parallel()
	pb := webtest.NewPayBook(t, webtest.PayOptions{Dev: true, NoKeys: true})
	inv := pb.Raise(t, "400")
	d := webtest.Doc(t, pb.Alice.Get(webtest.InvoicePayPath(inv)))
	if !strings.Contains(d.Find(".pay-test-note").Text(), "no money moves") {
		t.Error("the pay page does not say it is in test mode")
	}
	rec := pb.Alice.Post(webtest.InvoicePayPath(inv), url.Values{"method": {"card"}})
	p := pb.Payment(t)
	test := "/money/payments/" + p.PublicID + "/test-checkout"
	if rec.Code != http.StatusSeeOther || rec.Header().Get("Location") != test {
		t.Fatalf("test-mode pay: %d %q", rec.Code, rec.Header().Get("Location"))
	}
	rec = pb.Alice.Get(test)
	if rec.Code != http.StatusOK || !strings.Contains(rec.Body.String(), "Test payment — no money moves") {
		t.Fatalf("test page: %d %.500s", rec.Code, rec.Body.String())
	}
	if n := webtest.Doc(t, rec).Find(`button[name="outcome"]`).Length(); n != 3 {
		t.Errorf("%d outcome buttons, want Pay, Decline, Let it expire", n)
	}
	rec = pb.Alice.Post(test, url.Values{"outcome": {"pay"}})
	if rec.Code != http.StatusSeeOther || rec.Header().Get("Location") != "/money/payments/"+p.PublicID+"/return" {
		t.Fatalf("test pay: %d %q %.400s", rec.Code, rec.Header().Get("Location"), rec.Body.String())
	}
	if got := pb.PaymentByID(t, p.PublicID); got.Status != payments.StatusPaid || got.ReceiptJournal == 0 {
		t.Errorf("after the test page's Pay: %+v", got)
	}
	if n := pb.Count(`SELECT count(*) FROM provider_events WHERE via = 'test' AND type = 'checkout.session.completed' AND outcome = 'applied'`); n != 1 {
		t.Errorf("%d test events applied, want 1", n)
	}
	if pb.Invoice(t, inv).Outstanding() != 0 || pb.Balance(t) != 0 {
		t.Errorf("invoice outstanding %d, balance %d", pb.Invoice(t, inv).Outstanding(), pb.Balance(t))
	}
	d = webtest.Doc(t, pb.Alice.Get("/money/payments/"+p.PublicID+"/return"))
	if _, polls := d.Find("#pay-status").Attr("hx-trigger"); polls || !strings.Contains(d.Find("#pay-status").Text(), "Thank you") {
		t.Errorf("paid return page: polls %v, %q", polls, d.Find("#pay-status").Text())
	}
	if href, _ := d.Find(`#pay-status a[download]`).Attr("href"); !strings.HasPrefix(href, "/money/receipts/") {
		t.Errorf("no receipt link on the paid page: %q", href)
	}
	// Decided: the test page sends on to the result, and a second post
	// changes nothing.
	if rec := pb.Alice.Get(test); rec.Code != http.StatusSeeOther {
		t.Errorf("test page after paying: %d", rec.Code)
	}
	journals := pb.Journals()
	pb.Alice.Post(test, url.Values{"outcome": {"decline"}})
	if pb.Journals() != journals || pb.PaymentByID(t, p.PublicID).Status != payments.StatusPaid {
		t.Error("a second outcome changed a settled payment")
	}

	// Decline and expiry, each on a fresh payment of a second invoice.
	inv2 := pb.Raise(t, "50")
	for _, tt := range []struct{ outcome, status, says string }{
		{"decline", payments.StatusFailed, "did not go through"},
		{"expire", payments.StatusExpired, "expired"},
	} {
		pb.Alice.Post(webtest.InvoicePayPath(inv2), url.Values{"method": {"card"}})
		p := pb.Payment(t)
		rec := pb.Alice.Post("/money/payments/"+p.PublicID+"/test-checkout", url.Values{"outcome": {tt.outcome}})
		if rec.Code != http.StatusSeeOther {
			t.Fatalf("%s: %d", tt.outcome, rec.Code)
		}
		if got := pb.PaymentByID(t, p.PublicID); got.Status != tt.status || got.ReceiptJournal != 0 {
			t.Errorf("%s: payment %+v", tt.outcome, got)
		}
		d := webtest.Doc(t, pb.Alice.Get("/money/payments/"+p.PublicID+"/return"))
		if !strings.Contains(d.Find("#pay-status").Text(), tt.says) {
			t.Errorf("%s: return page says %q", tt.outcome, d.Find("#pay-status").Text())
		}
		if href, _ := d.Find("#pay-status a.primary").Attr("href"); href != webtest.InvoicePayPath(inv2) {
			t.Errorf("%s: try again goes to %q", tt.outcome, href)
		}
	}
	if pb.Invoice(t, inv2).Outstanding() != 5000 {
		t.Error("a declined or expired payment paid the invoice")
	}
	d = webtest.Doc(t, pb.Alice.Get("/money/units/"+pb.Ppl.FlatA.PublicID+"/invoices"))
	list := d.Find(".money-item .pay-attempts").Text()
	for _, want := range []string{"Failed", "Expired", "Paid"} {
		if !strings.Contains(list, want) {
			t.Errorf("invoice list lacks %q: %q", want, list)
		}
	}
}

func TestTestPaymentPageOnlyInDevWithoutKeys(t *testing.T) {
	t.Parallel()
	// Outside dev mode, and in dev mode with Stripe keys, the test page does
	// not exist, and the demo secret signs nothing.
	for _, o := range []webtest.PayOptions{{Dev: false, NoKeys: true}, {Dev: true}} {
		pb := webtest.NewPayBook(t, o)
		inv := pb.Raise(t, "80")
		ctx := context.Background()
		var p payments.Payment
		err := pb.F.DB("acme").Write(ctx, func(tx *sql.Tx) error {
			var err error
			if p, err = payments.Create(ctx, tx, webtest.Now, payments.NewPayment{Provider: payments.Stripe, UnitID: pb.Ppl.FlatA.ID,
				InvoiceID: inv.ID, PersonID: pb.Ppl.Alice.ID, Amount: 8000}); err != nil {
				return err
			}
			return payments.Started(ctx, tx, webtest.Now, p.ID, "cs_test_made_up", payments.StatusOpen, "")
		})
		if err != nil {
			t.Fatal(err)
		}
		test := "/money/payments/" + p.PublicID + "/test-checkout"
		if code := pb.Alice.Get(test).Code; code != http.StatusNotFound {
			t.Errorf("%+v: GET test page %d, want 404", o, code)
		}
		if code := pb.Alice.Post(test, url.Values{"outcome": {"pay"}}).Code; code != http.StatusNotFound {
			t.Errorf("%+v: POST test page %d, want 404", o, code)
		}
		body := webtest.StripeEventBody("evt_demo_1", "checkout.session.completed", pb.F.Clock.Now(), "cs_test_made_up", "paid", p.PublicID, 8000)
		rec := pb.F.Webhook(body, payments.SignStripe(body, payments.DemoStripeSecret(pb.F.Cfg.Keys.Secrets, "acme"), time.Now()))
		if rec.Code != http.StatusBadRequest {
			t.Errorf("%+v: a webhook signed with the demo secret: %d, want 400", o, rec.Code)
		}
		if pb.PaymentByID(t, p.PublicID).Status != payments.StatusOpen {
			t.Errorf("%+v: the payment moved", o)
		}
		if o.NoKeys {
			if n := webtest.Doc(t, pb.Alice.Get("/money/units/"+pb.Ppl.FlatA.PublicID+"/invoices")).Find(".money-item-pay").Length(); n != 0 {
				t.Error("a Pay button with no way to pay")
			}
		}
	}
}
