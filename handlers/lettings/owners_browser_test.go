package lettings_test

import (
	"net/url"
	"strconv"
	"strings"
	"testing"

	"github.com/chromedp/chromedp"

	"porch/internal/webtest"
)

// TestLettingsScreensInBrowser opens each lettings screen at phone and
// desktop widths: nothing may scroll sideways, and a payout beyond what
// is available is refused in place, next to the amount.
func TestLettingsScreensInBrowser(t *testing.T) {
	for _, size := range []struct{ w, h int }{{390, 844}, {1280, 900}} {
		t.Run(strconv.Itoa(size.w), func(t *testing.T) {
			lb := newLettingsBook(t)
			lb.lettingsHistory(t)
			lb.Mgr.Post(lb.ownerPath()+"/deductions", url.Values{"unit": {lb.unit.PublicID}, "due_date": {"2026-06-01"},
				"amount": {"90"}, "supplier": {"Gas Safe Co"}, "description": {"Annual gas safety certificate"}})
			ctx, site := webtest.ManagerChrome(t, lb.LedgerBook, size.w, size.h)
			shot := func(what, path, ready string) {
				t.Helper()
				if path != "" {
					if err := chromedp.Do(ctx, chromedp.Navigate(site+path), chromedp.WaitVisible(ready)); err != nil {
						t.Fatalf("%s: %v", what, err)
					}
				}
				webtest.CheckScreen(t, ctx, "lettings-"+what+"-"+strconv.Itoa(size.w))
			}
			shot("accounts", "/admin/ledger", `a[href="/admin/ledger/owners"]`)
			shot("owners", "/admin/ledger/owners", "#owner-rows")
			shot("owner", lb.ownerPath(), "#owner-account")

			if err := chromedp.Do(ctx,
				chromedp.Click("#owner-payout > summary"),
				chromedp.WaitVisible("#payout-amount"),
				chromedp.SetValue("#payout-amount", "5000"),
				chromedp.Click(`#owner-payout button[type="submit"]`),
				chromedp.WaitVisible("#payout-amount-error")); err != nil {
				t.Fatal(err)
			}
			if msg := webtest.ChromeEval[string](t, ctx, `document.querySelector("#payout-amount-error").textContent`); !strings.Contains(msg, "is available to pay Lena Landlord") {
				t.Errorf("payout refusal %q", msg)
			}
			shot("owner-payout-refused", "", "")
			if err := chromedp.Do(ctx, chromedp.Click("#owner-fee > summary"), chromedp.WaitVisible("#fee-category")); err != nil {
				t.Fatal(err)
			}
			shot("owner-fee-category", "", "")

			shot("statement", lb.ownerPath()+"/statement?from=2026-03-01&to=2026-03-31", "#owner-statement")
			shot("suppliers", "/admin/ledger/suppliers", "#suppliers")
		})
	}
}
