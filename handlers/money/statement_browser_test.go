package money_test

import (
	"fmt"
	"testing"

	"github.com/chromedp/chromedp"

	chrome "porch/internal/browser"
	"porch/internal/webtest"
)

// tablesOverflow lists every table of the page that does not fit its
// container: wider than its wrapper, a wrapper that scrolls sideways, or a
// last column whose right edge passes the wrapper's or the viewport's.
const tablesOverflow = `(() => {
	const out = [], vw = document.documentElement.clientWidth;
	for (const t of document.querySelectorAll("main table")) {
		const w = t.closest(".table-wrap") || t.parentElement, wr = w.getBoundingClientRect();
		let right = 0;
		for (const c of t.querySelectorAll("tr > :last-child")) {
			const r = c.getBoundingClientRect();
			if (r.width > 0) right = Math.max(right, r.right);
		}
		const name = t.className;
		if (t.scrollWidth > t.clientWidth) out.push(name + ": table " + t.scrollWidth + " > " + t.clientWidth);
		if (w.scrollWidth > w.clientWidth) out.push(name + ": wrapper scrolls, " + w.scrollWidth + " > " + w.clientWidth);
		if (right > wr.right + 0.5) out.push(name + ": last column ends at " + right + ", its wrapper at " + wr.right);
		if (right > vw) out.push(name + ": last column ends at " + right + ", the viewport at " + vw);
	}
	return out.join("; ");
})()`

// TestStatementFitsEveryWidth opens Alice's statement, with a payment
// whose reference is one long word and an invoice of many charges, from a
// small phone to a wide desk screen: no table is cut off or scrolls
// sideways, its Balance column included, and the page passes axe.
func TestStatementFitsEveryWidth(t *testing.T) {
	if testing.Short() {
		t.Skip("browser test")
	}
	w := webtest.NewMoneyWorld(t)
	a := w.Ppl.FlatA.ID
	w.Book.Demand(a, "2026-03-11", webtest.MoneyCharge{Name: "Service charge", Amount: 12_345_67},
		webtest.MoneyCharge{Name: "Reserve fund", Amount: 9_876_54}, webtest.MoneyCharge{Name: "Ground rent", Amount: 250_00})
	w.Book.Receipt(a, "2026-03-12", 10_000_00, nil, "FASTERPAYMENTREFERENCE0123456789ADEYEMIFLAT1HARBOURVIEW")
	site := webtest.ChromeSite(t, w.F)
	alice := w.SignIn(w.Ppl.Alice)
	for _, width := range []int{320, 390, 768, 1280, 1920} {
		t.Run(fmt.Sprint(width), func(t *testing.T) {
			ctx := chrome.New(t, width, 900)
			webtest.ChromeSession(t, ctx, site, alice)
			if err := chromedp.Do(ctx, chromedp.Navigate(site+"/money/units/"+w.Ppl.FlatA.PublicID+"/statement?from=2025-01-01&to=")); err != nil {
				t.Fatal(err)
			}
			if n := webtest.ChromeEval[int](t, ctx, `document.querySelectorAll("main table").length`); n != 2 {
				t.Fatalf("%d tables on the statement, want the entries and the breakdown", n)
			}
			if got := webtest.ChromeEval[string](t, ctx, tablesOverflow); got != "" {
				t.Errorf("at %d px: %s", width, got)
			}
			webtest.CheckScreen(t, ctx, fmt.Sprint("statement-", width))
			chrome.Axe(t, ctx, fmt.Sprint("statement at ", width, " px"))
		})
	}
}

// TestResidentMoneyScreens opens the screens that show a resident's
// balance and invoices at phone and desk widths: nothing scrolls
// sideways, each passes axe, and a screenshot of each is kept.
func TestResidentMoneyScreens(t *testing.T) {
	if testing.Short() {
		t.Skip("browser test")
	}
	w := webtest.NewMoneyWorld(t)
	site := webtest.ChromeSite(t, w.F)
	alice := w.SignIn(w.Ppl.Alice)
	screens := map[string]string{
		"home":     "/",
		"unit":     "/units/" + w.Ppl.FlatA.PublicID,
		"money":    "/money",
		"invoices": "/money/units/" + w.Ppl.FlatA.PublicID + "/invoices",
		"pay":      "/money/invoices/" + w.Overdue.PublicID + "/pay",
	}
	for _, width := range []int{390, 1280} {
		ctx := chrome.New(t, width, 900)
		webtest.ChromeSession(t, ctx, site, alice)
		for name, path := range screens {
			if err := chromedp.Do(ctx, chromedp.Navigate(site+path)); err != nil {
				t.Fatal(err)
			}
			webtest.CheckScreen(t, ctx, fmt.Sprint("resident-", name, "-", width))
			chrome.Axe(t, ctx, fmt.Sprint(name, " at ", width, " px"))
		}
	}
}
