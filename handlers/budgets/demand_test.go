package budgets_test

import (
	"net/http"
	"strings"
	"testing"

	"porch/internal/webtest"
)

// The year's on-account demands come from the budget through the bulk
// demand: previewed unit by unit (nothing written), posted only with the
// preview's fingerprint, each invoice recorded against the budget, and an
// instalment raised once.
func TestOnAccountDemandPreviewedAndRaisedOnce(t *testing.T) {
	t.Parallel()
	w := newWorld(t)
	path := w.createBudget(t) + "/demand"

	rec := w.Mgr.Post(path, w.onAccount("2", "1"), hxTo("budget-demand")...)
	d := webtest.Doc(t, rec)
	if rec.Code != http.StatusOK || d.Find("#budget-demand").Length() != 1 || d.Find("h1").Length() != 0 {
		t.Fatalf("preview: %d %.800s", rec.Code, rec.Body.String())
	}
	// £5,200 in 2: £2,600 split in thirds, the odd pennies to the largest
	// remainders: 866.67 + 866.67 + 866.66.
	rows := d.Find(".bulk-preview tbody tr")
	if rows.Length() != 3 || !strings.Contains(rows.Eq(1).Text(), "£866.67") || !strings.Contains(rows.Eq(2).Text(), "£866.66") ||
		!strings.Contains(d.Find(".bulk-preview tfoot").Text(), "£2,600.00") {
		t.Fatalf("preview rows: %q", rows.Text())
	}
	if n := w.Count(`SELECT count(*) FROM invoices`); n != 0 {
		t.Fatalf("a preview raised %d invoices", n)
	}

	stale := w.onAccount("2", "1")
	stale.Set("action", "post")
	stale.Set("previewed", "0123456789abcdef0123456789abcdef")
	d = webtest.Doc(t, w.Mgr.Post(path, stale))
	if !strings.Contains(d.Find("#budget-demand .notice.error").Text(), "changed since the preview") || w.Count(`SELECT count(*) FROM invoices`) != 0 {
		t.Fatal("a post without its preview was raised")
	}

	res := w.previewThenPost(t, path, w.onAccount("2", "1"))
	if res.StatusCode != http.StatusSeeOther || !strings.Contains(res.Header.Get("Location"), "done=demanded") {
		t.Fatalf("post: %d %s", res.StatusCode, res.Header.Get("Location"))
	}
	if n := w.Count(`SELECT count(*) FROM budget_demands d JOIN invoices i ON i.id = d.invoice_id WHERE d.kind = 'on_account'`); n != 3 {
		t.Fatalf("%d on-account demands recorded", n)
	}
	if got := w.Count(`SELECT sum(total) FROM invoices`); got != 2600_00 {
		t.Errorf("raised %d", got)
	}
	back, _, _ := strings.Cut(res.Header.Get("Location"), "#") // browsers keep the fragment to themselves
	d = webtest.Doc(t, w.Mgr.Get(back))
	if !strings.Contains(d.Find("#budget-demand .notice.success").Text(), "Invoices 1 to 3 raised") ||
		!strings.Contains(d.Find(".budget-position").Text(), "£2,600.00") {
		t.Errorf("after posting: %q / %q", d.Find("#budget-demand .notice").Text(), d.Find(".budget-position").Text())
	}

	again := w.onAccount("2", "1")
	again.Set("action", "preview")
	rec = w.Mgr.Post(path, again)
	if d = webtest.Doc(t, rec); rec.Code != http.StatusUnprocessableEntity || !strings.Contains(webtest.FieldError(d.Selection, "instalment"), "already been raised") {
		t.Fatalf("raised twice: %d %q", rec.Code, webtest.FieldError(d.Selection, "instalment"))
	}
	whole := w.onAccount("1", "1")
	whole.Set("action", "preview")
	rec = w.Mgr.Post(path, whole)
	if d = webtest.Doc(t, rec); rec.Code != http.StatusUnprocessableEntity || !strings.Contains(webtest.FieldError(d.Selection, "instalments"), "more than the schedule's budget") {
		t.Fatalf("over the budget: %d %q", rec.Code, webtest.FieldError(d.Selection, "instalments"))
	}
	noCharge := w.onAccount("2", "2")
	noCharge.Set("charge_type", "")
	noCharge.Set("due_date", "2024-12-01")
	noCharge.Set("action", "preview")
	rec = w.Mgr.Post(path, noCharge)
	d = webtest.Doc(t, rec)
	if rec.Code != http.StatusUnprocessableEntity || webtest.FieldError(d.Selection, "charge_type") == "" || webtest.FieldError(d.Selection, "due_date") == "" {
		t.Fatalf("no charge, due before issue: %d %q %q", rec.Code, webtest.FieldError(d.Selection, "charge_type"), webtest.FieldError(d.Selection, "due_date"))
	}
	if n := w.Count(`SELECT count(*) FROM invoices`); n != 3 {
		t.Errorf("refusals raised %d more invoices", n-3)
	}
}
