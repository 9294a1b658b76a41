package documents_test

import (
	"net/url"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"

	"github.com/chromedp/chromedp"

	chrome "porch/internal/browser"
	"porch/internal/webtest"
)

// TestDocumentsInBrowser: the manager uploads a document through the
// folder page's form and releases the year-end pack in place; Alice finds
// both, and her flat's lease, on her documents page. Nothing scrolls
// sideways and axe finds nothing, at phone and desk widths.
func TestDocumentsInBrowser(t *testing.T) {
	if testing.Short() {
		t.Skip("browser journey")
	}
	for _, size := range []struct{ w, h int }{{390, 844}, {1280, 900}} {
		t.Run(strconv.Itoa(size.w), func(t *testing.T) {
			w := newWorld(t, nil)
			rules, yearEnd := w.folder(t, w.harbour, "Building rules"), w.folder(t, w.harbour, "Year-end accounts")
			w.upload(t, w.folder(t, w.harbour, "Insurance"), "Buildings insurance schedule 2026–2027", "insurance.pdf", pdfOf(t, "insurance"))
			w.upload(t, yearEnd, "Service charge accounts, year ended 31 December 2025", "accounts.pdf", pdfOf(t, "accounts"))
			w.upload(t, rules, "Building rules", "rules.pdf", pdfOf(t, "rules"))
			id := w.docID(t, "Building rules")
			w.mgr.PostFiles("/admin/documents/files/"+id+"/replace", nil, []webtest.File{{Field: "file", Name: "rules 2026.pdf", Data: pdfOf(t, "rules v2")}})
			w.mgr.PostFiles("/admin/documents/units/"+w.ppl.FlatA.PublicID+"/upload", url.Values{"kind": {"Lease"}, "title": {"Lease of Flat 1"},
				"roles": {"leaseholder"}}, []webtest.File{{Field: "file", Name: "lease.pdf", Data: pdfOf(t, "lease")}})
			file := filepath.Join(t.TempDir(), "Bin store rota.pdf")
			if err := os.WriteFile(file, pdfOf(t, "bins"), 0o600); err != nil {
				t.Fatal(err)
			}

			ctx, base := webtest.StaffChrome(t, w.f, w.ppl.Manager, size.w, size.h)
			shot := func(what string) {
				t.Helper()
				webtest.CheckScreen(t, ctx, "documents-"+what+"-"+strconv.Itoa(size.w))
			}
			if err := chromedp.Do(ctx, chromedp.Navigate(base+"/admin/documents"), chromedp.WaitVisible(`.doc-sites`)); err != nil {
				t.Fatal(err)
			}
			shot("index")
			chrome.Axe(t, ctx, "the documents' sites")
			if err := chromedp.Do(ctx, chromedp.Click(`.doc-site a[href$="`+w.harbour.PublicID+`"]`), chromedp.WaitVisible(`#doc-folders`)); err != nil {
				t.Fatal(err)
			}
			shot("site")
			chrome.Axe(t, ctx, "a site's folders")

			if err := chromedp.Do(ctx, chromedp.Navigate(base+"/admin/documents/folders/"+rules.PublicID), chromedp.WaitVisible(`#doc-upload`),
				chromedp.SendKeys(`#doc-title`, "Bin store rota"), chromedp.SetUploadFiles(`#doc-file`, []string{file}),
				chromedp.Click(`#doc-upload button[type="submit"]`), chromedp.WaitVisible(`#doc-shelf .notice.success`)); err != nil {
				t.Fatal(err)
			}
			if got := webtest.ChromeEval[string](t, ctx, `document.querySelector('.doc-list').textContent`); !strings.Contains(got, "Bin store rota") {
				t.Errorf("after uploading: %q", got)
			}
			if err := chromedp.Do(ctx, chromedp.Click(`#doc-`+id+` .doc-versions summary`), chromedp.Click(`#doc-`+id+` .doc-more summary`),
				chromedp.WaitVisible(`#doc-title-`+id)); err != nil {
				t.Fatal(err)
			}
			shot("folder")
			chrome.Axe(t, ctx, "a folder")

			if err := chromedp.Do(ctx, chromedp.Navigate(base+"/admin/documents/folders/"+yearEnd.PublicID), chromedp.WaitVisible(`.doc-item .badge.warn`),
				chromedp.Click(`.doc-actions .btn.primary`), chromedp.WaitVisible(`#doc-shelf .notice.success`)); err != nil {
				t.Fatal(err)
			}
			shot("released")
			if err := chromedp.Do(ctx, chromedp.Navigate(base+"/admin/documents/units/"+w.ppl.FlatA.PublicID), chromedp.WaitVisible(`#doc-roles`)); err != nil {
				t.Fatal(err)
			}
			shot("unit")
			chrome.Axe(t, ctx, "a home's documents")

			webtest.ChromeSession(t, ctx, base, w.alice)
			if err := chromedp.Do(ctx, chromedp.Navigate(base+"/"), chromedp.WaitVisible(`.home-building`)); err != nil {
				t.Fatal(err)
			}
			shot("home")
			if err := chromedp.Do(ctx, chromedp.Click(`.home-building a[href="/documents"]`), chromedp.WaitVisible(`.doc-download`)); err != nil {
				t.Fatal(err)
			}
			got := webtest.ChromeEval[string](t, ctx, `document.querySelector('main').textContent`)
			for _, want := range []string{"Bin store rota", "Service charge accounts", "Lease of Flat 1", "Insurance"} {
				if !strings.Contains(got, want) {
					t.Errorf("Alice's documents lack %q", want)
				}
			}
			shot("resident")
			chrome.Axe(t, ctx, "a resident's documents")
		})
	}
}
