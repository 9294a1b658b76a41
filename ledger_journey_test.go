package main

import (
	"strings"
	"testing"

	"github.com/chromedp/chromedp"

	"porch/demo"
	"porch/internal/browser"
)

// TestDemandJourneyInBrowser is the money journey without retyping: the
// manager adds a client account, raises a demand on a leaseholder's flat
// (previewed, then posted) and records a part payment by bank transfer at
// phone width; the leaseholder signs in on her phone and finds the invoice,
// part-paid, on her statement with the right balance.
func TestDemandJourneyInBrowser(t *testing.T) {
	m := startDemo(t)
	site := demoSite(m)
	unit := demoHome(t, demoDB(t, m))

	mgr := browser.New(t, 390, 844)
	signInBrowser(t, m, mgr, site, demo.ManagerEmail, `nav a[href="/admin"]`)

	step(t, mgr, "add a client account",
		chromedp.Navigate(site+"/admin/ledger/banks"),
		chromedp.SetValue("#bank-site", unit.SitePublicID),
		chromedp.SendKeys("#bank-name", "Journey client account"),
		chromedp.SendKeys("#bank-sort", "20-00-00"),
		chromedp.SendKeys("#bank-number", "55779911"),
		chromedp.Submit("#bank-number"),
		chromedp.WaitVisible(".notice.success"))
	if got := textOf(t, mgr, chromedp.CSS("#main")); !strings.Contains(got, "Journey client account") {
		t.Fatalf("the new account is not listed: %.500s", got)
	}

	step(t, mgr, "open the unit account", chromedp.Navigate(site+"/admin/ledger/units/"+unit.UnitPublicID),
		chromedp.Click("#ledger-demand summary"), chromedp.WaitVisible("#dl-0-ct"))
	charge, err := chromedp.Run(mgr, chromedp.Evaluate[string](
		`[...document.querySelectorAll("#dl-0-ct option")].find(o => o.textContent.trim() === "Service charge").value`))
	if err != nil || charge == "" {
		t.Fatalf("no Service charge option: %v", err)
	}
	step(t, mgr, "fill the demand",
		chromedp.SetValue("#dl-0-ct", charge),
		chromedp.SendKeys("#dl-0-desc", "Service charge, journey quarter"),
		chromedp.SendKeys("#dl-0-amount", "1,234.56"),
		chromedp.Click(`#ledger-demand button[value="preview"]`),
		chromedp.WaitVisible("#demand-preview-heading"))
	preview := textOf(t, mgr, chromedp.CSS("#ledger-demand .demand-preview"))
	if !strings.Contains(preview, "£1,234.56") {
		t.Errorf("the preview does not show the total: %q", preview)
	}
	number := strings.TrimPrefix(textOf(t, mgr, chromedp.CSS("#demand-preview-heading")), "Preview: invoice ")
	browser.Screenshot(t, mgr, "ledger-demand-preview-phone")
	step(t, mgr, "post the demand",
		chromedp.Click(`#ledger-demand button[value="post"]`),
		chromedp.WaitVisible("#unit-account .notice.success"))
	if got := textOf(t, mgr, chromedp.CSS("#unit-account .notice.success")); !strings.Contains(got, "Invoice "+number+" raised") {
		t.Errorf("notice after posting = %q", got)
	}

	bank, err := chromedp.Run(mgr, chromedp.Evaluate[string](
		`[...document.querySelectorAll("#ledger-receipt select[name=account] option")].find(o => o.textContent.includes("Journey client account")).value`))
	if err != nil || bank == "" {
		t.Fatalf("the new bank account is not offered for receipts: %v", err)
	}
	invoice, err := chromedp.Run(mgr, chromedp.Evaluate[string](
		`[...document.querySelectorAll("#ledger-receipt select[name=invoice] option")].find(o => o.textContent.includes("`+number+`")).value`))
	if err != nil || invoice == "" {
		t.Fatalf("invoice %s is not offered for the receipt: %v", number, err)
	}
	step(t, mgr, "record a part payment",
		chromedp.Click("#ledger-receipt summary"),
		chromedp.SetValue(`#ledger-receipt select[name=account]`, bank),
		chromedp.SetValue(`#ledger-receipt select[name=method]`, "bank transfer"),
		chromedp.SetValue(`#ledger-receipt select[name=invoice]`, invoice),
		chromedp.SendKeys(`#ledger-receipt input[name=amount]`, "234.56"),
		chromedp.SendKeys(`#ledger-receipt input[name=reference]`, "OKAFOR SC"),
		chromedp.Click(`#ledger-receipt button[type=submit]`),
		chromedp.WaitVisible("#unit-account .notice.success"))
	browser.Screenshot(t, mgr, "ledger-unit-after-receipt-phone")

	res := browser.New(t, 390, 844)
	signInBrowser(t, m, res, site, demo.ResidentEmail, "#homes-heading")
	step(t, res, "open her invoices", chromedp.Navigate(site+"/money/units/"+unit.UnitPublicID+"/invoices"),
		chromedp.WaitVisible(chromedp.ID("main")))
	invoices := textOf(t, res, chromedp.CSS("#main"))
	for _, want := range []string{number, "£1,234.56", "Part paid", "£1,000.00"} {
		if !strings.Contains(strings.ToLower(invoices), strings.ToLower(want)) {
			t.Errorf("her invoices lack %q: %.1500s", want, invoices)
		}
	}
	browser.Screenshot(t, res, "money-invoices-phone")
	step(t, res, "open her statement", chromedp.Navigate(site+"/money/units/"+unit.UnitPublicID+"/statement"),
		chromedp.WaitVisible(chromedp.ID("main")))
	statement := textOf(t, res, chromedp.CSS("#main"))
	for _, want := range []string{"Invoice " + number + ": Service charge, journey quarter", "£1,234.56", "£234.56"} {
		if !strings.Contains(statement, want) {
			t.Errorf("her statement lacks %q: %.1500s", want, statement)
		}
	}
	noSideScroll(t, res, "the statement")
	browser.Screenshot(t, res, "money-statement-phone")
}
