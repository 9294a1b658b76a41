package tickets_test

import (
	"os"
	"strconv"
	"strings"
	"testing"

	"github.com/chromedp/chromedp"

	chrome "porch/internal/browser"
	"porch/internal/webtest"
	"porch/tickets"
)

// TestDeskTicketBrowser: a manager opens a request from the list, replies
// and adds an internal note in place (the page never reloads), and
// changes its status from the header, at phone and desk widths; nothing
// scrolls sideways, axe finds nothing.
func TestDeskTicketBrowser(t *testing.T) {
	if testing.Short() || os.Getenv("CI") != "true" {
		t.Skip("browser journey: runs with CI=true")
	}
	for _, size := range []struct{ w, h int }{{1280, 900}, {390, 844}} {
		t.Run(strconv.Itoa(size.w), func(t *testing.T) {
			b, ts := deskFixture(t)
			leak := ts["leak"]
			ctx, base := webtest.StaffChrome(t, b.f, b.ppl.Manager, size.w, size.h)
			shot := func(what string) {
				t.Helper()
				webtest.CheckScreen(t, ctx, "desk-"+what+"-"+strconv.Itoa(size.w))
			}
			if err := chromedp.Do(ctx, chromedp.Navigate(base+"/admin/tickets"), chromedp.WaitVisible(`#ticket-list`)); err != nil {
				t.Fatal(err)
			}
			shot("list")
			chrome.Axe(t, ctx, "the list of requests")
			if err := chromedp.Do(ctx, chromedp.Click(`a[href="/admin/tickets/`+leak.PublicID+`"]`),
				chromedp.WaitVisible(`#reply-form`)); err != nil {
				t.Fatal(err)
			}
			webtest.ChromeEval[bool](t, ctx, `window.deskStayed = true`)

			if err := chromedp.Do(ctx, chromedp.SendKeys(`#reply-body`, "A plumber will call on Tuesday."),
				chromedp.Click(`#reply-form button[value="reply"]`),
				chromedp.WaitVisible(`#ticket-thread .notice.success`)); err != nil {
				t.Fatal(err)
			}
			if err := chromedp.Do(ctx, chromedp.SendKeys(`#reply-body`, "Landlord to be billed."),
				chromedp.Click(`#reply-form button[value="internal"]`),
				chromedp.WaitVisible(`#ticket-thread .desk-msg.internal`)); err != nil {
				t.Fatal(err)
			}
			if got := webtest.ChromeEval[string](t, ctx, `document.getElementById('reply-body').value`); got != "" {
				t.Errorf("the reply form kept %q", got)
			}
			if n := webtest.ChromeEval[int](t, ctx, `document.querySelectorAll('#ticket-thread .desk-msg').length`); n != 2 {
				t.Errorf("%d messages in the thread", n)
			}

			webtest.ChromeEval[bool](t, ctx, `(() => { const s = document.getElementById('head-status'); s.value = 'in_progress';
				return s.dispatchEvent(new Event('change', {bubbles: true})) })()`)
			if err := chromedp.Do(ctx, chromedp.WaitVisible(`#head-status.val-in_progress`)); err != nil {
				t.Fatal(err)
			}
			if !webtest.ChromeEval[bool](t, ctx, `window.deskStayed === true`) {
				t.Error("the page reloaded")
			}
			if got := b.ticket(t, leak.PublicID).Status; got != tickets.StatusInProgress {
				t.Errorf("status saved as %s", got)
			}
			if _, text := b.f.LastMail("acme", "alice@example.com"); !strings.Contains(text, "Tuesday") || strings.Contains(text, "billed") {
				t.Errorf("mail to Alice:\n%s", text)
			}
			shot("ticket")
			chrome.Axe(t, ctx, "a request's page")
			if err := chromedp.Do(ctx, chromedp.Navigate(base+"/admin/tickets/new?site="+b.ticket(t, leak.PublicID).SitePublicID),
				chromedp.WaitVisible(`#new-who`)); err != nil {
				t.Fatal(err)
			}
			shot("new")
		})
	}
}
