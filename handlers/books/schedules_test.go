package books_test

import (
	"net/http"
	"net/url"
	"strings"
	"testing"

	"porch/internal/webtest"
)

const schedulesPath = "/admin/ledger/schedules"

// scheduleValues is a valid form for a quarterly service charge shared by
// Harbour View's two flats, first due on 1 March 2026 (before the
// fixture's today, 15 March, so it is due at once).
func scheduleValues(lb *webtest.LedgerBook) url.Values {
	return url.Values{
		"name":         {"Quarterly service charge"},
		"target":       {"site:" + lb.Ppl.FlatA.SitePublicID},
		"charge_type":  {lb.ChargeID("Service charge")},
		"amount":       {"1,200.00"},
		"every_months": {"3"},
		"start_date":   {"2026-03-01"},
		"end_date":     {""},
		"due_days":     {"28"},
	}
}

func hxTo(target string) []string { return []string{"HX-Request", "true", "HX-Target", target} }

// scheduleInvoices counts the invoices raised by schedules.
func scheduleInvoices(lb *webtest.LedgerBook) int {
	return lb.Count(`SELECT count(*) FROM invoices WHERE schedule_id IS NOT NULL`)
}

// createSchedule posts the form and returns the new schedule's public id.
func createSchedule(t *testing.T, lb *webtest.LedgerBook, form url.Values) string {
	t.Helper()
	rec := lb.Mgr.Post(schedulesPath, form)
	loc := rec.Header().Get("Location")
	if rec.Code != http.StatusSeeOther || !strings.HasPrefix(loc, schedulesPath+"?done=created&id=") {
		t.Fatalf("create schedule: %d %q %.800s", rec.Code, loc, rec.Body.String())
	}
	return strings.TrimPrefix(loc, schedulesPath+"?done=created&id=")
}

func TestSchedulesCreateAndRaiseOnce(t *testing.T) {
	t.Parallel()
	lb := webtest.NewLedgerBook(t)
	d := webtest.Doc(t, lb.Mgr.Get(schedulesPath))
	if !strings.Contains(d.Find("#schedules").Text(), "No recurring demands yet") {
		t.Fatalf("empty list: %s", d.Find("#schedules").Text())
	}

	id := createSchedule(t, lb, scheduleValues(lb))
	rec := lb.Mgr.Get(schedulesPath + "?done=created&id=" + id)
	d = webtest.Doc(t, rec)
	row := d.Find(".schedules-table tbody tr").First()
	for _, want := range []string{"Quarterly service charge", "Service charge", "Harbour View", "£1,200.00", "Quarterly", "01/03/2026", "due", "Never", "Active"} {
		if !strings.Contains(row.Text(), want) {
			t.Errorf("row lacks %q: %s", want, row.Text())
		}
	}
	if n := d.Find(".notice.success").Text(); !strings.Contains(n, "Quarterly service charge") || !strings.Contains(n, "due now") {
		t.Errorf("notice %q", n)
	}
	if lb.F.AuditCount("acme", "ledger.schedule_created", id) != 1 {
		t.Error("creating is not audited")
	}
	if n := scheduleInvoices(lb); n != 0 {
		t.Fatalf("creating raised %d invoices", n)
	}

	// Raise now, without JavaScript: one invoice per flat, adding up to
	// the site's amount.
	rec = lb.Mgr.Post(schedulesPath+"/run", nil)
	if rec.Code != http.StatusSeeOther || rec.Header().Get("Location") != schedulesPath+"?done=run&n=2" {
		t.Fatalf("run: %d %v", rec.Code, rec.Header())
	}
	if n := webtest.Doc(t, lb.Mgr.Get(schedulesPath+"?done=run&n=2")).Find(".notice.success").Text(); !strings.Contains(n, "2 demands raised") {
		t.Errorf("run notice %q", n)
	}
	if n, total := scheduleInvoices(lb), lb.Count(`SELECT sum(total) FROM invoices WHERE schedule_id IS NOT NULL`); n != 2 || total != 1200_00 {
		t.Fatalf("run raised %d invoices for %d", n, total)
	}
	if lb.F.AuditCount("acme", "ledger.schedules_run") != 1 {
		t.Error("the run is not audited")
	}

	// Again, with htmx: nothing more is raised, and the list says so.
	rec = lb.Mgr.Post(schedulesPath+"/run", nil, hxTo("schedules")...)
	if rec.Code != http.StatusOK {
		t.Fatalf("second run: %d %.500s", rec.Code, rec.Body.String())
	}
	d = webtest.Doc(t, rec)
	if d.Find("header.site-header").Length() != 0 {
		t.Error("htmx got the whole page")
	}
	if n := d.Find("#schedules .notice.success").Text(); !strings.Contains(n, "Nothing was due") {
		t.Errorf("second run notice %q", n)
	}
	if n := scheduleInvoices(lb); n != 2 {
		t.Fatalf("second run: %d invoices", n)
	}
	if lb.F.AuditCount("acme", "ledger.schedules_run") != 1 {
		t.Error("a run that raised nothing was audited as a change")
	}
	row = d.Find(".schedules-table tbody tr").First()
	if txt := row.Text(); !strings.Contains(txt, "March 2026") || !strings.Contains(txt, "01/06/2026") || strings.Contains(txt, "due") {
		t.Errorf("row after the run: %s", txt)
	}

	// The schedule's page lists what the run raised.
	d = webtest.Doc(t, lb.Mgr.Get(schedulesPath+"/"+id))
	runs := d.Find("#schedule-detail table tbody tr")
	if runs.Length() != 1 || !strings.Contains(runs.Text(), "March 2026") || !strings.Contains(runs.Text(), "£1,200.00") ||
		!strings.Contains(runs.Text(), "nos. 1 to 2") {
		t.Errorf("runs on the schedule's page: %s", runs.Text())
	}
}

func TestScheduleFormRefusesBadInput(t *testing.T) {
	t.Parallel()
	lb := webtest.NewLedgerBook(t)
	unit := "unit:" + lb.Ppl.FlatA.PublicID
	tests := []struct {
		name, field, want string
		change            map[string]string
	}{
		{"no name", "name", "Enter a name", map[string]string{"name": "  "}},
		{"no target", "target", "Choose a site", map[string]string{"target": ""}},
		{"unknown target", "target", "from the list", map[string]string{"target": "unit:nope"}},
		{"no charge", "charge_type", "Choose a charge type", map[string]string{"charge_type": ""}},
		{"rent for a whole site", "charge_type", "landlord", map[string]string{"charge_type": lb.ChargeID("Rent")}},
		{"negative amount", "amount", "cannot be negative", map[string]string{"amount": "-100"}},
		{"words for an amount", "amount", "pounds and pence", map[string]string{"amount": "lots"}},
		{"zero amount", "amount", "greater than zero", map[string]string{"amount": "0"}},
		{"fraction of a penny", "amount", "nearest penny", map[string]string{"amount": "10.001"}},
		{"odd interval", "every_months", "quarterly", map[string]string{"every_months": "2"}},
		{"no start", "start_date", "Enter the date", map[string]string{"start_date": ""}},
		{"impossible start", "start_date", "real date", map[string]string{"start_date": "2026-02-30"}},
		{"start out of range", "start_date", "between 2000 and 2099", map[string]string{"start_date": "1999-01-01"}},
		{"end before start", "end_date", "cannot be before", map[string]string{"end_date": "2026-01-01"}},
		{"impossible end", "end_date", "real date", map[string]string{"end_date": "2026-13-01"}},
		{"days to pay not a number", "due_days", "whole number", map[string]string{"due_days": "a month"}},
		{"days to pay too many", "due_days", "0 to 90", map[string]string{"due_days": "91", "target": unit}},
		{"ground rent due too soon", "due_days", "section 166): give 30 to 60 days to pay", map[string]string{"due_days": "28",
			"target": unit, "charge_type": lb.ChargeID("Ground rent")}},
		{"ground rent due too late", "due_days", "section 166)", map[string]string{"due_days": "61",
			"charge_type": lb.ChargeID("Ground rent")}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			form := scheduleValues(lb)
			for k, v := range tt.change {
				form.Set(k, v)
			}
			rec := lb.Mgr.Post(schedulesPath, form, hxTo("schedule-form")...)
			if rec.Code != http.StatusUnprocessableEntity {
				t.Fatalf("status %d, want 422: %.500s", rec.Code, rec.Body.String())
			}
			d := webtest.Doc(t, rec)
			if d.Find("#schedule-form").Length() != 1 || d.Find("header.site-header").Length() != 0 {
				t.Fatalf("htmx did not get just the form: %.300s", rec.Body.String())
			}
			if msg := webtest.FieldError(d.Selection, tt.field); !strings.Contains(msg, tt.want) {
				t.Errorf("message next to %s = %q, want %q", tt.field, msg, tt.want)
			}
			// What was typed is kept.
			if v, _ := d.Find(`[name="name"]`).Attr("value"); v != strings.TrimSpace(form.Get("name")) {
				t.Errorf("name shown again as %q", v)
			}
			if n := lb.Count(`SELECT count(*) FROM schedules`) + lb.F.AuditCount("acme", "ledger.schedule_created"); n != 0 {
				t.Fatalf("a refused form wrote %d rows", n)
			}
		})
	}

	// Several mistakes show together, the ledger's with the form's.
	form := scheduleValues(lb)
	form.Set("amount", "abc")
	form.Set("charge_type", lb.ChargeID("Rent"))
	form.Set("end_date", "2026-13-01")
	d := webtest.Doc(t, lb.Mgr.Post(schedulesPath, form, hxTo("schedule-form")...))
	for _, field := range []string{"amount", "charge_type", "end_date"} {
		if webtest.FieldError(d.Selection, field) == "" {
			t.Errorf("no message next to %s", field)
		}
	}

	// Without JavaScript the whole page comes back, with the messages.
	form = scheduleValues(lb)
	form.Set("amount", "")
	rec := lb.Mgr.Post(schedulesPath, form)
	if rec.Code != http.StatusUnprocessableEntity {
		t.Fatalf("plain post: %d", rec.Code)
	}
	d = webtest.Doc(t, rec)
	if d.Find("header.site-header").Length() != 1 || webtest.FieldError(d.Selection, "amount") != "Enter an amount." {
		t.Errorf("plain post: page %d, amount message %q", d.Find("header.site-header").Length(), webtest.FieldError(d.Selection, "amount"))
	}

	// A site whose shares do not total 100% cannot be scheduled.
	if _, err := lb.F.DB("acme").Writer().Exec(`UPDATE apportionment_shares SET share_ppm = 400000 WHERE unit_id = ?`, lb.Ppl.FlatB.ID); err != nil {
		t.Fatal(err)
	}
	d = webtest.Doc(t, lb.Mgr.Post(schedulesPath, scheduleValues(lb), hxTo("schedule-form")...))
	if msg := webtest.FieldError(d.Selection, "target"); !strings.Contains(msg, "90%") || !strings.Contains(msg, "short of 100%") {
		t.Errorf("shares message %q", msg)
	}
	if n := lb.Count(`SELECT count(*) FROM schedules`); n != 0 {
		t.Fatalf("%d schedules after refusals", n)
	}
}

func TestSchedulesAreForStaff(t *testing.T) {
	t.Parallel()
	lb := webtest.NewLedgerBook(t)
	alice := lb.F.Browser("acme." + webtest.Base)
	alice.SignInAs("acme", lb.Ppl.Alice)
	for _, rec := range []*struct {
		method, path string
	}{{"GET", schedulesPath}, {"POST", schedulesPath + "/run"}, {"POST", schedulesPath}} {
		var code int
		if rec.method == "GET" {
			code = alice.Get(rec.path).Code
		} else {
			code = alice.Post(rec.path, scheduleValues(lb)).Code
		}
		if code != http.StatusForbidden {
			t.Errorf("%s %s as a leaseholder: %d", rec.method, rec.path, code)
		}
	}
	if n := lb.Count(`SELECT count(*) FROM schedules`); n != 0 {
		t.Fatal("a leaseholder created a schedule")
	}
}
