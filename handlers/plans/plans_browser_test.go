package plans_test

import (
	"strconv"
	"strings"
	"testing"

	"github.com/chromedp/chromedp"

	chrome "porch/internal/browser"
	"porch/internal/webtest"
	"porch/plans"
)

// TestBrowserPaymentPlans: the manager goes from Flat 1's account to
// offering Alice a plan, previews its instalments in place, is refused
// one instalment next to the field, offers the plan; reads the list with
// Bob's request waiting first, approves it on its page; and saves a
// site's limits in place; at phone and desk widths, with screenshots,
// axe finding nothing.
func TestBrowserPaymentPlans(t *testing.T) {
	for _, size := range []struct{ w, h int }{{390, 844}, {1280, 900}} {
		t.Run(strconv.Itoa(size.w), func(t *testing.T) {
			w := newWorld(t)
			w.raise(w.Ppl.FlatB.ID, "2026-01-05", "2026-02-02", 420_00)
			bob := w.requestFor(w.Ppl.FlatB, w.occupancy(w.Ppl.FlatB.ID), w.Ppl.Bob.ID, 3, "2026-04-10")
			ctx, site := webtest.ManagerChrome(t, w.LedgerBook, size.w, size.h)
			shot := func(what string) { t.Helper(); webtest.CheckScreen(t, ctx, "plans-"+what+"-"+strconv.Itoa(size.w)) }
			eval := func(js string) string { t.Helper(); return webtest.ChromeEval[string](t, ctx, js) }
			// click clicks from the page's script: a button may sit under
			// the edge of a phone's screen, where a click by position misses.
			click := func(sel string) {
				t.Helper()
				webtest.ChromeEval[bool](t, ctx, `(document.querySelector('`+sel+`').click(), true)`)
			}
			run := func(what string, acts ...chromedp.Action[chromedp.Void]) {
				t.Helper()
				if err := chromedp.Do(ctx, acts...); err != nil {
					t.Fatalf("%s: %v", what, err)
				}
			}

			run("open Flat 1", chromedp.Navigate(site+w.UnitPath()), chromedp.WaitVisible(`.unit-plans`))
			shot("unit-account")
			click(`.unit-plans a`)
			run("the offer form", chromedp.WaitVisible(`#plan-offer`))
			run("fill the terms", chromedp.SetValue(`#offer-instalments`, "3"), chromedp.SetValue(`#offer-first`, "2026-04-01"),
				chromedp.SendKeys(`#offer-note`, "As we agreed on the phone."))
			click(`#plan-offer button[value="preview"]`)
			run("the preview", chromedp.WaitVisible(`.plan-preview`))
			if got := eval(`document.querySelector('.plan-preview tbody tr').innerText`); !strings.Contains(got, "£183.43") {
				t.Errorf("first previewed instalment %q", got)
			}
			if got := eval(`document.getElementById('offer-note').value`); got != "As we agreed on the phone." {
				t.Errorf("the note after the preview: %q", got)
			}
			shot("offer-preview")
			chrome.Axe(t, ctx, "offer previewed")

			run("one instalment", chromedp.SetValue(`#offer-instalments`, "1"))
			click(`#plan-offer button[value="offer"]`)
			run("the refusal", chromedp.WaitVisible(`#offer-instalments-error`))
			shot("offer-refused")
			chrome.Axe(t, ctx, "offer refused")
			if w.Count(`SELECT count(*) FROM payment_plans WHERE unit_id = ?`, w.Ppl.FlatA.ID) != 0 {
				t.Fatal("a refused offer was saved")
			}
			run("three instalments", chromedp.SetValue(`#offer-instalments`, "3"))
			click(`#plan-offer button[value="offer"]`)
			run("the plan", chromedp.WaitVisible(`#plan-screen .notice.success`))
			shot("offered")
			chrome.Axe(t, ctx, "plan offered")

			alice, err := plans.OpenFor(t.Context(), w.F.DB("acme").Read(), w.Ppl.FlatA.ID, w.occ.ID)
			if err != nil {
				t.Fatal(err)
			}
			w.accept(alice)
			run("the list", chromedp.Navigate(site+"/admin/plans"), chromedp.WaitVisible(`#plan-list`))
			if got := eval(`document.querySelector('.plan-table tbody tr').innerText`); !strings.Contains(got, "Bob Brennan") {
				t.Errorf("first row %q, want Bob's request", got)
			}
			shot("list")
			chrome.Axe(t, ctx, "plans list")

			run("Bob's request", chromedp.Navigate(site+"/admin/plans/"+bob.PublicID), chromedp.WaitVisible(`#plan-approve-heading`))
			shot("request")
			chrome.Axe(t, ctx, "a request")
			click(`form[action$="/approve"] button[type="submit"]`)
			run("approved", chromedp.WaitVisible(`#plan-screen .notice.success`))
			if got := w.plan(bob.PublicID).Status; got != "offered" {
				t.Errorf("Bob's plan is %s after approving", got)
			}

			run("the limits", chromedp.Navigate(site+"/admin/plans/limits"), chromedp.WaitVisible(`.plan-limits-site`))
			sel := "#limits-" + w.Ppl.FlatA.SitePublicID
			run("set most instalments", chromedp.SetValue(sel+` [name="max_instalments"]`, "99"))
			click(sel + ` button[type="submit"]`)
			run("refused", chromedp.WaitVisible(sel+` .error-text`))
			shot("limits-refused")
			chrome.Axe(t, ctx, "limits refused")
			run("set most instalments", chromedp.SetValue(sel+` [name="max_instalments"]`, "12"))
			click(sel + ` button[type="submit"]`)
			run("saved", chromedp.WaitVisible(sel+` .plan-saved`))
			shot("limits")
			if n := w.Count(`SELECT max_instalments FROM plan_limits`); n != 12 {
				t.Errorf("most instalments saved %d", n)
			}
		})
	}
}
