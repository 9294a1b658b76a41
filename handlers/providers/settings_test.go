package providers_test

import (
	"context"
	"net/http"
	"net/http/httptest"
	"net/url"
	"strings"
	"testing"

	"porch/internal/webtest"
	"porch/payments"
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
	t.Parallel()
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
	if err := lb.F.DB("acme").ReadPool().QueryRow(`SELECT stripe_secret_key || stripe_webhook_secret || gocardless_token || gocardless_webhook_secret
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
	if err := lb.F.DB("acme").ReadPool().QueryRow(`SELECT detail FROM audit_log WHERE action = 'settings.payments' ORDER BY id DESC LIMIT 1`).Scan(&detail); err != nil {
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

func TestPaymentScreensAreNotForResidentsOrStaff(t *testing.T) {
	t.Parallel()
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
