package tickets_test

import (
	"bytes"
	"context"
	"database/sql"
	"net/url"
	"strings"
	"testing"

	"porch/internal/smtptest"
	"porch/internal/webtest"
	"porch/mail"
)

// A new request goes to the organisation's contact address; once it is
// assigned, a reply and a reopening go to the member of staff on it. Each
// links to the request on the manager's screens.
func TestStaffHearOfRequestsAndReplies(t *testing.T) {
	t.Parallel()
	h := newHome(t, nil)
	tk := h.raise(t, h.alice, h.form(t))
	link := "http://acme." + webtest.Base + "/admin/tickets/" + tk.PublicID
	subject, text := h.f.LastMail("acme", webtest.Acme.Email)
	if subject != "Request #1: Water through the ceiling — new request from Alice Adeyemi" ||
		!strings.Contains(text, "Dripping from the bathroom light since Monday.") || !strings.Contains(text, link) ||
		!strings.Contains(text, "Flat 1, Harbour View") {
		t.Errorf("new request mail %q:\n%s", subject, text)
	}
	h.write(func(ctx context.Context, tx *sql.Tx) error {
		_, err := tx.ExecContext(ctx, `UPDATE tickets SET assignee_id = ? WHERE id = ?`, h.ppl.Manager.ID, tk.ID)
		return err
	})
	if rec := post(h.alice, "/requests/"+tk.PublicID+"/messages", url.Values{"body": {"The ceiling is bulging now."}}, nil); rec.Code != 303 {
		t.Fatalf("reply: %d", rec.Code)
	}
	subject, text = h.f.LastMail("acme", h.ppl.Manager.Email)
	if subject != "Request #1: Water through the ceiling — new reply from Alice Adeyemi" ||
		!strings.Contains(text, "The ceiling is bulging now.") || !strings.Contains(text, link) {
		t.Errorf("reply mail %q:\n%s", subject, text)
	}
	if n := h.f.MailCount("acme", webtest.Acme.Email); n != 1 {
		t.Errorf("the contact address got %d mails, want only the first", n)
	}
	h.resolve(t, tk)
	if rec := h.alice.Post("/requests/"+tk.PublicID+"/reopen", url.Values{"reason": {"Still bulging."}}); rec.Code != 303 {
		t.Fatalf("reopen: %d", rec.Code)
	}
	if subject, text = h.f.LastMail("acme", h.ppl.Manager.Email); subject != "Request #1: Water through the ceiling — reopened by Alice Adeyemi" ||
		!strings.Contains(text, "Still bulging.") {
		t.Errorf("reopen mail %q:\n%s", subject, text)
	}
}

// The mail about a new request reaches a real SMTP server, with the
// request's words and the link to it.
func TestNewRequestMailOverSMTP(t *testing.T) {
	t.Parallel()
	h := newHome(t, nil)
	tk := h.raise(t, h.alice, h.form(t))
	be := &smtptest.Backend{}
	tr, err := mail.NewSMTPTransport(smtptest.Start(t, be))
	if err != nil {
		t.Fatal(err)
	}
	sender := mail.NewSender(h.f.Tenants, tr, mail.SenderConfig{From: "no-reply@" + webtest.Base, Now: h.f.Clock.Now, Logger: h.f.Cfg.Logger})
	if err := sender.DeliverDue(context.Background(), "acme"); err != nil {
		t.Fatal(err)
	}
	for _, r := range be.Messages() {
		if len(r.To) != 1 || r.To[0] != webtest.Acme.Email {
			continue
		}
		m, err := mail.ParseMessage(bytes.NewReader(r.Data))
		if err != nil {
			t.Fatal(err)
		}
		if m.Subject != "Request #1: Water through the ceiling — new request from Alice Adeyemi" ||
			!strings.Contains(m.Text, "/admin/tickets/"+tk.PublicID) || !strings.Contains(m.HTML, "Dripping from the bathroom light") {
			t.Errorf("got %q:\n%s", m.Subject, m.Text)
		}
		return
	}
	t.Errorf("nothing reached %s: %d messages", webtest.Acme.Email, len(be.Messages()))
}
