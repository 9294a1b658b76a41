// Package smtptest runs a real SMTP server (github.com/emersion/go-smtp) in
// the test process, with PLAIN authentication and no TLS, and records what
// it accepts.
package smtptest

import (
	"errors"
	"fmt"
	"io"
	"net"
	"sync"
	"testing"
	"time"

	"github.com/emersion/go-sasl"
	"github.com/emersion/go-smtp"
)

// The credentials the server accepts.
const (
	User = "porch"
	Pass = "s3cret-pw"
)

// Received is one message as the test SMTP server got it.
type Received struct {
	From string
	To   []string
	Data []byte
}

// Backend is an in-process SMTP server that records what it accepts.
// OnData and OnRcpt, when set, are asked about each DATA (numbered from 1)
// and each RCPT; an error they return is the server's reply instead.
type Backend struct {
	mu       sync.Mutex
	msgs     []Received
	attempts int
	OnData   func(n int) *smtp.SMTPError
	OnRcpt   func(to string) *smtp.SMTPError
}

// Start runs the backend on 127.0.0.1 without TLS and returns the URL
// to reach it with credentials.
func Start(t testing.TB, be *Backend) string {
	t.Helper()
	l, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	srv := smtp.NewServer(be)
	srv.Domain = "localhost"
	srv.AllowInsecureAuth = true
	srv.ReadTimeout = 10 * time.Second
	srv.WriteTimeout = 10 * time.Second
	done := make(chan struct{})
	go func() {
		defer close(done)
		if err := srv.Serve(l); err != nil && !errors.Is(err, smtp.ErrServerClosed) {
			t.Errorf("smtp server: %v", err)
		}
	}()
	t.Cleanup(func() {
		srv.Close()
		<-done
	})
	return fmt.Sprintf("smtp://%s:%s@%s?tls=none", User, Pass, l.Addr())
}

// Messages returns what the server accepted so far.
func (be *Backend) Messages() []Received {
	be.mu.Lock()
	defer be.mu.Unlock()
	return append([]Received(nil), be.msgs...)
}

// DataAttempts counts DATA commands, accepted or refused.
func (be *Backend) DataAttempts() int {
	be.mu.Lock()
	defer be.mu.Unlock()
	return be.attempts
}

// NewSession is part of smtp.Backend.
func (be *Backend) NewSession(*smtp.Conn) (smtp.Session, error) {
	return &session{be: be}, nil
}

type session struct {
	be     *Backend
	authed bool
	from   string
	to     []string
}

func (s *session) AuthMechanisms() []string { return []string{sasl.Plain} }

func (s *session) Auth(string) (sasl.Server, error) {
	return sasl.NewPlainServer(func(_, user, pass string) error {
		if user != User || pass != Pass {
			return smtp.ErrAuthFailed
		}
		s.authed = true
		return nil
	}), nil
}

func (s *session) Mail(from string, _ *smtp.MailOptions) error {
	if !s.authed {
		return smtp.ErrAuthRequired
	}
	s.from = from
	return nil
}

func (s *session) Rcpt(to string, _ *smtp.RcptOptions) error {
	if s.be.OnRcpt != nil {
		if e := s.be.OnRcpt(to); e != nil {
			return e
		}
	}
	s.to = append(s.to, to)
	return nil
}

func (s *session) Data(r io.Reader) error {
	data, err := io.ReadAll(r)
	if err != nil {
		return err
	}
	s.be.mu.Lock()
	defer s.be.mu.Unlock()
	s.be.attempts++
	if s.be.OnData != nil {
		if e := s.be.OnData(s.be.attempts); e != nil {
			return e
		}
	}
	s.be.msgs = append(s.be.msgs, Received{From: s.from, To: s.to, Data: data})
	return nil
}

func (s *session) Reset() { s.from, s.to = "", nil }

func (s *session) Logout() error { return nil }
