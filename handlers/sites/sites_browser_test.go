package sites_test

import (
	"strconv"
	"testing"

	"github.com/chromedp/chromedp"

	chrome "porch/internal/browser"
	"porch/internal/webtest"
)

// TestSetUpASiteInBrowser: from the dashboard a manager adds a block with
// its freeholder for notices, then Flats 1–12 in one go, then links a
// leaseholder to Flat 1, at phone and desk widths; nothing scrolls
// sideways, each screen is saved as a screenshot.
func TestSetUpASiteInBrowser(t *testing.T) {
	for _, size := range []struct{ w, h int }{{390, 844}, {1280, 900}} {
		t.Run(strconv.Itoa(size.w), func(t *testing.T) {
			f := webtest.NewFixture(t, nil, webtest.Acme)
			ppl := f.SeedPeople("acme")
			ctx, _ := webtest.StaffChrome(t, f, ppl.Manager, size.w, size.h)
			shot := func(what string) { t.Helper(); webtest.CheckScreen(t, ctx, "sites-"+what+"-"+strconv.Itoa(size.w)) }
			if err := chromedp.Do(ctx, chromedp.WaitVisible(`.stats.todo`),
				chromedp.Click(`a[href="/admin/sites"]`), chromedp.WaitVisible(`#site-add`)); err != nil {
				t.Fatal(err)
			}
			if err := chromedp.Do(ctx,
				chromedp.SendKeys(`#new-site-name`, "Canal Wharf"),
				chromedp.SetValue(`#new-site-kind`, "block"),
				chromedp.SendKeys(`#new-site-line1`, "2 Canal Wharf"),
				chromedp.SendKeys(`#new-site-town`, "Leeds"),
				chromedp.SendKeys(`#new-site-postcode`, "LS1 4BR"),
				chromedp.SendKeys(`#new-site-landlord`, "Canal Wharf Freehold Ltd"),
				chromedp.SendKeys(`#new-site-landlord-address`, "9 Park Row\nLeeds\nLS1 5HD"),
				chromedp.SendKeys(`#new-site-year-end`, "31/12"),
				chromedp.Click(`#site-add button[type="submit"]`),
				chromedp.WaitVisible(`#unit-range`)); err != nil {
				t.Fatal(err)
			}
			shot("new")
			if err := chromedp.Do(ctx, chromedp.Click(`#unit-range summary`),
				chromedp.SetValue(`#range-prefix`, "Flat"), chromedp.SetValue(`#range-from`, "1"), chromedp.SendKeys(`#range-to`, "12")); err != nil {
				t.Fatal(err)
			}
			shot("range")
			if err := chromedp.Do(ctx, chromedp.Click(`#unit-range button[value="add"]`),
				chromedp.WaitVisible(`#site-screen table tbody tr:nth-child(12)`)); err != nil {
				t.Fatal(err)
			}
			if n := webtest.ChromeEval[int](t, ctx, `document.querySelectorAll('#site-screen table tbody tr').length`); n != 12 {
				t.Errorf("%d unit rows after adding Flats 1–12", n)
			}
			shot("site")
			chrome.Axe(t, ctx, "site page")
			if err := chromedp.Do(ctx, chromedp.Click(`#site-screen table tbody tr:first-child th a`), chromedp.WaitVisible(`#unit-link`),
				chromedp.Click(`#unit-link summary`), chromedp.SetValue(`#link-person`, ppl.Alice.PublicID),
				chromedp.SetValue(`#link-role`, "leaseholder"), chromedp.Click(`#unit-link button[type="submit"]`),
				chromedp.WaitVisible(`form[action$="/end"]`)); err != nil {
				t.Fatal(err)
			}
			shot("unit")
			chrome.Axe(t, ctx, "unit page")
		})
	}
}
