package calendar_test

import (
	"net/http"
	"net/url"
	"strings"
	"testing"
)

// Alice, who turned calendar emails off on her Emails we send you page,
// is not emailed about planned works while Bob is; the works are still on
// her calendar.
func TestPlannedWorksRespectTheEmailChoice(t *testing.T) {
	t.Parallel()
	b := newBlock(t)
	if rec := b.alice.Post("/profile/emails", url.Values{"email": {"notices", "documents", "requests"}}); rec.Code != http.StatusSeeOther {
		t.Fatalf("turning calendar emails off: %d", rec.Code)
	}
	rec := b.mgr.Post("/admin/calendar", url.Values{"site": {b.site}, "kind": {"works"}, "title": {"Roof repairs"},
		"start_date": {"2026-03-23"}, "end_date": {"2026-03-27"}, "affects": {"site"}})
	if rec.Code != http.StatusSeeOther {
		t.Fatalf("plan: %d %.300s", rec.Code, rec.Body.String())
	}
	if subject, _ := b.f.LastMail("acme", "bob@example.com"); !strings.HasPrefix(subject, "Roof repairs") {
		t.Errorf("Bob's last mail %q", subject)
	}
	if n := b.f.MailCount("acme", "alice@example.com"); n != 0 {
		t.Errorf("Alice got %d emails", n)
	}
	if !strings.Contains(b.alice.Get("/calendar").Body.String(), "Roof repairs") {
		t.Error("the works are not on Alice's calendar")
	}
}
