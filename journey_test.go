package main

import (
	"regexp"
	"strings"
	"testing"

	"github.com/chromedp/chromedp"

	"porch/demo"
	"porch/internal/browser"
)

// TestInviteJourneyInBrowser is the whole invitation journey at phone
// width: the manager signs in with a code read from the delivered mail and
// invites a leaseholder from the admin screens; the leaseholder opens the
// emailed link on their phone, accepts, and lands on their home page.
func TestInviteJourneyInBrowser(t *testing.T) {
	m := startDemo(t)
	site := demoSite(m)

	// The manager signs in with the code from the delivered mail.
	mgr := browser.New(t, 390, 844)
	signInBrowser(t, m, mgr, site, demo.ManagerEmail, `nav a[href="/admin"]`)

	// ... finds the leaseholder and invites her.
	step(t, mgr, "search people", chromedp.Navigate(site+"/admin/people?q="+demo.ResidentEmail))
	href, err := chromedp.Run(mgr, chromedp.Evaluate[string](`document.querySelector('#people-rows a[href^="/admin/people/"]').getAttribute("href")`))
	if err != nil || href == "" {
		t.Fatalf("no person link for %s: %v", demo.ResidentEmail, err)
	}
	step(t, mgr, "open the person", chromedp.Navigate(site+href))
	step(t, mgr, "invite",
		chromedp.Click(`form[action$="/invite"] button[type="submit"]`),
		chromedp.WaitVisible(".notice.success"))
	browser.Screenshot(t, mgr, "journey-manager-invited")

	// The leaseholder opens the link from the delivered mail on her phone.
	link := waitMail(t, m, demo.ResidentEmail, regexp.MustCompile(`(http://\S+/invite/\S+)`))
	res := browser.New(t, 390, 844)
	step(t, res, "open the invitation", chromedp.Navigate(link), chromedp.WaitVisible(`form[action^="/invite/"] button`))
	browser.Screenshot(t, res, "journey-invitation")
	step(t, res, "accept",
		chromedp.Click(`form[action^="/invite/"] button`),
		chromedp.WaitVisible("#homes-heading"))
	if h1 := textOf(t, res, "h1"); !strings.HasPrefix(h1, "Hello, ") {
		t.Errorf("resident home heading %q", h1)
	}
	if homes := textOf(t, res, "main"); !strings.Contains(homes, "Harbour View") {
		t.Errorf("resident home does not list her flat: %q", homes)
	}
	if nav := textOf(t, res, "nav"); strings.Contains(nav, "Admin") {
		t.Error("a leaseholder is offered the admin screens")
	}
	browser.Screenshot(t, res, "journey-resident-home")
}
