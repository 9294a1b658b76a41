package staff_test

import (
	"strconv"
	"testing"

	"github.com/chromedp/chromedp"

	chrome "porch/internal/browser"
	"porch/internal/webtest"
)

// TestDashboardInBrowser: a manager signs in and lands on the dashboard,
// whose figures fit a phone and a desk without scrolling sideways, and
// whose overdue figure opens the filtered list. Each screen is saved as a
// screenshot.
func TestDashboardInBrowser(t *testing.T) {
	for _, size := range []struct{ w, h int }{{390, 844}, {1280, 900}} {
		t.Run(strconv.Itoa(size.w), func(t *testing.T) {
			lb := busyAgency(t)
			ctx, _ := webtest.ManagerChrome(t, lb, size.w, size.h)
			if err := chromedp.Do(ctx, chromedp.WaitVisible(`.stats.todo`)); err != nil {
				t.Fatal(err)
			}
			if path := webtest.ChromeEval[string](t, ctx, `location.pathname`); path != "/admin" {
				t.Fatalf("signed in to %s, want the dashboard", path)
			}
			webtest.CheckScreen(t, ctx, "dashboard-"+strconv.Itoa(size.w))
			chrome.Axe(t, ctx, "dashboard")
			if err := chromedp.Do(ctx, chromedp.Click(`a[href="/admin/ledger/units?show=overdue"]`),
				chromedp.WaitVisible(`#unit-rows`)); err != nil {
				t.Fatal(err)
			}
			count, err := chromedp.Run(ctx, chromedp.Text(`#unit-rows p[data-announce]`))
			if err != nil {
				t.Fatal(err)
			}
			if count != "1 of 2 units with an overdue invoice. Show all units" {
				t.Errorf("overdue list says %q", count)
			}
			webtest.CheckScreen(t, ctx, "units-overdue-"+strconv.Itoa(size.w))
		})
	}
}
