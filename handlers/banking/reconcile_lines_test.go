package banking_test

import (
	"net/http"
	"strings"
	"testing"

	"github.com/PuerkitoBio/goquery"

	"porch/internal/webtest"
)

// TestBankLinesFilter: the list filters by state and dates, refuses a bad
// date next to its field, serves htmx its block, and actions keep the
// filter.
func TestBankLinesFilter(t *testing.T) {
	t.Parallel()
	lb := webtest.NewLedgerBook(t)
	path := lb.ReconcilePath()
	lb.ReceiptFor(t, lb.Ppl.FlatA, "2026-03-05", "500", "")
	lb.ImportCSV(t, "march.csv", marchCSV)

	rows := func(d *goquery.Document) int { return d.Find(".bank-lines tbody tr").Length() }
	for query, want := range map[string]int{"": 6, "?state=matched": 1, "?state=unmatched": 5, "?from=2026-03-09&to=2026-03-09": 1, "?state=unmatched&from=2026-03-10": 3} {
		rec := lb.Mgr.Get(path + query)
		if got := rows(webtest.Doc(t, rec)); rec.Code != http.StatusOK || got != want {
			t.Errorf("GET %s: %d, %d rows, want %d", query, rec.Code, got, want)
		}
	}
	rec := lb.Mgr.Get(path+"?state=unmatched&from=2026-03-10", "HX-Request", "true", "HX-Target", "bank-reconcile")
	d := webtest.Doc(t, rec)
	if strings.Contains(rec.Body.String(), "<html") || rows(d) != 3 {
		t.Errorf("htmx filter: %d rows, page: %v", rows(d), strings.Contains(rec.Body.String(), "<html"))
	}
	fee := lb.LineID(t, "ACCOUNT FEE", 0)
	if action, _ := d.Find(`[id="line-` + fee + `"] form.bank-match`).Attr("action"); action != path+"/lines/"+fee+"/match?from=2026-03-10&state=unmatched" {
		t.Errorf("the match form loses the filter: %q", action)
	}
	rec = lb.Mgr.Get(path + "?from=2026-02-30&to=2026-01-01")
	if d := webtest.Doc(t, rec); rec.Code != http.StatusUnprocessableEntity || webtest.FieldError(d.Selection, "from") == "" {
		t.Errorf("bad filter date: %d %q", rec.Code, webtest.FieldError(d.Selection, "from"))
	}
	rec = lb.Mgr.Get(path + "?from=2026-03-10&to=2026-03-01")
	if d := webtest.Doc(t, rec); rec.Code != http.StatusUnprocessableEntity || webtest.FieldError(d.Selection, "to") != "The end date cannot be before the start date." {
		t.Errorf("reversed dates: %d %q", rec.Code, webtest.FieldError(d.Selection, "to"))
	}

	// Unmatching from a filtered list comes back to it.
	flat1 := lb.LineID(t, "ALICE ADEYEMI FLAT 1", 0)
	rec = lb.Mgr.Post(path+"/lines/"+flat1+"/unmatch?state=matched", nil)
	if loc := rec.Header().Get("Location"); rec.Code != http.StatusSeeOther || loc != path+"?done=unmatched&state=matched" {
		t.Errorf("unmatch redirect: %d %q", rec.Code, loc)
	}
	if n := lb.F.AuditCount("acme", "bank.line_unmatched"); n != 1 {
		t.Errorf("%d unmatch audit entries", n)
	}
	rec = lb.Mgr.Post(path+"/auto", nil, "HX-Request", "true", "HX-Target", "bank-reconcile")
	if d := webtest.Doc(t, rec); rec.Code != http.StatusOK || !strings.Contains(d.Find(".notice.success").Text(), "1 line was matched automatically") {
		t.Errorf("auto match again: %d %q", rec.Code, d.Find(".notice").Text())
	}
}
