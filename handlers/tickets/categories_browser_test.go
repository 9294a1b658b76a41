package tickets_test

import (
	"strconv"
	"testing"

	"github.com/chromedp/chromedp"

	chrome "porch/internal/browser"
	"porch/internal/webtest"
)

// TestCategoriesInBrowser: a manager adds a category with the name of one
// in use (the message appears next to the field, what was typed kept), then a
// good one, retires Lift, and unticks Parking on the block's allow-list,
// at phone and desk widths; nothing scrolls sideways, axe finds nothing.
func TestCategoriesInBrowser(t *testing.T) {
	if testing.Short() {
		t.Skip("browser journey")
	}
	for _, size := range []struct{ w, h int }{{390, 844}, {1280, 900}} {
		t.Run(strconv.Itoa(size.w), func(t *testing.T) {
			f := webtest.NewFixture(t, nil, webtest.Acme)
			ppl := f.SeedPeople("acme")
			b := &book{f: f, ppl: ppl}
			ctx, base := webtest.StaffChrome(t, f, ppl.Manager, size.w, size.h)
			shot := func(what string) {
				t.Helper()
				webtest.CheckScreen(t, ctx, "ticket-categories-"+what+"-"+strconv.Itoa(size.w))
			}
			if err := chromedp.Do(ctx, chromedp.Navigate(base+page), chromedp.WaitVisible(`#category-add`)); err != nil {
				t.Fatal(err)
			}
			if err := chromedp.Do(ctx, chromedp.SendKeys(`#new-category`, "lift"),
				chromedp.Click(`#category-add button[type="submit"]`), chromedp.WaitVisible(`#new-category-error`)); err != nil {
				t.Fatal(err)
			}
			if got := webtest.ChromeEval[string](t, ctx, `document.getElementById('new-category').value`); got != "lift" {
				t.Errorf("typed name not kept: %q", got)
			}
			shot("refused")
			chrome.Axe(t, ctx, "categories with a refused name")
			if err := chromedp.Do(ctx, chromedp.SetValue(`#new-category`, "Gates and barriers"),
				chromedp.Click(`#category-add button[type="submit"]`), chromedp.WaitVisible(`#categories-screen .notice.success`)); err != nil {
				t.Fatal(err)
			}
			lift := b.category(t, "Lift")
			// The add redrew the whole screen: until htmx has settled and
			// focus has moved to the new screen (scrolling it), a click
			// may land where the button was.
			if _, err := chromedp.Run(ctx, chromedp.Poll[bool](`!document.querySelector('.htmx-settling, .htmx-swapping, .htmx-request') &&
				document.getElementById('categories-screen').contains(document.activeElement)`)); err != nil {
				t.Fatal(err)
			}
			if err := chromedp.Do(ctx, chromedp.Click(`form[action$="/`+lift.PublicID+`/retire"] button`),
				chromedp.WaitVisible(`#cat-retired-heading`)); err != nil {
				t.Fatal(err)
			}
			if got := webtest.ChromeEval[string](t, ctx, `document.querySelector('section[aria-labelledby="cat-retired-heading"] .category-name').textContent`); got != "Lift" {
				t.Errorf("retired: %q", got)
			}
			shot("list")
			chrome.Axe(t, ctx, "categories")

			parking := b.category(t, "Parking")
			if err := chromedp.Do(ctx, chromedp.Navigate(base+sitePath(t, b)), chromedp.WaitVisible(`#settings-categories`),
				chromedp.Click(`#settings-cat-`+parking.PublicID), chromedp.Click(`#settings-categories button[type="submit"]`),
				chromedp.WaitVisible(`#settings-categories .notice.success`)); err != nil {
				t.Fatal(err)
			}
			if n := webtest.ChromeEval[int](t, ctx, `document.querySelectorAll('#settings-categories input:checked').length`); n != 11 {
				t.Errorf("%d ticked after unticking Parking (Lift is retired, Gates added)", n)
			}
			shot("site")
			chrome.Axe(t, ctx, "a site's request categories")
		})
	}
}
