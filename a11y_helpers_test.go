package main

import (
	"context"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/chromedp"
	"github.com/chromedp/chromedp/kb"
)

// The accessibility journeys drive the demo by keyboard, through these
// helpers: what has focus, what the live regions said, and how many Tabs
// it takes to reach a control.

// focused describes the element that has focus: its id, or its tag and
// classes, and its text, for messages and assertions.
func focused(t *testing.T, tab context.Context) string {
	t.Helper()
	v, err := chromedp.Run(tab, chromedp.Evaluate[string](`(() => {
		const e = document.activeElement;
		if (!e || e === document.body) return "body";
		return (e.id ? "#" + e.id : e.tagName.toLowerCase() + "." + [...e.classList].join(".")) +
			" " + (e.textContent || "").replace(/\s+/g, " ").trim().slice(0, 80);
	})()`))
	if err != nil {
		t.Fatalf("active element: %v", err)
	}
	return v
}

// focusOn waits for the focused element, described as focused does, to
// satisfy ok (focus moves once htmx has settled the swap), and returns it.
func focusOn(t *testing.T, tab context.Context, ok func(string) bool) string {
	t.Helper()
	var got string
	for deadline := time.Now().Add(3 * time.Second); time.Now().Before(deadline); time.Sleep(50 * time.Millisecond) {
		if got = focused(t, tab); ok(got) {
			return got
		}
	}
	return got
}

// said waits for the live region (live-polite or live-assertive) to hold
// text containing want, and returns what it holds.
func said(t *testing.T, tab context.Context, region, want string) string {
	t.Helper()
	var got string
	for deadline := time.Now().Add(3 * time.Second); time.Now().Before(deadline); time.Sleep(50 * time.Millisecond) {
		v, err := chromedp.Run(tab, chromedp.Evaluate[string](`document.getElementById("`+region+`").textContent`))
		if err != nil {
			t.Fatalf("live region %s: %v", region, err)
		}
		if got = v; strings.Contains(got, want) {
			return got
		}
	}
	t.Errorf("the %s live region says %q, want it to say %q", region, got, want)
	return got
}

// pressEnterOn focuses the control sel and presses Enter on it, as a
// keyboard user submits a form, then waits for ready.
func pressEnterOn(t *testing.T, tab context.Context, sel, ready string) {
	t.Helper()
	step(t, tab, "Enter on "+sel, chromedp.Focus(sel), chromedp.KeyEvent(kb.Enter), chromedp.WaitVisible(ready))
}

// tabsTo presses Tab until the element sel finds has focus and returns
// how many presses it took; it fails the test after limit presses.
func tabsTo(t *testing.T, tab context.Context, sel string, limit int) int {
	t.Helper()
	for n := 1; n <= limit; n++ {
		if err := chromedp.Do(tab, chromedp.KeyEvent(kb.Tab)); err != nil {
			t.Fatalf("Tab: %v", err)
		}
		at, err := chromedp.Run(tab, chromedp.Evaluate[bool](`document.activeElement && document.activeElement.matches(`+jsString(sel)+`)`))
		if err != nil {
			t.Fatalf("Tab to %s: %v", sel, err)
		}
		if at {
			return n
		}
	}
	t.Fatalf("%s not reached in %d Tabs; focus is on %s", sel, limit, focused(t, tab))
	return 0
}

// typeKeys types s into whatever has focus, as keystrokes.
func typeKeys(t *testing.T, tab context.Context, s string) {
	t.Helper()
	if err := chromedp.Do(tab, chromedp.KeyEvent(s)); err != nil {
		t.Fatalf("type %q: %v", s, err)
	}
}

// jsString quotes s as a JavaScript string literal.
func jsString(s string) string {
	return `"` + strings.NewReplacer(`\`, `\\`, `"`, `\"`).Replace(s) + `"`
}
