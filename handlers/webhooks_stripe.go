package handlers

import (
	"crypto/hmac"
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"io"
	"net/http"

	"github.com/labstack/echo/v4"

	"porch/payments"
)

// maxWebhookBody is the largest webhook body read; Stripe's events are a
// few kilobytes.
const maxWebhookBody = 1 << 20

// stripeWebhook receives Stripe's events for the organisation of the host
// it was sent to. It needs no session: the signature, checked against the
// organisation's own signing secret, is the authentication. A bad
// signature is refused with 400 and nothing stored; a verified event is
// stored and applied once (a repeat is answered 200 and changes nothing).
func (s *Kit) stripeWebhook(c echo.Context) error {
	body, err := io.ReadAll(io.LimitReader(c.Request().Body, maxWebhookBody+1))
	if err != nil {
		return c.String(http.StatusBadRequest, "could not read the body\n")
	}
	if len(body) > maxWebhookBody {
		return c.String(http.StatusRequestEntityTooLarge, "body too large\n")
	}
	status, msg := s.receiveStripe(c, body, c.Request().Header.Get("Stripe-Signature"), payments.ViaWebhook)
	return c.String(status, msg+"\n")
}

// receiveStripe verifies a Stripe event body with its Stripe-Signature
// header and applies it, and says what to answer. The webhook and the
// demo's test payment page both deliver events through here, so the test
// page proves the webhook's own path.
func (s *Kit) receiveStripe(c echo.Context, body []byte, signature, via string) (int, string) {
	o := OrgOf(c)
	secret, err := s.stripeWebhookSecret(c)
	if err != nil {
		// The stored secret cannot be opened: answer 5xx so Stripe
		// retries once the keys are entered again.
		s.Logger.Error("stripe webhook secret", "org", o.Slug, "req_id", RequestID(c), "err", err)
		return http.StatusServiceUnavailable, "webhook secret unavailable"
	}
	ev, err := payments.ParseStripeWebhook(body, signature, secret)
	switch {
	case errors.Is(err, payments.ErrBadSignature):
		s.Logger.Warn("stripe webhook refused", "org", o.Slug, "req_id", RequestID(c), "ip", c.RealIP(), "err", err)
		return http.StatusBadRequest, "bad signature"
	case err != nil:
		s.Logger.Warn("stripe webhook unreadable", "org", o.Slug, "req_id", RequestID(c), "err", err)
		return http.StatusBadRequest, "unreadable event"
	}
	ev.Via = via
	if _, err := s.applyProviderEvent(c.Request().Context(), c, ev); err != nil {
		// Not stored: a 5xx makes Stripe deliver it again.
		s.Logger.Error("stripe event not applied", "org", o.Slug, "req_id", RequestID(c), "event", ev.ID, "err", err)
		return http.StatusInternalServerError, "not applied"
	}
	return http.StatusOK, "ok"
}

// stripeWebhookSecret is the signing secret the organisation's Stripe
// events are checked with. In dev mode an organisation with no Stripe
// credentials at all has a demo secret of its own, which the test payment
// page signs with; outside dev mode there is none, and every event is
// refused.
func (s *Kit) stripeWebhookSecret(c echo.Context) (string, error) {
	set, creds, err := s.paymentSecrets(c.Request().Context(), c)
	if err != nil {
		return "", err
	}
	if creds.StripeWebhook != "" {
		return creds.StripeWebhook, nil
	}
	if s.stripeTestMode(set) {
		return s.demoStripeSecret(OrgOf(c).Slug), nil
	}
	return "", nil
}

// stripeTestMode reports whether card payments go through the demo's test
// payment page: only in dev mode, and only while the organisation has no
// Stripe credentials stored (read from their hints, so a secret that does
// not open never turns test mode on).
func (s *Kit) stripeTestMode(set payments.Settings) bool {
	return s.Dev && set.StripeKeyHint == "" && set.StripeWebhookHint == ""
}

// demoStripeSecret is an organisation's webhook signing secret for the
// test payment page: derived from the server's secret key and the slug, so
// it differs per organisation and is never stored.
func (s *Kit) demoStripeSecret(slug string) string {
	m := hmac.New(sha256.New, s.Keys.Secrets)
	m.Write([]byte("stripe demo webhook\x00" + slug))
	return "whsec_demo_" + hex.EncodeToString(m.Sum(nil))
}
