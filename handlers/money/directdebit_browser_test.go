package money_test

import (
	"strings"
	"testing"

	"github.com/chromedp/chromedp"

	chrome "porch/internal/browser"
	"porch/internal/webtest"
	"porch/payments/gocardless/gctest"
)

// TestDirectDebitInABrowser walks the Direct Debit screens in Chromium:
// the set-up form really reaches GoCardless's pages (the page's policy
// lets the form's redirect go there) and comes back; then an invoice is
// paid and followed to collected and to a late failure. Each screen is
// checked not to scroll sideways on a phone and shot at 390 and 1280 px.
func TestDirectDebitInABrowser(t *testing.T) {
	if testing.Short() {
		t.Skip("browser test")
	}
	db := webtest.NewDDBook(t, true)
	f := db.F
	inv := db.Raise(t, "500.00")
	site := webtest.ChromeSite(t, f)
	ctx := chrome.New(t, 390, 844)

	alice := f.Browser("acme.localhost")
	alice.SignInAs("acme", db.Ppl.Alice)
	webtest.ChromeSession(t, ctx, site, alice)
	eval := func(js string) string {
		t.Helper()
		return webtest.ChromeEval[string](t, ctx, js)
	}
	waitFor := func(what, predicate string) {
		t.Helper()
		var err error
		for range 5 {
			// A poll running while the page navigates is cut short; the
			// next one runs in the new page.
			if _, err = chromedp.Run(ctx, chromedp.Poll[bool](predicate)); err == nil {
				return
			}
		}
		t.Fatalf("%s: %v (at %s)", what, err, eval(`location.href`))
	}
	shoot := func(name string) {
		t.Helper()
		webtest.CheckScreen(t, ctx, "dd-"+name+"-390")
		if err := chromedp.Do(ctx, chromedp.EmulateViewport(1280, 900)); err != nil {
			t.Fatal(err)
		}
		chrome.Screenshot(t, ctx, "dd-"+name+"-1280")
		if err := chromedp.Do(ctx, chromedp.EmulateViewport(390, 844)); err != nil {
			t.Fatal(err)
		}
	}
	open := func(name, path string) {
		t.Helper()
		if err := chromedp.Do(ctx, chromedp.Navigate(site+path)); err != nil {
			t.Fatal(err)
		}
		shoot(name)
	}
	click := func(selector string) {
		t.Helper()
		eval(`document.querySelector(` + "`" + selector + "`" + `).click(); ""`)
	}

	open("setup", db.DDPath())
	click(`.dd-setup button[type=submit]`)
	waitFor("GoCardless's page", `location.href.startsWith("`+db.Fake.URL+`/flow/") && !!document.querySelector("#confirm")`)
	eval(`document.querySelector("input[name=account_number_ending]").value = "42"; ""`)
	click(`#confirm`)
	waitFor("back in Porch", `location.pathname === "/money/direct-debit/return" && document.readyState === "complete"`)
	if body := eval(`document.body.innerText`); !strings.Contains(body, "Your Direct Debit is set up") {
		t.Fatalf("return page: %s", body)
	}
	shoot("returned")

	m := db.Mandate(t)
	if err := db.Fake.ActivateMandate(m.MandateRef); err != nil {
		t.Fatal(err)
	}
	db.Deliver(t, gctest.DeliverOptions{})
	open("active", db.DDPath())
	open("invoice", "/money/invoices/"+inv.PublicID+"/direct-debit")
	click(`form.card button[type=submit]`)
	waitFor("payment page", `location.pathname.startsWith("/money/direct-debit/payments/") && document.readyState === "complete"`)
	shoot("arranged")
	page := eval(`location.pathname`)

	p := db.Fake.Payments()[0]
	db.Fake.ConfirmPayment(p.ID)
	db.Deliver(t, gctest.DeliverOptions{})
	open("collected", page)
	if body := eval(`document.body.innerText`); !strings.Contains(body, "Collected on") {
		t.Errorf("collected page: %s", body)
	}
	db.Fake.LateFailPayment(p.ID)
	db.Fake.PayOut()
	db.Deliver(t, gctest.DeliverOptions{})
	open("failed", page)
	open("after-failure", db.DDPath())
}
