package sites_test

import (
	"strconv"
	"testing"

	"github.com/chromedp/chromedp"

	chrome "porch/internal/browser"
	"porch/internal/webtest"
)

// TestSiteSettingsInBrowser opens a site's settings from its page at
// phone and desk widths, closes a folder to residents in place with htmx
// and is refused a landlord without an address beside the field; with
// screenshots, axe finding nothing, nothing wider than the screen.
func TestSiteSettingsInBrowser(t *testing.T) {
	if testing.Short() {
		t.Skip("browser test")
	}
	for _, size := range []struct{ w, h int }{{390, 844}, {1280, 900}} {
		t.Run(strconv.Itoa(size.w), func(t *testing.T) {
			b := newSettings(t)
			ctx, site := webtest.StaffChrome(t, b.f, b.ppl.Manager, size.w, size.h)
			shot := func(what string) {
				t.Helper()
				webtest.CheckScreen(t, ctx, "site-settings-"+what+"-"+strconv.Itoa(size.w))
			}
			if err := chromedp.Do(ctx, chromedp.Navigate(site+"/admin/sites/"+b.ppl.FlatA.SitePublicID),
				chromedp.Click(`.site-settings-link a`), chromedp.WaitVisible(`#settings-folders`)); err != nil {
				t.Fatal(err)
			}
			shot("page")
			chrome.Axe(t, ctx, "site settings")
			webtest.ChromeEval[bool](t, ctx, `window.stayed = true`)
			rules := b.folders(t)["Building rules"].PublicID
			if err := chromedp.Do(ctx, chromedp.Click(`#settings-folders input[name="residents"][value="`+rules+`"]`),
				chromedp.Click(`#settings-folders button[type="submit"]`), chromedp.WaitVisible(`#settings-folders .notice.success`)); err != nil {
				t.Fatal(err)
			}
			if !webtest.ChromeEval[bool](t, ctx, `window.stayed === true`) || b.folders(t)["Building rules"].ResidentsSee {
				t.Error("the folder was not closed in place")
			}
			if err := chromedp.Do(ctx, chromedp.SetValue(`#settings-landlord-name`, "Harbour Freehold Ltd"),
				chromedp.Click(`#settings-statutory button[type="submit"]`), chromedp.WaitVisible(`#settings-landlord-address-error`)); err != nil {
				t.Fatal(err)
			}
			shot("refused")
			chrome.Axe(t, ctx, "site settings with a refused section")
		})
	}
}
