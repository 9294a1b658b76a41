package webtest

import (
	"context"
	"time"

	"porch/internal/smtptest"
	"porch/mail"
)

// DeliverOverSMTP sends the org's outbox, as due at the time at, to a real
// SMTP server in the test backed by be, and returns be with what it took.
func (f *Fixture) DeliverOverSMTP(slug string, at time.Time, be *smtptest.Backend) *smtptest.Backend {
	f.T.Helper()
	tr, err := mail.NewSMTPTransport(smtptest.Start(f.T, be))
	if err != nil {
		f.T.Fatal(err)
	}
	sender := mail.NewSender(f.Tenants, tr, mail.SenderConfig{From: "no-reply@" + Base,
		Now: func() time.Time { return at }, Logger: f.Cfg.Logger})
	if err := sender.DeliverDue(context.Background(), slug); err != nil {
		f.T.Fatal(err)
	}
	return be
}
