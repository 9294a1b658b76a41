package main

import (
	"context"
	"database/sql"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/chromedp"

	"porch/demo"
	"porch/internal/browser"
	"porch/ledger"
	"porch/payments"
)

// TestPayJourneyInBrowser is the card journey in demo mode, where the test
// payment page stands in for Stripe: the demo resident opens an unpaid
// invoice on her phone, pays it on the test page, watches the processing
// page turn to paid by itself once the signed event has gone through the
// webhook's path, and finds the invoice paid on her statement.
func TestPayJourneyInBrowser(t *testing.T) {
	m := startDemo(t)
	site := demoSite(m)
	ctx := context.Background()

	db := demoDB(t, m)
	unit := demoHome(t, db)
	before, err := ledger.UnitBalance(ctx, db.Read(), unit.UnitID)
	if err != nil {
		t.Fatal(err)
	}
	if before <= 0 {
		t.Fatalf("the demo resident owes nothing (balance %d): the journey needs an unpaid invoice", before)
	}

	// shots screenshots the page at phone and desktop width.
	shots := func(ctx context.Context, name string) {
		t.Helper()
		browser.Screenshot(t, ctx, name+"-390")
		step(t, ctx, "widen", chromedp.EmulateViewport(1280, 900))
		browser.Screenshot(t, ctx, name+"-1280")
		step(t, ctx, "narrow", chromedp.EmulateViewport(390, 844))
	}

	res := browser.New(t, 390, 844)
	signInBrowser(t, m, res, site, demo.ResidentEmail, "#homes-heading")

	step(t, res, "open her statement before paying", chromedp.Navigate(site+"/money/units/"+unit.UnitPublicID+"/statement"),
		chromedp.WaitVisible(".money-pay"))
	if href, err := chromedp.Run(res, chromedp.AttributeValue(".money-pay a", "href")); err != nil || !strings.HasSuffix(href.Value, "/pay") {
		t.Errorf("the statement does not offer to pay towards the account: %q %v", href.Value, err)
	}
	shots(res, "pay-statement-before")
	step(t, res, "open her invoices", chromedp.Navigate(site+"/money/units/"+unit.UnitPublicID+"/invoices"),
		chromedp.WaitVisible(".money-item-pay a"))
	shots(res, "pay-invoices-before")
	button := textOf(t, res, ".money-item-pay a")
	fields := strings.Fields(button)
	if len(fields) < 2 || fields[0] != "Pay" {
		t.Fatalf("pay button = %q", button)
	}
	amount := fields[1]
	step(t, res, "open the pay page", chromedp.Click(".money-item-pay a"), chromedp.WaitVisible("#pay-form"))
	payText := textOf(t, res, "main")
	for _, want := range []string{"Test mode", amount, "Card"} {
		if !strings.Contains(payText, want) {
			t.Errorf("the pay page lacks %q: %.800s", want, payText)
		}
	}
	noSideScroll(t, res, "the pay page")
	shots(res, "pay-page")

	// With part payments allowed she may type the amount; a mistyped one
	// is refused next to the field, in place.
	err = db.Write(ctx, func(tx *sql.Tx) error {
		return payments.SaveSettings(ctx, tx, time.Now(), nil, demo.DemoSlug, 0, payments.SettingsInput{PartPayments: true})
	})
	if err != nil {
		t.Fatal(err)
	}
	step(t, res, "reload the pay page", chromedp.Reload(), chromedp.WaitVisible("#pay-amount"))
	step(t, res, "mistype the amount", chromedp.SetValue("#pay-amount", "ten pounds"),
		chromedp.Click(`#pay-form button[type="submit"]`), chromedp.WaitVisible("#pay-amount-error"))
	if got := textOf(t, res, "#pay-amount-error"); !strings.Contains(got, "pounds and pence") {
		t.Errorf("message next to the amount = %q", got)
	}
	shots(res, "pay-page-error")
	step(t, res, "correct the amount", chromedp.SetValue("#pay-amount", strings.TrimPrefix(amount, "£")))

	step(t, res, "continue to the test payment page", chromedp.Click(`#pay-form button[type="submit"]`),
		chromedp.WaitVisible(".pay-test-banner"))
	if got := textOf(t, res, ".pay-test-banner"); !strings.Contains(got, "Test payment — no money moves") {
		t.Errorf("test page banner = %q", got)
	}
	testPage, err := chromedp.Run(res, chromedp.Location())
	if err != nil {
		t.Fatal(err)
	}
	noSideScroll(t, res, "the test payment page")
	shots(res, "pay-test-checkout")

	// The return page before the event: processing, and asking again.
	returnPage := strings.TrimSuffix(testPage, "/test-checkout") + "/return"
	step(t, res, "open the return page", chromedp.Navigate(returnPage), chromedp.WaitVisible("#pay-status .pay-spinner"))
	if got := textOf(t, res, "#pay-status"); !strings.Contains(got, "Payment processing") {
		t.Errorf("return page before paying = %q", got)
	}
	shots(res, "pay-processing")

	// The test page's Pay is pressed elsewhere (as Stripe's event would
	// arrive while she waits): the processing page turns to paid by itself.
	posted, err := chromedp.Run(res, chromedp.Evaluate[int](`fetch(`+"`"+`${location.pathname.replace(/\/return$/, "/test-checkout")}`+"`"+`,
		{method: "POST", body: new URLSearchParams({outcome: "pay"}), redirect: "manual"}).then(r => r.status)`, chromedp.EvalAwaitPromise))
	if err != nil {
		t.Fatalf("press Pay on the test page: %v", err)
	}
	t.Logf("test page answered %d", posted)
	waitCtx, cancel := context.WithTimeout(res, 15*time.Second)
	defer cancel()
	step(t, waitCtx, "the processing page turns to paid", chromedp.WaitVisible("#pay-status.paid"))
	if got := textOf(t, res, "#pay-status"); !strings.Contains(got, "Thank you") || !strings.Contains(got, amount) {
		t.Errorf("paid page = %q", got)
	}
	noSideScroll(t, res, "the paid page")
	shots(res, "pay-paid")
	// Settled, the page stops asking.
	polls := func() int {
		t.Helper()
		n, err := chromedp.Run(res, chromedp.Evaluate[int](`performance.getEntriesByType("resource").filter(e => e.name.endsWith("/return")).length`))
		if err != nil {
			t.Fatal(err)
		}
		return n
	}
	settled := polls()
	if settled == 0 {
		t.Error("the processing page never asked for news")
	}
	time.Sleep(4500 * time.Millisecond)
	if n := polls(); n != settled {
		t.Errorf("the paid page kept polling: %d requests, then %d", settled, n)
	}

	// She follows the links, as a person would, to her statement and then
	// her invoices.
	step(t, res, "open her statement", chromedp.Click(`#pay-status a[href$="/statement"]`), chromedp.WaitVisible("#statement-heading"))
	statement := textOf(t, res, "main")
	if !strings.Contains(statement, amount) || !strings.Contains(strings.ToLower(statement), "card") {
		t.Errorf("her statement does not show the card payment of %s: %.2000s", amount, statement)
	}
	noSideScroll(t, res, "the statement")
	shots(res, "pay-statement-after")
	step(t, res, "open her invoices", chromedp.Click(`.money-tabs a[href$="/invoices"]`), chromedp.WaitVisible("#invoices-heading"))
	if got := textOf(t, res, ".money-item .pay-attempts"); !strings.Contains(got, amount+" by card") || !strings.Contains(got, "Paid") {
		t.Errorf("the invoice does not show the card payment as paid: %q", got)
	}
	shots(res, "pay-invoices-after")

	after, err := ledger.UnitBalance(ctx, db.Read(), unit.UnitID)
	if err != nil {
		t.Fatal(err)
	}
	var paid int64
	if err := db.ReadPool().QueryRow(`SELECT amount FROM payments WHERE status = 'paid' ORDER BY id DESC LIMIT 1`).Scan(&paid); err != nil {
		t.Fatalf("no paid payment: %v", err)
	}
	if after != before-paid {
		t.Errorf("balance %d -> %d, want it down by the %d paid", before, after, paid)
	}
}
