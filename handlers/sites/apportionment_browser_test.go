package sites_test

import (
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/chromedp"

	chrome "porch/internal/browser"
	"porch/internal/webtest"
)

// TestApportionmentGridInBrowser: on Harbour View's page a manager adds a
// "Car park" schedule, lands on its grid, types the shares and watches the
// running total reach 100% before saving, at desk and phone widths; the
// total never takes the focus from the share being typed, nothing scrolls
// sideways and each screen passes the accessibility check.
func TestApportionmentGridInBrowser(t *testing.T) {
	for _, size := range []struct{ w, h int }{{1280, 900}, {390, 844}} {
		t.Run(strconv.Itoa(size.w), func(t *testing.T) {
			f := webtest.NewFixture(t, nil, webtest.Acme)
			ppl := f.SeedPeople("acme")
			ctx, site := webtest.StaffChrome(t, f, ppl.Manager, size.w, size.h)
			shot := func(what string) {
				t.Helper()
				webtest.CheckScreen(t, ctx, "apportionment-"+what+"-"+strconv.Itoa(size.w))
			}
			flat1, flat2 := "#ap-share-"+ppl.FlatA.PublicID, "#ap-share-"+ppl.FlatB.PublicID
			if err := chromedp.Do(ctx, chromedp.Navigate(site+"/admin/sites/"+ppl.FlatA.SitePublicID),
				chromedp.WaitVisible(`.ap-list`), chromedp.Click(`#ap-add summary`),
				chromedp.SendKeys(`#ap-new-name`, "Car park"), chromedp.Click(`#ap-add button[type="submit"]`),
				chromedp.WaitVisible(flat1)); err != nil {
				t.Fatal(err)
			}
			shot("new")
			total := func() string {
				return webtest.ChromeEval[string](t, ctx, `document.querySelector('#ap-total').textContent`)
			}
			typed := func(sel, keys, until string) {
				t.Helper()
				if err := chromedp.Do(ctx, chromedp.SendKeys(sel, keys)); err != nil {
					t.Fatal(err)
				}
				if id := webtest.ChromeEval[string](t, ctx, `document.activeElement.id`); "#"+id != sel {
					t.Errorf("focus left the share being typed for %q", id)
				}
				if _, err := chromedp.Run(ctx, chromedp.Poll[bool](until, chromedp.WithPollingTimeout(10*time.Second))); err != nil {
					t.Fatalf("running total after %s: %q (input %q): %v", keys, total(),
						webtest.ChromeEval[string](t, ctx, `document.querySelector('`+sel+`').value`), err)
				}
			}
			typed(flat1, "30", `document.querySelector('#ap-total').textContent.includes('Total 30%')`)
			if txt := total(); !strings.Contains(txt, "70% short of 100%") {
				t.Errorf("running total %q", txt)
			}
			typed(flat2, "70", `document.querySelector('#ap-total .badge.ok') !== null`)
			shot("typed")
			chrome.Axe(t, ctx, "apportionment grid")
			if err := chromedp.Do(ctx, chromedp.Click(`#ap-grid button[value="save"]`),
				chromedp.WaitVisible(`#ap-screen .notice.success`)); err != nil {
				t.Fatal(err)
			}
			if v := webtest.ChromeEval[string](t, ctx, `document.querySelector('`+flat2+`').value`); v != "70" {
				t.Errorf("Flat 2 shows %q after saving", v)
			}
			if err := chromedp.Do(ctx, chromedp.Click(`.breadcrumbs a:last-child`), chromedp.WaitVisible(`.ap-list`)); err != nil {
				t.Fatal(err)
			}
			if li := webtest.ChromeEval[string](t, ctx, `document.querySelectorAll('.ap-list li')[1].textContent`); !strings.Contains(li, "Car park") ||
				!strings.Contains(li, "100%") {
				t.Errorf("site lists %q", li)
			}
			shot("site")
			chrome.Axe(t, ctx, "site page with schedules")
		})
	}
}
