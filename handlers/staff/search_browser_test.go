package staff_test

import (
	"strconv"
	"testing"

	"github.com/chromedp/chromedp"

	chrome "porch/internal/browser"
	"porch/internal/webtest"
)

// TestSearchBoxInBrowser: on an admin page a manager types into the search
// box and the results open under it, grouped, without scrolling sideways;
// Enter opens the results page. Screenshots at phone and desk widths.
func TestSearchBoxInBrowser(t *testing.T) {
	for _, size := range []struct{ w, h int }{{390, 844}, {1280, 900}} {
		t.Run(strconv.Itoa(size.w), func(t *testing.T) {
			lb := busyAgency(t)
			ctx, site := webtest.ManagerChrome(t, lb, size.w, size.h)
			if err := chromedp.Do(ctx, chromedp.Navigate(site+"/admin/people"), chromedp.WaitVisible(`#admin-q`),
				chromedp.SendKeys(`#admin-q`, "flat"), chromedp.WaitVisible(`#admin-search-popup .search-list`)); err != nil {
				t.Fatal(err)
			}
			if n := webtest.ChromeEval[int](t, ctx, `document.querySelectorAll('#admin-search-popup .search-list a').length`); n < 2 {
				t.Errorf("%d results under the box for “flat”", n)
			}
			webtest.CheckScreen(t, ctx, "search-box-"+strconv.Itoa(size.w))
			chrome.Axe(t, ctx, "search box with results")
			if err := chromedp.Do(ctx, chromedp.SendKeys(`#admin-q`, "\r"), chromedp.WaitVisible(`main #search-results`)); err != nil {
				t.Fatal(err)
			}
			if path := webtest.ChromeEval[string](t, ctx, `location.pathname + location.search`); path != "/admin/search?q=flat" {
				t.Errorf("Enter went to %s", path)
			}
		})
	}
}
