package tickets_test

import (
	"image/color"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/chromedp/chromedp"

	chrome "porch/internal/browser"
	"porch/internal/webtest"
)

// TestRequestJourneyInBrowser is a request from end to end: Alice reports
// a leak with a photo from her phone; the manager, at a desk, opens it,
// sees the photo and replies without the page reloading; Alice, back on
// her phone, reads the reply on her request's page beside her photo's
// thumbnail.
func TestRequestJourneyInBrowser(t *testing.T) {
	if testing.Short() {
		t.Skip("browser journey")
	}
	h := newHome(t, nil)
	site := webtest.ChromeSite(t, h.f)
	ctx := chrome.New(t, 390, 844)
	alice := h.f.Browser("acme.localhost")
	alice.SignInAs("acme", h.ppl.Alice)
	manager := h.f.Browser("acme.localhost")
	manager.SignInAs("acme", h.ppl.Manager)

	// Alice, on her phone.
	webtest.ChromeSession(t, ctx, site, alice)
	jpg := filepath.Join(t.TempDir(), "ceiling.jpg")
	if err := os.WriteFile(jpg, photo(t, 1600, 1200, color.RGBA{150, 110, 60, 255}), 0o600); err != nil {
		t.Fatal(err)
	}
	leak := h.category(t, "Leak or flood")
	if err := chromedp.Do(ctx, chromedp.Navigate(site+"/requests/new"), chromedp.WaitVisible(`#request-form`),
		chromedp.SetValue(`#request-category`, leak.PublicID),
		chromedp.SendKeys(`#request-title`, "Water through the ceiling"),
		chromedp.SendKeys(`#request-description`, "Dripping from the bathroom light since this morning."),
		chromedp.SetUploadFiles(`#photos`, []string{jpg}),
		chromedp.WaitVisible(`#photos-field .photo-preview img`),
		chromedp.Click(`#request-form button[type="submit"]`),
		chromedp.WaitVisible(`.request-photo-list img`)); err != nil {
		t.Fatal(err)
	}
	webtest.CheckScreen(t, ctx, "journey-raised-390")
	path := webtest.ChromeEval[string](t, ctx, `location.pathname`)
	id := strings.TrimPrefix(path, "/requests/")

	// The manager, at a desk: the reply goes in without a reload.
	webtest.ChromeSession(t, ctx, site, manager)
	if err := chromedp.Do(ctx, chromedp.EmulateViewport(1280, 900), chromedp.Navigate(site+"/admin/tickets/"+id),
		chromedp.WaitVisible(`#reply-form`)); err != nil {
		t.Fatal(err)
	}
	if _, err := chromedp.Run(ctx, chromedp.Poll[bool](`[...document.querySelectorAll('main img')].some(i => i.complete && i.naturalWidth > 0)`)); err != nil {
		t.Errorf("the manager does not see the photo: %v", err)
	}
	webtest.ChromeEval[bool](t, ctx, `window.stayed = true`)
	if err := chromedp.Do(ctx, chromedp.SendKeys(`#reply-body`, "Sorry about this. A plumber will call tomorrow morning."),
		chromedp.Click(`#reply-form button[value="reply"]`), chromedp.WaitVisible(`#ticket-thread .notice.success`)); err != nil {
		t.Fatal(err)
	}
	if !webtest.ChromeEval[bool](t, ctx, `window.stayed === true`) {
		t.Error("replying reloaded the page")
	}
	webtest.CheckScreen(t, ctx, "journey-replied-1280")
	chrome.Axe(t, ctx, "the ticket after a reply")

	// Alice again, on her phone: the reply and her photo.
	webtest.ChromeSession(t, ctx, site, alice)
	if err := chromedp.Do(ctx, chromedp.EmulateViewport(390, 844), chromedp.Navigate(site+path),
		chromedp.WaitVisible(`.request-photo-list img`)); err != nil {
		t.Fatal(err)
	}
	if got := webtest.ChromeEval[string](t, ctx, `document.querySelector('main').innerText`); !strings.Contains(got, "A plumber will call tomorrow morning.") {
		t.Errorf("Alice does not see the reply:\n%s", got)
	}
	if _, err := chromedp.Run(ctx, chromedp.Poll[bool](`document.querySelector('.request-photo-list img').complete &&
		document.querySelector('.request-photo-list img').naturalWidth > 0`)); err != nil {
		t.Errorf("Alice's thumbnail did not load: %v", err)
	}
	webtest.CheckScreen(t, ctx, "journey-reply-read-390")
	chrome.Axe(t, ctx, "the request with the manager's reply")
}
