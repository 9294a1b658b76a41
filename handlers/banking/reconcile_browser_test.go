package banking_test

import (
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"

	"github.com/chromedp/chromedp"

	"porch/internal/webtest"
)

// TestBankReconcileInBrowser walks the reconciliation at phone and desktop
// widths: upload a CSV, check the mapping, import, refuse a match of
// unequal amounts in place, create a receipt from a line, and try to
// reconcile with lines unmatched. Nothing may scroll sideways; each screen
// is saved as a screenshot.
func TestBankReconcileInBrowser(t *testing.T) {
	for _, size := range []struct{ w, h int }{{390, 844}, {1280, 900}} {
		t.Run(strconv.Itoa(size.w), func(t *testing.T) {
			lb := webtest.NewLedgerBook(t)
			lb.Raise(t, "500")
			lb.ReceiptFor(t, lb.Ppl.FlatA, "2026-03-05", "500", "SC Q1")
			lb.ReceiptFor(t, lb.Ppl.FlatB, "2026-03-06", "300", "")
			lb.ReceiptFor(t, lb.Ppl.FlatA, "2026-03-08", "70", "CHQ 100234")
			lb.ReceiptFor(t, lb.Ppl.FlatB, "2026-02-20", "75", "Cheque")
			file := filepath.Join(t.TempDir(), "march-2026.csv")
			if err := os.WriteFile(file, []byte(marchCSV), 0o644); err != nil {
				t.Fatal(err)
			}
			ctx, site := webtest.ManagerChrome(t, lb, size.w, size.h)
			path := lb.ReconcilePath()
			shot := func(what string) {
				t.Helper()
				webtest.CheckScreen(t, ctx, "bank-"+what+"-"+strconv.Itoa(size.w))
			}

			if err := chromedp.Do(ctx, chromedp.Navigate(site+"/admin/ledger/banks"), chromedp.Click(`a[href="`+path+`"]`),
				chromedp.WaitVisible(".bank-empty"), chromedp.Click(`.bank-empty a[href$="/import"]`), chromedp.WaitVisible("#bank-file")); err != nil {
				t.Fatal(err)
			}
			shot("upload")

			if err := chromedp.Do(ctx, chromedp.SetUploadFiles("#bank-file", []string{file}),
				chromedp.Click(`#bank-import button[type="submit"]`), chromedp.WaitVisible("#map-heading")); err != nil {
				t.Fatal(err)
			}
			if got := webtest.ChromeEval[string](t, ctx, `document.querySelector("#map-amount").value`); got != "3" {
				t.Errorf("the amount column guessed is %q, want 3", got)
			}
			shot("mapping")

			if err := chromedp.Do(ctx, chromedp.Click(`button[value="import"]`), chromedp.WaitVisible("#result-heading")); err != nil {
				t.Fatal(err)
			}
			if got := webtest.ChromeEval[string](t, ctx, `document.querySelector(".bank-result .stat-num").textContent`); got != "6" {
				t.Errorf("%s new lines, want 6", got)
			}
			shot("result")

			// The list offers only entries of the line's amount; choosing
			// none is refused next to the control, in place.
			cheque := lb.LineID(t, "CHEQUE 100234", 0)
			if err := chromedp.Do(ctx, chromedp.Navigate(site+path), chromedp.WaitVisible(`[id="line-`+cheque+`"]`),
				chromedp.Click(`[id="line-`+cheque+`"] form.bank-match button`),
				chromedp.WaitVisible(`[id="match-`+cheque+`-error"]`)); err != nil {
				t.Fatal(err)
			}
			if msg := webtest.ChromeEval[string](t, ctx, `document.getElementById("match-`+cheque+`-error").textContent`); !strings.Contains(msg, "Choose the entry") {
				t.Errorf("match without a choice: %q", msg)
			}
			shot("lines-refused")

			transfer := lb.LineID(t, "TRANSFER GROUND RENT FLAT 2", 0)
			if err := chromedp.Do(ctx, chromedp.Click(`[id="line-`+transfer+`"] .bank-receipt summary`),
				chromedp.SetValue(`[id="unit-`+transfer+`"]`, lb.Ppl.FlatB.PublicID), chromedp.Click(`[id="line-`+transfer+`"] .bank-receipt button`),
				chromedp.WaitVisible(`#bank-reconcile .notice.success`)); err != nil {
				t.Fatal(err)
			}
			if lb.MatchedHow(t, transfer) != "created" {
				t.Errorf("the receipt was not created from the line")
			}
			shot("lines")

			if err := chromedp.Do(ctx, chromedp.Navigate(site+path+"/to-date"), chromedp.WaitVisible("#close-to"),
				chromedp.SetValue("#close-to", "2026-03-10"), chromedp.SetValue("#close-balance", "986.00"),
				chromedp.Click(`#bank-close button[type="submit"]`), chromedp.WaitVisible("#close-to-error")); err != nil {
				t.Fatal(err)
			}
			if msg := webtest.ChromeEval[string](t, ctx, `document.querySelector("#close-to-error").textContent`); !strings.Contains(msg, "3 statement lines up to 10 March 2026") {
				t.Errorf("reconcile refusal %q", msg)
			}
			shot("reconcile")

			// Up to 5 March every line is matched: the reconciliation is kept.
			if err := chromedp.Do(ctx, chromedp.SetValue("#close-to", "2026-03-05"), chromedp.SetValue("#close-balance", "500.00"),
				chromedp.Click(`#bank-close button[type="submit"]`), chromedp.WaitVisible(`#bank-close .notice.success`)); err != nil {
				t.Fatal(err)
			}
			if got := webtest.ChromeEval[string](t, ctx, `document.querySelector(".bank-history tbody").textContent`); !strings.Contains(got, "5 March 2026") {
				t.Errorf("history after reconciling: %q", got)
			}
			shot("reconciled")
		})
	}
}
