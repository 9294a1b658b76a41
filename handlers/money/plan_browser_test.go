package money_test

import (
	"context"
	"database/sql"
	"fmt"
	"strings"
	"testing"

	"github.com/chromedp/chromedp"

	chrome "porch/internal/browser"
	"porch/internal/webtest"
	"porch/plans"
)

// TestBrowserResidentPlanWithoutScript walks Alice through asking for a
// payment plan and accepting the offer with JavaScript off, on a phone and
// at a desk: every step is a plain form, nothing scrolls sideways, and
// a screenshot of each is kept.
func TestBrowserResidentPlanWithoutScript(t *testing.T) {
	if testing.Short() {
		t.Skip("browser test")
	}
	lb, alice := planBook(t, true)
	site := webtest.ChromeSite(t, lb.F)
	unit := "/money/units/" + lb.Ppl.FlatA.PublicID
	var planPath string
	for i, width := range []int{390, 1280} {
		ctx := chrome.New(t, width, 900)
		webtest.ChromeSession(t, ctx, site, alice)
		chrome.DisableScripts(t, ctx)
		shot := func(name string) {
			t.Helper()
			webtest.CheckScreen(t, ctx, fmt.Sprint("plan-", name, "-", width))
		}
		if err := chromedp.Do(ctx, chromedp.Navigate(site+unit+"/statement"), chromedp.Click(`.plan-ask-link a`),
			chromedp.WaitVisible(`form.plan-ask`)); err != nil {
			t.Fatal(err)
		}
		if err := chromedp.Do(ctx, chromedp.SetValue(`#plan-instalments`, "4"), chromedp.Click(`button[value="preview"]`),
			chromedp.WaitVisible(`.plan-instalments`)); err != nil {
			t.Fatal(err)
		}
		shot("ask")
		if err := chromedp.Do(ctx, chromedp.SendKeys(`#plan-remark`, "I am paid at the end of each month."),
			chromedp.Click(`button[value="ask"]`), chromedp.WaitVisible(`.plan-totals`)); err != nil {
			t.Fatal(err)
		}
		shot("asked")
		planPath = webtest.ChromeEval[string](t, ctx, `location.pathname`)
		id := strings.TrimPrefix(planPath, "/money/plans/")
		lb.F.DbWrite("acme", func(ctx context.Context, tx *sql.Tx) error {
			p, err := plans.Get(ctx, tx, id)
			if err != nil {
				return err
			}
			_, err = plans.Approve(ctx, tx, webtest.Now, webtest.ISODay("2026-03-14"), p, plans.Proposal{Instalments: 4,
				Frequency: plans.Monthly, First: p.Terms.First, By: lb.Ppl.Manager.ID, Note: "Agreed: four monthly payments."})
			return err
		})
		if err := chromedp.Do(ctx, chromedp.Navigate(site+"/"), chromedp.Click(`.plan-line a`), chromedp.WaitVisible(`form.plan-accept`)); err != nil {
			t.Fatal(err)
		}
		shot("offered")
		if err := chromedp.Do(ctx, chromedp.Click(`form.plan-accept button`), chromedp.WaitVisible(`.notice.success`)); err != nil {
			t.Fatal(err)
		}
		shot("active")
		if err := chromedp.Do(ctx, chromedp.Navigate(site+"/")); err != nil {
			t.Fatal(err)
		}
		if got := webtest.ChromeEval[string](t, ctx, `document.querySelector(".home-card .plan-line").textContent`); !strings.HasPrefix(strings.Join(strings.Fields(got), " "), "On a payment plan: next £") {
			t.Errorf("home card %q", got)
		}
		shot("home")
		if i == 0 { // the same account again at the desk width
			lb.F.DbWrite("acme", func(ctx context.Context, tx *sql.Tx) error {
				_, err := tx.ExecContext(ctx, `UPDATE payment_plans SET status = 'cancelled'`)
				return err
			})
		}
	}
	// The plan's pages pass axe, with script.
	for _, width := range []int{390, 1280} {
		ctx := chrome.New(t, width, 900)
		webtest.ChromeSession(t, ctx, site, alice)
		for _, path := range []string{planPath, planPath + "/pay", "/"} {
			if err := chromedp.Do(ctx, chromedp.Navigate(site+path)); err != nil {
				t.Fatal(err)
			}
			chrome.Axe(t, ctx, fmt.Sprint(path, " at ", width, " px"))
		}
	}
}
