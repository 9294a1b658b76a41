package mail

import (
	"context"
	"errors"
	"fmt"
	"net/url"
	"strconv"
	"strings"
	"time"

	gomail "github.com/wneessen/go-mail"
)

// Transport hands one built message to whatever delivers it. slug names the
// organisation the message belongs to. An error whose SMTP reply code is
// 5xx is taken as a permanent rejection; any other error is retried.
type Transport interface {
	Send(ctx context.Context, slug string, msg *gomail.Msg) error
}

// smtpTimeout bounds each dial and each SMTP command, so a server that
// accepts a connection and then stalls cannot hold up the sender.
const smtpTimeout = 30 * time.Second

// smtpTransport delivers through an SMTP relay. It keeps the client options
// and builds a fresh go-mail Client per message: a Client carries
// per-connection state (the negotiated auth mechanism among it) and is not
// meant to be shared by concurrent senders.
type smtpTransport struct {
	host   string
	opts   []gomail.Option
	secret string // the password, to scrub from error text
}

// NewSMTPTransport returns a Transport that relays through the server named
// by rawURL:
//
//	smtp://user:pass@host:587               STARTTLS, required
//	smtp://host:587?tls=opportunistic       STARTTLS when offered
//	smtp://host:25?tls=none                 plain text (local relays, tests)
//	smtps://user:pass@host:465              implicit TLS
//
// The port defaults to 587 for smtp and 465 for smtps. User and password
// are optional and URL-encoded. Other query parameters: auth (the SASL
// mechanism, e.g. plain, login, cram-md5, scram-sha-256; the default picks
// the strongest the server offers, or PLAIN on a tls=none connection, which
// go-mail allows only to localhost) and helo (the name to greet with).
func NewSMTPTransport(rawURL string) (Transport, error) {
	bad := func(format string, args ...any) (Transport, error) {
		return nil, fmt.Errorf("mail: SMTP URL: "+format+
			" (expected smtp://user:pass@host:port or smtps://user:pass@host:port)", args...)
	}
	if !strings.Contains(rawURL, "://") {
		return bad("no scheme")
	}
	u, err := url.Parse(rawURL)
	if err != nil {
		// url.Error repeats the whole URL, password included; only the
		// cause is safe to show, and only when there are no credentials
		// it could quote from.
		var ue *url.Error
		if errors.As(err, &ue) && !strings.Contains(rawURL, "@") {
			return bad("%v", ue.Err)
		}
		return bad("not a valid URL")
	}
	implicitTLS := false
	switch u.Scheme {
	case "smtp":
	case "smtps":
		implicitTLS = true
	default:
		return bad("scheme %q is not supported", u.Scheme)
	}
	if u.Opaque != "" || u.Hostname() == "" {
		return bad("no host")
	}
	if u.Path != "" && u.Path != "/" {
		return bad("unexpected path %q", u.Path)
	}
	port := 587
	if implicitTLS {
		port = 465
	}
	if p := u.Port(); p != "" {
		n, err := strconv.Atoi(p)
		if err != nil || n < 1 || n > 65535 {
			return bad("port %q is not a number from 1 to 65535", p)
		}
		port = n
	}

	q := u.Query()
	for k := range q {
		switch k {
		case "tls", "auth", "helo":
		default:
			return bad("unknown parameter %q", k)
		}
	}
	opts := []gomail.Option{gomail.WithPort(port), gomail.WithTimeout(smtpTimeout)}
	tlsMode := strings.ToLower(q.Get("tls"))
	switch {
	case implicitTLS && (tlsMode == "" || tlsMode == "implicit"):
		opts = append(opts, gomail.WithSSL())
	case implicitTLS:
		return bad("tls=%s cannot be used with smtps, which is always TLS", tlsMode)
	case tlsMode == "" || tlsMode == "starttls" || tlsMode == "mandatory":
		opts = append(opts, gomail.WithTLSPolicy(gomail.TLSMandatory))
	case tlsMode == "opportunistic":
		opts = append(opts, gomail.WithTLSPolicy(gomail.TLSOpportunistic))
	case tlsMode == "none":
		opts = append(opts, gomail.WithTLSPolicy(gomail.NoTLS))
	default:
		return bad("tls=%s is not one of starttls, opportunistic, none", tlsMode)
	}

	user := u.User.Username()
	pass, _ := u.User.Password()
	authName := q.Get("auth")
	switch {
	case user == "" && authName != "":
		return bad("auth=%s needs a user name", authName)
	case user != "":
		mech := gomail.SMTPAuthAutoDiscover
		if tlsMode == "none" {
			// Discovery refuses PLAIN and LOGIN without TLS, which is all
			// most local relays offer; go-mail's PLAIN still refuses to
			// send the password in clear to anything but localhost.
			mech = gomail.SMTPAuthPlain
		}
		if authName != "" {
			if err := mech.UnmarshalString(authName); err != nil {
				return bad("auth=%s is not a known mechanism", authName)
			}
		}
		opts = append(opts, gomail.WithSMTPAuth(mech), gomail.WithUsername(user), gomail.WithPassword(pass))
	}
	if helo := q.Get("helo"); helo != "" {
		opts = append(opts, gomail.WithHELO(helo))
	}

	t := &smtpTransport{host: u.Hostname(), opts: opts, secret: pass}
	// Build one client now so option errors surface at start-up, not on
	// the first message.
	if _, err := gomail.NewClient(t.host, t.opts...); err != nil {
		return nil, fmt.Errorf("mail: SMTP client: %w", t.scrub(err))
	}
	return t, nil
}

// Send delivers msg in one SMTP session.
func (t *smtpTransport) Send(ctx context.Context, slug string, msg *gomail.Msg) error {
	c, err := gomail.NewClient(t.host, t.opts...)
	if err != nil {
		return t.scrub(err)
	}
	err = c.DialAndSendWithContext(ctx, msg)
	if err != nil && msg.IsDelivered() {
		// The server accepted the message; what failed is the RSET or
		// QUIT afterwards. Reporting it would send the message twice.
		return nil
	}
	return t.scrub(err)
}

// scrub keeps the password out of error text that is logged and stored in
// the outbox, while keeping the error chain for classification.
func (t *smtpTransport) scrub(err error) error {
	if err == nil || t.secret == "" || !strings.Contains(err.Error(), t.secret) {
		return err
	}
	return &scrubbedError{msg: strings.ReplaceAll(err.Error(), t.secret, "xxxxx"), err: err}
}

type scrubbedError struct {
	msg string
	err error
}

func (e *scrubbedError) Error() string { return e.msg }
func (e *scrubbedError) Unwrap() error { return e.err }

// permanent reports whether err is a permanent SMTP rejection: a 5xx reply
// to the envelope or the data. Anything else (4xx replies, network and TLS
// errors, a failed login) may succeed later, or once the operator has fixed
// the configuration, so it is retried.
func permanent(err error) bool {
	var se *gomail.SendError
	if errors.As(err, &se) {
		code := se.ErrorCode()
		return code >= 500 && code <= 599
	}
	return false
}
