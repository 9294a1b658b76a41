package books_test

import (
	"net/url"
	"strconv"
	"strings"
	"testing"

	"github.com/chromedp/chromedp"

	chrome "porch/internal/browser"
	"porch/internal/webtest"
)

// The aged-debt report at phone and desk widths: it fits, passes the
// accessibility check, takes a note inline by htmx with a mistake shown
// next to its field, and the unit's account shows the reminders sent.
func TestAgedDebtInBrowser(t *testing.T) {
	for _, size := range []struct{ w, h int }{{390, 844}, {1280, 900}} {
		t.Run(strconv.Itoa(size.w), func(t *testing.T) {
			lb := agedBook(t)
			if rec := lb.Mgr.Post("/admin/sites/"+lb.Ppl.FlatA.SitePublicID+"/reminders", url.Values{"reminder_days": {"7, 21"}}); rec.Code != 303 {
				t.Fatalf("steps: %d", rec.Code)
			}
			run := reminderJob(lb)
			run(t, "2026-04-18")
			run(t, "2026-05-02")

			ctx, site := webtest.ManagerChrome(t, lb, size.w, size.h)
			name := "aged-" + strconv.Itoa(size.w)
			if err := chromedp.Do(ctx, chromedp.Navigate(site+agedPath+"?as_at=2026-05-11"), chromedp.WaitVisible("table.aged")); err != nil {
				t.Fatal(err)
			}
			webtest.FitsWidth(t, ctx, "the aged-debt report")
			chrome.Axe(t, ctx, "aged-debt report")
			chrome.Screenshot(t, ctx, name+"-report")

			key := lb.Ppl.FlatA.PublicID + "-" + aliceLease(t, lb)
			row := "#debtor-" + key
			if err := chromedp.Do(ctx, chromedp.Click(row+" summary"), chromedp.WaitVisible("#note-"+key+"-text"),
				chromedp.SetValue("#note-"+key+"-text", "Phoned; will pay on Friday"),
				chromedp.SetValue("#note-"+key+"-next", "2150-01-01"),
				chromedp.Click(row+` form button[type="submit"]`),
				chromedp.WaitVisible("#note-"+key+"-next-error")); err != nil {
				t.Fatal(err)
			}
			if msg := webtest.ChromeEval[string](t, ctx, `document.querySelector("#note-`+key+`-next-error").textContent`); !strings.Contains(msg, "2099") {
				t.Errorf("next action message %q", msg)
			}
			chrome.Axe(t, ctx, "aged-debt report with a refused note")
			chrome.Screenshot(t, ctx, name+"-note-error")

			if err := chromedp.Do(ctx, chromedp.SetValue("#note-"+key+"-next", "2026-05-15"),
				chromedp.Click(row+` form button[type="submit"]`), chromedp.WaitVisible("#aged-report .notice.success")); err != nil {
				t.Fatal(err)
			}
			if got := webtest.ChromeEval[string](t, ctx, `document.querySelector("`+row+` .aged-note").textContent`); !strings.Contains(got, "will pay on Friday") || !strings.Contains(got, "15 May 2026") {
				t.Errorf("row after saving: %q", got)
			}
			if got := webtest.ChromeEval[string](t, ctx, `location.pathname`); got != agedPath {
				t.Errorf("htmx left the page for %q", got)
			}
			webtest.CheckScreen(t, ctx, name+"-note-saved")

			if err := chromedp.Do(ctx, chromedp.Navigate(site+lb.UnitPath()), chromedp.WaitVisible(".reminder-log")); err != nil {
				t.Fatal(err)
			}
			if got := webtest.ChromeEval[string](t, ctx, `document.querySelector(".reminder-log").textContent`); !strings.Contains(got, "Reminder 2 (21 days overdue) sent 2 May 2026 to alice@example.com") {
				t.Errorf("account's reminders: %q", got)
			}
			chrome.Axe(t, ctx, "unit account with reminders")
			webtest.CheckScreen(t, ctx, name+"-account")

			if err := chromedp.Do(ctx, chromedp.Navigate(site+"/admin/sites/"+lb.Ppl.FlatA.SitePublicID), chromedp.WaitVisible("#site-reminders"),
				chromedp.Click("#site-reminders summary"), chromedp.SetValue("#reminder-days", "21, 7"),
				chromedp.Click(`#site-reminders button[type="submit"]`), chromedp.WaitVisible("#reminder-days-error")); err != nil {
				t.Fatal(err)
			}
			chrome.Axe(t, ctx, "site page with refused reminder steps")
			webtest.CheckScreen(t, ctx, name+"-site-reminders")
		})
	}
}
