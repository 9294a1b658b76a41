package books_test

import (
	"net/http"
	"net/url"
	"strings"
	"testing"

	"porch/internal/webtest"
)

func TestSchedulePauseAndResume(t *testing.T) {
	t.Parallel()
	lb := webtest.NewLedgerBook(t)
	form := scheduleValues(lb)
	form.Set("name", "Monthly ground rent")
	form.Set("target", "unit:"+lb.Ppl.FlatA.PublicID)
	form.Set("charge_type", lb.ChargeID("Ground rent"))
	form.Set("due_days", "30")
	form.Set("amount", "25")
	form.Set("every_months", "1")
	form.Set("start_date", "2026-02-01")
	id := createSchedule(t, lb, form)
	path := schedulesPath + "/" + id

	// Paused with htmx from the list: the list comes back saying so.
	rec := lb.Mgr.Post(path+"/active", url.Values{"active": {"0"}}, hxTo("schedules")...)
	if rec.Code != http.StatusOK || rec.Header().Get("HX-Retarget") != "#schedules" {
		t.Fatalf("pause: %d %v", rec.Code, rec.Header())
	}
	d := webtest.Doc(t, rec)
	if txt := d.Find(".schedules-table tbody tr").Text(); !strings.Contains(txt, "Paused") || !strings.Contains(txt, "Resume") {
		t.Errorf("paused row: %s", txt)
	}
	if lb.F.AuditCount("acme", "ledger.schedule_paused", id) != 1 {
		t.Error("pausing is not audited")
	}
	// A paused schedule raises nothing.
	lb.Mgr.Post(schedulesPath+"/run", nil)
	if n := scheduleInvoices(lb); n != 0 {
		t.Fatalf("a paused schedule raised %d", n)
	}

	// Resumed without JavaScript from its own page: back to that page,
	// and the two months missed are raised at the next run.
	rec = lb.Mgr.Post(path+"/active", url.Values{"active": {"1"}, "back": {"detail"}})
	if rec.Code != http.StatusSeeOther || rec.Header().Get("Location") != path+"?done=resumed&id="+id {
		t.Fatalf("resume: %d %v", rec.Code, rec.Header())
	}
	d = webtest.Doc(t, lb.Mgr.Get(path+"?done=resumed&id="+id))
	if !strings.Contains(d.Find(".notice.success").Text(), "running again") || !strings.Contains(d.Find("#schedule-detail").Text(), "Active") {
		t.Errorf("resumed page: %s", d.Find("#schedule-detail").Text())
	}
	if lb.F.AuditCount("acme", "ledger.schedule_resumed", id) != 1 {
		t.Error("resuming is not audited")
	}
	rec = lb.Mgr.Post(schedulesPath+"/run", nil)
	if loc := rec.Header().Get("Location"); loc != schedulesPath+"?done=run&n=2" {
		t.Fatalf("run after resuming: %q", loc)
	}
	if n := lb.Count(`SELECT count(*) FROM invoices WHERE unit_id = ? AND schedule_id IS NOT NULL`, lb.Ppl.FlatA.ID); n != 2 {
		t.Fatalf("%d invoices for the unit", n)
	}

	// Pausing from the schedule's page with htmx re-renders that page.
	rec = lb.Mgr.Post(path+"/active", url.Values{"active": {"0"}, "back": {"detail"}}, hxTo("schedule-detail")...)
	d = webtest.Doc(t, rec)
	if rec.Code != http.StatusOK || d.Find("#schedule-detail").Length() != 1 || !strings.Contains(d.Find("#schedule-detail").Text(), "Paused") {
		t.Errorf("pause from the page: %d %.300s", rec.Code, rec.Body.String())
	}
	if rows := d.Find("#schedule-detail table tbody tr").Length(); rows != 2 {
		t.Errorf("the page lists %d periods, want 2", rows)
	}

	// Nonsense is refused; an unknown schedule is not found.
	if rec := lb.Mgr.Post(path+"/active", url.Values{"active": {"maybe"}}); rec.Code != http.StatusUnprocessableEntity {
		t.Errorf("active=maybe: %d", rec.Code)
	}
	if rec := lb.Mgr.Post(schedulesPath+"/nope/active", url.Values{"active": {"0"}}); rec.Code != http.StatusNotFound {
		t.Errorf("unknown schedule: %d", rec.Code)
	}
	if rec := lb.Mgr.Get(schedulesPath + "/nope"); rec.Code != http.StatusNotFound {
		t.Errorf("unknown schedule page: %d", rec.Code)
	}
}

func TestScheduleRunRefusalRaisesNothing(t *testing.T) {
	t.Parallel()
	lb := webtest.NewLedgerBook(t)
	createSchedule(t, lb, scheduleValues(lb))
	unitForm := scheduleValues(lb)
	unitForm.Set("name", "Ground rent")
	unitForm.Set("target", "unit:"+lb.Ppl.FlatB.PublicID)
	unitForm.Set("charge_type", lb.ChargeID("Ground rent"))
	unitForm.Set("due_days", "30")
	createSchedule(t, lb, unitForm)
	// The site's shares stop adding up after the schedule was made.
	if _, err := lb.F.DB("acme").Writer().Exec(`UPDATE apportionment_shares SET share_ppm = 400000 WHERE unit_id = ?`, lb.Ppl.FlatB.ID); err != nil {
		t.Fatal(err)
	}
	rec := lb.Mgr.Post(schedulesPath+"/run", nil, hxTo("schedules")...)
	if rec.Code != http.StatusUnprocessableEntity {
		t.Fatalf("run: %d", rec.Code)
	}
	msg := webtest.Doc(t, rec).Find("#schedules .notice.error").Text()
	if !strings.Contains(msg, "Quarterly service charge") || !strings.Contains(msg, "no schedule was run") {
		t.Errorf("refusal %q", msg)
	}
	if n := scheduleInvoices(lb) + lb.Count(`SELECT count(*) FROM schedule_runs`); n != 0 {
		t.Fatalf("a refused run wrote %d rows", n)
	}
}
