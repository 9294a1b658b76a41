package sites_test

import (
	"bytes"
	"net/http"
	"net/url"
	"strings"
	"testing"

	"github.com/PuerkitoBio/goquery"
	"github.com/xuri/excelize/v2"

	"porch/internal/webtest"
)

// importForm is the mapping form of an import page, as a browser posts it.
func importForm(d *goquery.Document, action string) url.Values {
	form := url.Values{"action": {action}}
	d.Find(`#import-screen form input[type="hidden"]`).Each(func(_ int, s *goquery.Selection) {
		form.Set(s.AttrOr("name", ""), s.AttrOr("value", ""))
	})
	d.Find(`#import-screen form select`).Each(func(_ int, s *goquery.Selection) {
		form.Set(s.AttrOr("name", ""), s.Find("option[selected]").AttrOr("value", ""))
	})
	return form
}

// A manager downloads the template, uploads a spreadsheet, is shown each
// row's refusal and nothing is written; uploads a corrected one, checks
// it, imports it, and importing it again changes nothing.
func TestImportFromSpreadsheet(t *testing.T) {
	t.Parallel()
	e := newEstate(t)
	site := e.addSite(t, "Canal Wharf")
	if d := webtest.Doc(t, e.mgr.Get("/admin/sites")); d.Find(`a[href="/admin/sites/import"]`).Length() != 1 {
		t.Fatal("the sites page does not offer the import")
	}
	tpl := e.mgr.Get("/admin/sites/import/template.csv")
	if tpl.Code != 200 || !strings.HasPrefix(tpl.Body.String(), "Site,Unit,") || !strings.Contains(tpl.Header().Get("Content-Disposition"), "attachment") {
		t.Fatalf("template: %d %q %.80s", tpl.Code, tpl.Header().Get("Content-Disposition"), tpl.Body.String())
	}

	bad := "Block,Flat,Leaseholder,Email,Role,From\n" +
		"Canal Wharf,Flat 1,Amara Okafor,amara@example.com,leaseholder,01/06/2019\n" +
		"Canal Wharf,Flat 2,Tom Reid,tom@example.com,,01/06/2019\n"
	rec := e.mgr.Upload("/admin/sites/import", url.Values{"action": {"check"}}, "estate.csv", []byte(bad))
	d := webtest.Doc(t, rec)
	if rec.Code != http.StatusUnprocessableEntity || !strings.Contains(d.Find("tr.refused").Text(), "Role: say whether Tom Reid") ||
		d.Find(`button[value="import"]`).Length() != 0 {
		t.Fatalf("bad file: %d, refused %q, import button %d", rec.Code, d.Find("tr.refused").Text(), d.Find(`button[value="import"]`).Length())
	}
	if n := e.count(t, `SELECT count(*) FROM units WHERE site_id = ?`, site.ID); n != 0 {
		t.Fatalf("checking a refused file wrote %d units", n)
	}

	good := strings.Replace(bad, "tom@example.com,,", "tom@example.com,tenant,", 1)
	rec = e.mgr.Upload("/admin/sites/import", url.Values{"action": {"check"}}, "estate.csv", []byte(good))
	d = webtest.Doc(t, rec)
	if rec.Code != 200 || d.Find(`button[value="import"]`).Length() != 1 {
		t.Fatalf("good file: %d %s", rec.Code, d.Find("#import-screen").Text())
	}
	if n := e.count(t, `SELECT count(*) FROM units WHERE site_id = ?`, site.ID); n != 0 {
		t.Fatalf("checking wrote %d units", n)
	}
	rec = e.mgr.Post("/admin/sites/import", importForm(d, "import"))
	if rec.Code != 200 || !strings.Contains(webtest.Doc(t, rec).Find(".notice.success").Text(), "2 units, 2 people and 2 links to homes added") {
		t.Fatalf("import: %d %q", rec.Code, webtest.Doc(t, rec).Find("#import-screen").Text())
	}
	if n := e.count(t, `SELECT count(*) FROM unit_people l JOIN units u ON u.id = l.unit_id WHERE u.site_id = ?`, site.ID); n != 2 {
		t.Errorf("%d links after the import", n)
	}
	if e.f.AuditCount("acme", "estate.imported") != 1 {
		t.Error("the import was not audited")
	}
	rec = e.mgr.Post("/admin/sites/import", importForm(d, "import"))
	if !strings.Contains(webtest.Doc(t, rec).Find(".notice.success").Text(), "0 units, 0 people and 0 links to homes added; 0 units and 0 people changed; 2 rows already") {
		t.Errorf("importing again: %q", webtest.Doc(t, rec).Find(".notice.success").Text())
	}
}

// An Excel workbook is checked and imported like a CSV file; between the
// steps it travels as CSV text.
func TestImportExcelWorkbookThroughTheScreen(t *testing.T) {
	t.Parallel()
	e := newEstate(t)
	e.addSite(t, "Canal Wharf")
	wb := excelize.NewFile()
	for i, r := range [][]any{{"Block", "Flat", "Leaseholder", "Email", "Role", "From"},
		{"Canal Wharf", "Flat 1", "Amara Okafor", "amara@example.com", "leaseholder", "01/06/2019"}} {
		cell, _ := excelize.CoordinatesToCellName(1, i+1)
		if err := wb.SetSheetRow(wb.GetSheetName(0), cell, &r); err != nil {
			t.Fatal(err)
		}
	}
	var buf bytes.Buffer
	if err := wb.Write(&buf); err != nil {
		t.Fatal(err)
	}
	rec := e.mgr.Upload("/admin/sites/import", url.Values{"action": {"check"}}, "estate.xlsx", buf.Bytes())
	d := webtest.Doc(t, rec)
	if rec.Code != 200 || !strings.HasPrefix(d.Find(`input[name="content"]`).AttrOr("value", ""), "Block,Flat,") {
		t.Fatalf("workbook: %d %q", rec.Code, d.Find("#import-screen").Text())
	}
	rec = e.mgr.Post("/admin/sites/import", importForm(d, "import"))
	if !strings.Contains(webtest.Doc(t, rec).Find(".notice.success").Text(), "1 unit, 1 person and 1 link to homes added") {
		t.Errorf("import: %q", webtest.Doc(t, rec).Find("#import-screen").Text())
	}
}
