package providers_test

import (
	"context"
	"strconv"
	"testing"
	"time"

	"github.com/chromedp/chromedp"

	chrome "porch/internal/browser"
	"porch/internal/webtest"
)

// TestRefundInABrowser shows the online payments list, a part-refunded
// payment with its refund form, a refusal next to the amount and a refund
// answered in place, and the resident's invoices, at phone and desktop
// widths, none scrolling sideways.
func TestRefundInABrowser(t *testing.T) {
	if testing.Short() {
		t.Skip("browser test")
	}
	pb := newPayBook(t, webtest.PayOptions{}) // stripe-mock
	inv := pb.Raise(t, "250")
	at := pb.F.Clock.Now()
	p := pb.paidByCard(t, inv, "cs_test_browser_refund", at)
	pb.deliver(t, webtest.StripeRefundedBody("evt_browser_refund", at.Add(time.Hour), p.ProviderPayment, 25000, 4000))
	disputed := pb.Raise(t, "80")
	q := pb.paidByCard(t, disputed, "cs_test_browser_dispute", at)
	pb.deliver(t, webtest.StripeDisputeBody("evt_browser_dispute", "charge.dispute.funds_withdrawn", at.Add(time.Hour), q.ProviderPayment, 8000,
		"needs_response", -8000))

	site := webtest.ChromeSite(t, pb.F)
	mgr := pb.F.Browser("acme.localhost")
	mgr.SignInAs("acme", pb.Ppl.Manager)
	alice := pb.F.Browser("acme.localhost")
	alice.SignInAs("acme", pb.Ppl.Alice)
	for _, size := range []struct{ w, h int }{{390, 844}, {1280, 900}} {
		cx := chrome.New(t, size.w, size.h)
		webtest.ChromeSession(t, cx, site, mgr)
		wait, shoot := tabSteps(t, cx, "refund", size.w)
		if err := chromedp.Do(cx, chromedp.Navigate(site+"/admin/payments")); err != nil {
			t.Fatal(err)
		}
		wait("list", `document.querySelector("h1").textContent.includes("Online payments")`)
		shoot("list")

		if err := chromedp.Do(cx, chromedp.Navigate(site+"/admin/payments/"+p.PublicID),
			chromedp.Click(`#payment-refund summary`)); err != nil {
			t.Fatal(err)
		}
		wait("payment", `document.querySelector("#payment-refund").open`)
		shoot("payment")

		// More than is left: the message next to the amount, in place.
		if err := chromedp.Do(cx, chromedp.SetValue(`#refund-amount`, "500"), chromedp.SendKeys(`#refund-reason`, "Overpaid"),
			chromedp.Click(`#payment-refund button`)); err != nil {
			t.Fatal(err)
		}
		wait("refusal", `!!document.querySelector("#refund-amount-error")`)
		shoot("refused")

		if err := chromedp.Do(cx, chromedp.SetValue(`#refund-amount`, "10.00"), chromedp.Click(`#payment-refund button`)); err != nil {
			t.Fatal(err)
		}
		wait("refund asked", `document.querySelector("#payment").textContent.includes("Waiting for Stripe")`)
		shoot("requested")

		if err := chromedp.Do(cx, chromedp.Navigate(site+"/admin/payments/"+q.PublicID)); err != nil {
			t.Fatal(err)
		}
		wait("disputed", `document.querySelector("#payment").textContent.includes("Disputed")`)
		shoot("disputed")

		webtest.ChromeSession(t, cx, site, alice)
		if err := chromedp.Do(cx, chromedp.Navigate(site+"/money/units/"+pb.Ppl.FlatA.PublicID+"/invoices")); err != nil {
			t.Fatal(err)
		}
		wait("resident", `document.querySelector(".pay-returned") !== null`)
		shoot("resident")
	}
}

// tabSteps are what a browser journey does in the tab cx at one width:
// wait until a predicate holds, and check and keep a screenshot named
// prefix-name-width.
func tabSteps(t *testing.T, cx context.Context, prefix string, width int) (wait func(what, predicate string), shoot func(name string)) {
	wait = func(what, predicate string) {
		t.Helper()
		if _, err := chromedp.Run(cx, chromedp.Poll[bool](predicate, chromedp.WithPollingTimeout(10*time.Second))); err != nil {
			t.Fatalf("%s: %v", what, err)
		}
	}
	shoot = func(name string) {
		t.Helper()
		webtest.CheckScreen(t, cx, prefix+"-"+name+"-"+strconv.Itoa(width))
	}
	return wait, shoot
}
