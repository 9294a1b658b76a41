package handlers

import (
	"context"
	"net"
	"net/http/httptest"
	"net/url"
	"strconv"
	"strings"
	"testing"

	"github.com/chromedp/chromedp"

	chromium "porch/internal/browser"
)

// ownerChrome serves the fixture over HTTP at acme.localhost (Chromium
// resolves every *.localhost name to loopback) and returns a tab of the
// given size signed in as the manager, with the site's address.
func ownerChrome(t *testing.T, lb *lettingsBook, width, height int) (context.Context, string) {
	t.Helper()
	if err := lb.f.tm.AddHostname(context.Background(), "acme.localhost", "acme"); err != nil {
		t.Fatal(err)
	}
	srv := httptest.NewServer(lb.f.e)
	t.Cleanup(srv.Close)
	_, port, _ := net.SplitHostPort(srv.Listener.Addr().String())
	site := "http://acme.localhost:" + port
	ctx := chromium.New(t, width, height)
	if err := chromedp.Do(ctx, chromedp.Navigate(site+"/invite/"+lb.f.invite("acme", lb.ppl.Manager)),
		chromedp.Click(`form[action^="/invite/"] button`), chromedp.WaitVisible(`nav a[href="/admin"]`)); err != nil {
		t.Fatalf("sign in in the browser: %v", err)
	}
	return ctx, site
}

// ownerEval evaluates js in the tab.
func ownerEval[T any](t *testing.T, ctx context.Context, js string) T {
	t.Helper()
	v, err := chromedp.Run(ctx, chromedp.Evaluate[T](js))
	if err != nil {
		t.Fatalf("%s: %v", js, err)
	}
	return v
}

// TestLettingsScreensInBrowser opens each lettings screen at phone and
// desktop widths: nothing may scroll sideways, and a payout beyond what
// is available is refused in place, next to the amount.
func TestLettingsScreensInBrowser(t *testing.T) {
	for _, size := range []struct{ w, h int }{{390, 844}, {1280, 900}} {
		t.Run(strconv.Itoa(size.w), func(t *testing.T) {
			lb := newLettingsBook(t)
			lb.lettingsHistory(t)
			lb.mgr.post(lb.ownerPath()+"/deductions", url.Values{"unit": {lb.unit.PublicID}, "due_date": {"2026-06-01"},
				"amount": {"90"}, "supplier": {"Gas Safe Co"}, "description": {"Annual gas safety certificate"}})
			ctx, site := ownerChrome(t, lb, size.w, size.h)
			shot := func(what, path, ready string) {
				t.Helper()
				if path != "" {
					if err := chromedp.Do(ctx, chromedp.Navigate(site+path), chromedp.WaitVisible(ready)); err != nil {
						t.Fatalf("%s: %v", what, err)
					}
				}
				if w := ownerEval[int](t, ctx, `document.documentElement.scrollWidth`); w > size.w {
					t.Errorf("%s is %d px wide at %d: something overflows sideways", what, w, size.w)
				}
				chromium.Screenshot(t, ctx, "lettings-"+what+"-"+strconv.Itoa(size.w))
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
			if msg := ownerEval[string](t, ctx, `document.querySelector("#payout-amount-error").textContent`); !strings.Contains(msg, "is available to pay Lena Landlord") {
				t.Errorf("payout refusal %q", msg)
			}
			shot("owner-payout-refused", "", "")

			shot("statement", lb.ownerPath()+"/statement?from=2026-03-01&to=2026-03-31", "#owner-statement")
			shot("suppliers", "/admin/ledger/suppliers", "#suppliers")
		})
	}
}
