package budgets_test

import (
	"context"
	"database/sql"
	"net/http"
	"net/url"
	"strings"
	"testing"

	"github.com/PuerkitoBio/goquery"

	"porch/estate"
	"porch/internal/webtest"
)

// yearEndForm posts the default schedule's year end.
func (w *world) yearEndForm(issue string) url.Values {
	return url.Values{"apportionment": {w.Main.PublicID}, "charge_type": {w.ChargeID("Service charge")},
		"issue_date": {issue}, "due_date": {"2026-04-30"}}
}

// The year end through the screens: Main spent £5,308.14 against £5,200
// demanded on account, a deficit of £108.14 whose thirds (36.05, 36.05,
// 36.04) are previewed, then posted as an invoice each summing to it
// exactly, once; refusals are field messages and write nothing.
func TestYearEndPreviewedPostedOnce(t *testing.T) {
	t.Parallel()
	w := newWorld(t)
	budget := w.createBudget(t)
	path := budget + "/year-end"
	for _, k := range []string{"1", "2"} {
		if res := w.previewThenPost(t, budget+"/demand", w.onAccount("2", k)); res.StatusCode != http.StatusSeeOther {
			t.Fatalf("on account %s: %d", k, res.StatusCode)
		}
	}
	w.spend(t)

	d := webtest.Doc(t, w.Mgr.Get(path))
	sched := d.Find(".year-end-schedule")
	if !strings.Contains(sched.Find(".stats").Text(), "£5,308.14 spent") || !strings.Contains(sched.Find(".stats").Text(), "£5,200.00 demanded") ||
		!strings.Contains(sched.Find(".stats").Text(), "£108.14") || !strings.Contains(sched.Find(".stats").Text(), "deficit") {
		t.Fatalf("position: %q", sched.Find(".stats").Text())
	}
	var parts []string
	sched.Find("tbody tr td:last-child").Each(func(_ int, s *goquery.Selection) { parts = append(parts, s.Text()) })
	if strings.Join(parts, " ") != "£36.05 £36.05 £36.04" || !strings.Contains(sched.Find("tfoot").Text(), "£108.14") {
		t.Errorf("split %v, foot %q", parts, sched.Find("tfoot").Text())
	}

	invoices := w.Count(`SELECT count(*) FROM invoices`)
	rec := w.Mgr.Post(path, withAction(w.yearEndForm("2025-12-31"), "preview"), hxTo("year-end")...)
	if d = webtest.Doc(t, rec); rec.Code != http.StatusUnprocessableEntity || !strings.Contains(webtest.FieldError(d.Selection, "issue_date"), "not over") {
		t.Fatalf("dated in the year: %d %.600s", rec.Code, d.Find("#year-end").Text())
	}
	noCharge := w.yearEndForm("2026-03-01")
	noCharge.Set("charge_type", "")
	rec = w.Mgr.Post(path, withAction(noCharge, "preview"))
	if d = webtest.Doc(t, rec); rec.Code != http.StatusUnprocessableEntity || webtest.FieldError(d.Selection, "charge_type") == "" {
		t.Fatalf("no charge: %d", rec.Code)
	}
	rec = w.Mgr.Post(path, withAction(w.yearEndForm("2026-03-01"), "preview"), hxTo("year-end")...)
	d = webtest.Doc(t, rec)
	if rec.Code != http.StatusOK || !strings.Contains(d.Find(".bulk-preview").Text(), "Posting raises 3 invoices, numbers 7 to 9, for £108.14") {
		t.Fatalf("preview: %d %q", rec.Code, d.Find("#year-end").Text())
	}
	if n := w.Count(`SELECT count(*) FROM invoices`); n != invoices {
		t.Fatalf("a preview or refusal raised %d invoices", n-invoices)
	}

	res := w.previewThenPost(t, path, w.yearEndForm("2026-03-01"))
	if res.StatusCode != http.StatusSeeOther {
		t.Fatalf("post: %d", res.StatusCode)
	}
	if got := w.Count(`SELECT sum(i.total) FROM invoices i JOIN budget_demands d ON d.invoice_id = i.id WHERE d.kind = 'balancing'`); got != 108_14 {
		t.Errorf("balancing invoices total %d", got)
	}
	if got := w.Count(`SELECT count(*) FROM invoices i JOIN budget_demands d ON d.invoice_id = i.id WHERE d.kind = 'balancing' AND i.total IN (3605, 3604)`); got != 3 {
		t.Errorf("%d balancing invoices of the right amounts", got)
	}
	d = webtest.Doc(t, w.Mgr.Get(path+"?done=posted"))
	if !strings.Contains(d.Find(".year-end-schedule").Text(), "Posted") || d.Find(".year-end-form").Length() != 0 {
		t.Errorf("after posting: %q", d.Find("#year-end").Text())
	}
	rec = w.Mgr.Post(path, withAction(w.yearEndForm("2026-03-01"), "post"))
	if d = webtest.Doc(t, rec); rec.Code != http.StatusUnprocessableEntity || !strings.Contains(d.Find(".year-end-schedule .notice.error").Text(), "posted once") {
		t.Fatalf("posted twice: %d %q", rec.Code, d.Find("#year-end").Text())
	}
	if w.Count(`SELECT count(*) FROM budget_balancings`) != 1 || w.Count(`SELECT count(*) FROM budgets WHERE closed_at IS NOT NULL`) != 1 {
		t.Error("the balancing is not recorded, or the budget not closed")
	}
	// A closed budget's amounts are shown, not offered for change.
	if d = webtest.Doc(t, w.Mgr.Get(budget)); d.Find(".budget-form").Length() != 0 || d.Find("#budget-demand").Length() != 0 {
		t.Error("a settled budget still offers its forms")
	}
}

// Staff can see the year end but not post it: posting credits money.
func TestYearEndNeedsPostMoney(t *testing.T) {
	t.Parallel()
	w := newWorld(t)
	budget := w.createBudget(t)
	var staff estate.Person
	w.F.DbWrite("acme", func(ctx context.Context, tx *sql.Tx) (err error) {
		if staff, err = estate.CreatePerson(ctx, tx, estate.PersonInput{FullName: "Sam Staff", Email: "sam@acme.example", PortalEnabled: true}, webtest.Now); err != nil {
			return err
		}
		return estate.AddStaff(ctx, tx, staff.ID, estate.StaffRoleStaff, webtest.Now)
	})
	b := w.F.Browser("acme." + webtest.Base)
	b.SignInAs("acme", staff)
	if rec := b.Get(budget + "/year-end"); rec.Code != http.StatusOK || webtest.Doc(t, rec).Find(".year-end-form").Length() != 0 {
		t.Fatalf("staff's year end: %d", rec.Code)
	}
	if rec := b.Post(budget+"/year-end", withAction(w.yearEndForm("2026-03-01"), "post")); rec.Code != http.StatusForbidden {
		t.Errorf("staff posted a year end: %d", rec.Code)
	}
}

func withAction(v url.Values, action string) url.Values {
	v.Set("action", action)
	return v
}

// A surplus is credited back: a credit note for each unit, together the
// whole surplus, with no due date asked for.
func TestYearEndSurplusCredited(t *testing.T) {
	t.Parallel()
	w := newWorld(t)
	budget := w.createBudget(t)
	if res := w.previewThenPost(t, budget+"/demand", w.onAccount("1", "1")); res.StatusCode != http.StatusSeeOther {
		t.Fatalf("on account: %d", res.StatusCode)
	}
	// Nothing spent but the reserve fund's £1,000: £4,200 to credit.
	path := budget + "/year-end"
	d := webtest.Doc(t, w.Mgr.Get(path))
	if got := d.Find(".year-end-schedule .stats").Text(); !strings.Contains(got, "£4,200.00") || !strings.Contains(got, "surplus, to credit") {
		t.Fatalf("position %q", got)
	}
	if d.Find(`.year-end-form [name="due_date"][type="date"]`).Length() != 0 {
		t.Error("a due date is asked for credits")
	}
	form := w.yearEndForm("2026-01-15")
	form.Del("due_date")
	form.Set("action", "preview")
	rec := w.Mgr.Post(path, form)
	if d = webtest.Doc(t, rec); rec.Code != http.StatusOK || !strings.Contains(d.Find(".bulk-preview").Text(), "Posting gives 3 credit notes for £4,200.00") {
		t.Fatalf("preview: %d %q %q", rec.Code, d.Find(".bulk-preview").Text(), d.Find(".error-text").Text())
	}
	if res := w.previewThenPost(t, path, form); res.StatusCode != http.StatusSeeOther {
		t.Fatalf("post: %d", res.StatusCode)
	}
	if got := w.Count(`SELECT sum(p.amount) FROM postings p JOIN journals j ON j.id = p.journal_id WHERE j.kind = 'credit' AND p.amount > 0`); got != 4200_00 {
		t.Errorf("credited %d", got)
	}
	if got := w.Count(`SELECT count(*) FROM journals WHERE kind = 'credit' AND description LIKE 'Credit: Year-end balancing%'`); got != 3 {
		t.Errorf("%d credit notes", got)
	}
}
