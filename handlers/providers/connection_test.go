package providers_test

import (
	"context"
	"database/sql"
	"net/http"
	"net/http/httptest"
	"strconv"
	"strings"
	"testing"

	"porch/handlers"
	"porch/internal/webtest"
	"porch/payments"
	"porch/payments/gocardless/gctest"
)

func TestPaymentSettingsTestConnection(t *testing.T) {
	t.Parallel()
	pb := newPayBook(t, webtest.PayOptions{}) // stripe-mock, with a test key saved
	rec := pb.Mgr.Post(paySettingsPath+"/test/stripe", nil, "HX-Request", "true", "HX-Target", "stripe-test")
	if rec.Code != http.StatusOK || !strings.Contains(rec.Body.String(), "Connected: Stripe accepted the secret key (test mode") ||
		!strings.Contains(rec.Body.String(), `id="stripe-test"`) {
		t.Errorf("Stripe test: %d %.500s", rec.Code, rec.Body.String())
	}
	// Without JavaScript the whole page comes back with the answer in it.
	if body := pb.Mgr.Post(paySettingsPath+"/test/stripe", nil).Body.String(); !strings.Contains(body, "Connected: Stripe accepted") ||
		!strings.Contains(body, "<h1") {
		t.Error("plain POST test: no page with the answer")
	}
	// GoCardless is not set up here: the answer says what to do.
	if body := pb.Mgr.Post(paySettingsPath+"/test/gocardless", nil).Body.String(); !strings.Contains(body, "No GoCardless access token is saved") {
		t.Error("GoCardless test without a token does not say so")
	}
	if strings.Contains(pb.F.Logs.String(), webtest.TestStripeKey) {
		t.Error("the Stripe key was logged")
	}

	// Stripe refusing the key is shown in words.
	refuse := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "application/json")
		w.WriteHeader(http.StatusUnauthorized)
		w.Write([]byte(`{"error":{"message":"Invalid API Key provided: sk_test_****6789","type":"invalid_request_error"}}`))
	}))
	defer refuse.Close()
	rb := newPayBook(t, webtest.PayOptions{StripeURL: refuse.URL})
	if body := rb.Mgr.Post(paySettingsPath+"/test/stripe", nil).Body.String(); !strings.Contains(body, "the secret key was refused") {
		t.Errorf("refused key: %.2000s", body)
	}

	db := newDDBook(t, true) // the GoCardless fake, with its token saved
	rec = db.Mgr.Post(paySettingsPath+"/test/gocardless", nil, "HX-Request", "true", "HX-Target", "gocardless-test")
	if rec.Code != http.StatusOK || !strings.Contains(rec.Body.String(), "Connected to GoCardless (sandbox) as Porch Test Creditor.") {
		t.Errorf("GoCardless test: %d %.500s", rec.Code, rec.Body.String())
	}
	ctx := context.Background()
	err := db.F.DB("acme").Write(ctx, func(tx *sql.Tx) error {
		return payments.SaveSettings(ctx, tx, webtest.Now, db.F.Cfg.Keys.Secrets, "acme", 0, payments.SettingsInput{DirectDebitEnabled: true,
			GoCardlessToken: "sandbox_not_the_right_token_000", GoCardlessEnvironment: "sandbox"})
	})
	if err != nil {
		t.Fatal(err)
	}
	if body := db.Mgr.Post(paySettingsPath+"/test/gocardless", nil).Body.String(); !strings.Contains(body, "GoCardless refused the access token") {
		t.Errorf("wrong token: %.2000s", body)
	}
}

func TestProviderSyncAppliesWhatNoWebhookDelivered(t *testing.T) {
	t.Parallel()
	db := newDDBook(t, true)
	db.SetUpMandate(t)
	ref := db.ddPayment(t, "120.00")
	db.Fake.ConfirmPayment(ref)
	// GoCardless's webhooks for the payment never arrive.
	pending := len(db.Fake.Pending())
	if pending == 0 {
		t.Fatal("the fake has no events to deliver")
	}
	known := db.Events()

	rec := db.Mgr.Post(paySettingsPath+"/sync", nil, "HX-Request", "true", "HX-Target", "provider-sync")
	body := rec.Body.String()
	if rec.Code != http.StatusOK || !strings.Contains(body, `id="provider-sync"`) {
		t.Fatalf("sync: %d %.500s", rec.Code, body)
	}
	if !strings.Contains(body, "<strong>"+strconv.Itoa(pending)+" newly applied</strong>, "+strconv.Itoa(known)+" already known.") {
		t.Errorf("sync result: %.2000s", body)
	}
	if db.Balance(t) != 0 || db.Count(`SELECT count(*) FROM payments WHERE status = 'confirmed' AND receipt_journal_id IS NOT NULL`) != 1 {
		t.Errorf("after the sync: balance %d", db.Balance(t))
	}
	if n := db.Count(`SELECT count(*) FROM provider_events WHERE via = 'sync'`); n != pending {
		t.Errorf("%d events stored by the sync, want %d", n, pending)
	}
	if subj, _ := db.F.LastMail("acme", "alice@example.com"); !strings.Contains(subj, "Payment received") {
		t.Errorf("no receipt mail after the sync: %q", subj)
	}

	// Again: nothing new. The late webhooks change nothing either.
	journals := db.Journals()
	body = db.Mgr.Post(paySettingsPath+"/sync", nil).Body.String()
	if !strings.Contains(body, "<strong>0 newly applied</strong>, "+strconv.Itoa(known+pending)+" already known.") {
		t.Errorf("second sync: %.2000s", body)
	}
	db.Deliver(t, gctest.DeliverOptions{})
	if db.Journals() != journals || db.Count(`SELECT count(*) FROM mail_outbox WHERE to_addr = 'alice@example.com' AND subject LIKE 'Payment received%'`) != 1 {
		t.Error("the late webhooks or the second sync changed the books or mailed again")
	}
}

func TestDailyJobSyncAppliesEventsWithMailLinks(t *testing.T) {
	t.Parallel()
	db := newDDBook(t, true)
	db.SetUpMandate(t)
	ref := db.ddPayment(t, "80.00")
	db.Fake.ConfirmPayment(ref)
	sync := handlers.ProviderSync(db.F.Cfg, func(slug string) string { return "https://" + slug + ".example.org" })
	res, err := sync(context.Background(), "acme", db.F.DB("acme"))
	if err != nil || res.Err() != nil || res.Applied() == 0 {
		t.Fatalf("job sync: %+v %v", res, err)
	}
	if db.Balance(t) != 0 {
		t.Errorf("balance %d after the job's sync", db.Balance(t))
	}
	_, text := db.F.LastMail("acme", "alice@example.com")
	if !strings.Contains(text, "https://acme.example.org/money/receipts/") {
		t.Errorf("the receipt mail does not link to the organisation's address: %.1500s", text)
	}
	again, err := sync(context.Background(), "acme", db.F.DB("acme"))
	if err != nil || again.Applied() != 0 || again.Known() != res.Applied()+res.Known() {
		t.Errorf("second job sync: %+v %v", again, err)
	}
}
