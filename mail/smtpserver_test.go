package mail

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

const (
	smtpUser = "porch"
	smtpPass = "s3cret-pw"
)

// received is one message as the test SMTP server got it.
type received struct {
	From string
	To   []string
	Data []byte
}

// smtpBackend is an in-process SMTP server that records what it accepts.
// onData and onRcpt, when set, are asked about each DATA (numbered from 1)
// and each RCPT; an error they return is the server's reply instead.
type smtpBackend struct {
	mu       sync.Mutex
	msgs     []received
	attempts int
	onData   func(n int) *smtp.SMTPError
	onRcpt   func(to string) *smtp.SMTPError
}

// startSMTP runs the backend on 127.0.0.1 without TLS and returns the URL
// to reach it with credentials.
func startSMTP(t *testing.T, be *smtpBackend) string {
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
	return fmt.Sprintf("smtp://%s:%s@%s?tls=none", smtpUser, smtpPass, l.Addr())
}

func (be *smtpBackend) messages() []received {
	be.mu.Lock()
	defer be.mu.Unlock()
	return append([]received(nil), be.msgs...)
}

func (be *smtpBackend) dataAttempts() int {
	be.mu.Lock()
	defer be.mu.Unlock()
	return be.attempts
}

func (be *smtpBackend) NewSession(*smtp.Conn) (smtp.Session, error) {
	return &smtpSession{be: be}, nil
}

type smtpSession struct {
	be     *smtpBackend
	authed bool
	from   string
	to     []string
}

func (s *smtpSession) AuthMechanisms() []string { return []string{sasl.Plain} }

func (s *smtpSession) Auth(string) (sasl.Server, error) {
	return sasl.NewPlainServer(func(_, user, pass string) error {
		if user != smtpUser || pass != smtpPass {
			return smtp.ErrAuthFailed
		}
		s.authed = true
		return nil
	}), nil
}

func (s *smtpSession) Mail(from string, _ *smtp.MailOptions) error {
	if !s.authed {
		return smtp.ErrAuthRequired
	}
	s.from = from
	return nil
}

func (s *smtpSession) Rcpt(to string, _ *smtp.RcptOptions) error {
	if s.be.onRcpt != nil {
		if e := s.be.onRcpt(to); e != nil {
			return e
		}
	}
	s.to = append(s.to, to)
	return nil
}

func (s *smtpSession) Data(r io.Reader) error {
	data, err := io.ReadAll(r)
	if err != nil {
		return err
	}
	s.be.mu.Lock()
	defer s.be.mu.Unlock()
	s.be.attempts++
	if s.be.onData != nil {
		if e := s.be.onData(s.be.attempts); e != nil {
			return e
		}
	}
	s.be.msgs = append(s.be.msgs, received{From: s.from, To: s.to, Data: data})
	return nil
}

func (s *smtpSession) Reset() { s.from, s.to = "", nil }

func (s *smtpSession) Logout() error { return nil }
