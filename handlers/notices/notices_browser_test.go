package notices_test

import (
	"strconv"
	"strings"
	"testing"

	"github.com/chromedp/chromedp"

	chrome "porch/internal/browser"
	"porch/internal/webtest"
)

// TestNoticesInBrowser: the manager writes a notice, its preview following
// the typing, and publishes it; Alice reads it on her phone, then opens it.
// Nothing scrolls sideways and axe finds nothing, at phone and desk widths.
func TestNoticesInBrowser(t *testing.T) {
	if testing.Short() {
		t.Skip("browser journey")
	}
	for _, size := range []struct{ w, h int }{{390, 844}, {1280, 900}} {
		t.Run(strconv.Itoa(size.w), func(t *testing.T) {
			e := newEstate(t, nil)
			ctx, base := webtest.StaffChrome(t, e.f, e.ppl.Manager, size.w, size.h)
			shot := func(what string) {
				t.Helper()
				webtest.CheckScreen(t, ctx, "notices-"+what+"-"+strconv.Itoa(size.w))
			}
			if err := chromedp.Do(ctx, chromedp.Navigate(base+"/admin/notices/new"), chromedp.WaitVisible(`#notice-form`),
				chromedp.SendKeys(`#notice-title`, "Roof repairs from Monday"),
				chromedp.SendKeys(`#notice-body`, "Scaffolding goes up on **Monday 9 March**.\n\n- Keep balcony doors shut\n- Parking bays 1–4 closed"),
				chromedp.WaitVisible(`#notice-preview strong`)); err != nil {
				t.Fatal(err)
			}
			if got := webtest.ChromeEval[string](t, ctx, `document.querySelector('#notice-preview strong').textContent`); got != "Monday 9 March" {
				t.Errorf("preview shows %q", got)
			}
			shot("form")
			chrome.Axe(t, ctx, "the notice form")
			if err := chromedp.Do(ctx, chromedp.Click(`input[name="sites"][value="`+e.harbourPublic+`"]`),
				chromedp.Click(`#notice-form button[type="submit"]`), chromedp.WaitVisible(`.notices-table`)); err != nil {
				t.Fatal(err)
			}
			if got := webtest.ChromeEval[string](t, ctx, `document.querySelector('.notice.success').textContent`); !strings.Contains(got, "published") {
				t.Errorf("after publishing: %q", got)
			}
			shot("list")
			chrome.Axe(t, ctx, "the notices list")

			webtest.ChromeSession(t, ctx, base, e.alice)
			if err := chromedp.Do(ctx, chromedp.Navigate(base+"/notices"), chromedp.WaitVisible(`.notice-item.unread`)); err != nil {
				t.Fatal(err)
			}
			shot("resident-list")
			chrome.Axe(t, ctx, "a resident's notices")
			if err := chromedp.Do(ctx, chromedp.Click(`.notice-link`), chromedp.WaitVisible(`.notice-full li`)); err != nil {
				t.Fatal(err)
			}
			shot("resident-notice")
			chrome.Axe(t, ctx, "a notice")
		})
	}
}
