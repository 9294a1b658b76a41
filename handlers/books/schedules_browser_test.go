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

func TestSchedulesScreenInBrowser(t *testing.T) {
	for _, size := range []struct{ w, h int }{{390, 844}, {1280, 900}} {
		t.Run(strconv.Itoa(size.w), func(t *testing.T) {
			lb := webtest.NewLedgerBook(t)
			id := createSchedule(t, lb, scheduleValues(lb))
			rent := scheduleValues(lb)
			rent.Set("name", "Monthly ground rent")
			rent.Set("target", "unit:"+lb.Ppl.FlatB.PublicID)
			rent.Set("charge_type", lb.ChargeID("Ground rent"))
			rent.Set("due_days", "30")
			rent.Set("amount", "25")
			rent.Set("every_months", "1")
			rent.Set("start_date", "2026-01-01")
			rentID := createSchedule(t, lb, rent)
			lb.Mgr.Post(schedulesPath+"/run", nil)
			lb.Mgr.Post(schedulesPath+"/"+rentID+"/active", url.Values{"active": {"0"}})
			reserve := scheduleValues(lb)
			reserve.Set("name", "Reserve fund contribution")
			reserve.Set("charge_type", lb.ChargeID("Reserve fund"))
			reserve.Set("every_months", "12")
			reserve.Set("start_date", "2026-06-24")
			createSchedule(t, lb, reserve)

			ctx, site := webtest.ManagerChrome(t, lb, size.w, size.h)
			name := "schedules-" + strconv.Itoa(size.w)
			if err := chromedp.Do(ctx, chromedp.Navigate(site+schedulesPath), chromedp.WaitVisible(".schedules-table")); err != nil {
				t.Fatal(err)
			}
			webtest.FitsWidth(t, ctx, "the schedules list")
			chrome.Screenshot(t, ctx, name+"-list")

			// Mistakes come back next to their fields, swapped in by htmx.
			if err := chromedp.Do(ctx,
				chromedp.SetValue("#sch-name", "Quarterly insurance"),
				chromedp.SetValue("#sch-amount", "-40"),
				chromedp.SetValue("#sch-start", ""),
				chromedp.Click(`#schedule-form button[type="submit"]`),
				chromedp.WaitVisible("#sch-amount-error")); err != nil {
				t.Fatal(err)
			}
			if msg := webtest.ChromeEval[string](t, ctx, `document.querySelector("#sch-amount-error").textContent`); !strings.Contains(msg, "negative") {
				t.Errorf("amount message %q", msg)
			}
			if v := webtest.ChromeEval[string](t, ctx, `document.querySelector("#sch-name").value`); v != "Quarterly insurance" {
				t.Errorf("name after the refusal %q", v)
			}
			webtest.FitsWidth(t, ctx, "the refused form")
			chrome.Screenshot(t, ctx, name+"-errors")

			// Raise now: the list is swapped in with the notice.
			if err := chromedp.Do(ctx, chromedp.Click(`form[action$="/schedules/run"] button`),
				chromedp.WaitVisible("#schedules .notice.success")); err != nil {
				t.Fatal(err)
			}
			if msg := webtest.ChromeEval[string](t, ctx, `document.querySelector("#schedules .notice.success").textContent`); !strings.Contains(msg, "Nothing was due") {
				t.Errorf("run notice %q", msg)
			}

			if err := chromedp.Do(ctx, chromedp.Navigate(site+schedulesPath+"/"+id), chromedp.WaitVisible("#schedule-detail")); err != nil {
				t.Fatal(err)
			}
			webtest.FitsWidth(t, ctx, "the schedule's page")
			chrome.Screenshot(t, ctx, name+"-detail")
		})
	}
}
