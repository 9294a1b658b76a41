package mail

import (
	"porch/internal/smtptest"

	"bytes"
	"io"
	"mime"
	"mime/multipart"
	"net/mail"
	"strings"
	"testing"
	"time"

	"github.com/emersion/go-smtp"
)

func newSMTPSender(t *testing.T, e *env, be *smtptest.Backend) *Sender {
	t.Helper()
	tr, err := NewSMTPTransport(smtptest.Start(t, be))
	if err != nil {
		t.Fatal(err)
	}
	return e.sender(tr)
}

func TestSMTPDeliversEnqueuedMessage(t *testing.T) {
	e := newEnv(t)
	be := &smtptest.Backend{}
	s := newSMTPSender(t, e, be)
	id := e.enqueue(Message{
		To: "jo@example.com", ToName: "Jo Bloggs", Subject: "Your statement is ready",
		Text: "Hello Jo,\nyour statement is ready.", HTML: "<p>Hello Jo,</p><p>your statement is <b>ready</b>.</p>",
	})

	if err := s.DeliverDue(e.ctx, testSlug); err != nil {
		t.Fatal(err)
	}
	msgs := be.Messages()
	if len(msgs) != 1 {
		t.Fatalf("server got %d messages, want 1", len(msgs))
	}
	got := msgs[0]
	if got.From != DefaultFrom || len(got.To) != 1 || got.To[0] != "jo@example.com" {
		t.Errorf("envelope = %q -> %q", got.From, got.To)
	}
	m, err := mail.ReadMessage(bytes.NewReader(got.Data))
	if err != nil {
		t.Fatal(err)
	}
	from, err := m.Header.AddressList("From")
	if err != nil || len(from) != 1 || from[0].Name != "Acme Lettings" || from[0].Address != DefaultFrom {
		t.Errorf("From = %q (%v)", m.Header.Get("From"), err)
	}
	if rt, err := m.Header.AddressList("Reply-To"); err != nil || len(rt) != 1 || rt[0].Address != "office@acme.example" {
		t.Errorf("Reply-To = %q", m.Header.Get("Reply-To"))
	}
	if to, err := m.Header.AddressList("To"); err != nil || len(to) != 1 || to[0].Name != "Jo Bloggs" {
		t.Errorf("To = %q", m.Header.Get("To"))
	}
	if subj := m.Header.Get("Subject"); subj != "Your statement is ready" {
		t.Errorf("Subject = %q", subj)
	}
	if mid := m.Header.Get("Message-Id"); !strings.Contains(mid, id+"@porch.localhost") {
		t.Errorf("Message-ID = %q, want it to carry %s", mid, id)
	}
	if _, err := m.Header.Date(); err != nil {
		t.Errorf("Date: %v", err)
	}
	if m.Header.Get("Auto-Submitted") != "auto-generated" {
		t.Errorf("Auto-Submitted = %q", m.Header.Get("Auto-Submitted"))
	}

	// multipart/alternative: text/plain first, so clients that cannot
	// show HTML, and those that prefer the last part they can, both work.
	mt, params, err := mime.ParseMediaType(m.Header.Get("Content-Type"))
	if err != nil || mt != "multipart/alternative" {
		t.Fatalf("Content-Type = %q", m.Header.Get("Content-Type"))
	}
	mr := multipart.NewReader(m.Body, params["boundary"])
	var types []string
	var bodies []string
	for {
		p, err := mr.NextPart() // decodes quoted-printable
		if err == io.EOF {
			break
		}
		if err != nil {
			t.Fatal(err)
		}
		ct, _, _ := mime.ParseMediaType(p.Header.Get("Content-Type"))
		b, _ := io.ReadAll(p)
		types = append(types, ct)
		bodies = append(bodies, strings.ReplaceAll(string(b), "\r\n", "\n"))
	}
	if strings.Join(types, ",") != "text/plain,text/html" {
		t.Fatalf("parts = %v", types)
	}
	if !strings.Contains(bodies[0], "your statement is ready.") || !strings.Contains(bodies[1], "<b>ready</b>") {
		t.Errorf("bodies = %q", bodies)
	}

	r := e.row(id)
	if r.Status != "sent" || !r.SentAt.Valid || r.Attempts != 1 {
		t.Errorf("row = %+v, want sent", r)
	}
	if _, ok := e.hint(testSlug); ok {
		t.Error("hint kept after everything was delivered")
	}
}

func TestSMTPTemporaryFailureIsRetried(t *testing.T) {
	e := newEnv(t)
	be := &smtptest.Backend{OnData: func(n int) *smtp.SMTPError {
		if n == 1 {
			return &smtp.SMTPError{Code: 451, EnhancedCode: smtp.EnhancedCode{4, 3, 0}, Message: "Try again later"}
		}
		return nil
	}}
	s := newSMTPSender(t, e, be)
	id := e.enqueue(Message{To: "jo@example.com", Subject: "Hello", Text: "Hi"})
	start := e.clock.Now()

	if err := s.DeliverDue(e.ctx, testSlug); err != nil {
		t.Fatal(err)
	}
	r := e.row(id)
	if r.Status != "pending" || r.Attempts != 1 || !r.NextAttempt.After(start) {
		t.Fatalf("after 451: %+v, want pending, 1 attempt, next attempt in the future", r)
	}
	if want := start.Add(30 * time.Second); !r.NextAttempt.Equal(want) {
		t.Errorf("next attempt %v, want %v", r.NextAttempt, want)
	}
	t.Logf("last_error after 451: %s", r.LastError)
	if !strings.Contains(r.LastError, "451") || strings.Contains(r.LastError, smtptest.Pass) {
		t.Errorf("last_error = %q", r.LastError)
	}
	if at, ok := e.hint(testSlug); !ok || !at.Equal(r.NextAttempt) {
		t.Errorf("hint = %v %v, want %v", at, ok, r.NextAttempt)
	}

	// Not due yet: nothing is tried.
	if err := s.DeliverDue(e.ctx, testSlug); err != nil {
		t.Fatal(err)
	}
	if n := be.DataAttempts(); n != 1 {
		t.Fatalf("server saw %d attempts before the retry time, want 1", n)
	}

	e.clock.Advance(31 * time.Second)
	if err := s.DeliverDue(e.ctx, testSlug); err != nil {
		t.Fatal(err)
	}
	if r := e.row(id); r.Status != "sent" || r.Attempts != 2 || r.LastError != "" {
		t.Errorf("after retry: %+v, want sent after 2 attempts", r)
	}
	if len(be.Messages()) != 1 {
		t.Errorf("server accepted %d messages, want 1", len(be.Messages()))
	}
	if _, ok := e.hint(testSlug); ok {
		t.Error("hint kept after delivery")
	}
}

func TestSMTPPermanentRejectionFails(t *testing.T) {
	e := newEnv(t)
	be := &smtptest.Backend{OnRcpt: func(to string) *smtp.SMTPError {
		return &smtp.SMTPError{Code: 550, EnhancedCode: smtp.EnhancedCode{5, 1, 1}, Message: "No such user"}
	}}
	s := newSMTPSender(t, e, be)
	id := e.enqueue(Message{To: "nobody@example.com", Subject: "Hello", Text: "Hi"})

	if err := s.DeliverDue(e.ctx, testSlug); err != nil {
		t.Fatal(err)
	}
	r := e.row(id)
	if r.Status != "failed" || r.Attempts != 1 || !strings.Contains(r.LastError, "550") {
		t.Fatalf("after 550: %+v, want failed with the reply kept", r)
	}
	if _, ok := e.hint(testSlug); ok {
		t.Error("hint kept though nothing is pending")
	}
	log := e.logBuf.String()
	if !strings.Contains(log, "level=ERROR") || !strings.Contains(log, "org="+testSlug) || !strings.Contains(log, "id="+id) {
		t.Errorf("log lacks an error line with org and id:\n%s", log)
	}

	// A failed message stays failed: it is not tried again later.
	e.clock.Advance(2 * time.Hour)
	if err := s.DeliverDue(e.ctx, testSlug); err != nil {
		t.Fatal(err)
	}
	if r := e.row(id); r.Status != "failed" || r.Attempts != 1 {
		t.Errorf("failed message was retried: %+v", r)
	}
}

func TestSMTPWrongPasswordIsTemporary(t *testing.T) {
	e := newEnv(t)
	be := &smtptest.Backend{}
	url := strings.Replace(smtptest.Start(t, be), smtptest.Pass, "wrong-pw", 1)
	tr, err := NewSMTPTransport(url)
	if err != nil {
		t.Fatal(err)
	}
	id := e.enqueue(Message{To: "jo@example.com", Subject: "Hello", Text: "Hi"})
	if err := e.sender(tr).DeliverDue(e.ctx, testSlug); err != nil {
		t.Fatal(err)
	}
	// The operator can fix the configuration, so the message waits.
	r := e.row(id)
	t.Logf("last_error after failed login: %s", r.LastError)
	if r.Status != "pending" || r.Attempts != 1 || strings.Contains(r.LastError, "wrong-pw") {
		t.Errorf("after a failed login: %+v", r)
	}
}
