package books_test

import (
	"context"
	"database/sql"
	"net/http"
	"net/url"
	"strings"
	"testing"

	"porch/estate"
	"porch/internal/webtest"
)

// bulkPath is Harbour View's bulk demand screen.
func bulkPath(lb *webtest.LedgerBook) string {
	return "/admin/ledger/sites/" + lb.Ppl.FlatA.SitePublicID + "/demand"
}

// bulkValues is a valid bulk demand: a service charge of £1,000.01 and a
// reserve fund contribution of £333.33 for the whole site.
func bulkValues(lb *webtest.LedgerBook) url.Values {
	return url.Values{
		"lines.0.charge_type": {lb.ChargeID("Service charge")},
		"lines.0.description": {"Service charge, April to June"},
		"lines.0.total":       {"1,000.01"},
		"lines.1.charge_type": {lb.ChargeID("Reserve fund")},
		"lines.1.total":       {"333.33"},
		"issue_date":          {"2026-04-01"},
		"due_date":            {"2026-04-29"},
		"action":              {"preview"},
	}
}

// thirds gives Harbour View three flats sharing it in thirds that do not
// divide a penny evenly: 33.3333%, 33.3333% and 33.3334%.
func thirds(t *testing.T, lb *webtest.LedgerBook) estate.Unit {
	t.Helper()
	var flat3 estate.Unit
	lb.F.DbWrite("acme", func(ctx context.Context, tx *sql.Tx) error {
		if _, err := tx.ExecContext(ctx, `UPDATE apportionment_shares SET share_ppm = 333333 WHERE unit_id IN (?, ?)`, lb.Ppl.FlatA.ID, lb.Ppl.FlatB.ID); err != nil {
			return err
		}
		var err error
		flat3, err = estate.CreateUnit(ctx, tx, lb.Ppl.FlatA.SiteID, estate.UnitInput{Name: "Flat 3", Share: "33.3334"}, webtest.Now)
		return err
	})
	return flat3
}

// bulkPosted counts what a bulk demand writes.
func bulkPosted(lb *webtest.LedgerBook) int {
	return lb.Count(`SELECT (SELECT count(*) FROM invoices) + (SELECT count(*) FROM journals) +
		(SELECT count(*) FROM audit_log WHERE action = 'ledger.bulk_demand')`)
}

// bulkPreview posts the form for a preview and returns the fingerprint
// the preview carries.
func bulkPreview(t *testing.T, lb *webtest.LedgerBook, form url.Values) string {
	t.Helper()
	form.Set("action", "preview")
	rec := lb.Mgr.Post(bulkPath(lb), form, hxTo("bulk-demand")...)
	if rec.Code != http.StatusOK {
		t.Fatalf("preview: %d %.800s", rec.Code, rec.Body.String())
	}
	digest, ok := webtest.Doc(t, rec).Find(`input[name="previewed"]`).Attr("value")
	if !ok || digest == "" {
		t.Fatalf("the preview carries no fingerprint: %.800s", rec.Body.String())
	}
	return digest
}

func TestBulkDemandPreviewThenPost(t *testing.T) {
	t.Parallel()
	lb := webtest.NewLedgerBook(t)
	flat3 := thirds(t, lb)
	form := bulkValues(lb)
	rec := lb.Mgr.Post(bulkPath(lb), form, hxTo("bulk-demand")...)
	if rec.Code != http.StatusOK {
		t.Fatalf("preview: %d %.500s", rec.Code, rec.Body.String())
	}
	d := webtest.Doc(t, rec)
	if h := d.Find("#bulk-preview-heading").Text(); !strings.Contains(h, "3 invoices, numbers 1 to 3") {
		t.Errorf("preview heading %q", h)
	}
	rows := d.Find(".bulk-table tbody tr")
	if rows.Length() != 3 {
		t.Fatalf("preview has %d rows", rows.Length())
	}
	if foot := d.Find(".bulk-table tfoot").Text(); !strings.Contains(foot, "£1,000.01") || !strings.Contains(foot, "£333.33") || !strings.Contains(foot, "£1,333.34") {
		t.Errorf("preview totals %q", foot)
	}
	if n := bulkPosted(lb); n != 0 {
		t.Fatalf("a preview wrote %d rows", n)
	}

	// Post what was previewed, with htmx: the fresh form comes back with
	// the invoice numbers.
	digest, _ := d.Find(`input[name="previewed"]`).Attr("value")
	form.Set("previewed", digest)
	form.Set("action", "post")
	rec = lb.Mgr.Post(bulkPath(lb), form, hxTo("bulk-demand")...)
	if rec.Code != http.StatusOK {
		t.Fatalf("post: %d %.500s", rec.Code, rec.Body.String())
	}
	d = webtest.Doc(t, rec)
	if n := d.Find("#bulk-demand .notice.success").Text(); !strings.Contains(n, "Invoices 1 to 3 raised.") {
		t.Errorf("notice %q", n)
	}
	if v, _ := d.Find(`[name="lines.0.total"]`).Attr("value"); v != "" {
		t.Errorf("the form was not cleared: total %q", v)
	}

	// One invoice per unit; each line, and the whole, add up exactly.
	if n := lb.Count(`SELECT count(DISTINCT unit_id) FROM invoices`); n != 3 || lb.Count(`SELECT count(*) FROM invoices`) != 3 {
		t.Fatalf("%d units invoiced", n)
	}
	if got := lb.Count(`SELECT sum(total) FROM invoices`); got != 1333_34 {
		t.Errorf("invoices total %d, want 133334", got)
	}
	for _, line := range []struct {
		charge string
		want   int
	}{{"Service charge", 1000_01}, {"Reserve fund", 333_33}} {
		got := lb.Count(`SELECT sum(l.amount) FROM invoice_lines l JOIN charge_types c ON c.id = l.charge_type_id WHERE c.name = ?`, line.charge)
		if got != line.want {
			t.Errorf("%s lines total %d, want %d", line.charge, got, line.want)
		}
	}
	for _, u := range []int64{lb.Ppl.FlatA.ID, lb.Ppl.FlatB.ID, flat3.ID} {
		if n := lb.Count(`SELECT count(*) FROM invoices WHERE unit_id = ?`, u); n != 1 {
			t.Errorf("unit %d has %d invoices", u, n)
		}
	}
	if n := lb.Count(`SELECT coalesce(sum(p.amount), 0) FROM postings p`); n != 0 {
		t.Errorf("the book is out by %d", n)
	}
	if lb.F.AuditCount("acme", "ledger.bulk_demand", lb.Ppl.FlatA.SitePublicID) != 1 {
		t.Error("the bulk demand is not audited")
	}

	// The same again without JavaScript: a redirect to the page, whose
	// notice names the new invoices.
	form.Set("previewed", bulkPreview(t, lb, form))
	form.Set("action", "post")
	rec = lb.Mgr.Post(bulkPath(lb), form)
	want := bulkPath(lb) + "?done=posted&first=4&last=6"
	if rec.Code != http.StatusSeeOther || rec.Header().Get("Location") != want {
		t.Fatalf("plain post: %d %q, want %q", rec.Code, rec.Header().Get("Location"), want)
	}
	if n := webtest.Doc(t, lb.Mgr.Get(want)).Find(".notice.success").Text(); !strings.Contains(n, "Invoices 4 to 6 raised.") {
		t.Errorf("notice after redirect %q", n)
	}
	// The notice holds only numbers from the address, never other words.
	if n := webtest.Doc(t, lb.Mgr.Get(bulkPath(lb)+"?done=posted&first=Pay+to+sort+code+00-00-00&last=1")).Find(".notice").Length(); n != 0 {
		t.Error("a crafted link put its words into the notice")
	}
}

func TestBulkDemandStalePreviewIsRefused(t *testing.T) {
	t.Parallel()
	lb := webtest.NewLedgerBook(t)
	form := bulkValues(lb)
	digest := bulkPreview(t, lb, form)

	check := func(what string, form url.Values) {
		t.Helper()
		rec := lb.Mgr.Post(bulkPath(lb), form, hxTo("bulk-demand")...)
		d := webtest.Doc(t, rec)
		if msg := d.Find("#bulk-demand .notice.error").Text(); !strings.Contains(msg, "changed since the preview") {
			t.Errorf("%s: refusal %q (status %d)", what, msg, rec.Code)
		}
		if d.Find(".bulk-preview").Length() != 1 {
			t.Errorf("%s: the new preview is not shown", what)
		}
		if n := bulkPosted(lb); n != 0 {
			t.Fatalf("%s: %d rows written", what, n)
		}
	}

	// The total was changed after the preview.
	changed := bulkValues(lb)
	changed.Set("lines.0.total", "1,100.00")
	changed.Set("previewed", digest)
	changed.Set("action", "post")
	check("changed total", changed)

	// A share changed after the preview.
	if _, err := lb.F.DB("acme").Writer().Exec(`UPDATE apportionment_shares SET share_ppm = 600000 WHERE unit_id = ?`, lb.Ppl.FlatA.ID); err != nil {
		t.Fatal(err)
	}
	if _, err := lb.F.DB("acme").Writer().Exec(`UPDATE apportionment_shares SET share_ppm = 400000 WHERE unit_id = ?`, lb.Ppl.FlatB.ID); err != nil {
		t.Fatal(err)
	}
	form.Set("previewed", digest)
	form.Set("action", "post")
	check("changed share", form)

	// No preview at all, or a made-up fingerprint.
	form.Del("previewed")
	check("no fingerprint", form)
	form.Set("previewed", "0123456789abcdef0123456789abcdef")
	check("made-up fingerprint", form)
}
