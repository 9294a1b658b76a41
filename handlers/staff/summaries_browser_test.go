package staff_test

import (
	"strconv"
	"testing"

	"github.com/chromedp/chromedp"

	chrome "porch/internal/browser"
	"porch/internal/webtest"
)

// TestDemandSummariesInBrowser: from the dashboard a manager opens the
// demand summaries, which fit a phone and a desk, and saves them.
func TestDemandSummariesInBrowser(t *testing.T) {
	for _, size := range []struct{ w, h int }{{390, 844}, {1280, 900}} {
		t.Run(strconv.Itoa(size.w), func(t *testing.T) {
			f := webtest.NewFixture(t, nil, webtest.Acme)
			ppl := f.SeedPeople("acme")
			ctx, _ := webtest.StaffChrome(t, f, ppl.Manager, size.w, size.h)
			if err := chromedp.Do(ctx, chromedp.WaitVisible(`.stats.todo`),
				chromedp.Click(`a[href="/admin/settings/demand-summaries"]`), chromedp.WaitVisible(`#summary-service_charge_wales`),
				chromedp.SetValue(`#summary-service_charge_wales`, "Taliadau Gwasanaeth – Crynodeb o hawliau a rhwymedigaethau tenantiaid")); err != nil {
				t.Fatal(err)
			}
			webtest.CheckScreen(t, ctx, "summaries-"+strconv.Itoa(size.w))
			chrome.Axe(t, ctx, "demand summaries")
			if err := chromedp.Do(ctx, chromedp.Click(`form[action="/admin/settings/demand-summaries"] button[type="submit"]`),
				chromedp.WaitVisible(`.notice.success`)); err != nil {
				t.Fatal(err)
			}
		})
	}
}
