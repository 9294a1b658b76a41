package mail

import (
	"context"
	"database/sql"
	"errors"
	"strings"
	"testing"
	"time"
	"unicode/utf8"

	gomail "github.com/wneessen/go-mail"

	"porch/errs"
)

func TestEnqueueRefusesBadMessages(t *testing.T) {
	e := newEnv(t)
	ok := Message{To: "jo@example.com", Subject: "Hello", Text: "Hi"}
	tests := []struct {
		name string
		edit func(m *Message)
	}{
		{"not an address", func(m *Message) { m.To = "not-an-address" }},
		{"address with a name", func(m *Message) { m.To = "Jo <jo@example.com>" }},
		{"two addresses", func(m *Message) { m.To = "jo@example.com, sam@example.com" }},
		{"no recipient", func(m *Message) { m.To = "" }},
		{"newline in subject", func(m *Message) { m.Subject = "Hello\nBcc: everyone@example.com" }},
		{"carriage return in subject", func(m *Message) { m.Subject = "Hello\rthere" }},
		{"newline in to", func(m *Message) { m.To = "jo@example.com\r\nBcc: x@example.com" }},
		{"newline in name", func(m *Message) { m.ToName = "Jo\nBloggs" }},
		{"empty subject", func(m *Message) { m.Subject = "  " }},
		{"long subject", func(m *Message) { m.Subject = strings.Repeat("a", maxSubject+1) }},
		{"no text", func(m *Message) { m.Text = ""; m.HTML = "<p>only html</p>" }},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			m := ok
			tt.edit(&m)
			err := e.orgs.db.Write(e.ctx, func(tx *sql.Tx) error {
				_, err := Enqueue(e.ctx, e.orgs.catalog, testSlug, tx, e.clock.Now(), m)
				return err
			})
			if !errs.Is(err, errs.Invalid) {
				t.Fatalf("Enqueue = %v, want Invalid", err)
			}
		})
	}
	var n int
	if err := e.orgs.db.ReadPool().QueryRow(`SELECT count(*) FROM mail_outbox`).Scan(&n); err != nil || n != 0 {
		t.Errorf("outbox has %d rows (%v), want none", n, err)
	}
	if _, ok := e.hint(testSlug); ok {
		t.Error("a refused message left a hint")
	}
}

func TestEnqueueKeepsEarliestHint(t *testing.T) {
	e := newEnv(t)
	t0 := e.clock.Now()
	e.enqueue(Message{To: "jo@example.com", Subject: "One", Text: "1"})
	e.clock.Advance(time.Minute)
	e.enqueue(Message{To: "jo@example.com", Subject: "Two", Text: "2"})
	if at, ok := e.hint(testSlug); !ok || !at.Equal(t0) {
		t.Errorf("hint = %v %v, want the earlier %v", at, ok, t0)
	}
}

func TestHintClearedOnlyWhenNothingRemains(t *testing.T) {
	e := newEnv(t)
	// Mail to one address fails for now; to the other it goes.
	var sent []string
	tr := funcTransport(func(_ context.Context, _ string, msg *gomail.Msg) error {
		to := msg.GetToString()[0]
		if strings.Contains(to, "later@") {
			return errors.New("connection refused")
		}
		sent = append(sent, to)
		return nil
	})
	s := e.sender(tr)
	delayed := e.enqueue(Message{To: "later@example.com", Subject: "A", Text: "a"})
	e.enqueue(Message{To: "now@example.com", Subject: "B", Text: "b"})

	if err := s.DeliverDue(e.ctx, testSlug); err != nil {
		t.Fatal(err)
	}
	if len(sent) != 1 {
		t.Fatalf("sent %v", sent)
	}
	r := e.row(delayed)
	if at, ok := e.hint(testSlug); !ok || !at.Equal(r.NextAttempt) {
		t.Errorf("hint = %v %v, want it kept at the retry time %v", at, ok, r.NextAttempt)
	}

	// A rolled-back enqueue leaves only a spurious hint, which the next
	// delivery pass sets right.
	err := e.orgs.db.Write(e.ctx, func(tx *sql.Tx) error {
		if _, err := Enqueue(e.ctx, e.orgs.catalog, testSlug, tx, e.clock.Now(), Message{To: "x@example.com", Subject: "X", Text: "x"}); err != nil {
			return err
		}
		return errors.New("the change that caused the mail failed")
	})
	if err == nil {
		t.Fatal("transaction committed")
	}
	if at, ok := e.hint(testSlug); !ok || !at.Equal(e.clock.Now()) {
		t.Errorf("hint = %v %v, want moved to now by the enqueue", at, ok)
	}

	tr2 := funcTransport(func(context.Context, string, *gomail.Msg) error { return nil })
	e.clock.Advance(time.Minute)
	if err := e.sender(tr2).DeliverDue(e.ctx, testSlug); err != nil {
		t.Fatal(err)
	}
	if r := e.row(delayed); r.Status != "sent" {
		t.Errorf("delayed message = %+v, want sent", r)
	}
	if _, ok := e.hint(testSlug); ok {
		t.Error("hint kept after the outbox emptied")
	}
}

func TestGivesUpAfterMaxAttempts(t *testing.T) {
	e := newEnv(t)
	tr := funcTransport(func(context.Context, string, *gomail.Msg) error {
		return errors.New("dial tcp: connection refused")
	})
	s := e.sender(tr)
	id := e.enqueue(Message{To: "jo@example.com", Subject: "Hello", Text: "Hi"})
	for i := 1; i <= maxAttempts; i++ {
		if err := s.DeliverDue(e.ctx, testSlug); err != nil {
			t.Fatal(err)
		}
		r := e.row(id)
		if r.Attempts != i {
			t.Fatalf("attempt %d: row %+v", i, r)
		}
		if want := "pending"; i == maxAttempts {
			if r.Status != "failed" {
				t.Fatalf("after %d attempts status %q, want failed", i, r.Status)
			}
		} else if r.Status != want {
			t.Fatalf("after %d attempts status %q, want %s", i, r.Status, want)
		}
		e.clock.Advance(maxBackoff)
	}
	if _, ok := e.hint(testSlug); ok {
		t.Error("hint kept for a message that was given up")
	}
}

func TestBackoff(t *testing.T) {
	for _, tt := range []struct {
		attempts int
		want     time.Duration
	}{
		{1, 30 * time.Second}, {2, time.Minute}, {3, 2 * time.Minute},
		{7, 32 * time.Minute}, {8, time.Hour}, {19, time.Hour}, {1000, time.Hour},
	} {
		if got := backoff(tt.attempts); got != tt.want {
			t.Errorf("backoff(%d) = %v, want %v", tt.attempts, got, tt.want)
		}
	}
}

func TestErrorTextIsBounded(t *testing.T) {
	long := errors.New(strings.Repeat("é", maxErrorText) + "\r\nsecond line")
	got := errorText(long)
	if len(got) > maxErrorText+len("…") || !utf8.ValidString(got) || strings.ContainsAny(got, "\r\n") || !strings.HasSuffix(got, "…") {
		t.Errorf("errorText = %q (%d bytes)", got, len(got))
	}
}
