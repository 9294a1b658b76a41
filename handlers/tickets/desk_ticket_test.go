package tickets_test

import (
	"bytes"
	"context"
	"net/http"
	"net/url"
	"strings"
	"testing"
	"time"

	"porch/internal/smtptest"
	"porch/internal/webtest"
	"porch/mail"
	"porch/tickets"
)

// deliverOverSMTP sends the organisation's outbox to a real SMTP server
// and returns what it took.
func deliverOverSMTP(t *testing.T, f *webtest.Fixture) *smtptest.Backend {
	t.Helper()
	be := &smtptest.Backend{}
	tr, err := mail.NewSMTPTransport(smtptest.Start(t, be))
	if err != nil {
		t.Fatal(err)
	}
	sender := mail.NewSender(f.Tenants, tr, mail.SenderConfig{From: "no-reply@" + webtest.Base,
		Now: func() time.Time { return webtest.Now.Add(48 * time.Hour) }, Logger: f.Cfg.Logger})
	if err := sender.DeliverDue(context.Background(), "acme"); err != nil {
		t.Fatal(err)
	}
	return be
}

func TestDeskReplyEmailsTheResidentAndAnInternalNoteNoOne(t *testing.T) {
	t.Parallel()
	b := newBook(t)
	tk := b.raise(t, "Leak in the bathroom", webtest.Now)
	path := "/admin/tickets/" + tk.PublicID

	const secret = "Contractor says the landlord's insurer will refuse this one"
	rec := b.mgr.Post(path+"/reply", url.Values{"body": {secret}, "kind": {"internal"}},
		"HX-Request", "true", "HX-Target", "ticket-thread")
	if rec.Code != http.StatusOK {
		t.Fatalf("internal note: %d %.300s", rec.Code, rec.Body.String())
	}
	d := webtest.Doc(t, rec)
	note := d.Find(`.desk-msg.internal`)
	if note.Length() != 1 || !strings.Contains(note.Text(), "Internal note — residents never see this") || !strings.Contains(note.Text(), secret) {
		t.Errorf("the note is not shown as internal: %q", note.Text())
	}
	if d.Find(`#reply-body`).Text() != "" || !strings.Contains(d.Find(`.notice.success`).Text(), "Internal note added") {
		t.Error("the form was not reset with a notice")
	}
	if n := b.f.MailCount("acme", "alice@example.com"); n != 0 {
		t.Errorf("an internal note sent %d emails", n)
	}

	rec = b.mgr.Post(path+"/reply", url.Values{"body": {"A plumber will call this week."}, "kind": {"reply"}})
	if rec.Code != http.StatusSeeOther || !strings.HasPrefix(rec.Header().Get("Location"), path+"?done=replied") {
		t.Fatalf("plain reply: %d %s", rec.Code, rec.Header().Get("Location"))
	}
	subject, text := b.f.LastMail("acme", "alice@example.com")
	if !strings.Contains(subject, tk.Ref()) || !strings.Contains(text, "A plumber will call this week.") ||
		!strings.Contains(text, "/requests/"+tk.PublicID) {
		t.Errorf("reply mail %q:\n%s", subject, text)
	}
	for _, m := range b.outbox(t) {
		if strings.Contains(m, secret) {
			t.Errorf("the internal note is in an email: %.200s", m)
		}
	}
	if b.f.AuditCount("acme", "ticket.noted", tk.PublicID) != 1 || b.f.AuditCount("acme", "ticket.replied", tk.PublicID) != 1 {
		t.Error("messages not audited")
	}
	var leaked int
	b.f.DB("acme").ReadPool().QueryRow(`SELECT count(*) FROM audit_log WHERE detail LIKE ?`, "%insurer%").Scan(&leaked)
	if leaked != 0 {
		t.Error("the note's text is in the audit log")
	}

	// Over a real SMTP conversation: one message, to Alice, with the
	// reply and not the note.
	be := deliverOverSMTP(t, b.f)
	msgs := be.Messages()
	if len(msgs) != 1 || msgs[0].To[0] != "alice@example.com" {
		t.Fatalf("SMTP took %d messages", len(msgs))
	}
	m, err := mail.ParseMessage(bytes.NewReader(msgs[0].Data))
	if err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(m.Text, "A plumber will call this week.") || strings.Contains(m.Text, secret) || strings.Contains(string(msgs[0].Data), "insurer") {
		t.Errorf("delivered reply:\n%s", m.Text)
	}

	// An empty reply is refused next to the field.
	rec = b.mgr.Post(path+"/reply", url.Values{"body": {"  "}, "kind": {"reply"}}, "HX-Request", "true", "HX-Target", "ticket-thread")
	if rec.Code != http.StatusUnprocessableEntity || webtest.FieldError(webtest.Doc(t, rec).Selection, "body") != "Write a message or add a photo." {
		t.Errorf("empty reply: %d", rec.Code)
	}
}

func TestDeskResolvingAndBookingAVisitTellTheResident(t *testing.T) {
	t.Parallel()
	b := newBook(t)
	tk := b.raise(t, "Boiler not working", webtest.Now)
	path := "/admin/tickets/" + tk.PublicID

	rec := b.mgr.Post(path+"/status", url.Values{"status": {"resolved"}}, "HX-Request", "true", "HX-Target", "ticket-head")
	if rec.Code != http.StatusOK || !strings.Contains(webtest.Doc(t, rec).Find(`#ticket-head`).Text(), "may confirm or reopen it") {
		t.Fatalf("resolve: %d %.300s", rec.Code, rec.Body.String())
	}
	subject, text := b.f.LastMail("acme", "alice@example.com")
	if !strings.Contains(subject, "resolved") || !strings.Contains(text, "/requests/"+tk.PublicID) || !strings.Contains(text, "29 March 2026") {
		t.Errorf("resolved mail %q:\n%s", subject, text)
	}
	b.mgr.Post(path+"/status", url.Values{"status": {"in_progress"}})
	if n := b.f.MailCount("acme", "alice@example.com"); n != 1 {
		t.Errorf("%d emails after moving it on again", n)
	}

	// A visit in the past, or ending before it starts, is refused.
	rec = b.mgr.Post(path+"/visit", url.Values{"date": {"2026-03-14"}, "from": {"12:00"}, "to": {"08:00"}},
		"HX-Request", "true", "HX-Target", "ticket-visit")
	d := webtest.Doc(t, rec)
	if rec.Code != http.StatusUnprocessableEntity || !strings.Contains(webtest.FieldError(d.Selection, "date"), "past") ||
		webtest.FieldError(d.Selection, "to") != "The visit must end after it starts." || d.Find(`#visit-from`).AttrOr("value", "") != "12:00" {
		t.Errorf("bad visit: %d %.400s", rec.Code, rec.Body.String())
	}
	rec = b.mgr.Post(path+"/visit", url.Values{"date": {"2026-03-17"}, "from": {"8:00"}}, "HX-Request", "true", "HX-Target", "ticket-visit")
	if rec.Code != http.StatusUnprocessableEntity || !strings.Contains(webtest.FieldError(webtest.Doc(t, rec).Selection, "from"), "hours and minutes") {
		t.Errorf("8:00: %d", rec.Code)
	}
	if b.ticket(t, tk.PublicID).Appointment.Booked() {
		t.Fatal("a refused visit was saved")
	}

	rec = b.mgr.Post(path+"/visit", url.Values{"contractor": {"Swift Plumbing"}, "date": {"2026-03-17"}, "from": {"08:00"}, "to": {"12:00"}},
		"HX-Request", "true", "HX-Target", "ticket-visit")
	if rec.Code != http.StatusOK {
		t.Fatalf("book: %d %.300s", rec.Code, rec.Body.String())
	}
	const want = "Tue 17 Mar 2026, 8:00–12:00"
	if got := webtest.Doc(t, rec).Find(`.desk-booked`).Text(); !strings.Contains(got, "Engineer booked for "+want) {
		t.Errorf("booked shows %q", got)
	}
	subject, text = b.f.LastMail("acme", "alice@example.com")
	if !strings.Contains(subject, "Engineer booked for "+want) || !strings.Contains(text, "Swift Plumbing") {
		t.Errorf("visit mail %q:\n%s", subject, text)
	}
	// The same visit saved again tells no one; the resident's history has it.
	b.mgr.Post(path+"/visit", url.Values{"contractor": {"Swift Plumbing"}, "date": {"2026-03-17"}, "from": {"08:00"}, "to": {"12:00"}})
	if n := b.f.MailCount("acme", "alice@example.com"); n != 2 || b.f.AuditCount("acme", "ticket.visit", tk.PublicID) != 1 {
		t.Errorf("%d emails, %d audit entries after saving the same visit again", n, b.f.AuditCount("acme", "ticket.visit", tk.PublicID))
	}
	evs, _ := tickets.Events(context.Background(), b.f.DB("acme").Read(), tk.ID, false)
	if last := evs[len(evs)-1]; last.Kind != "visit" || !strings.Contains(last.Detail, want) {
		t.Errorf("resident's history ends %+v", last)
	}
	rec = b.mgr.Post(path+"/visit/cancel", nil)
	if rec.Code != http.StatusSeeOther || b.ticket(t, tk.PublicID).Appointment.Booked() {
		t.Errorf("cancel: %d", rec.Code)
	}
	if subject, _ := b.f.LastMail("acme", "alice@example.com"); !strings.HasPrefix(subject, "Visit cancelled") {
		t.Errorf("cancel mail %q", subject)
	}
}

func TestDeskPhotosAreServedOnlyForTheirTicket(t *testing.T) {
	t.Parallel()
	b := newBook(t)
	tk := b.raise(t, "Damp patch", webtest.Now)
	other := b.raise(t, "Another thing", webtest.Now)
	rec := postFiles(t, b.mgr, "/admin/tickets/"+tk.PublicID+"/reply", url.Values{"body": {"Photo of the patch"}, "kind": {"internal"}},
		[][]byte{webtest.PNG(t)})
	if rec.Code != http.StatusSeeOther {
		t.Fatalf("reply with a photo: %d %.300s", rec.Code, rec.Body.String())
	}
	ps, err := tickets.Photos(context.Background(), b.f.DB("acme").Read(), tk.ID, true)
	if err != nil || len(ps) != 1 {
		t.Fatalf("photos %v %v", ps, err)
	}
	d := webtest.Doc(t, b.mgr.Get("/admin/tickets/"+tk.PublicID))
	src := d.Find(`.desk-msg.internal img`).AttrOr("src", "")
	if src != "/admin/tickets/"+tk.PublicID+"/photos/"+ps[0].PublicID+"/thumb" {
		t.Errorf("thumbnail %q", src)
	}
	for _, p := range []string{src, strings.TrimSuffix(src, "/thumb")} {
		rec := b.mgr.Get(p)
		h := rec.Header()
		if rec.Code != http.StatusOK || h.Get("Content-Type") != "image/png" || h.Get("X-Content-Type-Options") != "nosniff" ||
			!strings.Contains(h.Get("Cache-Control"), "no-store") {
			t.Errorf("%s: %d %v", p, rec.Code, h)
		}
	}
	if rec := b.mgr.Get("/admin/tickets/" + other.PublicID + "/photos/" + ps[0].PublicID); rec.Code != http.StatusNotFound {
		t.Errorf("another ticket's photo: %d", rec.Code)
	}
	if rec := b.mgr.Get("/admin/tickets/" + tk.PublicID + "/photos/notaphoto"); rec.Code != http.StatusNotFound {
		t.Errorf("no such photo: %d", rec.Code)
	}
}
