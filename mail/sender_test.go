package mail

import (
	"context"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	gomail "github.com/wneessen/go-mail"
)

func TestRunDeliversAfterKick(t *testing.T) {
	e := newEnv(t)
	var sent atomic.Int32
	tr := funcTransport(func(context.Context, string, *gomail.Msg) error {
		sent.Add(1)
		return nil
	})
	s := e.sender(tr) // polls hourly: only the start-up pass and kicks act

	ctx, cancel := context.WithCancel(e.ctx)
	done := make(chan struct{})
	go func() {
		defer close(done)
		s.Run(ctx)
	}()
	defer func() {
		cancel()
		<-done
	}()

	id := e.enqueue(Message{To: "jo@example.com", Subject: "Hello", Text: "Hi"})
	s.Kick()
	s.Kick() // merged, never blocks
	deadline := time.Now().Add(5 * time.Second)
	for e.row(id).Status != "sent" {
		if time.Now().After(deadline) {
			t.Fatal("message not delivered after Kick")
		}
		time.Sleep(10 * time.Millisecond)
	}
	if n := sent.Load(); n != 1 {
		t.Errorf("sent %d times, want once", n)
	}
}

func TestPassPostponesOrgThatWillNotOpen(t *testing.T) {
	e := newEnv(t)
	tr := funcTransport(func(context.Context, string, *gomail.Msg) error { return nil })
	s := e.sender(tr)
	id := e.enqueue(Message{To: "jo@example.com", Subject: "Hello", Text: "Hi"})
	now := e.clock.Now()
	if err := markDue(e.ctx, e.orgs.catalog, "ghost", now); err != nil {
		t.Fatal(err)
	}

	s.pass(e.ctx)

	// The broken org keeps its hint, moved on so it is not retried on
	// every poll; the healthy one is served all the same.
	if at, ok := e.hint("ghost"); !ok || !at.Equal(now.Add(orgRetry)) {
		t.Errorf("ghost hint = %v %v, want kept until %v", at, ok, now.Add(orgRetry))
	}
	if !strings.Contains(e.logBuf.String(), "org=ghost") {
		t.Errorf("no log line names the org:\n%s", e.logBuf.String())
	}
	if r := e.row(id); r.Status != "sent" {
		t.Errorf("healthy org's message = %+v, want sent", r)
	}
	if _, ok := e.hint(testSlug); ok {
		t.Error("healthy org's hint kept")
	}

	// Not yet due again: the ghost is not tried.
	before := strings.Count(e.logBuf.String(), "org=ghost")
	s.pass(e.ctx)
	if after := strings.Count(e.logBuf.String(), "org=ghost"); after != before {
		t.Error("ghost retried before its time")
	}
	e.clock.Advance(orgRetry)
	s.pass(e.ctx)
	if _, ok := e.hint("ghost"); !ok {
		t.Error("ghost hint dropped after a second failure")
	}
}

func TestNewSenderRejectsBadFrom(t *testing.T) {
	defer func() {
		if recover() == nil {
			t.Error("NewSender accepted a From with a display name")
		}
	}()
	NewSender(&testOrgs{}, nil, SenderConfig{From: "Porch <no-reply@example.com>"})
}

func TestNewSMTPTransportURLs(t *testing.T) {
	good := []string{
		"smtp://mail.example.com",
		"smtp://user:hunter2@mail.example.com:587",
		"smtp://mail.example.com:25?tls=opportunistic",
		"smtp://localhost:1025?tls=none",
		"smtps://user%40example.com:p%2Fss@mail.example.com",
		"smtps://u:p@mail.example.com:465?auth=login&helo=porch.example.com",
		"smtp://user:pw@mail.example.com?auth=cram-md5",
	}
	for _, u := range good {
		if _, err := NewSMTPTransport(u); err != nil {
			t.Errorf("NewSMTPTransport(%q): %v", u, err)
		}
	}
	bad := map[string]string{
		"":                              "scheme",
		"mail.example.com:587":          "scheme",
		"http://mail.example.com":       "scheme",
		"smtp://":                       "host",
		"smtp://user:hunter2@:25":       "host",
		"smtp://mail.example.com:0":     "port",
		"smtp://mail.example.com:99999": "port",
		"smtp://user:hunter2@mail.example.com:abc":  "",
		"smtp://mail.example.com?tls=maybe":         "tls",
		"smtps://mail.example.com?tls=none":         "tls",
		"smtp://mail.example.com?auth=plain":        "user",
		"smtp://u:hunter2@mail.example.com?auth=zz": "auth",
		"smtp://mail.example.com?tsl=none":          "unknown parameter",
		"smtp://mail.example.com/inbox":             "path",
		"smtp://user:hun ter2%zz@mail.example.com":  "",
	}
	for u, want := range bad {
		_, err := NewSMTPTransport(u)
		if err == nil {
			t.Errorf("NewSMTPTransport(%q) succeeded", u)
			continue
		}
		if !strings.Contains(err.Error(), want) {
			t.Errorf("NewSMTPTransport(%q) = %v, want it to mention %q", u, err, want)
		}
		if strings.Contains(err.Error(), "hunter2") || strings.Contains(err.Error(), "hun ter2") {
			t.Errorf("NewSMTPTransport(%q) error shows the password: %v", u, err)
		}
	}
}
