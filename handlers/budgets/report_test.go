package budgets_test

import (
	"bytes"
	"net/http"
	"strings"
	"testing"

	"github.com/PuerkitoBio/goquery"

	"porch/internal/pdftext"
	"porch/internal/webtest"
)

// Budget and actual on fixed spending: the screen, the CSV and the PDF
// agree, head by head, counting only what was approved or paid within the
// year, the reserve fund at its budget.
func TestBudgetAndActualOnScreenCSVAndPDF(t *testing.T) {
	t.Parallel()
	w := newWorld(t)
	path := w.createBudget(t) + "/report"
	w.spend(t)

	d := webtest.Doc(t, w.Mgr.Get(path))
	want := map[string][3]string{
		"Cleaning":                  {"£1,200.00", "£1,260.00", "-£60.00"},
		"Buildings insurance":       {"£3,000.00", "£2,900.00", "£100.00"},
		"Repairs and maintenance":   {"£0.00", "£148.14", "-£148.14"},
		"Reserve fund contribution": {"£1,000.00", "£1,000.00", "£0.00"},
	}
	rows := d.Find(".budget-actual tbody tr")
	if rows.Length() != len(want) {
		t.Fatalf("%d rows: %q", rows.Length(), rows.Text())
	}
	rows.Each(func(_ int, r *goquery.Selection) {
		w, ok := want[strings.TrimSpace(r.Find("th").Text())]
		cells := r.Find("td")
		if !ok || cells.Eq(0).Text() != w[0] || cells.Eq(1).Text() != w[1] || cells.Eq(2).Text() != w[2] {
			t.Errorf("row %q, want %v", r.Text(), w)
		}
	})
	if foot := d.Find(".budget-actual tfoot").Text(); !strings.Contains(foot, "£5,200.00") || !strings.Contains(foot, "£5,308.14") || !strings.Contains(foot, "-£108.14") {
		t.Errorf("totals %q", foot)
	}
	if !strings.Contains(d.Find(".stats").Text(), "over budget") {
		t.Errorf("stats %q", d.Find(".stats").Text())
	}

	rec := w.Mgr.Get(path + ".csv")
	if rec.Code != http.StatusOK || !strings.HasPrefix(rec.Header().Get("Content-Type"), "text/csv") ||
		!strings.Contains(rec.Header().Get("Content-Disposition"), "budget-and-actual-2025-12-31.csv") {
		t.Fatalf("csv: %d %v", rec.Code, rec.Header())
	}
	csv := rec.Body.String()
	for _, line := range []string{"Schedule,Budget head,Budget,Actual,Variance", "Main,Cleaning,1200.00,1260.00,-60.00",
		"Main,Repairs and maintenance,0.00,148.14,-148.14", "Main,Total,5200.00,5308.14,-108.14", "All schedules,Total,5200.00,5308.14,-108.14"} {
		if !strings.Contains(csv, line+"\n") {
			t.Errorf("csv lacks %q:\n%s", line, csv)
		}
	}

	rec = w.Mgr.Get(path + ".pdf")
	if rec.Code != http.StatusOK || rec.Header().Get("Content-Type") != "application/pdf" || !bytes.HasPrefix(rec.Body.Bytes(), []byte("%PDF")) {
		t.Fatalf("pdf: %d %v", rec.Code, rec.Header())
	}
	text := pdftext.Read(t, rec.Body.Bytes())
	for _, s := range []string{"Budget and actual: Harbour View", "Main schedule", "Cleaning", "£1,260.00", "£5,308.14", "-£108.14"} {
		if !strings.Contains(text, s) {
			t.Errorf("pdf lacks %q", s)
		}
	}
}
