package account_test

import (
	"context"
	"testing"

	"github.com/chromedp/chromedp"

	"porch/estate"
	chrome "porch/internal/browser"
	"porch/internal/webtest"
)

// TestEmailsPageInBrowser opens Emails we send you on a phone from the
// profile, turns calendar emails off in place with htmx, then, with
// JavaScript off, turns them back on with a plain form post; screenshots
// of each, axe finding nothing, the page never wider than the phone.
func TestEmailsPageInBrowser(t *testing.T) {
	if testing.Short() {
		t.Skip("browser test")
	}
	f := webtest.NewFixture(t, nil, webtest.Acme)
	ppl := f.SeedPeople("acme")
	site := webtest.ChromeSite(t, f)
	alice := f.Browser("acme.localhost")
	alice.SignInAs("acme", ppl.Alice)
	wants := func() bool {
		t.Helper()
		ok, err := estate.Wants(context.Background(), f.DB("acme").Read(), ppl.Alice.ID, estate.MailCalendar)
		if err != nil {
			t.Fatal(err)
		}
		return ok
	}

	ctx := chrome.New(t, 390, 844)
	webtest.ChromeSession(t, ctx, site, alice)
	if err := chromedp.Do(ctx, chromedp.Navigate(site+"/profile"), chromedp.Click(`a[href="/profile/emails"]`),
		chromedp.WaitVisible(`#emails-form`)); err != nil {
		t.Fatal(err)
	}
	webtest.CheckScreen(t, ctx, "profile-emails-390")
	chrome.Axe(t, ctx, "emails we send you")
	webtest.ChromeEval[bool](t, ctx, `window.stayed = true`)
	if err := chromedp.Do(ctx, chromedp.Click(`#email-calendar`), chromedp.Click(`#emails-form button[type="submit"]`),
		chromedp.WaitVisible(`#emails-form .notice.success`)); err != nil {
		t.Fatal(err)
	}
	if webtest.ChromeEval[bool](t, ctx, `window.stayed === true`) != true {
		t.Error("saving reloaded the whole page: htmx did not swap the form in place")
	}
	if wants() || webtest.ChromeEval[bool](t, ctx, `document.getElementById('email-calendar').checked`) {
		t.Error("calendar emails still on after unticking them")
	}
	webtest.CheckScreen(t, ctx, "profile-emails-saved-390")

	plain := chrome.New(t, 390, 844)
	chrome.DisableScripts(t, plain)
	webtest.ChromeSession(t, plain, site, alice)
	if err := chromedp.Do(plain, chromedp.Navigate(site+"/profile/emails"), chromedp.WaitVisible(`#emails-form`),
		chromedp.Click(`#email-calendar`), chromedp.Click(`#emails-form button[type="submit"]`),
		chromedp.WaitVisible(`#emails-form .notice.success`)); err != nil {
		t.Fatal(err)
	}
	if !wants() {
		t.Error("without JavaScript, ticking calendar emails again did not save")
	}
	if loc := webtest.ChromeEval[string](t, plain, `location.pathname + location.search`); loc != "/profile/emails?done=saved" {
		t.Errorf("after a plain post the browser is at %q", loc)
	}
	webtest.CheckScreen(t, plain, "profile-emails-nojs-390")
}
