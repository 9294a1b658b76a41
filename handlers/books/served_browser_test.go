package books_test

import (
	"strconv"
	"strings"
	"testing"

	"github.com/chromedp/chromedp"

	chrome "porch/internal/browser"
	"porch/internal/webtest"
)

// The served page of a bulk demand and the charge types with their kinds
// in law fit a phone and a desk, and pass the accessibility check.
func TestServedAndChargesInBrowser(t *testing.T) {
	for _, size := range []struct{ w, h int }{{390, 844}, {1280, 900}} {
		t.Run(strconv.Itoa(size.w), func(t *testing.T) {
			lb, done := raiseServedBulk(t)
			ctx, site := webtest.ManagerChrome(t, lb, size.w, size.h)
			name := "served-" + strconv.Itoa(size.w)
			if err := chromedp.Do(ctx, chromedp.Navigate(site+done), chromedp.WaitVisible(".notice.success a"),
				chromedp.Click(".notice.success a"), chromedp.WaitVisible("#served-run")); err != nil {
				t.Fatal(err)
			}
			if got := webtest.ChromeEval[string](t, ctx, `document.querySelector("#served-progress-text").textContent`); !strings.Contains(got, "0 of 2 emails sent") {
				t.Errorf("progress %q", got)
			}
			webtest.FitsWidth(t, ctx, "the served page")
			chrome.Axe(t, ctx, name)
			chrome.Screenshot(t, ctx, name)

			if err := chromedp.Do(ctx, chromedp.Navigate(site+"/admin/ledger/charges"), chromedp.WaitVisible("#ledger-charges")); err != nil {
				t.Fatal(err)
			}
			webtest.FitsWidth(t, ctx, "the charge types")
			chrome.Axe(t, ctx, "charges-"+strconv.Itoa(size.w))
			chrome.Screenshot(t, ctx, "charges-"+strconv.Itoa(size.w))
		})
	}
}
