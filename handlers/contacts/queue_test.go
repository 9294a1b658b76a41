package contacts_test

import (
	"bytes"
	"context"
	"database/sql"
	"net/http"
	"net/url"
	"strings"
	"testing"

	"porch/contacts"
	"porch/estate"
	"porch/internal/smtptest"
	"porch/internal/webtest"
	"porch/mail"
)

// A manager approves a change of address: the record changes through the
// same path as a staff edit, the person is emailed over a real SMTP
// server, the audit log has old → new; the dashboard counted it before.
func TestApproveAppliesAndEmails(t *testing.T) {
	t.Parallel()
	w := newWorld(t)
	ch := w.ask(t, w.ppl.Alice, "correspondence_address", "9 New Street\nYork\nYO1 7HH")
	w.ask(t, w.ppl.Bob, "full_name", "Robert Brennan")

	d := webtest.Doc(t, w.mgr.Get("/admin"))
	if card := text(d.Find(`a[href="/admin/people/changes"]`)); !strings.Contains(card, "2 waiting") {
		t.Errorf("dashboard card %q", card)
	}
	if webtest.Doc(t, w.ro.Get("/admin")).Find(`a[href="/admin/people/changes"]`).Length() != 0 {
		t.Error("read-only member offered the queue")
	}
	d = webtest.Doc(t, w.mgr.Get("/admin/people/changes"))
	row := d.Find("#change-" + ch.PublicID)
	if got := text(row); !strings.Contains(got, "Alice Adeyemi") || !strings.Contains(got, "Correspondence address") ||
		!strings.Contains(got, "9 New Street York YO1 7HH") || !strings.Contains(got, "(none)") {
		t.Errorf("row %q", got)
	}
	// The person's own page lists it too.
	if got := text(webtest.Doc(t, w.ro.Get("/admin/people/"+w.ppl.Alice.PublicID)).Find(".person-waiting")); !strings.Contains(got, "9 New Street") {
		t.Errorf("person page %q", got)
	}

	rec := w.mgr.Post("/admin/people/changes/"+ch.PublicID+"/approve", nil, "HX-Request", "true", "HX-Target", "change-"+ch.PublicID)
	code(t, rec, http.StatusOK, "approve")
	if got := webtest.Doc(t, rec); got.Find("#changes-screen").Length() != 1 || !strings.Contains(got.Find(".notice").Text(), "Approved") {
		t.Errorf("answer %s", rec.Body.String())
	}
	if p := w.person(t, w.ppl.Alice); p.CorrespondenceAddress != "9 New Street\nYork\nYO1 7HH" {
		t.Errorf("address %q", p.CorrespondenceAddress)
	}
	if n := w.f.AuditCount("acme", "contact.change_approved", w.ppl.Alice.PublicID); n != 1 {
		t.Errorf("audited %d", n)
	}
	subject, body := w.f.LastMail("acme", w.ppl.Alice.Email)
	if subject != "Your change to your correspondence address is confirmed" || !strings.Contains(body, "9 New Street") {
		t.Errorf("mail %q:\n%s", subject, body)
	}
	// Approving it again finds nothing waiting.
	code(t, w.mgr.Post("/admin/people/changes/"+ch.PublicID+"/approve", nil), http.StatusNotFound, "again")

	// The mail reaches a real SMTP server.
	be := &smtptest.Backend{}
	tr, err := mail.NewSMTPTransport(smtptest.Start(t, be))
	if err != nil {
		t.Fatal(err)
	}
	sender := mail.NewSender(w.f.Tenants, tr, mail.SenderConfig{From: "no-reply@" + webtest.Base, Now: w.f.Clock.Now, Logger: w.f.Cfg.Logger})
	if err := sender.DeliverDue(context.Background(), "acme"); err != nil {
		t.Fatal(err)
	}
	found := false
	for _, r := range be.Messages() {
		if len(r.To) == 1 && r.To[0] == w.ppl.Alice.Email {
			m, err := mail.ParseMessage(bytes.NewReader(r.Data))
			if err != nil {
				t.Fatal(err)
			}
			found = m.Subject == subject && strings.Contains(m.HTML, "9 New Street") && strings.Contains(m.Text, "/profile#profile-details")
		}
	}
	if !found {
		t.Errorf("no approval reached %s over SMTP (%d messages)", w.ppl.Alice.Email, len(be.Messages()))
	}
}

// A rejection needs a reason, asked for next to the field; with one the
// record is left and the person is emailed the reason. An approval over
// a detail that moved says so.
func TestRejectNeedsAReason(t *testing.T) {
	t.Parallel()
	w := newWorld(t)
	ch := w.ask(t, w.ppl.Bob, "full_name", "Robert Brennan")
	rec := w.clerk.Post("/admin/people/changes/"+ch.PublicID+"/reject", url.Values{"reason": {"  "}})
	code(t, rec, http.StatusUnprocessableEntity, "no reason")
	d := webtest.Doc(t, rec)
	if msg := webtest.FieldErrorByID(d.Selection, "reason-"+ch.PublicID); msg == "" {
		t.Errorf("no message by the reason: %s", text(d.Find("#change-"+ch.PublicID)))
	}
	if len(w.waiting(t)) != 1 || w.f.MailCount("acme", w.ppl.Bob.Email) != 0 {
		t.Fatal("decided without a reason")
	}
	rec = w.clerk.Post("/admin/people/changes/"+ch.PublicID+"/reject", url.Values{"reason": {"Please send us a copy of the deed poll."}})
	code(t, rec, http.StatusSeeOther, "reject")
	if loc := rec.Header().Get("Location"); loc != "/admin/people/changes?done=rejected" {
		t.Errorf("redirect %q", loc)
	}
	if p := w.person(t, w.ppl.Bob); p.FullName != "Bob Brennan" || len(w.waiting(t)) != 0 {
		t.Errorf("record %+v", p)
	}
	subject, body := w.f.LastMail("acme", w.ppl.Bob.Email)
	if !strings.Contains(subject, "could not make the change to your full name") || !strings.Contains(body, "deed poll") {
		t.Errorf("mail %q:\n%s", subject, body)
	}
	if w.f.AuditCount("acme", "contact.change_rejected", w.ppl.Bob.PublicID) != 1 {
		t.Error("not audited")
	}

	// Moved since: the office corrected the number meanwhile.
	ch = w.ask(t, w.ppl.Bob, "phone", "07700 900321")
	w.f.DbWrite("acme", func(ctx context.Context, tx *sql.Tx) error {
		in := w.person(t, w.ppl.Bob).Input()
		in.Phone = "0117 496 0000"
		_, _, err := estate.UpdatePerson(ctx, tx, w.ppl.Bob.ID, in)
		return err
	})
	d = webtest.Doc(t, w.clerk.Get("/admin/people/changes"))
	if got := text(d.Find("#change-" + ch.PublicID + " .change-moved")); !strings.Contains(got, "Changed since") {
		t.Errorf("moved note %q", got)
	}
	rec = w.clerk.Post("/admin/people/changes/"+ch.PublicID+"/approve", nil)
	if loc := rec.Header().Get("Location"); loc != "/admin/people/changes?done=approved_moved" {
		t.Errorf("redirect %q", loc)
	}
	if p := w.person(t, w.ppl.Bob); p.Phone != "07700 900321" {
		t.Errorf("phone %q", p.Phone)
	}
}

// Staff cannot decide a manager's own change, nobody decides their own,
// and read-only members reach neither the queue nor its actions.
func TestQueueFollowsRankAndRole(t *testing.T) {
	t.Parallel()
	w := newWorld(t)
	mine := w.ask(t, w.manager, "phone", "07700 900888")
	d := webtest.Doc(t, w.clerk.Get("/admin/people/changes"))
	if row := d.Find("#change-" + mine.PublicID); row.Find("form").Length() != 0 || !strings.Contains(text(row), "Your role cannot") {
		t.Errorf("staff offered to decide a manager's change: %s", text(row))
	}
	code(t, w.clerk.Post("/admin/people/changes/"+mine.PublicID+"/approve", nil), http.StatusForbidden, "staff approves a manager's")
	code(t, w.clerk.Post("/admin/people/changes/"+mine.PublicID+"/reject", url.Values{"reason": {"No."}}), http.StatusForbidden, "staff rejects a manager's")
	code(t, w.mgr.Post("/admin/people/changes/"+mine.PublicID+"/approve", nil), http.StatusForbidden, "her own")
	if p := w.person(t, w.manager); p.Phone != "" || len(w.waiting(t)) != 1 {
		t.Errorf("decided anyway: %+v", p)
	}
	if w.f.AuditCount("acme", "access.denied") < 3 {
		t.Errorf("refusals not audited: %v", w.f.AuditActions("acme"))
	}
	code(t, w.ro.Get("/admin/people/changes"), http.StatusForbidden, "read-only queue")
	code(t, w.ro.Post("/admin/people/changes/"+mine.PublicID+"/approve", nil), http.StatusForbidden, "read-only approve")
	code(t, w.ro.Post("/admin/people/changes/"+mine.PublicID+"/reject", url.Values{"reason": {"No."}}), http.StatusForbidden, "read-only reject")
	// The administrator outranks her and decides it.
	code(t, w.admin.Post("/admin/people/changes/"+mine.PublicID+"/approve", nil), http.StatusSeeOther, "admin approves")
	if p := w.person(t, w.manager); p.Phone != "07700 900888" {
		t.Errorf("phone %q", p.Phone)
	}
}

// Only administrators set the rules; the rules screen saves them,
// audited, and refuses a rule it does not know next to its field.
func TestRulesScreen(t *testing.T) {
	t.Parallel()
	w := newWorld(t)
	code(t, w.mgr.Get("/admin/settings/contact-details"), http.StatusForbidden, "manager")
	d := webtest.Doc(t, w.admin.Get("/admin/settings/contact-details"))
	if v, _ := d.Find(`input[name="name"][checked]`).Attr("value"); v != contacts.Confirm {
		t.Errorf("default name rule %q", v)
	}
	if !strings.Contains(text(d.Find(".rule-fixed")), "code sent to the new address") {
		t.Error("the email's rule is not shown")
	}
	form := url.Values{"name": {"locked"}, "phones": {"immediate"}, "address": {"confirm"}, "contact_method": {"sometimes"}}
	rec := w.admin.Post("/admin/settings/contact-details", form, "HX-Request", "true", "HX-Target", "contact-rules")
	code(t, rec, http.StatusUnprocessableEntity, "unknown rule")
	if msg := webtest.FieldError(webtest.Doc(t, rec).Selection, "contact_method"); msg == "" {
		t.Errorf("no message: %s", rec.Body.String())
	}
	form.Set("contact_method", "immediate")
	code(t, w.admin.Post("/admin/settings/contact-details", form), http.StatusSeeOther, "save")
	r, err := contacts.LoadRules(context.Background(), w.f.DB("acme").Read())
	if err != nil || r.Of(contacts.GroupName) != contacts.Locked {
		t.Errorf("rules %v %v", r, err)
	}
	if w.f.AuditCount("acme", "settings.contact_rules") != 1 {
		t.Error("not audited")
	}
}
