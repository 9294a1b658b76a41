package spending_test

import (
	"net/http"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"

	"github.com/chromedp/chromedp"

	"porch/internal/webtest"
)

const sparkleCSV = `Date,Description,Amount,Balance
13/03/2026,SPARKLE CLEANING LTD,-180.00,-180.00
`

// TestSpendingInBrowser walks a block's spending at phone and desktop
// widths: record an invoice with its PDF (refused first without one),
// approve it, pay another inline, and on the reconcile screen settle an
// outgoing line by paying the approved invoice it was for. Nothing may
// scroll sideways; each screen is saved as a screenshot.
func TestSpendingInBrowser(t *testing.T) {
	for _, size := range []struct{ w, h int }{{390, 844}, {1280, 900}} {
		t.Run(strconv.Itoa(size.w), func(t *testing.T) {
			lb := webtest.NewLedgerBook(t)
			water := record(t, lb, bill("Bristol Water", "BW-20417", "214.50"))
			if rec := lb.Mgr.Post(action(lb, water, "approve"), nil); rec.Code != http.StatusSeeOther {
				t.Fatalf("approve: %d", rec.Code)
			}
			form := bill("Sparkle Cleaning", "SC-88", "150")
			form.Set("vat", "30")
			form.Set("head", "cleaning")
			form.Set("description", "Cleaning of the common parts, February")
			sparkle := record(t, lb, form)
			if rec := lb.Mgr.Post(action(lb, sparkle, "approve"), nil); rec.Code != http.StatusSeeOther {
				t.Fatalf("approve: %d", rec.Code)
			}
			file := filepath.Join(t.TempDir(), "lift-service.pdf")
			if err := os.WriteFile(file, webtest.PDF(t, "Avon Lifts invoice AL-7"), 0o644); err != nil {
				t.Fatal(err)
			}
			ctx, site := webtest.ManagerChrome(t, lb, size.w, size.h)
			shot := func(what string) {
				t.Helper()
				webtest.CheckScreen(t, ctx, "spending-"+what+"-"+strconv.Itoa(size.w))
			}

			if err := chromedp.Do(ctx, chromedp.Navigate(site+"/admin/ledger"), chromedp.Click(`a[href="/admin/spending"]`),
				chromedp.WaitVisible("#spending-list .spend-list")); err != nil {
				t.Fatal(err)
			}
			shot("list")

			// Recording without the PDF is refused next to the field.
			if err := chromedp.Do(ctx, chromedp.Click(`a[href="`+newPath(lb)+`"]`), chromedp.WaitVisible("#si-supplier"),
				chromedp.SendKeys("#si-supplier", "Avon Lifts"), chromedp.SendKeys("#si-number", "AL-7"),
				chromedp.SetValue("#si-head", "lift"), chromedp.SendKeys("#si-description", "Quarterly lift service"),
				chromedp.SendKeys("#si-net", "320.00"), chromedp.SendKeys("#si-vat", "64.00"),
				chromedp.Click(`#spending-new button[type="submit"]`), chromedp.WaitVisible("#si-file-error")); err != nil {
				t.Fatal(err)
			}
			if msg := webtest.ChromeEval[string](t, ctx, `document.getElementById("si-file-error").textContent`); !strings.Contains(msg, "as a PDF") {
				t.Errorf("recording without a PDF: %q", msg)
			}
			shot("new-refused")

			if err := chromedp.Do(ctx, chromedp.SetUploadFiles("#si-file", []string{file}),
				chromedp.Click(`#spending-new button[type="submit"]`), chromedp.WaitVisible("#spending-list .notice.success")); err != nil {
				t.Fatal(err)
			}
			if n := lb.Count(`SELECT count(*) FROM supplier_invoices WHERE supplier = 'Avon Lifts' AND net = 32000 AND vat = 6400 AND file_hash <> ''`); n != 1 {
				t.Fatalf("the Avon Lifts invoice was not recorded with its PDF")
			}
			shot("recorded")

			// Pay Bristol Water inline.
			item := `[id="inv-` + water + `"]`
			if err := chromedp.Do(ctx, chromedp.Click(item+" .spend-form summary"), chromedp.WaitVisible(item+" .spend-form button"),
				chromedp.Click(item+" .spend-form button"), chromedp.WaitNotPresent(item+" .spend-form")); err != nil {
				t.Fatal(err)
			}
			if got := webtest.ChromeEval[string](t, ctx, `document.querySelector('`+item+`').textContent`); !strings.Contains(got, "Paid") || !strings.Contains(got, "from Harbour View client account") {
				t.Errorf("after paying: %q", got)
			}
			shot("paid")

			// The Sparkle Cleaning payment on the statement settles its invoice.
			lb.ImportCSV(t, "march.csv", sparkleCSV)
			line := lb.LineID(t, "SPARKLE CLEANING LTD", 0)
			row := `[id="line-` + line + `"]`
			if err := chromedp.Do(ctx, chromedp.Navigate(site+lb.ReconcilePath()), chromedp.WaitVisible(row),
				chromedp.Click(row+" .bank-supplier summary"), chromedp.WaitVisible(`[id="invoice-`+line+`"]`),
				chromedp.SetValue(`[id="invoice-`+line+`"]`, sparkle)); err != nil {
				t.Fatal(err)
			}
			shot("reconcile")
			if err := chromedp.Do(ctx, chromedp.Click(row+" .bank-supplier button"), chromedp.WaitVisible("#bank-reconcile .notice.success")); err != nil {
				t.Fatal(err)
			}
			if lb.MatchedHow(t, line) != "created" || lb.Count(`SELECT count(*) FROM supplier_invoices WHERE status = 'paid'`) != 2 {
				t.Errorf("the line did not settle the Sparkle Cleaning invoice")
			}
			shot("reconciled")
		})
	}
}
