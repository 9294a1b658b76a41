package main

import (
	"context"
	"fmt"
	"net"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/chromedp"

	"porch/demo"
	"porch/estate"
	"porch/internal/browser"
)

// TestDemandJourneyInBrowser is the money journey without retyping: the
// manager adds a client account, raises a demand on a leaseholder's flat
// (previewed, then posted) and records a part payment by bank transfer at
// phone width; the leaseholder signs in on her phone and finds the invoice,
// part-paid, on her statement with the right balance.
func TestDemandJourneyInBrowser(t *testing.T) {
	m := startDemo(t)
	_, port, _ := net.SplitHostPort(m.Addr())
	site := fmt.Sprintf("http://demo.localhost:%s", port)
	ctx := context.Background()

	db, release, err := m.Tenants.Acquire(ctx, demo.DemoSlug)
	if err != nil {
		t.Fatal(err)
	}
	amara, err := estate.FindPersonByEmail(ctx, db.Read(), demo.ResidentEmail)
	if err != nil {
		t.Fatal(err)
	}
	homes, err := estate.UnitsOfPerson(ctx, db.Read(), amara.ID, time.Now())
	if err != nil || len(homes) == 0 {
		t.Fatalf("the demo resident has no home: %v", err)
	}
	release()
	unit := homes[0]

	do := func(ctx context.Context, what string, steps ...chromedp.Action[chromedp.Void]) {
		t.Helper()
		if err := chromedp.Do(ctx, steps...); err != nil {
			t.Fatalf("%s: %v", what, err)
		}
	}
	text := func(ctx context.Context, sel string) string {
		t.Helper()
		v, err := chromedp.Run(ctx, chromedp.Text(chromedp.CSS(sel)))
		if err != nil {
			t.Fatalf("text of %s: %v", sel, err)
		}
		return v
	}

	mgr := browser.New(t, 390, 844)
	signInBrowser(t, m, mgr, site, demo.ManagerEmail, `nav a[href="/admin"]`)

	do(mgr, "add a client account",
		chromedp.Navigate(site+"/admin/ledger/banks"),
		chromedp.SetValue("#bank-site", unit.SitePublicID),
		chromedp.SendKeys("#bank-name", "Journey client account"),
		chromedp.SendKeys("#bank-sort", "20-00-00"),
		chromedp.SendKeys("#bank-number", "55779911"),
		chromedp.Submit("#bank-number"),
		chromedp.WaitVisible(".notice.success"))
	if got := text(mgr, "#main"); !strings.Contains(got, "Journey client account") {
		t.Fatalf("the new account is not listed: %.500s", got)
	}

	do(mgr, "open the unit account", chromedp.Navigate(site+"/admin/ledger/units/"+unit.UnitPublicID),
		chromedp.Click("#ledger-demand summary"), chromedp.WaitVisible("#dl-0-ct"))
	charge, err := chromedp.Run(mgr, chromedp.Evaluate[string](
		`[...document.querySelectorAll("#dl-0-ct option")].find(o => o.textContent.trim() === "Service charge").value`))
	if err != nil || charge == "" {
		t.Fatalf("no Service charge option: %v", err)
	}
	do(mgr, "fill the demand",
		chromedp.SetValue("#dl-0-ct", charge),
		chromedp.SendKeys("#dl-0-desc", "Service charge, journey quarter"),
		chromedp.SendKeys("#dl-0-amount", "1,234.56"),
		chromedp.Click(`#ledger-demand button[value="preview"]`),
		chromedp.WaitVisible("#demand-preview-heading"))
	preview := text(mgr, "#ledger-demand .demand-preview")
	if !strings.Contains(preview, "£1,234.56") {
		t.Errorf("the preview does not show the total: %q", preview)
	}
	number := strings.TrimPrefix(text(mgr, "#demand-preview-heading"), "Preview: invoice ")
	browser.Screenshot(t, mgr, "ledger-demand-preview-phone")
	do(mgr, "post the demand",
		chromedp.Click(`#ledger-demand button[value="post"]`),
		chromedp.WaitVisible("#unit-account .notice.success"))
	if got := text(mgr, "#unit-account .notice.success"); !strings.Contains(got, "Invoice "+number+" raised") {
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
	do(mgr, "record a part payment",
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
	do(res, "open her invoices", chromedp.Navigate(site+"/money/units/"+unit.UnitPublicID+"/invoices"),
		chromedp.WaitVisible(chromedp.ID("main")))
	invoices := text(res, "#main")
	for _, want := range []string{number, "£1,234.56", "Part paid", "£1,000.00"} {
		if !strings.Contains(strings.ToLower(invoices), strings.ToLower(want)) {
			t.Errorf("her invoices lack %q: %.1500s", want, invoices)
		}
	}
	browser.Screenshot(t, res, "money-invoices-phone")
	do(res, "open her statement", chromedp.Navigate(site+"/money/units/"+unit.UnitPublicID+"/statement"),
		chromedp.WaitVisible(chromedp.ID("main")))
	statement := text(res, "#main")
	for _, want := range []string{"Invoice " + number + ": Service charge, journey quarter", "£1,234.56", "£234.56"} {
		if !strings.Contains(statement, want) {
			t.Errorf("her statement lacks %q: %.1500s", want, statement)
		}
	}
	if ok, err := chromedp.Run(res, chromedp.Evaluate[bool](`document.documentElement.scrollWidth <= document.documentElement.clientWidth`)); err != nil || !ok {
		t.Errorf("the statement scrolls sideways on a phone (%v)", err)
	}
	browser.Screenshot(t, res, "money-statement-phone")
}
