package budgets_test

import (
	"net/http"
	"net/url"
	"strings"
	"testing"

	"porch/internal/webtest"
)

// A manager sets a block's budget: the form offers every head for each
// schedule, refuses what it cannot read next to the field without saving
// anything, refuses a second budget for the same year, and saves the
// amounts, which show on the budget's page and can be changed inline.
func TestBudgetCreatedRefusedAndEdited(t *testing.T) {
	t.Parallel()
	w := newWorld(t)
	d := webtest.Doc(t, w.Mgr.Get("/admin/budgets"))
	if !strings.Contains(d.Find(`select[name="site"]`).Text(), "Harbour View") || !strings.Contains(d.Find(".empty").Text(), "No budgets") {
		t.Fatalf("budgets page: %q", d.Find("main").Text())
	}
	rec := w.Mgr.Get("/admin/budgets/new?site=")
	if d := webtest.Doc(t, rec); rec.Code != http.StatusUnprocessableEntity || !strings.Contains(webtest.FieldError(d.Selection, "site"), "Choose the block") {
		t.Errorf("no block chosen: %d %q", rec.Code, webtest.FieldError(d.Selection, "site"))
	}
	newPath := "/admin/budgets/new?site=" + w.Ppl.FlatA.SitePublicID
	d = webtest.Doc(t, w.Mgr.Get(newPath))
	if n := d.Find("fieldset.budget-head").Length(); n != 11 {
		t.Errorf("%d heads on the form", n)
	}
	if d.Find(`[name="`+w.field("lift")+`"]`).Length() != 1 {
		t.Error("no lift amount for the default schedule")
	}

	bad := w.budgetForm()
	bad.Set("year", "20x5")
	bad.Set(w.field("cleaning"), "12.345")
	rec = w.Mgr.Post(newPath, bad)
	d = webtest.Doc(t, rec)
	if rec.Code != http.StatusUnprocessableEntity || !strings.Contains(webtest.FieldError(d.Selection, w.field("cleaning")), "nearest penny") {
		t.Fatalf("bad amount: %d %q", rec.Code, webtest.FieldError(d.Selection, w.field("cleaning")))
	}
	bad.Set(w.field("cleaning"), "1200")
	rec = w.Mgr.Post(newPath, bad)
	if d = webtest.Doc(t, rec); rec.Code != http.StatusUnprocessableEntity || webtest.FieldError(d.Selection, "year") == "" {
		t.Fatalf("bad year: %d %q", rec.Code, webtest.FieldError(d.Selection, "year"))
	}
	rec = w.Mgr.Post(newPath, url.Values{"year": {"2025"}})
	if d = webtest.Doc(t, rec); rec.Code != http.StatusUnprocessableEntity || !strings.Contains(d.Find("#budget-lines-error").Text(), "at least one") {
		t.Fatalf("no amounts: %d %q", rec.Code, d.Find(".budget-form").Text())
	}
	if n := w.Count(`SELECT count(*) FROM budgets`); n != 0 {
		t.Fatalf("refusals saved %d budgets", n)
	}

	path := w.createBudget(t)
	d = webtest.Doc(t, w.Mgr.Get(path+"?done=created"))
	if got := d.Find(".budget-position tfoot").Text(); !strings.Contains(got, "£5,200.00") {
		t.Errorf("budget total: %q", got)
	}
	if v := d.Find(`[name="`+w.field("cleaning")+`"]`).AttrOr("value", ""); v != "1200.00" {
		t.Errorf("cleaning shows %q", v)
	}
	rec = w.Mgr.Post(newPath, w.budgetForm())
	if d = webtest.Doc(t, rec); rec.Code != http.StatusUnprocessableEntity || !strings.Contains(webtest.FieldError(d.Selection, "year"), "already has a budget") {
		t.Fatalf("second budget for 2025: %d %q", rec.Code, webtest.FieldError(d.Selection, "year"))
	}

	edit := w.budgetForm()
	edit.Set(w.field("cleaning"), "1300")
	edit.Set(w.field("gardening"), "250.50")
	rec = w.Mgr.Post(path, edit, hxTo("budget-lines")...)
	d = webtest.Doc(t, rec)
	if rec.Code != http.StatusOK || d.Find("#budget-lines").Length() != 1 || d.Find("h1").Length() != 0 {
		t.Fatalf("inline save: %d %.500s", rec.Code, rec.Body.String())
	}
	if got := w.Count(`SELECT sum(amount) FROM budget_lines`); got != 5550_50 {
		t.Errorf("lines sum to %d", got)
	}
	if w.Count(`SELECT count(*) FROM audit_log WHERE action IN ('budget.create', 'budget.update')`) != 2 {
		t.Error("not audited")
	}
	if rec := w.Mgr.Get("/admin/budgets/nosuchbudget0000"); rec.Code != http.StatusNotFound {
		t.Errorf("unknown budget: %d", rec.Code)
	}
}
