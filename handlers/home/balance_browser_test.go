package home_test

import (
	"context"
	"strconv"
	"strings"
	"testing"

	"github.com/chromedp/cdproto/cdp"
	"github.com/chromedp/cdproto/emulation"
	"github.com/chromedp/chromedp"

	chrome "porch/internal/browser"
	"porch/internal/webtest"
)

// TestHomeBalanceInABrowserWithoutScript opens Alice's home page in
// Chromium with JavaScript switched off, at phone and desk widths: her
// balance and the Pay button are on the card, and nothing scrolls
// sideways.
func TestHomeBalanceInABrowserWithoutScript(t *testing.T) {
	if testing.Short() {
		t.Skip("browser test")
	}
	w := webtest.NewMoneyWorld(t)
	site := webtest.ChromeSite(t, w.F)
	alice := w.SignIn(w.Ppl.Alice)
	for _, width := range []int{390, 1280} {
		ctx := chrome.New(t, width, 844)
		_, err := chromedp.Run(ctx, func(ctx context.Context, tg *chromedp.Target) (cdp.Empty, error) {
			return cdp.Call(ctx, tg, emulation.SetScriptExecutionDisabled, emulation.SetScriptExecutionDisabledParams{Value: true})
		})
		if err != nil {
			t.Fatal(err)
		}
		webtest.ChromeSession(t, ctx, site, alice)
		if err := chromedp.Do(ctx, chromedp.Navigate(site+"/")); err != nil {
			t.Fatal(err)
		}
		if ran := webtest.ChromeEval[bool](t, ctx, `typeof htmx !== "undefined"`); ran {
			t.Fatal("scripts ran in the page")
		}
		got := webtest.ChromeEval[string](t, ctx, `document.querySelector(".home-card .money-balance").textContent.replace(/\s+/g, " ").trim()`)
		if got != "You owe £900.00 1 overdue" {
			t.Errorf("at %d px the card says %q", width, got)
		}
		pay := webtest.ChromeEval[string](t, ctx, `document.querySelector(".home-card a.money-pay-button").getAttribute("href")`)
		if !strings.HasSuffix(pay, "/money/units/"+w.Ppl.FlatA.PublicID+"/pay") {
			t.Errorf("at %d px the Pay button goes to %q", width, pay)
		}
		webtest.CheckScreen(t, ctx, "home-no-script-"+strconv.Itoa(width))
	}
}
