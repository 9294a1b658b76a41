package contacts_test

import (
	"net/http"
	"net/url"
	"strings"
	"testing"

	"porch/contacts"
	"porch/internal/webtest"
)

// With the default rules, one save saves the phone at once and puts the
// name before the office; the profile shows the name pending with a way
// to withdraw it, and other residents see none of it.
func TestProfileSavesAtOnceAndAsksTheOffice(t *testing.T) {
	t.Parallel()
	w := newWorld(t)
	rec := w.alice.Post("/profile/details", details(t, w.alice, url.Values{
		"full_name": {"Alice Brown"}, "phone": {"07700 900123"}, "preferred_contact": {"phone"}}))
	code(t, rec, http.StatusSeeOther, "save")
	if loc := rec.Header().Get("Location"); loc != "/profile?done=details_both#profile-details" {
		t.Errorf("redirect %q", loc)
	}
	p := w.person(t, w.ppl.Alice)
	if p.Phone != "07700 900123" || p.PreferredContact != "phone" || p.FullName != "Alice Adeyemi" {
		t.Errorf("record %+v", p)
	}
	list := w.waiting(t)
	if len(list) != 1 || list[0].Field != "full_name" || list[0].New != "Alice Brown" {
		t.Fatalf("waiting %+v", list)
	}
	d := webtest.Doc(t, w.alice.Get("/profile?done=details_both"))
	pending := text(d.Find("#pending-full_name"))
	if !strings.Contains(pending, "Pending Alice Brown — awaiting confirmation") || !strings.Contains(pending, "Withdraw") {
		t.Errorf("pending %q", pending)
	}
	if v, _ := d.Find("#details-phone").Attr("value"); v != "07700 900123" {
		t.Errorf("phone shown %q", v)
	}
	if w.f.AuditCount("acme", "contact.updated", w.ppl.Alice.PublicID) != 1 ||
		w.f.AuditCount("acme", "contact.change_requested", w.ppl.Alice.PublicID) != 1 {
		t.Errorf("audit %v", w.f.AuditActions("acme"))
	}

	// Bob sees nothing of it, cannot withdraw it, and cannot reach the queue.
	if body := w.bob.Get("/profile").Body.String(); strings.Contains(body, "Alice Brown") || strings.Contains(body, "Pending") {
		t.Error("Bob's profile shows Alice's change")
	}
	code(t, w.bob.Post("/profile/details/changes/"+list[0].PublicID+"/withdraw", nil), http.StatusNotFound, "bob withdraws")
	code(t, w.bob.Get("/admin/people/changes"), http.StatusForbidden, "bob's queue")

	// Alice withdraws it, in place with htmx.
	rec = w.alice.Post("/profile/details/changes/"+list[0].PublicID+"/withdraw", nil, "HX-Request", "true", "HX-Target", "profile-details")
	code(t, rec, http.StatusOK, "withdraw")
	d = webtest.Doc(t, rec)
	if d.Find("#profile-details").Length() != 1 || d.Find("#pending-full_name").Length() != 0 ||
		!strings.Contains(d.Find(".notice").Text(), "withdrawn") {
		t.Errorf("after withdrawing: %s", rec.Body.String())
	}
	if len(w.waiting(t)) != 0 || w.f.AuditCount("acme", "contact.change_withdrawn") != 1 {
		t.Error("not withdrawn")
	}
}

// A locked detail is shown read-only, and sent anyway by a made-up post it
// is refused next to its field with nothing else saved; a bad number is
// refused likewise, and the form keeps what was typed.
func TestProfileRefusesLockedAndBadDetails(t *testing.T) {
	t.Parallel()
	w := newWorld(t)
	rules := contacts.DefaultRules()
	rules[contacts.GroupAddress] = contacts.Locked
	w.setRules(t, rules)
	d := webtest.Doc(t, w.alice.Get("/profile"))
	if d.Find(`[name="correspondence_address"]`).Length() != 0 || !strings.Contains(text(d.Find(".contact-locked + .hint")), "Contact us to change where we write to you") {
		t.Errorf("locked field offered: %s", d.Find("#profile-details").Text())
	}

	form := details(t, w.alice, url.Values{"phone": {"07700 900555"}, "full_name": {"Alice Brown"},
		"correspondence_address": {"13 Elsewhere Road"}})
	rec := w.alice.Post("/profile/details", form)
	code(t, rec, http.StatusUnprocessableEntity, "locked post")
	d = webtest.Doc(t, rec)
	if got := text(d.Find("#profile-details .contact-locked + .error-text")); got != contacts.MsgLocked {
		t.Errorf("no refusal shown: %q", got)
	}
	p := w.person(t, w.ppl.Alice)
	if p.Phone != "" || p.CorrespondenceAddress != "" || len(w.waiting(t)) != 0 {
		t.Errorf("half saved: %+v, waiting %v", p, w.waiting(t))
	}

	// htmx: the details come back in place, with the message by the field.
	rec = w.alice.Post("/profile/details", details(t, w.alice, url.Values{"phone": {"07700 900555"}, "other_phone": {"call me"}}),
		"HX-Request", "true", "HX-Target", "profile-details")
	code(t, rec, http.StatusUnprocessableEntity, "bad phone")
	d = webtest.Doc(t, rec)
	if msg := webtest.FieldError(d.Selection, "other_phone"); !strings.Contains(msg, "phone number") {
		t.Errorf("other phone message %q", msg)
	}
	if v, _ := d.Find("#details-other-phone").Attr("value"); v != "call me" || d.Find("h1").Length() != 0 {
		t.Errorf("typed value %q, or whole page", v)
	}
	if p := w.person(t, w.ppl.Alice); p.Phone != "" {
		t.Errorf("phone saved beside a refusal: %q", p.Phone)
	}
}

// With the name locked the profile shows it read-only; with the phones
// needing confirmation a new number waits instead of saving.
func TestProfileFollowsChangedRules(t *testing.T) {
	t.Parallel()
	w := newWorld(t)
	rules := contacts.DefaultRules()
	rules[contacts.GroupName] = contacts.Locked
	rules[contacts.GroupContactMethod] = contacts.Locked
	rules[contacts.GroupPhones] = contacts.Confirm
	w.setRules(t, rules)
	d := webtest.Doc(t, w.alice.Get("/profile"))
	if d.Find(`[name="full_name"]`).Length() != 0 || !strings.Contains(text(d.Find(".contact-locked")), "Alice Adeyemi") {
		t.Errorf("name not read-only: %s", text(d.Find("#profile-details")))
	}
	if d.Find(`[name="preferred_contact"]`).Length() != 0 || !strings.Contains(text(d.Find(".contact-locked")), "No preference") {
		t.Errorf("contact method not read-only: %s", text(d.Find("#profile-details")))
	}
	rec := w.alice.Post("/profile/details", url.Values{"full_name": {"Mallory"}})
	code(t, rec, http.StatusUnprocessableEntity, "locked name")
	code(t, w.alice.Post("/profile/details", url.Values{"preferred_contact": {"post"}}), http.StatusUnprocessableEntity, "locked method")
	code(t, w.alice.Post("/profile/details", details(t, w.alice, url.Values{"phone": {"07700 900777"}})), http.StatusSeeOther, "phone")
	if p := w.person(t, w.ppl.Alice); p.Phone != "" || p.FullName != "Alice Adeyemi" {
		t.Errorf("record %+v", p)
	}
	if list := w.waiting(t); len(list) != 1 || list[0].Field != "phone" {
		t.Errorf("waiting %+v", list)
	}
}
