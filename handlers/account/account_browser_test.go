package account_test

import (
	"net/url"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/chromedp"

	chrome "porch/internal/browser"
	"porch/internal/webtest"
)

// In Chromium, a crafted next= that once sent the tab to //evil.example
// after a real code sign-in keeps the browser on the organisation's own
// host, with JavaScript (the htmx redirect header) and without it (the
// Location header). The same tab then changes its sign-in email, long
// after signing in: code to the current address, then to the new one.
func TestSignInStaysOnSiteAndEmailChangeInChromium(t *testing.T) {
	if testing.Short() {
		t.Skip("browser test")
	}
	for _, tc := range []struct {
		name          string
		next          string
		width, height int
		script        bool
	}{
		{"phone-js", "/%09/evil.example/x", 390, 844, true},
		{"desk-no-js", "/%5Cevil.example/x", 1280, 900, false},
	} {
		t.Run(tc.name, func(t *testing.T) {
			f := webtest.NewFixture(t, nil, webtest.Acme)
			ppl := f.SeedPeople("acme")
			site := webtest.ChromeSite(t, f)
			ctx := chrome.New(t, tc.width, tc.height)
			if !tc.script {
				chrome.DisableScripts(t, ctx)
			}
			do := func(what string, actions ...chromedp.Action[chromedp.Void]) {
				t.Helper()
				if err := chromedp.Do(ctx, actions...); err != nil {
					t.Fatalf("%s: %v", what, err)
				}
			}
			codeTo := func(email string) string {
				t.Helper()
				_, text := f.LastMail("acme", email)
				return webtest.CodeIn(t, text)
			}

			do("open sign-in", chromedp.Navigate(site+"/sign-in?next="+url.QueryEscape(tc.next)))
			do("ask for a code", chromedp.SendKeys("#email", ppl.Alice.Email),
				chromedp.Click(`#sign-in-form button[value="code"]`), chromedp.WaitVisible("#code"))
			do("enter the code", chromedp.SendKeys("#code", codeTo(ppl.Alice.Email)),
				chromedp.Click(`#sign-in-code-form button[type="submit"]`), chromedp.WaitVisible("#homes-heading"))
			where := webtest.ChromeEval[string](t, ctx, `location.href`)
			if where != site+"/" {
				t.Fatalf("after signing in with next=%s the tab is at %s, want %s/", tc.next, where, site)
			}

			// Half an hour later, the email change asks the current address first.
			f.Clock.Set(f.Clock.Now().Add(30 * time.Minute))
			const newEmail = "alice.new@example.org"
			do("ask to change email", chromedp.Navigate(site+"/profile"), chromedp.SendKeys("#new-email", newEmail),
				chromedp.Click(`#profile-email button[type="submit"]`), chromedp.WaitVisible("#profile-reauth-form"))
			webtest.CheckScreen(t, ctx, "reauth-"+tc.name)
			if lead := webtest.ChromeEval[string](t, ctx, `document.querySelector(".lead").textContent`); !strings.Contains(lead, ppl.Alice.Email) {
				t.Errorf("confirm page: %q", lead)
			}
			do("wrong code", chromedp.SendKeys("#code", "000000"), chromedp.Click(`#profile-reauth-form button[type="submit"]`),
				chromedp.WaitVisible("#code-error"))
			webtest.CheckScreen(t, ctx, "reauth-wrong-"+tc.name)
			do("code from the current address", chromedp.SetValue("#code", codeTo(ppl.Alice.Email)),
				chromedp.Click(`#profile-reauth-form button[type="submit"]`), chromedp.WaitVisible("#profile-email-code-form"))
			do("code from the new address", chromedp.SendKeys("#code", codeTo(newEmail)),
				chromedp.Click(`#profile-email-code-form button[type="submit"]`), chromedp.WaitVisible("#profile-email .notice"))
			webtest.CheckScreen(t, ctx, "email-changed-"+tc.name)
			if got := webtest.ChromeEval[string](t, ctx, `document.querySelector("#profile-email .notice").textContent`); !strings.Contains(got, newEmail) {
				t.Errorf("notice: %q", got)
			}
		})
	}
}
