package properties_test

import (
	"strconv"
	"strings"
	"testing"

	"github.com/chromedp/chromedp"

	chrome "porch/internal/browser"
	"porch/internal/webtest"
	"porch/owners"
)

// TestBrowserPropertyOwnerPortal: an administrator opens Flat 1's owner
// portal page from its unit page, links Dan (who has a photo) as its
// property manager in place, sees the card Alice will see, hides one part
// of the page for this property only, is refused a link with no member
// of staff chosen, next to the field, and opens the organisation's
// settings from the page; at phone and desk widths,
// with screenshots, axe finding nothing.
func TestBrowserPropertyOwnerPortal(t *testing.T) {
	for _, size := range []struct{ w, h int }{{390, 844}, {1280, 900}} {
		t.Run(strconv.Itoa(size.w), func(t *testing.T) {
			p := newPortal(t)
			if rec := p.admin.PostFiles("/admin/settings/team/"+p.dan.PublicID+"/photo", nil,
				[]webtest.File{{Field: "photo", Name: "dan.png", Data: webtest.PNG(t)}}); rec.Code != 303 {
				t.Fatalf("photo: %d", rec.Code)
			}
			ctx, site := webtest.StaffChrome(t, p.f, p.ppl.Manager, size.w, size.h)
			shot := func(what string) { t.Helper(); webtest.CheckScreen(t, ctx, "property-"+what+"-"+strconv.Itoa(size.w)) }
			eval := func(js string) string { t.Helper(); return webtest.ChromeEval[string](t, ctx, js) }
			click := func(sel string) {
				t.Helper()
				webtest.ChromeEval[bool](t, ctx, `(document.querySelector('`+sel+`').click(), true)`)
			}
			unit := "/admin/sites/" + p.ppl.FlatA.SitePublicID + "/units/" + p.ppl.FlatA.PublicID
			if err := chromedp.Do(ctx, chromedp.Navigate(site+unit), chromedp.Click(`a[href="`+propertyPath(p.ppl.FlatA)+`"]`),
				chromedp.WaitVisible(`.property-link`)); err != nil {
				t.Fatal(err)
			}
			shot("page")
			chrome.Axe(t, ctx, "a property's owner portal")

			click(`.property-link button[type="submit"]`)
			if err := chromedp.Do(ctx, chromedp.WaitVisible(`#property-link-person-error`)); err != nil {
				t.Fatal(err)
			}
			if got := eval(`document.getElementById('property-link-person-error').textContent`); got != "Choose a current member of staff." {
				t.Errorf("refusal: %q", got)
			}
			shot("refused")
			chrome.Axe(t, ctx, "a refused link")

			if err := chromedp.Do(ctx, chromedp.SetValue(`#property-link-person`, p.dan.PublicID),
				chromedp.SetValue(`#property-link-role`, owners.RolePropertyManager)); err != nil {
				t.Fatal(err)
			}
			click(`.property-link button[type="submit"]`)
			if err := chromedp.Do(ctx, chromedp.WaitVisible(`.property-card-preview .owner-team-photo`)); err != nil {
				t.Fatal(err)
			}
			if got := eval(`document.querySelector('.owner-team-who').textContent.replace(/\s+/g, ' ').trim()`); got != "Dan Okonjo Property manager" {
				t.Errorf("card: %q", got)
			}
			// The photo loads lazily: bring it into view first.
			if err := chromedp.Do(ctx, chromedp.ScrollIntoView(`.owner-team-photo`)); err != nil {
				t.Fatal(err)
			}
			if _, err := chromedp.Run(ctx, chromedp.Poll[bool](`document.querySelector('.owner-team-photo').complete && document.querySelector('.owner-team-photo').naturalWidth > 0`,
				chromedp.WithPollingTimeout(5e9))); err != nil {
				t.Errorf("Dan's photo did not load: %v", err)
			}
			shot("linked")

			click(`#property-widgets input[value="choose"]`)
			click(`#property-widget-tenant`)
			click(`.property-portal button[type="submit"]`)
			if _, err := chromedp.Run(ctx, chromedp.Poll[bool](`document.querySelector('#property-screen .notice.success').textContent.includes("owners see")`,
				chromedp.WithPollingTimeout(5e9))); err != nil {
				t.Fatal(err)
			}
			if got := eval(`document.querySelector('#property-screen dl.details').textContent`); strings.Contains(got, "Tenant balance") || !strings.Contains(got, "Property statement") {
				t.Errorf("after hiding the tenant balance: %q", got)
			}
			shot("override")
			chrome.Axe(t, ctx, "a property with its own choice")

			// The organisation's settings, from the link under the form.
			click(`.property-setup a[href="/admin/settings/owner-portal"]`)
			if err := chromedp.Do(ctx, chromedp.WaitVisible(`#owner-portal-settings`)); err != nil {
				t.Fatal(err)
			}
			shot("settings")
			chrome.Axe(t, ctx, "the owner portal settings")
		})
	}
}
