package webtest

import (
	"context"
	"net"
	"net/http"
	"net/http/httptest"
	"testing"

	"github.com/chromedp/cdproto/cdp"
	"github.com/chromedp/cdproto/network"
	"github.com/chromedp/chromedp"

	"porch/estate"
	chrome "porch/internal/browser"
)

// ChromeSite serves the fixture over HTTP at acme.localhost (Chromium
// resolves every *.localhost name to loopback) until the test ends, and
// returns the site's address.
func ChromeSite(t *testing.T, f *Fixture) string {
	t.Helper()
	if err := f.Tenants.AddHostname(context.Background(), "acme.localhost", "acme"); err != nil {
		t.Fatal(err)
	}
	srv := httptest.NewUnstartedServer(nil)
	_, port, _ := net.SplitHostPort(srv.Listener.Addr().String())
	site := "http://acme.localhost:" + port
	// Links in mail and pages point at the address the browser reaches.
	f.Cfg.PortalURL = func(slug string) string { return "http://" + slug + ".localhost:" + port }
	f.Rebuild()
	srv.Config.Handler = http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) { f.Echo.ServeHTTP(w, r) })
	srv.Start()
	t.Cleanup(srv.Close)
	return site
}

// ManagerChrome serves the book's fixture and returns a tab of the given
// size signed in as its manager by accepting an invitation, with the
// site's address.
func ManagerChrome(t *testing.T, lb *LedgerBook, width, height int) (context.Context, string) {
	t.Helper()
	return StaffChrome(t, lb.F, lb.Ppl.Manager, width, height)
}

// StaffChrome serves the fixture and returns a tab of the given size
// signed in as the member of staff p by accepting an invitation (they
// land on the admin dashboard), with the site's address.
func StaffChrome(t *testing.T, f *Fixture, p estate.Person, width, height int) (context.Context, string) {
	t.Helper()
	site := ChromeSite(t, f)
	ctx := chrome.New(t, width, height)
	if err := chromedp.Do(ctx, chromedp.Navigate(site+"/invite/"+f.Invite("acme", p)),
		chromedp.Click(`form[action^="/invite/"] button`), chromedp.WaitVisible(`nav a[href="/admin"]`)); err != nil {
		t.Fatalf("sign in in the browser: %v", err)
	}
	return ctx, site
}

// ChromeSession hands the tab the session of the test client b, in place
// of any it had: the tab is then signed in as b is.
func ChromeSession(t *testing.T, ctx context.Context, site string, b *Browser) {
	t.Helper()
	_, err := chromedp.Run(ctx, func(ctx context.Context, tg *chromedp.Target) (cdp.Empty, error) {
		if _, err := cdp.Call(ctx, tg, network.ClearBrowserCookies, cdp.Empty{}); err != nil {
			return cdp.Empty{}, err
		}
		for _, c := range b.Jar.Cookies(b.URL("/")) {
			if _, err := cdp.Call(ctx, tg, network.SetCookie, network.SetCookieParams{Name: c.Name, Value: c.Value, URL: site + "/"}); err != nil {
				return cdp.Empty{}, err
			}
		}
		return cdp.Empty{}, nil
	})
	if err != nil {
		t.Fatal(err)
	}
}

// ChromeEval evaluates js in the tab.
func ChromeEval[T any](t *testing.T, ctx context.Context, js string) T {
	t.Helper()
	v, err := chromedp.Run(ctx, chromedp.Evaluate[T](js))
	if err != nil {
		t.Fatalf("%s: %v", js, err)
	}
	return v
}

// FitsWidth fails the test if the page in the tab scrolls sideways.
func FitsWidth(t *testing.T, ctx context.Context, what string) {
	t.Helper()
	w := ChromeEval[[]int](t, ctx, `[document.documentElement.scrollWidth, document.documentElement.clientWidth]`)
	if w[0] > w[1] {
		t.Errorf("%s is %d px wide at %d: something overflows sideways", what, w[0], w[1])
	}
}

// CheckScreen fails the test if the page in the tab scrolls sideways, and
// saves a screenshot of it as name.
func CheckScreen(t *testing.T, ctx context.Context, name string) {
	t.Helper()
	FitsWidth(t, ctx, name)
	chrome.Screenshot(t, ctx, name)
}
