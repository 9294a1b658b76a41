package documents_test

import (
	"bytes"
	"context"
	"encoding/base64"
	"net/url"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"

	"github.com/chromedp/chromedp"

	"porch/documents"
	chrome "porch/internal/browser"
	"porch/internal/webtest"
)

// TestBrowserPropertyDocuments: on a let flat's shelf the manager chooses
// Certificate, the form shows only a certificate's fields, and the gas
// safety certificate uploaded shows as due soon; the folder's insurance is
// copied to the flat's owner from its page; the renewals list and the
// owner portal's blocks read well, with no sideways scrolling and nothing
// for axe, at phone and desk widths.
func TestBrowserPropertyDocuments(t *testing.T) {
	if testing.Short() {
		t.Skip("browser journey")
	}
	for _, size := range []struct{ w, h int }{{390, 844}, {1280, 900}} {
		t.Run(strconv.Itoa(size.w), func(t *testing.T) {
			w := newPropertyWorld(t)
			today := w.f.Clock.Now()
			day := func(days int) string { return today.AddDate(0, 0, days).Format("2006-01-02") }
			w.unitUpload(t, w.flat9, url.Values{"title": {"EICR 2021"}, "category": {"certificate"}, "cert_type": {"EICR (electrical installation condition report)"},
				"dated_on": {day(-1800)}, "expires_on": {day(-3)}, "roles": {"owner"}}, "eicr.pdf")
			w.unitUpload(t, w.flat9, url.Values{"title": {"EPC"}, "category": {"certificate"}, "cert_type": {"EPC (energy performance certificate)"},
				"dated_on": {day(-900)}, "expires_on": {day(2750)}, "roles": {"owner", "tenant"}}, "epc.pdf")
			w.unitUpload(t, w.flat9, url.Values{"title": {"Mid-term inspection report"}, "category": {"inspection_report"}, "dated_on": {day(-12)},
				"roles": {"owner"}}, "report.pdf")
			w.unitUpload(t, w.flat9, url.Values{"title": {"Inspection notice"}, "category": {"inspection"}, "dated_on": {day(9)}, "roles": {"owner", "tenant"}}, "notice.pdf")
			w.mgr.PostFiles("/admin/documents/tenancies/"+w.tenancyOf(t, w.flat9)+"/agreement", nil, []webtest.File{{Field: "file", Name: "ast.pdf", Data: pdfOf(t, "ast")}})
			w.unitUpload(t, w.flat9, url.Values{"title": {"Check-in inventory"}, "kind": {"Inventory"}, "roles": {"tenant"}}, "inventory.pdf")
			insurance := w.folder(t, w.quay, "Insurance")
			w.upload(t, insurance, "Landlord insurance schedule 2026", "ins.pdf", pdfOf(t, "insurance"))
			ins := w.docID(t, "Landlord insurance schedule 2026")
			file := filepath.Join(t.TempDir(), "CP12 2026.pdf")
			if err := os.WriteFile(file, pdfOf(t, "gas"), 0o600); err != nil {
				t.Fatal(err)
			}

			ctx, base := webtest.StaffChrome(t, w.f, w.ppl.Manager, size.w, size.h)
			shot := func(what string) {
				t.Helper()
				webtest.CheckScreen(t, ctx, "propdocs-"+what+"-"+strconv.Itoa(size.w))
			}
			// With JavaScript the form narrows to the category chosen.
			if err := chromedp.Do(ctx, chromedp.Navigate(base+"/admin/documents/units/"+w.flat9.PublicID), chromedp.WaitVisible(`#doc-class #doc-kind`)); err != nil {
				t.Fatal(err)
			}
			webtest.ChromeEval[bool](t, ctx, `(() => { const s = document.querySelector('#doc-category'); s.value = 'certificate';
				s.dispatchEvent(new Event('change', {bubbles: true})); return true })()`)
			if err := chromedp.Do(ctx, chromedp.WaitVisible(`#doc-class[data-narrow="certificate"] #doc-cert-type`)); err != nil {
				t.Fatal(err)
			}
			if n := webtest.ChromeEval[int](t, ctx, `document.querySelectorAll('#doc-tenancy').length`); n != 0 {
				t.Error("a certificate's form asks for a tenancy")
			}
			webtest.ChromeEval[bool](t, ctx, `(() => { document.querySelector('#doc-cert-type').value = 'Gas safety certificate';
				document.querySelector('#doc-dated-on').value = '`+day(-340)+`'; document.querySelector('#doc-expires-on').value = '`+day(25)+`';
				document.querySelector('#doc-role-tenant').checked = true; document.querySelector('#doc-role-owner').checked = true; return true })()`)
			shot("certificate-form")
			chrome.Axe(t, ctx, "a let flat's upload form for a certificate")
			if err := chromedp.Do(ctx, chromedp.SetUploadFiles(`#doc-file`, []string{file}), chromedp.Click(`#doc-upload button[type="submit"]`),
				chromedp.WaitVisible(`#doc-shelf .notice.success`)); err != nil {
				t.Fatal(err)
			}
			got := webtest.ChromeEval[string](t, ctx, `document.querySelector('.doc-list').textContent`)
			for _, want := range []string{"CP12 2026", "Due soon", "Expired", "Inspection report", "Tenancy agreement, Carol Cho", "Copy to owner portal"} {
				if !strings.Contains(got, want) {
					t.Errorf("the shelf lacks %q", want)
				}
			}
			shot("shelf")
			chrome.Axe(t, ctx, "a let flat's documents")

			// The folder's document goes to Flat 9's owner portal.
			if err := chromedp.Do(ctx, chromedp.Navigate(base+"/admin/documents/folders/"+insurance.PublicID), chromedp.WaitVisible(`#doc-property-`+ins),
				chromedp.SetValue(`#doc-property-`+ins, w.flat9.PublicID), chromedp.Click(`#doc-`+ins+` .doc-copy-form button`),
				chromedp.WaitVisible(`#doc-`+ins+` .doc-owner-copy`)); err != nil {
				t.Fatal(err)
			}
			shot("folder-copied")
			chrome.Axe(t, ctx, "a folder with a copy in an owner's portal")

			if err := chromedp.Do(ctx, chromedp.Navigate(base+"/admin/documents/certificates"), chromedp.WaitVisible(`.doc-due`)); err != nil {
				t.Fatal(err)
			}
			shot("renewals")
			chrome.Axe(t, ctx, "certificates to renew")

			// The owner portal's blocks, drawn with the app's styles.
			shelf, err := documents.OwnerShelfOf(context.Background(), w.f.DB("acme").Read(), w.flat9.ID, today)
			if err != nil {
				t.Fatal(err)
			}
			if len(shelf.Copies) != 1 || shelf.Flagged != 2 {
				t.Errorf("owner's shelf: %d copies, %d flagged", len(shelf.Copies), shelf.Flagged)
			}
			// The app's styles inline: a data: page may not load them from the server.
			css := webtest.ChromeEval[string](t, ctx, `(() => { const x = new XMLHttpRequest();
				x.open('GET', document.querySelector('link[rel="stylesheet"]').href, false); x.send(); return x.responseText })()`)
			var body bytes.Buffer
			body.WriteString(`<!doctype html><html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">` +
				`<title>Flat 9: documents</title><style>` + css + `</style></head><body><main id="main"><h1>Flat 9</h1>`)
			for _, b := range []struct {
				name string
				data any
			}{{"owner-certificates", shelf.Certificates}, {"owner-inspections", shelf.Inspections}, {"owner-reports", shelf.Reports},
				{"owner-tenancy", shelf.Tenancies}, {"owner-copies", shelf.Copies}} {
				if err := w.f.Cfg.Views.Shared(&body, b.name, b.data); err != nil {
					t.Fatal(err)
				}
			}
			body.WriteString(`</main></body></html>`)
			if err := chromedp.Do(ctx, chromedp.Navigate("data:text/html;base64,"+base64.StdEncoding.EncodeToString(body.Bytes())),
				chromedp.WaitVisible(`.owner-copies`)); err != nil {
				t.Fatal(err)
			}
			shot("owner-blocks")
			chrome.Axe(t, ctx, "the owner portal's document blocks")
		})
	}
}
