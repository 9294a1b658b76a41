package tickets_test

import (
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"

	"github.com/chromedp/chromedp"

	chrome "porch/internal/browser"
	"porch/internal/webtest"
)

// TestQuoteApprovalInBrowser: at phone and desk widths, the manager sends
// a quote from the panel (refused once without an amount, the message by
// the field), the panel swapping in place; the owner (with JavaScript off
// at the desk width, so axe runs on the phone only) opens it, is refused a rejection without a comment, then approves.
// Nothing scrolls sideways and axe finds nothing.
func TestQuoteApprovalInBrowser(t *testing.T) {
	if testing.Short() {
		t.Skip("browser journey")
	}
	for _, size := range []struct{ w, h int }{{390, 844}, {1280, 900}} {
		t.Run(strconv.Itoa(size.w), func(t *testing.T) {
			l := newLets(t)
			ctx, site := webtest.StaffChrome(t, l.f, l.ppl.Manager, size.w, size.h)
			do := func(what string, actions ...chromedp.Action[chromedp.Void]) {
				t.Helper()
				if err := chromedp.Do(ctx, actions...); err != nil {
					t.Fatalf("%s: %v", what, err)
				}
			}
			doc := filepath.Join(t.TempDir(), "Swift quote 1042.pdf")
			if err := os.WriteFile(doc, pdf, 0o600); err != nil {
				t.Fatal(err)
			}
			name := func(what string) string { return "quote-" + what + "-" + strconv.Itoa(size.w) }

			do("open the panel", chromedp.Navigate(site+quotesPath(l.houseTick)), chromedp.WaitVisible(`#quote-ask`))
			do("send without an amount", chromedp.SendKeys(`#quote-supplier`, "Swift Plumbing & Heating"),
				chromedp.SetUploadFiles(`#quote-document`, []string{doc}),
				chromedp.Evaluate[chromedp.Void](`window.stayed = true`),
				chromedp.Click(`#quote-ask button[type="submit"]`), chromedp.WaitVisible(`#quote-amount-error`))
			webtest.CheckScreen(t, ctx, name("panel-refused"))
			chrome.Axe(t, ctx, "quotes panel with a refused amount")
			if got := webtest.ChromeEval[string](t, ctx, `document.querySelector('#desk-ticket-quotes').textContent`); !strings.Contains(got, "Document kept: Swift quote 1042.pdf") {
				t.Errorf("the document was not kept: %s", got)
			}
			do("send", chromedp.SendKeys(`#quote-amount`, "485.00"), chromedp.Click(`#quote-ask button[type="submit"]`),
				chromedp.WaitVisible(`#desk-ticket-quotes .notice.success`))
			if !webtest.ChromeEval[bool](t, ctx, `window.stayed === true`) {
				t.Error("the panel reloaded the page instead of swapping in place")
			}
			webtest.CheckScreen(t, ctx, name("panel-sent"))
			chrome.Axe(t, ctx, "quotes panel after sending")

			q := l.quoteOf(t, l.houseTick)
			if q.Amount != 48500 || !q.HasDoc() {
				t.Fatalf("sent %+v", q)
			}
			owner := chrome.New(t, size.w, size.h)
			scripts := size.w < 1000
			if !scripts {
				chrome.DisableScripts(t, owner)
			}
			axe := func(what string) {
				t.Helper()
				if scripts {
					chrome.Axe(t, owner, what)
				}
			}
			webtest.ChromeSession(t, owner, site, l.as(l.olu))
			odo := func(what string, actions ...chromedp.Action[chromedp.Void]) {
				t.Helper()
				if err := chromedp.Do(owner, actions...); err != nil {
					t.Fatalf("%s: %v", what, err)
				}
			}
			odo("open the list", chromedp.Navigate(site+"/approvals"), chromedp.WaitVisible(`.approval-list`))
			webtest.CheckScreen(t, owner, name("owner-list"))
			odo("open the quote", chromedp.Click(`.approval-link`), chromedp.WaitVisible(`#reject-form`))
			webtest.CheckScreen(t, owner, name("owner-page"))
			axe("the owner's quote")
			odo("reject without a comment", chromedp.Click(`#reject-form button[type="submit"]`), chromedp.WaitVisible(`#reject-comment-error`))
			webtest.CheckScreen(t, owner, name("owner-refused"))
			axe("the owner's refused rejection")
			odo("approve", chromedp.SendKeys(`#approve-comment`, "Fine, go ahead."), chromedp.Click(`#approve-form button[type="submit"]`),
				chromedp.WaitVisible(`#approval-decision`))
			webtest.CheckScreen(t, owner, name("owner-decided"))
			if got := webtest.ChromeEval[string](t, owner, `document.querySelector('#approval-decision').textContent`); !strings.Contains(got, "Fine, go ahead.") {
				t.Errorf("decision shown: %q", got)
			}

			do("the panel again", chromedp.Navigate(site+quotesPath(l.houseTick)), chromedp.WaitVisible(`.quote-comment`))
			webtest.CheckScreen(t, ctx, name("panel-approved"))
		})
	}
}
