package staff_test

import (
	"strconv"
	"strings"
	"testing"

	"github.com/chromedp/chromedp"

	chrome "porch/internal/browser"
	"porch/internal/webtest"
)

// TestAddPersonInBrowser: a manager adds a company landlord from the
// people list, is refused a title for it next to the field, fixes it and
// lands on its page, then opens the details form; at phone and desk
// widths, with screenshots.
func TestAddPersonInBrowser(t *testing.T) {
	for _, size := range []struct{ w, h int }{{390, 844}, {1280, 900}} {
		t.Run(strconv.Itoa(size.w), func(t *testing.T) {
			f := webtest.NewFixture(t, nil, webtest.Acme)
			ppl := f.SeedPeople("acme")
			ctx, site := webtest.StaffChrome(t, f, ppl.Manager, size.w, size.h)
			shot := func(what string) { t.Helper(); webtest.CheckScreen(t, ctx, "person-"+what+"-"+strconv.Itoa(size.w)) }
			if err := chromedp.Do(ctx, chromedp.Navigate(site+"/admin/people"), chromedp.Click(`a[href="/admin/people/new"]`),
				chromedp.WaitVisible(`#person-new`),
				chromedp.Click(`input[name="kind"][value="company"]`),
				chromedp.SendKeys(`#person-title`, "Mr"),
				chromedp.SendKeys(`#person-name`, "Harbour Freehold Ltd"),
				chromedp.SendKeys(`#person-email`, "accounts@harbour-freehold.example"),
				chromedp.Click(`#person-new button[type="submit"]`),
				chromedp.WaitVisible(`#person-title-error`)); err != nil {
				t.Fatal(err)
			}
			shot("refused")
			webtest.ChromeEval[bool](t, ctx, `(document.querySelector('#person-title').value = '') === ''`)
			if err := chromedp.Do(ctx, chromedp.Click(`#person-new button[type="submit"]`),
				chromedp.WaitVisible(`#person-details`), chromedp.Click(`#person-details summary`)); err != nil {
				t.Fatal(err)
			}
			if h := webtest.ChromeEval[string](t, ctx, `document.querySelector('h1').textContent`); !strings.Contains(h, "Harbour Freehold Ltd") {
				t.Errorf("landed on %q", h)
			}
			shot("page")
			chrome.Axe(t, ctx, "person page")
		})
	}
}
