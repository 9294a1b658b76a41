package budgets_test

import (
	"net/http"
	"strconv"
	"strings"
	"testing"

	"github.com/chromedp/chromedp"

	chrome "porch/internal/browser"
	"porch/internal/webtest"
)

// TestBudgetsInBrowser: a manager opens Budgets from the accounts page and
// the year's budget from the list, is refused an amount to a fraction of a
// penny next to its field, raises the second on-account instalment after
// its preview, reads budget and actual, and previews then posts the year
// end; at phone and desk widths, with screenshots, axe finding nothing.
func TestBudgetsInBrowser(t *testing.T) {
	for _, size := range []struct{ w, h int }{{390, 844}, {1280, 900}} {
		t.Run(strconv.Itoa(size.w), func(t *testing.T) {
			w := newWorld(t)
			budget := w.createBudget(t)
			if res := w.previewThenPost(t, budget+"/demand", w.onAccount("2", "1")); res.StatusCode != http.StatusSeeOther {
				t.Fatalf("first instalment: %d", res.StatusCode)
			}
			w.spend(t)
			ctx, site := webtest.ManagerChrome(t, w.LedgerBook, size.w, size.h)
			shot := func(what string) { t.Helper(); webtest.CheckScreen(t, ctx, "budgets-"+what+"-"+strconv.Itoa(size.w)) }
			eval := func(js string) string { t.Helper(); return webtest.ChromeEval[string](t, ctx, js) }
			click := func(sel string) {
				t.Helper()
				webtest.ChromeEval[bool](t, ctx, `(document.querySelector('`+sel+`').click(), true)`)
			}

			if err := chromedp.Do(ctx, chromedp.Navigate(site+"/admin/ledger"), chromedp.Click(`a[href="/admin/budgets"]`),
				chromedp.WaitVisible(`.budgets-list`)); err != nil {
				t.Fatal(err)
			}
			shot("list")
			chrome.Axe(t, ctx, "budgets")
			click(`.budgets-list a[href="` + budget + `"]`)
			if err := chromedp.Do(ctx, chromedp.WaitVisible(`#budget-demand`)); err != nil {
				t.Fatal(err)
			}
			shot("budget")
			chrome.Axe(t, ctx, "a budget")

			cleaning := `#b-cleaning-` + w.Main.PublicID
			if err := chromedp.Do(ctx, chromedp.SetValue(cleaning, "1200.005"), chromedp.Click(`#budget-lines button[type="submit"]`),
				chromedp.WaitVisible(cleaning+`-error`)); err != nil {
				t.Fatal(err)
			}
			if got := eval(`document.querySelector('` + cleaning + `-error').textContent`); !strings.Contains(got, "nearest penny") {
				t.Errorf("refusal: %q", got)
			}
			shot("refused")

			if err := chromedp.Do(ctx, chromedp.SetValue(`#od-instalments`, "2"), chromedp.SetValue(`#od-instalment`, "2"),
				chromedp.SetValue(`#od-issue`, "2025-07-01"), chromedp.SetValue(`#od-due`, "2025-07-31")); err != nil {
				t.Fatal(err)
			}
			click(`#budget-demand button[value="preview"]`)
			if err := chromedp.Do(ctx, chromedp.WaitVisible(`#budget-demand .bulk-preview`)); err != nil {
				t.Fatal(err)
			}
			shot("demand-preview")
			click(`#budget-demand button[value="post"]`)
			if err := chromedp.Do(ctx, chromedp.WaitVisible(`#budget-demand .notice.success`)); err != nil {
				t.Fatal(err)
			}
			if got := eval(`document.querySelector('#budget-demand .notice.success').textContent`); !strings.Contains(got, "Invoices 4 to 6 raised") {
				t.Errorf("raised: %q", got)
			}

			if err := chromedp.Do(ctx, chromedp.Navigate(site+budget+"/report"), chromedp.WaitVisible(`.budget-actual`)); err != nil {
				t.Fatal(err)
			}
			shot("report")
			chrome.Axe(t, ctx, "budget and actual")

			if err := chromedp.Do(ctx, chromedp.Navigate(site+budget+"/year-end"), chromedp.WaitVisible(`.year-end-form`)); err != nil {
				t.Fatal(err)
			}
			click(`.year-end-form button[value="preview"]`)
			if err := chromedp.Do(ctx, chromedp.WaitVisible(`.year-end-form .bulk-preview`)); err != nil {
				t.Fatal(err)
			}
			shot("yearend-preview")
			chrome.Axe(t, ctx, "the year end")
			click(`.year-end-form button[value="post"]`)
			if err := chromedp.Do(ctx, chromedp.WaitVisible(`#year-end .notice.success`)); err != nil {
				t.Fatal(err)
			}
			if got := eval(`document.querySelector('#year-end .notice.success').textContent`); !strings.Contains(got, "Main year end is posted: invoices 7 to 9") {
				t.Errorf("posted: %q", got)
			}
			shot("yearend-posted")
		})
	}
}
