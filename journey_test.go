package main

import (
	"context"
	"fmt"
	"net"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/chromedp"

	"porch/demo"
	"porch/internal/browser"
	"porch/mail"
)

// waitMail waits for the sender to deliver a message to `to` whose text
// matches re, and returns the first submatch.
func waitMail(t *testing.T, m *Main, to string, re *regexp.Regexp) string {
	t.Helper()
	dir := filepath.Join(m.Config.DataDir, "mail")
	deadline := time.Now().Add(15 * time.Second)
	for time.Now().Before(deadline) {
		msgs, err := mail.ListFiles(dir, demo.DemoSlug)
		if err != nil {
			t.Fatal(err)
		}
		for _, msg := range msgs {
			if strings.Contains(msg.To, to) {
				if sub := re.FindStringSubmatch(msg.Text); sub != nil {
					return sub[1]
				}
			}
		}
		m.Sender.Kick()
		time.Sleep(100 * time.Millisecond)
	}
	t.Fatalf("no mail to %s matching %s was delivered", to, re)
	return ""
}

// signInBrowser signs email in on the browser ctx with the code from the
// delivered mail, and waits for sel on the page it lands on.
func signInBrowser(t *testing.T, m *Main, ctx context.Context, site, email, sel string) {
	t.Helper()
	steps := func(what string, actions ...chromedp.Action[chromedp.Void]) {
		t.Helper()
		if err := chromedp.Do(ctx, actions...); err != nil {
			t.Fatalf("sign in %s: %s: %v", email, what, err)
		}
	}
	steps("open sign-in", chromedp.Navigate(site+"/sign-in"))
	steps("ask for a code",
		chromedp.SendKeys("#email", email),
		chromedp.Click(`#sign-in-form button[value="code"]`),
		chromedp.WaitVisible("#code"))
	code := waitMail(t, m, email, regexp.MustCompile(`\b(\d{6})\b`))
	steps("enter the code",
		chromedp.SendKeys("#code", code),
		chromedp.Click(`#sign-in-code-form button[type="submit"]`),
		chromedp.WaitVisible(sel))
}

// TestInviteJourneyInBrowser is the whole invitation journey at phone
// width: the manager signs in with a code read from the delivered mail and
// invites a leaseholder from the admin screens; the leaseholder opens the
// emailed link on their phone, accepts, and lands on their home page.
func TestInviteJourneyInBrowser(t *testing.T) {
	m := startDemo(t)
	_, port, _ := net.SplitHostPort(m.Addr())
	site := fmt.Sprintf("http://demo.localhost:%s", port)
	do := func(ctx context.Context, what string, steps ...chromedp.Action[chromedp.Void]) {
		t.Helper()
		if err := chromedp.Do(ctx, steps...); err != nil {
			t.Fatalf("%s: %v", what, err)
		}
	}
	text := func(ctx context.Context, sel string) string {
		t.Helper()
		v, err := chromedp.Run(ctx, chromedp.Text(sel))
		if err != nil {
			t.Fatalf("text of %s: %v", sel, err)
		}
		return v
	}

	// The manager signs in with the code from the delivered mail.
	mgr := browser.New(t, 390, 844)
	signInBrowser(t, m, mgr, site, demo.ManagerEmail, `nav a[href="/admin"]`)

	// ... finds the leaseholder and invites her.
	do(mgr, "search people", chromedp.Navigate(site+"/admin/people?q="+demo.ResidentEmail))
	href, err := chromedp.Run(mgr, chromedp.Evaluate[string](`document.querySelector('a[href^="/admin/people/"]').getAttribute("href")`))
	if err != nil || href == "" {
		t.Fatalf("no person link for %s: %v", demo.ResidentEmail, err)
	}
	do(mgr, "open the person", chromedp.Navigate(site+href))
	do(mgr, "invite",
		chromedp.Click(`form[action$="/invite"] button[type="submit"]`),
		chromedp.WaitVisible(".notice.success"))
	browser.Screenshot(t, mgr, "journey-manager-invited")

	// The leaseholder opens the link from the delivered mail on her phone.
	link := waitMail(t, m, demo.ResidentEmail, regexp.MustCompile(`(http://\S+/invite/\S+)`))
	res := browser.New(t, 390, 844)
	do(res, "open the invitation", chromedp.Navigate(link), chromedp.WaitVisible(`form[action^="/invite/"] button`))
	browser.Screenshot(t, res, "journey-invitation")
	do(res, "accept",
		chromedp.Click(`form[action^="/invite/"] button`),
		chromedp.WaitVisible("#homes-heading"))
	if h1 := text(res, "h1"); !strings.HasPrefix(h1, "Hello, ") {
		t.Errorf("resident home heading %q", h1)
	}
	if homes := text(res, "main"); !strings.Contains(homes, "Harbour View") {
		t.Errorf("resident home does not list her flat: %q", homes)
	}
	if nav := text(res, "nav"); strings.Contains(nav, "Admin") {
		t.Error("a leaseholder is offered the admin screens")
	}
	browser.Screenshot(t, res, "journey-resident-home")
}
