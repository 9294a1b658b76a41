package tickets_test

import (
	"image/color"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"

	"github.com/chromedp/chromedp"

	chrome "porch/internal/browser"
	"porch/internal/webtest"
)

// TestResidentRequestInBrowser: Alice reports a leak from her phone. The
// photo she chooses goes up at once and comes back as a thumbnail; a
// refused send keeps it; the request's page then shows it, and her list
// shows the request. At phone and desk widths nothing scrolls sideways and
// axe finds nothing.
func TestResidentRequestInBrowser(t *testing.T) {
	if testing.Short() {
		t.Skip("browser journey")
	}
	for _, size := range []struct{ w, h int }{{390, 844}, {1280, 900}} {
		t.Run(strconv.Itoa(size.w), func(t *testing.T) {
			h := newHome(t, nil)
			site := webtest.ChromeSite(t, h.f)
			ctx := chrome.New(t, size.w, size.h)
			alice := h.f.Browser("acme.localhost")
			alice.SignInAs("acme", h.ppl.Alice)
			webtest.ChromeSession(t, ctx, site, alice)
			shot := func(what string) {
				t.Helper()
				webtest.CheckScreen(t, ctx, "requests-"+what+"-"+strconv.Itoa(size.w))
			}
			jpg := filepath.Join(t.TempDir(), "ceiling.jpg")
			if err := os.WriteFile(jpg, photo(t, 1200, 900, color.RGBA{170, 60, 40, 255}), 0o600); err != nil {
				t.Fatal(err)
			}
			leak := h.category(t, "Leak or flood")
			if err := chromedp.Do(ctx, chromedp.Navigate(site+"/requests/new"), chromedp.WaitVisible(`#request-form`),
				chromedp.SetValue(`#request-category`, leak.PublicID),
				chromedp.SendKeys(`#request-description`, "Water is dripping from the bathroom light."),
				chromedp.SetUploadFiles(`#photos`, []string{jpg}),
				chromedp.WaitVisible(`#photos-field .photo-preview img`)); err != nil {
				t.Fatal(err)
			}
			if n := webtest.ChromeEval[int](t, ctx, `document.querySelector('#photos-field .photo-preview img').naturalWidth`); n == 0 {
				t.Error("the kept photo's thumbnail did not load")
			}
			if got := webtest.ChromeEval[int](t, ctx, `document.querySelector('#photos').files.length`); got != 0 {
				t.Errorf("the file input still holds %d files after they went up", got)
			}
			// No title: refused in place, the photo kept.
			if err := chromedp.Do(ctx, chromedp.Click(`#request-form button[type="submit"]`), chromedp.WaitVisible(`#request-title-error`)); err != nil {
				t.Fatal(err)
			}
			if n := webtest.ChromeEval[int](t, ctx, `document.querySelectorAll('input[name="kept_photos"]').length`); n != 1 {
				t.Errorf("%d photos kept after the refusal", n)
			}
			shot("refused")
			chrome.Axe(t, ctx, "the request form refused")
			if err := chromedp.Do(ctx, chromedp.SendKeys(`#request-title`, "Water through the ceiling"),
				chromedp.Click(`#request-form button[type="submit"]`), chromedp.WaitVisible(`.notice.success`),
				chromedp.WaitVisible(`.request-photo-list img`)); err != nil {
				t.Fatal(err)
			}
			if got := webtest.ChromeEval[string](t, ctx, `document.querySelector('.notice.success').textContent`); !strings.HasPrefix(got, "Request #1 sent") {
				t.Errorf("notice %q", got)
			}
			if _, err := chromedp.Run(ctx, chromedp.Poll[bool](`document.querySelector('.request-photo-list img').complete &&
				document.querySelector('.request-photo-list img').naturalWidth > 0`)); err != nil {
				t.Errorf("the request's thumbnail did not load: %v", err)
			}
			shot("request")
			chrome.Axe(t, ctx, "a request's page")
			h.resolve(t, h.ticket(t, strings.TrimPrefix(webtest.ChromeEval[string](t, ctx, `location.pathname`), "/requests/")))
			if err := chromedp.Do(ctx, chromedp.Reload(), chromedp.WaitVisible(`.request-answer`)); err != nil {
				t.Fatal(err)
			}
			shot("resolved")
			chrome.Axe(t, ctx, "a resolved request's page")
			if err := chromedp.Do(ctx, chromedp.Navigate(site+"/requests"), chromedp.WaitVisible(`.request-list`)); err != nil {
				t.Fatal(err)
			}
			shot("list")
			chrome.Axe(t, ctx, "the list of requests")
		})
	}
}

// TestRequestHomeChoiceInBrowser: with two homes, choosing the other one
// swaps in its site's categories without reloading the page, and the
// button that does it without JavaScript is hidden.
func TestRequestHomeChoiceInBrowser(t *testing.T) {
	if testing.Short() {
		t.Skip("browser journey")
	}
	h := newHome(t, nil)
	mews := h.secondHome(t)
	site := webtest.ChromeSite(t, h.f)
	ctx := chrome.New(t, 390, 844)
	alice := h.f.Browser("acme.localhost")
	alice.SignInAs("acme", h.ppl.Alice)
	webtest.ChromeSession(t, ctx, site, alice)
	if err := chromedp.Do(ctx, chromedp.Navigate(site+"/requests/new"), chromedp.WaitVisible(`#request-unit`)); err != nil {
		t.Fatal(err)
	}
	if webtest.ChromeEval[bool](t, ctx, `document.querySelector('button[value="categories"]').offsetParent !== null`) {
		t.Error("the button for pages without JavaScript shows")
	}
	webtest.ChromeEval[bool](t, ctx, `window.stayed = true; const u = document.querySelector('#request-unit');
		u.value = '`+mews.PublicID+`'; u.dispatchEvent(new Event('change', {bubbles: true})); true`)
	if _, err := chromedp.Run(ctx, chromedp.Poll[bool](`document.querySelectorAll('#request-category option[value]:not([value=""])').length === 1`)); err != nil {
		t.Fatalf("categories did not follow the home: %v", err)
	}
	if got := webtest.ChromeEval[string](t, ctx, `document.querySelector('#request-category option:not([value=""])').textContent`); got != "Lift" || !webtest.ChromeEval[bool](t, ctx, `window.stayed === true`) {
		t.Errorf("after choosing Flat 9: %q, page kept: %v", got, webtest.ChromeEval[bool](t, ctx, `window.stayed === true`))
	}
	webtest.CheckScreen(t, ctx, "requests-two-homes-390")
	chrome.Axe(t, ctx, "the request form for two homes")
}
