package money_test

import (
	"context"
	"database/sql"
	"net/http"
	"net/url"
	"testing"

	"porch/internal/webtest"
	"porch/payments"
	"porch/payments/gocardless"
	"porch/payments/gocardless/gctest"
)

func TestGoCardlessWebhook(t *testing.T) {
	t.Parallel()
	db := webtest.NewDDBook(t, true)
	inv := db.Raise(t, "75.00")
	m := db.SetUpMandate(t)
	rec := db.Alice.Post("/money/invoices/"+inv.PublicID+"/direct-debit", url.Values{"mandate": {m.PublicID}})
	if rec.Code != http.StatusSeeOther {
		t.Fatalf("pay: %d", rec.Code)
	}
	db.Fake.ConfirmPayment(db.Fake.Payments()[0].ID) // submits the payment first

	// A wrong signature, or none: 498 and nothing stored.
	before := db.Events()
	statuses, err := db.Fake.DeliverPending(context.Background(), gctest.DeliverOptions{WrongSignature: true})
	if err != nil || len(statuses) != 1 || statuses[0] != gocardless.StatusInvalidToken {
		t.Fatalf("wrong signature: %v %v", statuses, err)
	}
	body, _ := db.Fake.WebhookBody(db.Fake.Pending()...)
	for _, sig := range []string{"", "nothex", gctest.Sign(body, "another-secret")} {
		if st, _ := db.Fake.SendWebhook(context.Background(), body, sig); st != gocardless.StatusInvalidToken {
			t.Errorf("signature %q: %d", sig, st)
		}
	}
	if db.Events() != before || db.Balance(t) != 7500 {
		t.Fatalf("a refused webhook stored %d events", db.Events()-before)
	}

	// Several events (payment and mandate ones) in one body, twice, in
	// bodies of two.
	if n := len(db.Fake.Pending()); n < 3 {
		t.Fatalf("only %d events pending", n)
	}
	db.Deliver(t, gctest.DeliverOptions{BatchSize: 2, Duplicate: true})
	if db.Events() != len(db.Fake.Events()) {
		t.Errorf("%d events stored, GoCardless sent %d", db.Events(), len(db.Fake.Events()))
	}
	if db.Balance(t) != 0 {
		t.Errorf("balance %d after confirmation", db.Balance(t))
	}
	// Everything again, in one body: nothing changes.
	all := make([]string, 0)
	for _, ev := range db.Fake.Events() {
		all = append(all, ev.ID)
	}
	if st, err := db.Fake.Deliver(context.Background(), all, gctest.DeliverOptions{Reverse: true}); err != nil || st[0] != http.StatusNoContent {
		t.Fatalf("replay: %v %v", st, err)
	}
	if db.Events() != len(db.Fake.Events()) || db.Balance(t) != 0 || db.Count(`SELECT count(*) FROM journals WHERE kind = 'receipt'`) != 1 {
		t.Errorf("the replay changed something: events %d balance %d", db.Events(), db.Balance(t))
	}
	// An event about something Porch never made is kept for managers.
	stranger := []byte(`{"events":[{"id":"EVstranger1","created_at":"2026-03-15T10:00:00.000Z","resource_type":"payments","action":"confirmed","links":{"payment":"PM_not_ours"}},` +
		`{"id":"EVpayout1","created_at":"2026-03-15T10:00:00.000Z","resource_type":"payouts","action":"paid","links":{"payout":"PO1"}}]}`)
	if st, _ := db.Fake.SendWebhook(context.Background(), stranger, gctest.Sign(stranger, webtest.TestGCWebhook)); st != http.StatusNoContent {
		t.Fatalf("stranger: %d", st)
	}
	if n := db.Count(`SELECT count(*) FROM provider_events WHERE event_id = 'EVstranger1' AND outcome = 'unmatched'`); n != 1 {
		t.Error("the unknown payment's event was not kept as unmatched")
	}
	if n := db.Count(`SELECT count(*) FROM provider_events WHERE event_id = 'EVpayout1' AND outcome = 'unmatched'`); n != 1 {
		t.Error("the payout event was not kept")
	}
	// Signed, but not a webhook.
	junk := []byte(`{"events": "no"}`)
	if st, _ := db.Fake.SendWebhook(context.Background(), junk, gctest.Sign(junk, webtest.TestGCWebhook)); st != http.StatusBadRequest {
		t.Errorf("junk: %d", st)
	}
	// No session, no cross-origin check, but an organisation is needed.
	if rec := db.F.Do("POST", webtest.Base, "/webhooks/gocardless", nil); rec.Code != http.StatusNotFound {
		t.Errorf("webhook on the base domain: %d", rec.Code)
	}
}

func TestGoCardlessWebhookWithoutSecret(t *testing.T) {
	t.Parallel()
	db := webtest.NewDDBook(t, true)
	ctx := context.Background()
	err := db.F.DB("acme").Write(ctx, func(tx *sql.Tx) error {
		return payments.SaveSettings(ctx, tx, webtest.Now, db.F.Cfg.Keys.Secrets, "acme", 0, payments.SettingsInput{Clear: []string{"gocardless"}})
	})
	if err != nil {
		t.Fatal(err)
	}
	body := []byte(`{"events":[]}`)
	for _, secret := range []string{"", webtest.TestGCWebhook} {
		if st, _ := db.Fake.SendWebhook(ctx, body, gctest.Sign(body, secret)); st != gocardless.StatusInvalidToken {
			t.Errorf("secret %q: %d", secret, st)
		}
	}
}
