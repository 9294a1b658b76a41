package main

import (
	"fmt"
	"testing"

	"github.com/chromedp/chromedp"

	"porch/internal/browser"
)

// TestDemoHomeInBrowser opens the demo organisation's home page in Chromium
// at phone and desktop widths and checks what only a browser shows: the
// branding applied under the CSP, the logo loaded, htmx running, and no
// sideways scrolling.
func TestDemoHomeInBrowser(t *testing.T) {
	m := startDemo(t)
	url := demoSite(m) + "/"

	for _, size := range []struct {
		name          string
		width, height int
	}{{"phone", 390, 844}, {"desktop", 1280, 900}} {
		t.Run(size.name, func(t *testing.T) {
			ctx := browser.New(t, size.width, size.height)
			if err := chromedp.Do(ctx, chromedp.Navigate(url)); err != nil {
				t.Fatal(err)
			}
			eval := func(js string) string {
				t.Helper()
				v, err := chromedp.Run(ctx, chromedp.Evaluate[string](js))
				if err != nil {
					t.Fatalf("%s: %v", js, err)
				}
				return v
			}
			checks := []struct{ js, want string }{
				{`document.querySelector("h1").textContent.trim()`, "Northgate Property Management"},
				{`document.querySelector("a.brand").textContent.trim()`, "Northgate Property Management"},
				{`String(document.querySelector("img.brand-logo").complete && document.querySelector("img.brand-logo").naturalWidth > 0)`, "true"},
				// The brand colour reached the page through the style tag its CSP hash allows.
				{`getComputedStyle(document.querySelector("#contact a")).color`, "rgb(15, 110, 110)"},
				// htmx loaded under the CSP.
				{`typeof window.htmx`, "object"},
				{`String(document.documentElement.scrollWidth <= document.documentElement.clientWidth)`, "true"},
				{`String(document.documentElement.clientWidth)`, fmt.Sprint(size.width)},
				{`document.querySelector("footer").textContent.includes("020 7946 0321") ? "yes" : "no"`, "yes"},
			}
			for _, c := range checks {
				if got := eval(c.js); got != c.want {
					t.Errorf("%s = %q, want %q", c.js, got, c.want)
				}
			}
			browser.Screenshot(t, ctx, "demo-home-"+size.name)
		})
	}
}
