package providers_test

import (
	"context"
	"database/sql"
	"net/url"
	"testing"

	"github.com/chromedp/chromedp"

	"porch/estate"
	"porch/handlers"
	chrome "porch/internal/browser"
	"porch/internal/stripemock"
	"porch/internal/webtest"
	"porch/payments"
	"porch/payments/gocardless/gctest"
)

// TestPaymentSettingsInABrowser shows the payment settings and events
// screens in Chromium at phone and desktop widths: test connection and
// the providers check answer in place, a mistake is shown next to its
// field, and no screen scrolls sideways.
func TestPaymentSettingsInABrowser(t *testing.T) {
	if testing.Short() {
		t.Skip("browser test")
	}
	fake := gctest.New(gctest.Options{})
	t.Cleanup(fake.Close)
	stripeURL := stripemock.Start(t)
	f := webtest.NewFixture(t, func(cfg *handlers.Config) {
		cfg.Stripe = payments.StripeConfig{BaseURL: stripeURL}
		cfg.GoCardlessURL = fake.URL
	}, webtest.Acme)
	lb := &webtest.LedgerBook{F: f, Ppl: f.SeedPeople("acme"), Mgr: f.Browser("acme." + webtest.Base)}
	lb.Mgr.SignInAs("acme", lb.Ppl.Manager)
	if rec := lb.Mgr.Post("/admin/ledger/banks", url.Values{"site": {lb.Ppl.FlatA.SitePublicID},
		"name": {"Harbour View client account"}, "sort_code": {"12-34-56"}, "account_number": {"12345678"}}); rec.Code != 303 {
		t.Fatalf("bank account: %d", rec.Code)
	}
	ctx := context.Background()
	err := f.DB("acme").Write(ctx, func(tx *sql.Tx) error {
		return payments.SaveSettings(ctx, tx, webtest.Now, f.Cfg.Keys.Secrets, "acme", lb.Ppl.Manager.ID, payments.SettingsInput{
			CardEnabled: true, DirectDebitEnabled: true, StripeKey: webtest.TestStripeKey, StripeWebhook: webtest.TestStripeWebhook,
			GoCardlessToken: gctest.DefaultAccessToken, GoCardlessWebhook: webtest.TestGCWebhook, GoCardlessEnvironment: "sandbox"})
	})
	if err != nil {
		t.Fatal(err)
	}
	// Events to review: a card payment Porch never started, and a payout
	// with no bank account chosen.
	stranger := webtest.StripeEventBody("evt_1PorchStrangerSession", "checkout.session.completed", f.Clock.Now(), "cs_test_a1B2c3D4e5F6g7H8i9J0", "paid", "", 12500)
	if rec := f.Webhook(stranger, payments.SignStripe(stranger, webtest.TestStripeWebhook, timeNow())); rec.Code != 200 {
		t.Fatalf("webhook: %d", rec.Code)
	}
	payout := stripePayoutBody("evt_1PorchPayoutPaid", "payout.paid", f.Clock.Now(), "po_1PorchPayout0001", 100)
	if rec := f.Webhook(payout, payments.SignStripe(payout, webtest.TestStripeWebhook, timeNow())); rec.Code != 200 {
		t.Fatalf("payout webhook: %d", rec.Code)
	}

	site := webtest.ChromeSite(t, f)
	mgr := f.Browser("acme.localhost")
	mgr.SignInAs("acme", lb.Ppl.Manager) // an administrator
	manager := f.Browser("acme.localhost")
	manager.SignInAs("acme", f.AddStaffAs("acme", "Mina Manager", "mina@acme.example", estate.StaffRoleManager))

	for _, size := range []struct{ w, h int }{{390, 844}, {1280, 900}} {
		cx := chrome.New(t, size.w, size.h)
		webtest.ChromeSession(t, cx, site, mgr)
		wait, shoot := tabSteps(t, cx, "payments", size.w)

		if err := chromedp.Do(cx, chromedp.Navigate(site+paySettingsPath)); err != nil {
			t.Fatal(err)
		}
		wait("settings page", `document.querySelector("h1") && document.querySelector("h1").textContent.includes("Payment settings")`)
		webtest.ChromeEval[string](t, cx, `document.querySelectorAll("details.pay-webhook").forEach(d => d.open = true); ""`)
		shoot("settings")

		// Test connection answers in place.
		if err := chromedp.Do(cx, chromedp.Click(`button[form="stripe-test-form"]`)); err != nil {
			t.Fatal(err)
		}
		wait("Stripe test", `document.querySelector("#stripe-test").textContent.includes("Connected")`)
		if err := chromedp.Do(cx, chromedp.Click(`button[form="gocardless-test-form"]`)); err != nil {
			t.Fatal(err)
		}
		wait("GoCardless test", `document.querySelector("#gocardless-test").textContent.includes("Porch Test Creditor")`)
		if err := chromedp.Do(cx, chromedp.Click(`#provider-sync button`)); err != nil {
			t.Fatal(err)
		}
		wait("sync", `document.querySelector("#provider-sync").textContent.includes("newly applied")`)
		shoot("settings-tested")

		// A wrong key: the message next to the field.
		if err := chromedp.Do(cx,
			chromedp.SendKeys(`#pay-stripe_secret_key`, "pk_live_oops"),
			chromedp.Click(`#payment-settings-form button.primary`)); err != nil {
			t.Fatal(err)
		}
		wait("error", `!!document.querySelector("#pay-stripe-key-error")`)
		if v := webtest.ChromeEval[string](t, cx, `document.querySelector("#pay-stripe_secret_key").value`); v != "" {
			t.Errorf("the rejected key is still in the field: %q", v)
		}
		shoot("settings-error")

		if err := chromedp.Do(cx, chromedp.Navigate(site+paySettingsPath+"/events")); err != nil {
			t.Fatal(err)
		}
		wait("events page", `document.querySelector("h1") && document.querySelector("h1").textContent.includes("Payment events")`)
		shoot("events")
		if size.w == 1280 {
			// Marking one reviewed replaces its card in place.
			if err := chromedp.Do(cx, chromedp.Click(`#event-stripe-evt_1PorchStrangerSession button`)); err != nil {
				t.Fatal(err)
			}
			wait("reviewed", `document.querySelector("#event-stripe-evt_1PorchStrangerSession").textContent.includes("Reviewed")`)
			shoot("events-reviewed")
		}

		// A manager cannot open the settings but checks with the
		// providers from the events page, answered in place.
		webtest.ChromeSession(t, cx, site, manager)
		if err := chromedp.Do(cx, chromedp.Navigate(site+paySettingsPath+"/events")); err != nil {
			t.Fatal(err)
		}
		wait("manager's events page", `document.querySelector("h1") && document.querySelector("h1").textContent.includes("Payment events")`)
		if err := chromedp.Do(cx, chromedp.Click(`#provider-sync button`)); err != nil {
			t.Fatal(err)
		}
		wait("manager's check", `document.querySelector("#provider-sync").textContent.includes("newly applied")`)
		if n := webtest.ChromeEval[int](t, cx, `document.querySelectorAll('#payment-events, h1').length`); n != 2 {
			t.Errorf("after the check the page has %d of the screen and its heading, want both once", n)
		}
		shoot("events-manager")
	}
}
