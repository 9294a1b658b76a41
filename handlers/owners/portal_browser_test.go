package owners_test

import (
	"strconv"
	"strings"
	"testing"

	"github.com/chromedp/chromedp"

	chrome "porch/internal/browser"
	"porch/internal/webtest"
)

// TestOwnerPortalInABrowserWithoutScript opens Lena's portfolio, 12 Albion
// Road's page and its February statement in Chromium with JavaScript off,
// at phone and desk widths: the figures are in the pages as served, the
// statement form works as a plain GET, and nothing scrolls sideways.
func TestOwnerPortalInABrowserWithoutScript(t *testing.T) {
	if testing.Short() {
		t.Skip("browser test")
	}
	p := newPortfolio(t)
	site := webtest.ChromeSite(t, p.F)
	for _, width := range []int{390, 1280} {
		ctx := chrome.New(t, width, 844)
		chrome.DisableScripts(t, ctx)
		webtest.ChromeSession(t, ctx, site, p.lenaB)
		w := strconv.Itoa(width)
		if err := chromedp.Do(ctx, chromedp.Navigate(site+"/owner")); err != nil {
			t.Fatal(err)
		}
		if n := webtest.ChromeEval[int](t, ctx, `document.querySelectorAll(".owner-card").length`); n != 2 {
			t.Errorf("at %d px the portfolio shows %d properties", width, n)
		}
		webtest.CheckScreen(t, ctx, "owner-portfolio-"+w)
		if err := chromedp.Do(ctx, chromedp.Navigate(site+propertyPath(p.albion))); err != nil {
			t.Fatal(err)
		}
		due := webtest.ChromeEval[string](t, ctx, `document.querySelector(".owner-due").textContent.replace(/\s+/g, " ").trim()`)
		if due != "Due to you £1,570.00" {
			t.Errorf("at %d px the balance says %q", width, due)
		}
		webtest.CheckScreen(t, ctx, "owner-letting-"+w)
		// The statement widget's form, posted without script.
		if err := chromedp.Do(ctx,
			chromedp.SetValue("#w-st-from", "2026-02-01"),
			chromedp.SetValue("#w-st-to", "2026-02-28"),
			chromedp.Click(`.owner-period button[type="submit"]`),
			chromedp.WaitVisible("#landlord-statement"),
		); err != nil {
			t.Fatal(err)
		}
		got := webtest.ChromeEval[string](t, ctx, `document.querySelector(".money-closing").textContent.replace(/\s+/g, " ").trim()`)
		if !strings.Contains(got, "£70.00") {
			t.Errorf("at %d px February's statement ends %q", width, got)
		}
		webtest.CheckScreen(t, ctx, "owner-statement-"+w)
	}
}
