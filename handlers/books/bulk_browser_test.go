package books_test

import (
	"strconv"
	"strings"
	"testing"

	"github.com/chromedp/chromedp"

	chrome "porch/internal/browser"
	"porch/internal/webtest"
)

func TestBulkDemandScreenInBrowser(t *testing.T) {
	for _, size := range []struct{ w, h int }{{390, 844}, {1280, 900}} {
		t.Run(strconv.Itoa(size.w), func(t *testing.T) {
			lb := webtest.NewLedgerBook(t)
			thirds(t, lb)
			ctx, site := webtest.ManagerChrome(t, lb, size.w, size.h)
			name := "bulk-" + strconv.Itoa(size.w)
			if err := chromedp.Do(ctx, chromedp.Navigate(site+bulkPath(lb)), chromedp.WaitVisible("#bulk-demand")); err != nil {
				t.Fatal(err)
			}
			webtest.FitsWidth(t, ctx, "the bulk demand form")
			chrome.Screenshot(t, ctx, name+"-form")

			// Bad input: the messages are swapped in next to the fields.
			if err := chromedp.Do(ctx,
				chromedp.SetValue("#bl-0-ct", lb.ChargeID("Service charge")),
				chromedp.SetValue("#bl-0-total", "12.345"),
				chromedp.SetValue("#bl-1-total", "100"),
				chromedp.SetValue("#bulk-due", "2020-01-01"),
				chromedp.Click(`#bulk-demand button[value="preview"]`),
				chromedp.WaitVisible("#bl-0-total-error")); err != nil {
				t.Fatal(err)
			}
			for _, id := range []string{"#bl-0-total-error", "#bl-1-ct-error", "#bulk-due-error"} {
				if n := webtest.ChromeEval[int](t, ctx, `document.querySelectorAll("`+id+`").length`); n != 1 {
					t.Errorf("no message %s after the swap", id)
				}
			}
			webtest.FitsWidth(t, ctx, "the refused form")
			chrome.Screenshot(t, ctx, name+"-errors")

			// Corrected: the preview, then the post.
			if err := chromedp.Do(ctx,
				chromedp.SetValue("#bl-0-total", "1,000.01"),
				chromedp.SetValue("#bl-0-desc", "Service charge, April to June 2026"),
				chromedp.SetValue("#bl-1-ct", lb.ChargeID("Reserve fund")),
				chromedp.SetValue("#bl-1-total", "333.33"),
				chromedp.SetValue("#bulk-issue", "2026-04-01"),
				chromedp.SetValue("#bulk-due", "2026-04-29"),
				chromedp.Click(`#bulk-demand button[value="preview"]`),
				chromedp.WaitVisible(".bulk-preview")); err != nil {
				t.Fatal(err)
			}
			webtest.FitsWidth(t, ctx, "the preview")
			chrome.Screenshot(t, ctx, name+"-preview")
			if err := chromedp.Do(ctx, chromedp.Click(`#bulk-demand button[value="post"]`),
				chromedp.WaitVisible("#bulk-demand .notice.success")); err != nil {
				t.Fatal(err)
			}
			if msg := webtest.ChromeEval[string](t, ctx, `document.querySelector("#bulk-demand .notice.success").textContent`); !strings.Contains(msg, "Invoices 1 to 3 raised.") {
				t.Errorf("notice %q", msg)
			}
			if got := lb.Count(`SELECT sum(total) FROM invoices`); got != 1333_34 {
				t.Errorf("posted %d", got)
			}

			// A site whose shares are off.
			if _, err := lb.F.DB("acme").Writer().Exec(`UPDATE apportionment_shares SET share_ppm = 0 WHERE unit_id = ?`, lb.Ppl.FlatB.ID); err != nil {
				t.Fatal(err)
			}
			if err := chromedp.Do(ctx, chromedp.Navigate(site+bulkPath(lb)), chromedp.WaitVisible("#bulk-demand"),
				chromedp.SetValue("#bl-0-ct", lb.ChargeID("Service charge")),
				chromedp.SetValue("#bl-0-total", "500"),
				chromedp.Click(`#bulk-demand button[value="preview"]`),
				chromedp.WaitVisible("#bulk-shares-error")); err != nil {
				t.Fatal(err)
			}
			webtest.FitsWidth(t, ctx, "the shares refusal")
			chrome.Screenshot(t, ctx, name+"-shares")
		})
	}
}
