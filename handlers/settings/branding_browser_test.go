package settings_test

import (
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/chromedp"

	chrome "porch/internal/browser"
	"porch/internal/webtest"
)

// TestBrandingPreviewInBrowser: an administrator opens Branding from the
// dashboard and types: the preview's header, button and card take the
// colour and name as typed, the email frame follows, a colour too light
// for white text brings the nearest that passes beside the field, and one
// click puts it in; at phone and desk widths, axe finding nothing.
func TestBrandingPreviewInBrowser(t *testing.T) {
	const headerBG = `getComputedStyle(document.querySelector('.bp-header')).backgroundColor`
	for _, size := range []struct{ w, h int }{{390, 844}, {1280, 900}} {
		t.Run(strconv.Itoa(size.w), func(t *testing.T) {
			f := webtest.NewFixture(t, nil, webtest.Acme)
			ppl := f.SeedPeople("acme")
			ctx, site := webtest.StaffChrome(t, f, ppl.Manager, size.w, size.h)
			shot := func(what string) { t.Helper(); webtest.CheckScreen(t, ctx, "branding-"+what+"-"+strconv.Itoa(size.w)) }
			eval := func(js string) string { t.Helper(); return webtest.ChromeEval[string](t, ctx, js) }
			// waitFor polls a JavaScript condition until it holds.
			waitFor := func(what, js string) {
				t.Helper()
				if _, err := chromedp.Run(ctx, chromedp.Poll[bool](js, chromedp.WithPollingTimeout(10*time.Second))); err != nil {
					t.Fatalf("%s: %v (header %s)", what, err, webtest.ChromeEval[string](t, ctx, headerBG))
				}
			}
			if err := chromedp.Do(ctx, chromedp.Navigate(site+"/admin"), chromedp.Click(`a[href="/admin/settings/branding"]`),
				chromedp.WaitVisible(`#branding-preview .bp-header`)); err != nil {
				t.Fatal(err)
			}
			waitFor("the saved colour", headerBG+` === 'rgb(15, 110, 110)'`)
			chrome.Axe(t, ctx, "branding")

			type_ := func(sel, text string) {
				t.Helper()
				webtest.ChromeEval[bool](t, ctx, `(() => { document.querySelector('`+sel+`').value = ''; return true })()`)
				if err := chromedp.Do(ctx, chromedp.SendKeys(sel, text)); err != nil {
					t.Fatal(err)
				}
			}
			type_(`#branding-primary_colour`, "#8b1d5e")
			waitFor("the typed colour in the header", headerBG+` === 'rgb(139, 29, 94)'`)
			if got := eval(`getComputedStyle(document.querySelector('.bp-button')).backgroundColor`); got != "rgb(139, 29, 94)" {
				t.Errorf("preview button %s", got)
			}
			if src := eval(`document.querySelector('#branding-preview iframe').getAttribute('src')`); !strings.Contains(src, "c=8b1d5e") {
				t.Errorf("email frame %s", src)
			}
			type_(`#branding-name`, "Harbour Homes")
			waitFor("the typed name", `document.querySelector('.bp-name').textContent === 'Harbour Homes'`)
			shot("typed")

			type_(`#branding-primary_colour`, "#ffcc00")
			waitFor("the suggestion", `!!document.querySelector('#colour-advice button[value="#907300"]')`)
			waitFor("the typed colour as a swatch", `getComputedStyle(document.querySelector('.bp-typed')).backgroundColor === 'rgb(255, 204, 0)'`)
			waitFor("text on the nearest colour that passes", headerBG+` === 'rgb(144, 115, 0)'`)
			shot("too-light")
			chrome.Axe(t, ctx, "branding with a colour too light")
			if err := chromedp.Do(ctx, chromedp.Click(`#colour-advice button`)); err != nil {
				t.Fatal(err)
			}
			waitFor("the suggestion used", `document.getElementById('branding-primary_colour').value === '#907300'`)
			waitFor("the suggestion previewed", `!document.querySelector('.bp-note') && !document.querySelector('#colour-advice button')`)

			if err := chromedp.Do(ctx, chromedp.Click(`#branding-form button.primary`), chromedp.WaitVisible(`.notice.success`)); err != nil {
				t.Fatal(err)
			}
			if got := eval(`document.querySelector('.brand-name').textContent.trim()`); got != "Harbour Homes" {
				t.Errorf("after saving, the header says %q", got)
			}
			// The email frame paints once it is on screen.
			if err := chromedp.Do(ctx, chromedp.ScrollIntoView(`#branding-preview iframe`), chromedp.Sleep(300*time.Millisecond)); err != nil {
				t.Fatal(err)
			}
			shot("saved")
		})
	}
}
