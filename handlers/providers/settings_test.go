package providers_test

import (
	"context"
	"database/sql"
	"encoding/json"
	"net/http"
	"net/http/httptest"
	"net/url"
	"strconv"
	"strings"
	"testing"
	"time"

	"porch/handlers"
	"porch/internal/webtest"
	"porch/payments"
	"porch/payments/gocardless/gctest"
)

const paySettingsPath = "/admin/settings/payments"

// settingsForm is the payment settings form with every toggle on and the
// given secrets typed.
func settingsForm(stripeKey, stripeWebhook, gcToken, gcWebhook string) url.Values {
	return url.Values{"card_enabled": {"1"}, "direct_debit_enabled": {"1"}, "part_payments": {"1"},
		"stripe_secret_key": {stripeKey}, "stripe_webhook_secret": {stripeWebhook},
		"gocardless_token": {gcToken}, "gocardless_webhook_secret": {gcWebhook}, "gocardless_environment": {"sandbox"}}
}

// settingsOf reads the stored payment settings and opens them.
func settingsOf(t *testing.T, f *webtest.Fixture) (payments.Settings, payments.Credentials) {
	t.Helper()
	set, err := payments.LoadSettings(context.Background(), f.DB("acme").Read())
	if err != nil {
		t.Fatal(err)
	}
	creds, err := set.Open(f.Cfg.Keys.Secrets, "acme")
	if err != nil {
		t.Fatal(err)
	}
	return set, creds
}

func TestPaymentSettingsSealSecretsAndNeverShowThem(t *testing.T) {
	lb := webtest.NewLedgerBook(t)
	const (
		stripeKey     = "sk_live_51SecretStripeKeyABCDEFGH4242"
		stripeWebhook = "whsec_SecretSigningSecret9876"
		gcToken       = "live_SecretGoCardlessAccessToken0001"
		gcWebhook     = "gc-secret-endpoint-5555"
	)
	secrets := []string{stripeKey, stripeWebhook, gcToken, gcWebhook}
	noSecrets := func(where, body string) {
		t.Helper()
		for _, s := range secrets {
			if strings.Contains(body, s) {
				t.Errorf("%s contains the secret %q", where, s)
			}
		}
	}

	rec := lb.Mgr.Get(paySettingsPath)
	body := rec.Body.String()
	if rec.Code != http.StatusOK {
		t.Fatalf("settings page: %d %.500s", rec.Code, body)
	}
	for _, want := range []string{"http://acme." + webtest.Base + "/webhooks/stripe", "http://acme." + webtest.Base + "/webhooks/gocardless",
		"checkout.session.completed", "checkout.session.async_payment_failed", "payout.paid", payments.StripeAPIVersion + " or later",
		"This address is not https"} {
		if !strings.Contains(body, want) {
			t.Errorf("settings page lacks %q", want)
		}
	}

	// A mistake: nothing is saved, the message is next to its field, and
	// no secret typed comes back, right or wrong.
	bad := settingsForm("pk_live_publishable_key_1234", stripeWebhook, gcToken, gcWebhook)
	rec = lb.Mgr.Post(paySettingsPath, bad, "HX-Request", "true", "HX-Target", "payment-settings")
	if rec.Code != http.StatusUnprocessableEntity {
		t.Fatalf("bad key: %d %.500s", rec.Code, rec.Body.String())
	}
	d := webtest.Doc(t, rec)
	if msg := webtest.FieldError(d.Selection, "stripe_secret_key"); !strings.Contains(msg, "starts sk_live_") {
		t.Errorf("message next to the key: %q", msg)
	}
	if d.Find("#payment-settings").Length() != 1 || d.Find("h1").Length() != 0 {
		t.Error("the htmx answer is not the settings fragment")
	}
	noSecrets("the 422 answer", rec.Body.String())
	if strings.Contains(rec.Body.String(), "pk_live_publishable_key_1234") {
		t.Error("the rejected key was shown again")
	}
	if set, _ := settingsOf(t, lb.F); set.CardEnabled || set.StripeKeyHint != "" || set.GoCardlessTokenHint != "" {
		t.Fatalf("a refused form saved something: %+v", set)
	}

	// Saved: sealed in the database, shown only as hints.
	form := settingsForm(stripeKey, stripeWebhook, gcToken, gcWebhook)
	form.Set("stripe_payout_account", lb.BankID())
	rec = lb.Mgr.Post(paySettingsPath, form)
	if rec.Code != http.StatusSeeOther || rec.Header().Get("Location") != paySettingsPath+"?done=saved" {
		t.Fatalf("save: %d %.500s", rec.Code, rec.Body.String())
	}
	set, creds := settingsOf(t, lb.F)
	if creds.StripeKey != stripeKey || creds.StripeWebhook != stripeWebhook || creds.GoCardlessToken != gcToken ||
		creds.GoCardlessWebhook != gcWebhook || !set.OffersCard() || !set.OffersDirectDebit() || !set.PartPayments ||
		set.StripePayoutAccount == 0 || set.GoCardlessPayoutAccount != 0 {
		t.Fatalf("stored settings %+v", set)
	}
	var raw string
	if err := lb.F.DB("acme").Read().QueryRow(`SELECT stripe_secret_key || stripe_webhook_secret || gocardless_token || gocardless_webhook_secret
		FROM payment_settings`).Scan(&raw); err != nil {
		t.Fatal(err)
	}
	noSecrets("the database", raw)
	body = lb.Mgr.Get(paySettingsPath + "?done=saved").Body.String()
	noSecrets("the settings page", body)
	for _, want := range []string{"Payment settings saved.", "sk_live_••••4242", "whsec_••••9876", "live_••••0001", "••••5555"} {
		if !strings.Contains(body, want) {
			t.Errorf("page after saving lacks %q", want)
		}
	}
	noSecrets("the log", lb.F.Logs.String())
	var detail string
	if err := lb.F.DB("acme").Read().QueryRow(`SELECT detail FROM audit_log WHERE action = 'settings.payments' ORDER BY id DESC LIMIT 1`).Scan(&detail); err != nil {
		t.Fatal(err)
	}
	noSecrets("the audit log", detail)
	if !strings.Contains(detail, "card payments on") || !strings.Contains(detail, "Stripe secret key replaced") ||
		!strings.Contains(detail, "Stripe payouts to 1001 Harbour View client account") {
		t.Errorf("audit detail %q", detail)
	}

	// Blank secrets keep what is stored; the toggles follow the form.
	keep := settingsForm("", "", "", "")
	keep.Del("part_payments")
	keep.Set("gocardless_environment", "live")
	if rec := lb.Mgr.Post(paySettingsPath, keep, "HX-Request", "true", "HX-Target", "payment-settings"); rec.Code != http.StatusOK ||
		!strings.Contains(rec.Body.String(), "Payment settings saved.") {
		t.Fatalf("save keeping secrets: %d %.300s", rec.Code, rec.Body.String())
	}
	set, creds = settingsOf(t, lb.F)
	if creds.StripeKey != stripeKey || creds.GoCardlessWebhook != gcWebhook || set.PartPayments || set.GoCardlessEnvironment != "live" ||
		set.StripePayoutAccount != 0 {
		t.Errorf("after a save with blank secrets: %+v", set)
	}

	// Removing a provider clears its keys only.
	rec = lb.Mgr.Post(paySettingsPath+"/remove", url.Values{"provider": {"stripe"}})
	if rec.Code != http.StatusSeeOther {
		t.Fatalf("remove: %d", rec.Code)
	}
	set, creds = settingsOf(t, lb.F)
	if creds.StripeKey != "" || creds.StripeWebhook != "" || set.StripeKeyHint != "" || set.OffersCard() || !set.CardEnabled ||
		creds.GoCardlessToken != gcToken {
		t.Errorf("after removing Stripe: %+v", set)
	}
	body = lb.Mgr.Get(paySettingsPath).Body.String()
	if !strings.Contains(body, "Switched on, but residents see it only once both Stripe secrets below are saved.") {
		t.Error("the page does not say card payments are not offered without keys")
	}
	noSecrets("the log", lb.F.Logs.String())

	// A bank account that is not one, or another kind of account.
	form = settingsForm("", "", "", "")
	form.Set("gocardless_payout_account", "nope")
	rec = lb.Mgr.Post(paySettingsPath, form, "HX-Request", "true", "HX-Target", "payment-settings")
	if rec.Code != http.StatusUnprocessableEntity || webtest.FieldError(webtest.Doc(t, rec).Selection, "gocardless_payout_account") == "" {
		t.Errorf("unknown payout account: %d", rec.Code)
	}
}

func TestPaymentSettingsAreForManagers(t *testing.T) {
	lb := webtest.NewLedgerBook(t)
	alice := lb.F.Browser("acme." + webtest.Base)
	alice.SignInAs("acme", lb.Ppl.Alice)
	clerk := lb.F.AddStaff("acme", "Cleo Clerk", "cleo@acme.example")
	staff := lb.F.Browser("acme." + webtest.Base)
	staff.SignInAs("acme", clerk)
	for _, b := range []*webtest.Browser{alice, staff} {
		for _, rec := range []*httptest.ResponseRecorder{
			b.Get(paySettingsPath), b.Get(paySettingsPath + "/events"),
			b.Post(paySettingsPath, settingsForm("sk_test_51Intruder000000000", "", "", "")),
			b.Post(paySettingsPath+"/sync", nil), b.Post(paySettingsPath+"/test/stripe", nil),
		} {
			if rec.Code != http.StatusForbidden {
				t.Errorf("%d for someone who is not a manager", rec.Code)
			}
		}
	}
	if set, _ := settingsOf(t, lb.F); set.StripeKeyHint != "" {
		t.Error("a non-manager changed the settings")
	}
}

func TestPaymentSettingsTestConnection(t *testing.T) {
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

// stripePayoutBody is a payout event as Stripe sends it.
func stripePayoutBody(id, typ string, created time.Time, payout string, amount int64) []byte {
	b, _ := json.Marshal(map[string]any{
		"id": id, "object": "event", "api_version": "2024-06-20", "created": created.Unix(), "type": typ,
		"livemode": false, "pending_webhooks": 1,
		"data": map[string]any{"object": map[string]any{
			"id": payout, "object": "payout", "amount": amount, "currency": "gbp", "automatic": true,
			"arrival_date": created.Add(48 * time.Hour).Unix(), "status": strings.TrimPrefix(typ, "payout."),
			"failure_message": map[bool]any{true: "The bank account has been closed.", false: nil}[typ == "payout.failed"],
		}},
	})
	return b
}

func TestStripePayoutWebhookMovesClearingToTheBank(t *testing.T) {
	pb := newPayBook(t, webtest.PayOptions{})
	inv := pb.Raise(t, "1.00")
	p := pb.cardPayment(t, inv, "")
	pb.deliver(t, webtest.StripeEventBody("evt_paid", "checkout.session.completed", pb.F.Clock.Now(), p.ProviderRef, "paid", p.PublicID, 100))
	if pb.AccountTotal("1200") != 100 {
		t.Fatalf("clearing holds %d after the payment", pb.AccountTotal("1200"))
	}

	// No bank account chosen yet: the payout waits, and managers are told.
	at := timeNow()
	paid := stripePayoutBody("evt_po_paid", "payout.paid", at, "po_test_1", 100)
	pb.deliver(t, paid)
	if n := pb.Count(`SELECT count(*) FROM journals WHERE kind = 'transfer'`); n != 0 {
		t.Fatalf("%d transfers without a payout account", n)
	}
	var outcome, note string
	if err := pb.F.DB("acme").Read().QueryRow(`SELECT outcome, note FROM provider_events WHERE event_id = 'evt_po_paid'`).Scan(&outcome, &note); err != nil ||
		outcome != payments.OutcomeUnmatched || !strings.Contains(note, "no bank account is chosen for Stripe payouts") {
		t.Fatalf("payout event %q %q %v", outcome, note, err)
	}
	body := pb.Mgr.Get(paySettingsPath).Body.String()
	if !strings.Contains(body, "1 payout is waiting for a bank account.") || !strings.Contains(body, "po_test_1") {
		t.Error("the settings page does not show the waiting payout")
	}
	events := pb.Mgr.Get(paySettingsPath + "/events").Body.String()
	if !strings.Contains(events, "no bank account is chosen for Stripe payouts") || !strings.Contains(events, "Mark reviewed") {
		t.Error("the events page does not show the unmatched payout")
	}

	// Choosing the account records it, once: stripe-mock's balance
	// transactions for the payout come to £1.00 with no fee.
	form := url.Values{"card_enabled": {"1"}, "gocardless_environment": {"sandbox"}, "stripe_payout_account": {pb.BankID()}}
	rec := pb.Mgr.Post(paySettingsPath, form, "HX-Request", "true", "HX-Target", "payment-settings")
	if rec.Code != http.StatusOK || !strings.Contains(rec.Body.String(), "1 waiting payout was recorded in the chosen bank account.") {
		t.Fatalf("choose the account: %d %.500s", rec.Code, rec.Body.String())
	}
	if pb.AccountTotal("1200") != 0 || pb.AccountTotal("1001") != 100 {
		t.Errorf("clearing %d, bank %d; want 0 and 100", pb.AccountTotal("1200"), pb.AccountTotal("1001"))
	}
	if err := pb.F.DB("acme").Read().QueryRow(`SELECT outcome FROM provider_events WHERE event_id = 'evt_po_paid'`).Scan(&outcome); err != nil ||
		outcome != payments.OutcomeApplied {
		t.Errorf("the payout event is %q after recording", outcome)
	}
	pb.deliver(t, paid)
	pb.deliver(t, stripePayoutBody("evt_po_paid_again", "payout.paid", at, "po_test_1", 100))
	if n := pb.Count(`SELECT count(*) FROM journals WHERE kind = 'transfer'`); n != 1 {
		t.Errorf("%d transfer journals after repeats, want 1", n)
	}

	// The next payout goes straight to the bank; then it fails, and the
	// transfer is reversed.
	p2 := pb.cardPayment(t, pb.Raise(t, "1.00"), "")
	pb.deliver(t, webtest.StripeEventBody("evt_paid_2", "checkout.session.completed", pb.F.Clock.Now(), p2.ProviderRef, "paid", p2.PublicID, 100))
	pb.deliver(t, stripePayoutBody("evt_po2_paid", "payout.paid", at, "po_test_2", 100))
	if pb.AccountTotal("1200") != 0 || pb.AccountTotal("1001") != 200 {
		t.Errorf("after the second payout: clearing %d, bank %d", pb.AccountTotal("1200"), pb.AccountTotal("1001"))
	}
	pb.deliver(t, stripePayoutBody("evt_po2_failed", "payout.failed", at.Add(time.Minute), "po_test_2", 100))
	if pb.AccountTotal("1200") != 100 || pb.AccountTotal("1001") != 100 {
		t.Errorf("after the failed payout: clearing %d, bank %d; want 100 and 100", pb.AccountTotal("1200"), pb.AccountTotal("1001"))
	}
	var status string
	if err := pb.F.DB("acme").Read().QueryRow(`SELECT status FROM provider_payouts WHERE payout_ref = 'po_test_2'`).Scan(&status); err != nil || status != "failed" {
		t.Errorf("failed payout status %q %v", status, err)
	}
	// Trial balance still balances.
	if n := pb.Count(`SELECT count(*) FROM (SELECT journal_id FROM postings GROUP BY journal_id HAVING sum(amount) <> 0)`); n != 0 {
		t.Errorf("%d unbalanced journals", n)
	}
}

// ddPayment has Alice pay an invoice by Direct Debit and GoCardless
// confirm it, with the webhooks delivered; it returns GoCardless's id.
func (db *ddBook) ddPayment(t *testing.T, amount string) string {
	t.Helper()
	inv := db.Raise(t, amount)
	m := db.Mandate(t)
	rec := db.Alice.Post("/money/invoices/"+inv.PublicID+"/direct-debit", url.Values{"mandate": {m.PublicID}})
	if rec.Code != http.StatusSeeOther {
		t.Fatalf("pay by Direct Debit: %d %.500s", rec.Code, rec.Body.String())
	}
	p, err := payments.Get(context.Background(), db.F.DB("acme").Read(), strings.TrimPrefix(rec.Header().Get("Location"), "/money/direct-debit/payments/"))
	if err != nil {
		t.Fatal(err)
	}
	return p.ProviderRef
}

func TestGoCardlessPayoutWebhookRecordsFees(t *testing.T) {
	db := newDDBook(t, true)
	db.SetUpMandate(t)
	form := url.Values{"direct_debit_enabled": {"1"}, "gocardless_environment": {"sandbox"}, "gocardless_payout_account": {db.BankID()}}
	if rec := db.Mgr.Post(paySettingsPath, form); rec.Code != http.StatusSeeOther {
		t.Fatalf("choose the payout account: %d %.500s", rec.Code, rec.Body.String())
	}
	ref1, ref2 := db.ddPayment(t, "250.00"), db.ddPayment(t, "99.99")
	db.Fake.ConfirmPayment(ref1)
	db.Fake.ConfirmPayment(ref2)
	db.Deliver(t, gctest.DeliverOptions{})
	if db.AccountTotal("1210") != 34999 {
		t.Fatalf("clearing holds %d after confirmation", db.AccountTotal("1210"))
	}
	payout, err := db.Fake.PayOut()
	if err != nil {
		t.Fatal(err)
	}
	po, _ := db.Fake.Payout(payout)
	db.Deliver(t, gctest.DeliverOptions{Duplicate: true, Reverse: true})

	// The fake charges 1% + 20p a payment: 270p and 120p (119.99p to the
	// tenth of a penny), deducted from the payout.
	fees := int64(34999) - po.Amount
	if fees <= 0 || po.DeductedFees != fees {
		t.Fatalf("fake payout %+v", po)
	}
	if got := db.AccountTotal("1001"); got != po.Amount {
		t.Errorf("bank up by %d, want the payout's %d", got, po.Amount)
	}
	if got := db.AccountTotal("5100"); got != fees {
		t.Errorf("fees expense %d, want %d", got, fees)
	}
	if got := db.AccountTotal("1210"); got != 0 {
		t.Errorf("clearing holds %d after the payout, want 0", got)
	}
	if n := db.Count(`SELECT count(*) FROM journals WHERE kind = 'transfer'`); n != 1 {
		t.Errorf("%d transfer journals, want 1", n)
	}
	var reference, date string
	if err := db.F.DB("acme").Read().QueryRow(`SELECT reference, date FROM journals WHERE kind = 'transfer'`).Scan(&reference, &date); err != nil ||
		reference != po.Reference || date != po.ArrivalDate {
		t.Errorf("transfer reference %q date %q, want %q %q (%v)", reference, date, po.Reference, po.ArrivalDate, err)
	}
	if n := db.Count(`SELECT count(*) FROM provider_payouts WHERE payout_ref = ? AND journal_id IS NOT NULL AND fees = ?`, payout, fees); n != 1 {
		t.Errorf("provider payout rows: %d", n)
	}
	// Everything the fake sent is stored once.
	if db.Events() != len(db.Fake.Events()) {
		t.Errorf("%d events stored, %d sent", db.Events(), len(db.Fake.Events()))
	}
}

func TestProviderSyncAppliesWhatNoWebhookDelivered(t *testing.T) {
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

func TestPaymentEventsReview(t *testing.T) {
	pb := newPayBook(t, webtest.PayOptions{})
	// An event about a session Porch never created.
	pb.deliver(t, webtest.StripeEventBody("evt_stranger", "checkout.session.completed", pb.F.Clock.Now(), "cs_test_elsewhere", "paid", "", 4200))
	rec := pb.Mgr.Get(paySettingsPath + "/events")
	if rec.Code != http.StatusOK {
		t.Fatalf("events page: %d", rec.Code)
	}
	d := webtest.Doc(t, rec)
	card := d.Find("#event-stripe-evt_stranger")
	if card.Length() != 1 || !strings.Contains(card.Text(), "No payment in Porch has the Stripe reference") ||
		!strings.Contains(card.Text(), "£42.00") || !strings.Contains(card.Text(), "cs_test_elsewhere") {
		t.Fatalf("unmatched event card: %q", card.Text())
	}
	if !strings.Contains(pb.Mgr.Get(paySettingsPath).Body.String(), "1 to review") {
		t.Error("the settings page does not count the event to review")
	}
	path := paySettingsPath + "/events/stripe/evt_stranger/reviewed"
	rec = pb.Mgr.Post(path, nil, "HX-Request", "true", "HX-Target", "event-stripe-evt_stranger")
	if rec.Code != http.StatusOK || !strings.Contains(rec.Body.String(), "Reviewed") || strings.Contains(rec.Body.String(), "Mark reviewed") ||
		!strings.Contains(rec.Body.String(), "Morgan Manager") {
		t.Fatalf("mark reviewed: %d %.800s", rec.Code, rec.Body.String())
	}
	if n := pb.Count(`SELECT count(*) FROM provider_events WHERE reviewed_at IS NOT NULL AND reviewed_by = ?`, pb.Ppl.Manager.ID); n != 1 {
		t.Errorf("%d events reviewed", n)
	}
	if n := pb.Count(`SELECT count(*) FROM audit_log WHERE action = 'payments.event_reviewed'`); n != 1 {
		t.Errorf("%d audit entries", n)
	}
	d = webtest.Doc(t, pb.Mgr.Get(paySettingsPath+"/events"))
	if d.Find("#event-stripe-evt_stranger").Length() != 0 || !strings.Contains(d.Text(), "Nothing to review") {
		t.Error("a reviewed event is still to review")
	}
	if rec := pb.Mgr.Post(paySettingsPath+"/events/stripe/evt_nope/reviewed", nil); rec.Code != http.StatusNotFound {
		t.Errorf("unknown event: %d", rec.Code)
	}
}
