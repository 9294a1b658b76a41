package calendar_test

import (
	"bytes"
	"net/http"
	"net/url"
	"strings"
	"testing"

	"github.com/emersion/go-ical"

	"porch/internal/webtest"
)

// block is the fixture's Harbour View (Alice in flat 1, Bob in flat 2)
// with the manager and Alice signed in.
type block struct {
	f          *webtest.Fixture
	ppl        webtest.People
	site       string // public id
	mgr, alice *webtest.Browser
}

func newBlock(t *testing.T) *block {
	t.Helper()
	f := webtest.NewFixture(t, nil, webtest.Acme)
	b := &block{f: f, ppl: f.SeedPeople("acme")}
	if err := f.DB("acme").ReadPool().QueryRow(`SELECT public_id FROM sites`).Scan(&b.site); err != nil {
		t.Fatal(err)
	}
	b.mgr = f.Browser("acme." + webtest.Base)
	b.mgr.SignInAs("acme", b.ppl.Manager)
	b.alice = f.Browser("acme." + webtest.Base)
	b.alice.SignInAs("acme", b.ppl.Alice)
	return b
}

func (b *block) eventID(t *testing.T, title string) string {
	t.Helper()
	var id string
	if err := b.f.DB("acme").ReadPool().QueryRow(`SELECT public_id FROM site_events WHERE title = ?`, title).Scan(&id); err != nil {
		t.Fatalf("event %q: %v", title, err)
	}
	return id
}

func TestPlanMoveAndCancelTellThePeopleAffected(t *testing.T) {
	t.Parallel()
	b := newBlock(t)
	// The fixture's clock is 15 March 2026.
	rec := b.mgr.Post("/admin/calendar", url.Values{"site": {b.site}, "kind": {"works"}, "title": {"Roof repairs"},
		"description": {"Scaffolding on the south side."}, "start_date": {"2026-03-23"}, "end_date": {"2026-03-27"},
		"affects": {"site"}, "post_notice": {"yes"}})
	if rec.Code != http.StatusSeeOther || rec.Header().Get("Location") != "/admin/calendar?done=planned" {
		t.Fatalf("plan: %d %s\n%s", rec.Code, rec.Header().Get("Location"), rec.Body.String())
	}
	for _, to := range []string{"alice@example.com", "bob@example.com"} {
		if subject, _ := b.f.LastMail("acme", to); subject != "Roof repairs, Mon 23 Mar – Fri 27 Mar 2026" {
			t.Errorf("to %s: %q", to, subject)
		}
	}
	if !strings.Contains(b.alice.Get("/notices").Body.String(), "Roof repairs") {
		t.Error("the event was not also put up as a notice")
	}
	cal := b.alice.Get("/calendar").Body.String()
	if !strings.Contains(cal, "Mon 23 Mar – Fri 27 Mar 2026") {
		t.Error("Alice's calendar does not show it")
	}

	// Gas check for flat 2 only: Bob is told, Alice neither told nor shown.
	b.mgr.Post("/admin/calendar", url.Values{"site": {b.site}, "kind": {"inspection"}, "title": {"Gas safety check"},
		"start_date": {"2026-03-20"}, "start_time": {"09:00"}, "end_time": {"10:00"}, "affects": {"units"}, "units": {b.ppl.FlatB.PublicID}})
	if subject, _ := b.f.LastMail("acme", "bob@example.com"); subject != "Gas safety check, Fri 20 Mar 2026, 09:00–10:00" {
		t.Errorf("Bob told %q", subject)
	}
	if b.f.MailCount("acme", "alice@example.com") != 1 || strings.Contains(b.alice.Get("/calendar").Body.String(), "Gas safety check") {
		t.Error("Alice hears of Bob's gas check")
	}

	id := b.eventID(t, "Roof repairs")
	b.mgr.Post("/admin/calendar/"+id, url.Values{"kind": {"works"}, "title": {"Roof repairs"}, "start_date": {"2026-03-30"},
		"end_date": {"2026-04-03"}, "affects": {"site"}})
	if subject, _ := b.f.LastMail("acme", "alice@example.com"); subject != "New time: Roof repairs, Mon 30 Mar – Fri 3 Apr 2026" {
		t.Errorf("after the move Alice got %q", subject)
	}
	b.mgr.Post("/admin/calendar/"+id+"/cancel", nil)
	if subject, _ := b.f.LastMail("acme", "alice@example.com"); subject != "Cancelled: Roof repairs" {
		t.Errorf("after cancelling Alice got %q", subject)
	}
	if strings.Contains(b.alice.Get("/calendar").Body.String(), "Roof repairs") {
		t.Error("a cancelled event is still shown")
	}
}

func TestEventFormRefusals(t *testing.T) {
	t.Parallel()
	b := newBlock(t)
	rec := b.mgr.Post("/admin/calendar", url.Values{"site": {b.site}, "kind": {"works"}, "title": {""}, "description": {"Keep me"},
		"start_date": {"2026-03-20"}, "start_time": {"10:00"}, "end_time": {"09:00"}, "affects": {"units"}})
	if rec.Code != http.StatusUnprocessableEntity {
		t.Fatalf("status %d", rec.Code)
	}
	d := webtest.Doc(t, rec)
	if webtest.FieldError(d.Selection, "title") == "" || webtest.FieldError(d.Selection, "end_date") == "" || d.Find("#event-units-error").Length() != 1 {
		t.Errorf("messages: title %q, end %q, units %d", webtest.FieldError(d.Selection, "title"),
			webtest.FieldError(d.Selection, "end_date"), d.Find("#event-units-error").Length())
	}
	if d.Find("#event-description").Text() != "Keep me" {
		t.Error("the description typed is lost")
	}
	// A date that is not one is said once, next to it, with the title's
	// message beside it.
	d = webtest.Doc(t, b.mgr.Post("/admin/calendar", url.Values{"site": {b.site}, "kind": {"works"}, "title": {""},
		"start_date": {"31/02/2026"}, "affects": {"site"}}))
	if webtest.FieldError(d.Selection, "start_date") == "" || webtest.FieldError(d.Selection, "title") == "" ||
		strings.Contains(d.Find("#event-form").Text(), "Enter when it starts") {
		t.Errorf("a bad date: start %q, title %q, form %q", webtest.FieldError(d.Selection, "start_date"),
			webtest.FieldError(d.Selection, "title"), d.Find("#event-form .error-text").Text())
	}
	n := 0
	b.f.DB("acme").ReadPool().QueryRow(`SELECT count(*) FROM site_events`).Scan(&n)
	if n != 0 {
		t.Errorf("%d events saved after a refusal", n)
	}
}

func TestCalendarFeed(t *testing.T) {
	t.Parallel()
	b := newBlock(t)
	b.mgr.Post("/admin/calendar", url.Values{"site": {b.site}, "kind": {"fire_alarm"}, "title": {"Fire alarm test"},
		"start_date": {"2026-03-19"}, "start_time": {"10:00"}, "end_time": {"10:30"}, "affects": {"site"}})
	if home := webtest.Doc(t, b.alice.Get("/")).Find(".home-next").Text(); !strings.Contains(home, "Fire alarm test, Thu 19 Mar 2026, 10:00–10:30") {
		t.Errorf("home page's next event: %q", home)
	}
	if rec := b.alice.Post("/calendar/feed", nil); rec.Code != http.StatusSeeOther {
		t.Fatalf("making the address: %d", rec.Code)
	}
	d := webtest.Doc(t, b.alice.Get("/calendar?feed=new"))
	feedURL, _ := d.Find("#feed-url").Attr("value")
	u, err := url.Parse(feedURL)
	if err != nil || !strings.HasSuffix(u.Path, ".ics") {
		t.Fatalf("feed address %q", feedURL)
	}
	if webcal, _ := d.Find(`a[href^="webcal://"]`).Attr("href"); !strings.HasSuffix(webcal, u.Path) {
		t.Errorf("webcal link %q", webcal)
	}
	anon := b.f.Browser("acme." + webtest.Base)
	rec := anon.Get(u.Path)
	if rec.Code != http.StatusOK || !strings.HasPrefix(rec.Header().Get("Content-Type"), "text/calendar") {
		t.Fatalf("feed: %d %s", rec.Code, rec.Header().Get("Content-Type"))
	}
	c, err := ical.NewDecoder(bytes.NewReader(rec.Body.Bytes())).Decode()
	if err != nil {
		t.Fatalf("feed does not parse: %v", err)
	}
	if evs := c.Events(); len(evs) != 1 {
		t.Fatalf("%d events", len(evs))
	} else if s, _ := evs[0].Props.Text(ical.PropSummary); s != "Fire alarm test" {
		t.Errorf("summary %q", s)
	}
	// A forged signature, then the address after a new one was made.
	if rec := anon.Get(strings.Replace(u.Path, ".", ".0", 1)); rec.Code != http.StatusNotFound {
		t.Errorf("forged: %d", rec.Code)
	}
	b.alice.Post("/calendar/feed", nil)
	if rec := anon.Get(u.Path); rec.Code != http.StatusNotFound {
		t.Errorf("replaced address still answers: %d", rec.Code)
	}
	b.alice.Post("/calendar/feed/stop", nil)
	if webtest.Doc(t, b.alice.Get("/calendar")).Find("#feed-url").Length() != 0 {
		t.Error("still shows an address after turning it off")
	}
}
