package sites_test

import (
	"net/http"
	"net/url"
	"strings"
	"testing"

	"porch/internal/webtest"
)

// A manager sets a site's reminder steps on the site page; steps that
// are not whole days in order are refused next to the field, plain post
// and htmx alike; a blank field sends none.
func TestSiteReminderSteps(t *testing.T) {
	t.Parallel()
	e := newEstate(t)
	site := e.addSite(t, "Canal Wharf")
	path := "/admin/sites/" + site.PublicID
	for _, tt := range []struct{ days, msg string }{
		{"7, 0", "whole number of days"},
		{"21, 7", "in order"},
		{"1,2,3,4,5,6", "at most 5"},
		{"400", "within 365 days"},
	} {
		for _, hx := range [][]string{nil, {"HX-Request", "true", "HX-Target", "site-reminders"}} {
			rec := e.mgr.Post(path+"/reminders", url.Values{"reminder_days": {tt.days}}, hx...)
			if rec.Code != http.StatusUnprocessableEntity {
				t.Fatalf("%q: %d", tt.days, rec.Code)
			}
			d := webtest.Doc(t, rec)
			if msg := webtest.FieldError(d.Selection, "reminder_days"); !strings.Contains(msg, tt.msg) {
				t.Errorf("%q (htmx %v): message %q", tt.days, hx != nil, msg)
			}
			if v, _ := d.Find(`[name="reminder_days"]`).Attr("value"); v != tt.days {
				t.Errorf("%q: field keeps %q", tt.days, v)
			}
		}
	}
	if n := e.count(t, `SELECT count(*) FROM reminder_steps`); n != 0 {
		t.Fatalf("%d steps saved from refused forms", n)
	}
	rec := e.mgr.Post(path+"/reminders", url.Values{"reminder_days": {" 7 21 "}})
	if rec.Code != http.StatusSeeOther {
		t.Fatalf("save: %d %.500s", rec.Code, rec.Body.String())
	}
	d := webtest.Doc(t, e.mgr.Get(rec.Header().Get("Location")))
	if got := d.Find(".notice.success").Text(); !strings.Contains(got, "Reminder steps saved.") {
		t.Errorf("notice %q", got)
	}
	if got := d.Find("dl.details").Text(); !strings.Contains(got, "7, 21 days after the due date") {
		t.Errorf("details: %q", got)
	}
	if e.count(t, `SELECT count(*) FROM reminder_steps WHERE days = '7, 21'`) != 1 ||
		e.count(t, `SELECT count(*) FROM audit_log WHERE action = 'site.reminders' AND detail LIKE '%"" → "7, 21"%'`) != 1 {
		t.Error("steps or their audit entry not saved")
	}
	if rec := e.mgr.Post(path+"/reminders", url.Values{"reminder_days": {""}}); rec.Code != http.StatusSeeOther {
		t.Fatalf("clear: %d", rec.Code)
	}
	if n := e.count(t, `SELECT count(*) FROM reminder_steps`); n != 0 {
		t.Errorf("%d steps left after clearing", n)
	}
}
