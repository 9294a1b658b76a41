package money_test

import (
	"testing"

	"github.com/chromedp/chromedp"

	chrome "porch/internal/browser"
	"porch/internal/webtest"
)

// TestMoneyAndJournalsOnAPhone opens the resident's money screens and the
// managers' journal list in Chromium at phone width and checks what only a
// browser shows: nothing scrolls sideways (the tables become stacked
// blocks), and the period and journal filters swap their block in place
// with htmx and push a shareable URL.
func TestMoneyAndJournalsOnAPhone(t *testing.T) {
	if testing.Short() {
		t.Skip("browser test")
	}
	w := webtest.NewMoneyWorld(t)
	f := w.F
	site := webtest.ChromeSite(t, f)
	ctx := chrome.New(t, 390, 844)
	eval := func(js string) string {
		t.Helper()
		return webtest.ChromeEval[string](t, ctx, js)
	}
	open := func(name, path string) {
		t.Helper()
		if err := chromedp.Do(ctx, chromedp.Navigate(site+path)); err != nil {
			t.Fatal(err)
		}
		webtest.CheckScreen(t, ctx, "money-phone-"+name)
	}
	// swapped waits for an htmx swap that left the page in place.
	swapped := func(what, predicate string) {
		t.Helper()
		if _, err := chromedp.Run(ctx, chromedp.Poll[bool](predicate)); err != nil {
			t.Fatalf("%s: %v", what, err)
		}
		if eval(`String(window.stayed === true)`) != "true" {
			t.Errorf("%s reloaded the whole page", what)
		}
	}

	alice := f.Browser("acme.localhost")
	alice.SignInAs("acme", w.Ppl.Alice)
	webtest.ChromeSession(t, ctx, site, alice)
	open("home", "/money")
	statement := "/money/units/" + w.Ppl.FlatA.PublicID + "/statement"
	open("statement", statement+"?from=2025-01-01&to=")
	if got := eval(`String(document.querySelector(".statement-table thead").getBoundingClientRect().height <= 1)`); got != "true" {
		t.Error("the statement's column headings still show on a phone")
	}
	eval(`window.stayed = true; document.querySelector("#period-from").value = "2026-01-01";
		document.querySelector(".period-form button[type=submit]").click(); ""`)
	swapped("period filter", `location.search.includes("from=2026-01-01") &&
		document.querySelector("#statement-heading").textContent.trim() === "1 January 2026 to 15 March 2026"`)
	open("invoices", "/money/units/"+w.Ppl.FlatA.PublicID+"/invoices")

	mgr := f.Browser("acme.localhost")
	mgr.SignInAs("acme", w.Ppl.Manager)
	webtest.ChromeSession(t, ctx, site, mgr)
	open("journals", "/admin/ledger/journals")
	eval(`window.stayed = true; document.querySelector("#jf-kind").value = "receipt";
		document.querySelector(".journal-filter button[type=submit]").click(); ""`)
	swapped("journal filter", `location.search.includes("kind=receipt") &&
		document.querySelectorAll("tbody.journal").length === 5 &&
		[...document.querySelectorAll(".journal-head .badge")].every(b => b.textContent === "Receipt")`)
	webtest.FitsWidth(t, ctx, "the filtered journal list")
	open("journals-bad-filter", "/admin/ledger/journals?from=2025-13-01")
	if got := eval(`document.querySelector("#jf-from-error").textContent`); got != "Enter a real date as year, month and day, for example 2026-03-31." {
		t.Errorf("bad date message %q", got)
	}
}
