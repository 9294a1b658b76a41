package calendar_test

import (
	"strconv"
	"testing"

	"github.com/chromedp/chromedp"

	chrome "porch/internal/browser"
	"porch/internal/webtest"
)

// TestCalendarInBrowser: the manager plans a fire alarm test in the form,
// then Alice sees it on her phone and makes her calendar address. Nothing
// scrolls sideways and axe finds nothing, at phone and desk widths.
func TestCalendarInBrowser(t *testing.T) {
	if testing.Short() {
		t.Skip("browser journey")
	}
	for _, size := range []struct{ w, h int }{{390, 844}, {1280, 900}} {
		t.Run(strconv.Itoa(size.w), func(t *testing.T) {
			b := newBlock(t)
			ctx, base := webtest.StaffChrome(t, b.f, b.ppl.Manager, size.w, size.h)
			shot := func(what string) {
				t.Helper()
				webtest.CheckScreen(t, ctx, "calendar-"+what+"-"+strconv.Itoa(size.w))
			}
			if err := chromedp.Do(ctx, chromedp.Navigate(base+"/admin/calendar/new?site="+b.site), chromedp.WaitVisible(`#event-form`),
				chromedp.SetValue(`#event-kind`, "fire_alarm"), chromedp.SendKeys(`#event-title`, "Fire alarm test"),
				chromedp.SetValue(`#event-start-date`, "2026-03-19"), chromedp.SetValue(`#event-start-time`, "10:00"),
				chromedp.SetValue(`#event-end-time`, "10:30")); err != nil {
				t.Fatal(err)
			}
			shot("form")
			chrome.Axe(t, ctx, "the event form")
			if err := chromedp.Do(ctx, chromedp.Click(`#event-form button[type="submit"]`), chromedp.WaitVisible(`.events-table`)); err != nil {
				t.Fatal(err)
			}
			shot("list")
			chrome.Axe(t, ctx, "the building calendar")

			webtest.ChromeSession(t, ctx, base, b.alice)
			if err := chromedp.Do(ctx, chromedp.Navigate(base+"/calendar"), chromedp.WaitVisible(`.event-item`),
				chromedp.Click(`#calendar-feed button`), chromedp.WaitVisible(`#feed-url`)); err != nil {
				t.Fatal(err)
			}
			shot("resident")
			chrome.Axe(t, ctx, "a resident's calendar")
		})
	}
}
