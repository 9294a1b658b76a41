package main

import (
	"context"
	"regexp"
	"strconv"
	"strings"
	"testing"

	"github.com/chromedp/chromedp"

	"porch/demo"
	"porch/internal/browser"
)

// TestFocusAndAnnouncementsAfterSwaps presses Enter on submit buttons the
// way a keyboard user does and checks what only a browser shows: after a
// refused form, focus is on the first invalid field and the error was said
// in the assertive live region; after a form that worked and was replaced,
// focus is on its success message, which was said politely; while typing
// in a live search, focus stays in the box and the new count is said.
func TestFocusAndAnnouncementsAfterSwaps(t *testing.T) {
	m := startDemo(t)
	site := demoSite(m)

	// Anyone: the sign-in form and the code form.
	anon := browser.New(t, 390, 844)
	step(t, anon, "open sign-in", chromedp.Navigate(site+"/sign-in"))
	pressEnterOn(t, anon, `#sign-in-form button[value="code"]`, `#email[aria-invalid="true"]`)
	if got := focusOn(t, anon, prefix("#email")); !strings.HasPrefix(got, "#email") {
		t.Errorf("after an empty sign-in, focus is on %s, want #email", got)
	}
	said(t, anon, "live-assertive", "Enter your email address.")
	step(t, anon, "type the email", chromedp.SendKeys("#email", demo.ResidentEmail))
	pressEnterOn(t, anon, `#sign-in-form button[value="code"]`, "#code")
	step(t, anon, "type a wrong code", chromedp.SendKeys("#code", "000000"))
	pressEnterOn(t, anon, `#sign-in-code-form button[type="submit"]`, `#code[aria-invalid="true"]`)
	if got := focusOn(t, anon, prefix("#code")); !strings.HasPrefix(got, "#code") {
		t.Errorf("after a wrong code, focus is on %s, want #code", got)
	}
	said(t, anon, "live-assertive", "That code is not right.")

	// A resident: the profile's email and password forms.
	res := browser.New(t, 390, 844)
	signInBrowser(t, m, res, site, demo.ResidentEmail, "#homes-heading")
	// The home page with its balances takes nobody's focus.
	step(t, res, "open home", chromedp.Navigate(site+"/"), chromedp.WaitVisible(".money-balance"))
	if got := focused(t, res); got != "body" {
		t.Errorf("content loaded with the page moved focus to %s", got)
	}
	step(t, res, "open the profile", chromedp.Navigate(site+"/profile"))
	pressEnterOn(t, res, `#profile-email button[type="submit"]`, `#new-email[aria-invalid="true"]`)
	if got := focusOn(t, res, prefix("#new-email")); !strings.HasPrefix(got, "#new-email") {
		t.Errorf("after an empty email change, focus is on %s, want #new-email", got)
	}
	said(t, res, "live-assertive", "Enter the new email address.")
	step(t, res, "type a password", chromedp.SendKeys("#new-password", "correct horse battery staple"),
		chromedp.SendKeys("#confirm-password", "correct horse battery staple"))
	pressEnterOn(t, res, `#profile-password button[type="submit"]`, "#profile-password .notice.success")
	if got := focusOn(t, res, has("password has been saved")); !strings.Contains(got, "password has been saved") {
		t.Errorf("after saving a password, focus is on %s, want the success message", got)
	}
	said(t, res, "live-polite", "Your password has been saved.")

	// A manager: a refused bank account and the live people search.
	mgr := browser.New(t, 1280, 900)
	signInBrowser(t, m, mgr, site, demo.ManagerEmail, `nav a[href="/admin"]`)
	step(t, mgr, "open bank accounts", chromedp.Navigate(site+"/admin/ledger/banks"))
	pressEnterOn(t, mgr, `#ledger-banks button[type="submit"]`, `[aria-invalid="true"]`)
	if got := focusOn(t, mgr, prefix("#bank-")); !strings.HasPrefix(got, "#bank-") {
		t.Errorf("after an empty bank account, focus is on %s, want its first field", got)
	}
	said(t, mgr, "live-assertive", "There is a problem.")
	step(t, mgr, "open people", chromedp.Navigate(site+"/admin/people"), chromedp.Focus("#people-q"))
	typeKeys(t, mgr, "okafor")
	said(t, mgr, "live-polite", "“okafor”")
	if got := focused(t, mgr); !strings.HasPrefix(got, "#people-q") {
		t.Errorf("while searching, focus moved to %s", got)
	}
	step(t, mgr, "open the welcome email", chromedp.Navigate(site+"/admin/settings/welcome-email"), chromedp.Focus("#welcome-subject"))
	typeKeys(t, mgr, " today")
	said(t, mgr, "live-polite", "Preview updated.")
	if got := focused(t, mgr); !strings.HasPrefix(got, "#welcome-subject") {
		t.Errorf("while the preview updates, focus moved to %s", got)
	}
	step(t, mgr, "back to people", chromedp.Navigate(site+"/admin/people?q=okafor"))
	if count := textOf(t, mgr, "#people-rows [data-announce]"); !regexp.MustCompile(`^1 of \d+ people matches “okafor”\.$`).MatchString(count) {
		t.Errorf("the count after searching says %q", count)
	}
}

// TestKeyboardJourneys signs in, opens the statement and reaches the pay
// button with the keyboard alone, and has a manager raise and post a
// demand the same way, counting the Tabs each step takes; the counts are
// logged (go test -v) and bounded so a screen that grows a maze of stops
// fails.
func TestKeyboardJourneys(t *testing.T) {
	m := startDemo(t)
	site := demoSite(m)
	db := demoDB(t, m)
	unit := demoHome(t, db)
	var refunded string // the demo's card payment refunded in part
	if err := db.Read().QueryRowContext(context.Background(), `SELECT public_id FROM payments WHERE refunded > 0`).Scan(&refunded); err != nil {
		t.Fatal(err)
	}
	counts := []string{}
	tabs := func(tab context.Context, what, sel string, limit int) {
		t.Helper()
		n := tabsTo(t, tab, sel, limit)
		counts = append(counts, what+": "+strconv.Itoa(n))
	}
	code := regexp.MustCompile(`\b(\d{6})\b`)

	res := browser.New(t, 390, 844)
	step(t, res, "open sign-in", chromedp.Navigate(site+"/sign-in"))
	tabs(res, "resident: to the email box", "#email", 8)
	typeKeys(t, res, demo.ResidentEmail+"\r")
	step(t, res, "wait for the code form", chromedp.WaitVisible("#code"))
	tabs(res, "resident: to the code box", "#code", 8)
	typeKeys(t, res, waitMail(t, m, demo.ResidentEmail, code)+"\r")
	step(t, res, "wait for home", chromedp.WaitVisible("#homes-heading"))
	tabs(res, "resident: to statements", `a[href="/money"]`, 12)
	typeKeys(t, res, "\r")
	step(t, res, "wait for money", chromedp.WaitVisible(`a[href$="/statement"]`))
	tabs(res, "resident: to the statement", `a[href="/money/units/`+unit.UnitPublicID+`/statement"]`, 12)
	typeKeys(t, res, "\r")
	step(t, res, "wait for the statement", chromedp.WaitVisible(".money-pay"))
	tabs(res, "resident: to pay", `.money-pay a[href$="/pay"]`, 25)
	typeKeys(t, res, "\r")
	step(t, res, "wait for the pay page", chromedp.WaitVisible("#pay-form"))
	tabs(res, "resident: to the pay button", `#pay-form button[type="submit"]`, 12)

	mgr := browser.New(t, 1280, 900)
	signInBrowser(t, m, mgr, site, demo.ManagerEmail, `nav a[href="/admin"]`)
	step(t, mgr, "open the unit account", chromedp.Navigate(site+"/admin/ledger/units/"+unit.UnitPublicID))
	tabs(mgr, "manager: to Raise a demand", "#ledger-demand summary", 40)
	typeKeys(t, mgr, "\r")
	tabs(mgr, "manager: to the charge", "#dl-0-ct", 5)
	typeKeys(t, mgr, "Service charge")
	tabs(mgr, "manager: to the description", "#dl-0-desc", 3)
	typeKeys(t, mgr, "Keyboard quarter")
	tabs(mgr, "manager: to the amount", "#dl-0-amount", 3)
	typeKeys(t, mgr, "321.00")
	tabs(mgr, "manager: to Preview", `#ledger-demand button[value="preview"]`, 25)
	typeKeys(t, mgr, "\r")
	step(t, mgr, "wait for the preview", chromedp.WaitVisible("#demand-preview-heading"))
	if got := focusOn(t, mgr, prefix("#demand-preview-heading")); !strings.HasPrefix(got, "#demand-preview-heading") {
		t.Errorf("after the preview, focus is on %s, want the preview's heading", got)
	}
	tabs(mgr, "manager: from the preview to Post", `#ledger-demand button[value="post"]`, 4)
	typeKeys(t, mgr, "\r")
	step(t, mgr, "wait for the notice", chromedp.WaitVisible("#unit-account .notice.success"))
	if got := focusOn(t, mgr, has("raised")); !strings.Contains(got, "raised") {
		t.Errorf("after posting, focus is on %s, want the success message", got)
	}
	said(t, mgr, "live-polite", "raised")
	t.Logf("Tabs per step:\n  %s", strings.Join(counts, "\n  "))
}

// prefix and has make focusOn conditions.
func prefix(p string) func(string) bool {
	return func(s string) bool { return strings.HasPrefix(s, p) }
}
func has(p string) func(string) bool { return func(s string) bool { return strings.Contains(s, p) } }

// TestAxeFindsNoWCAGViolations runs axe-core's WCAG 2.2 A and AA rules over
// the main pages of anyone, a resident and a manager, at phone and desk
// width, including a refused form; any violation fails the test.
func TestAxeFindsNoWCAGViolations(t *testing.T) {
	m := startDemo(t)
	site := demoSite(m)
	db := demoDB(t, m)
	unit := demoHome(t, db)
	var refunded string // the demo's card payment refunded in part
	if err := db.Read().QueryRowContext(context.Background(), `SELECT public_id FROM payments WHERE refunded > 0`).Scan(&refunded); err != nil {
		t.Fatal(err)
	}
	var budget string // Harbour View's budget for last year
	if err := db.Read().QueryRowContext(context.Background(), `SELECT public_id FROM budgets ORDER BY last_day LIMIT 1`).Scan(&budget); err != nil {
		t.Fatal(err)
	}
	budget = "/admin/budgets/" + budget
	var forSale string // the demo's house for sale
	if err := db.Read().QueryRowContext(context.Background(), `SELECT public_id FROM units WHERE market = 'sale'`).Scan(&forSale); err != nil {
		t.Fatal(err)
	}
	check := func(tab context.Context, who string, paths ...string) {
		t.Helper()
		for _, w := range [][2]int64{{390, 844}, {1280, 900}} {
			step(t, tab, "resize", chromedp.EmulateViewport(w[0], w[1]))
			for _, p := range paths {
				step(t, tab, "open "+p, chromedp.Navigate(site+p))
				browser.Axe(t, tab, who+" "+p+" at "+strconv.FormatInt(w[0], 10))
			}
		}
	}

	anon := browser.New(t, 390, 844)
	check(anon, "anyone", "/sign-in", "/sign-in/code")
	step(t, anon, "open sign-in", chromedp.Navigate(site+"/sign-in"))
	pressEnterOn(t, anon, `#sign-in-form button[value="code"]`, `#email[aria-invalid="true"]`)
	browser.Axe(t, anon, "anyone: a refused sign-in")

	res := browser.New(t, 390, 844)
	signInBrowser(t, m, res, site, demo.ResidentEmail, "#homes-heading")
	u := "/money/units/" + unit.UnitPublicID
	check(res, "resident", "/", "/units/"+unit.UnitPublicID, "/money", u+"/statement", u+"/invoices", u+"/pay", "/profile", "/profile/emails")

	tenant := browser.New(t, 390, 844)
	signInBrowser(t, m, tenant, site, demo.TenantEmail, "#homes-heading")
	check(tenant, "tenant", "/", "/money")
	var let string // one of the owner persona's let houses
	if err := db.Read().QueryRowContext(context.Background(), `SELECT u.public_id FROM units u JOIN unit_people l ON l.unit_id = u.id
		JOIN people p ON p.id = l.person_id WHERE p.email = ? AND l.role = 'owner' ORDER BY u.name LIMIT 1`, demo.OwnerEmail).Scan(&let); err != nil {
		t.Fatal(err)
	}
	owner := browser.New(t, 390, 844)
	signInBrowser(t, m, owner, site, demo.OwnerEmail, "#properties-heading")
	check(owner, "owner", "/", "/owner", "/owner/properties/"+let, "/owner/properties/"+let+"/statement", "/owner/statement", "/owner/tax-year")

	// The manager's pages in two browsers, each well inside a browser's
	// time limit.
	for _, paths := range [][]string{
		{"/admin", "/admin/people", "/admin/ledger", "/admin/ledger/units", "/admin/ledger/units/" + unit.UnitPublicID,
			"/admin/ledger/journals", "/admin/ledger/trial-balance", "/admin/ledger/banks"},
		{"/admin/ledger/charges", "/admin/ledger/schedules", "/admin/ledger/sites/" + unit.SitePublicID + "/demand",
			"/admin/ledger/owners", "/admin/ledger/suppliers", "/admin/settings/payments", "/admin/settings/payments/events",
			"/admin/settings/welcome-email"},
		{"/admin/payments", "/admin/payments/" + refunded, "/admin/settings/team", "/admin/sites/" + unit.SitePublicID + "/settings",
			"/admin/sales", "/admin/sales/" + forSale, "/admin/plans", "/admin/plans/limits", "/admin/spending",
			"/admin/spending/sites/" + unit.SitePublicID + "/new", "/admin/budgets", budget, budget + "/report", budget + "/year-end"},
		{"/admin/settings/branding", "/admin/people/changes", "/admin/settings/contact-details", "/admin/settings/addresses", "/admin/settings/audit",
			"/admin/settings/owner-portal", "/admin/properties/" + unit.UnitPublicID, "/admin/documents/certificates"},
	} {
		tab := browser.New(t, 1280, 900)
		signInBrowser(t, m, tab, site, demo.ManagerEmail, `nav a[href="/admin"]`)
		check(tab, "manager", paths...)
	}
	mgr := browser.New(t, 1280, 900)
	signInBrowser(t, m, mgr, site, demo.ManagerEmail, `nav a[href="/admin"]`)
	step(t, mgr, "open bank accounts", chromedp.Navigate(site+"/admin/ledger/banks"))
	pressEnterOn(t, mgr, `#ledger-banks button[type="submit"]`, `[aria-invalid="true"]`)
	browser.Axe(t, mgr, "manager: a refused bank account")
}

// TestRefusedFormWithoutJavaScript posts the sign-in and profile forms with
// JavaScript off: the page comes back titled as an error and opens on the
// first invalid field, whose error a screen reader reads with it.
func TestRefusedFormWithoutJavaScript(t *testing.T) {
	m := startDemo(t)
	site := demoSite(m)
	tab := browser.New(t, 390, 844)
	browser.DisableScripts(t, tab)
	step(t, tab, "open sign-in", chromedp.Navigate(site+"/sign-in"))
	pressEnterOn(t, tab, `#sign-in-form button[value="code"]`, `#email[aria-invalid="true"]`)
	if got := focusOn(t, tab, prefix("#email")); !strings.HasPrefix(got, "#email") {
		t.Errorf("without JavaScript, a refused sign-in opens with focus on %s, want #email", got)
	}
	if title, err := chromedp.Run(tab, chromedp.Evaluate[string](`document.title`)); err != nil || !strings.HasPrefix(title, "Error: ") {
		t.Errorf("title %q %v", title, err)
	}
	browser.Screenshot(t, tab, "sign-in-refused-no-js")
}
