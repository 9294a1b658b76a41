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
	"porch/estate"
	"porch/mail"
	"porch/tenants"
)

// The browser journeys drive the demo organisation of a started Main, as
// a person would, through these helpers.

// demoSite is the address of the demo organisation on m.
func demoSite(m *Main) string {
	_, port, _ := net.SplitHostPort(m.Addr())
	return fmt.Sprintf("http://demo.localhost:%s", port)
}

// demoDB is the demo organisation's database on m, held open until the
// test ends.
func demoDB(t *testing.T, m *Main) *tenants.DB {
	t.Helper()
	db, release, err := m.Tenants.Acquire(context.Background(), demo.DemoSlug)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(release)
	return db
}

// demoHome is the first home of the demo resident.
func demoHome(t *testing.T, db *tenants.DB) estate.PersonUnit {
	t.Helper()
	ctx, q := context.Background(), db.Read()
	amara, err := estate.FindPersonByEmail(ctx, q, demo.ResidentEmail)
	if err != nil {
		t.Fatal(err)
	}
	homes, err := estate.UnitsOfPerson(ctx, q, amara.ID, time.Now())
	if err != nil || len(homes) == 0 {
		t.Fatalf("the demo resident has no home: %v", err)
	}
	return homes[0]
}

// step runs actions in the tab, failing the test with what on an error.
func step(t *testing.T, tab context.Context, what string, actions ...chromedp.Action[chromedp.Void]) {
	t.Helper()
	if err := chromedp.Do(tab, actions...); err != nil {
		t.Fatalf("%s: %v", what, err)
	}
}

// textOf is the text of the element sel finds in the tab.
func textOf[S chromedp.Selectable](t *testing.T, tab context.Context, sel S) string {
	t.Helper()
	v, err := chromedp.Run(tab, chromedp.Text(sel))
	if err != nil {
		t.Fatalf("text of %v: %v", sel, err)
	}
	return v
}

// noSideScroll fails the test if the page in the tab scrolls sideways.
func noSideScroll(t *testing.T, tab context.Context, what string) {
	t.Helper()
	if ok, err := chromedp.Run(tab, chromedp.Evaluate[bool](`document.documentElement.scrollWidth <= document.documentElement.clientWidth`)); err != nil || !ok {
		t.Errorf("%s scrolls sideways on a phone (%v)", what, err)
	}
}

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
	what := "sign in " + email + ": "
	step(t, ctx, what+"open sign-in", chromedp.Navigate(site+"/sign-in"))
	step(t, ctx, what+"ask for a code",
		chromedp.SendKeys("#email", email),
		chromedp.Click(`#sign-in-form button[value="code"]`),
		chromedp.WaitVisible("#code"))
	code := waitMail(t, m, email, regexp.MustCompile(`\b(\d{6})\b`))
	step(t, ctx, what+"enter the code",
		chromedp.SendKeys("#code", code),
		chromedp.Click(`#sign-in-code-form button[type="submit"]`),
		chromedp.WaitVisible(sel))
}
