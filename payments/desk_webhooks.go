package payments

import (
	"context"
	"crypto/hmac"
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"fmt"
)

// StripeAPIVersion is the oldest Stripe API version a webhook endpoint may
// use: Porch reads only fields that are the same from this version on.
const StripeAPIVersion = "2023-10-16"

// Why a delivered event was not applied, for the webhook's answer.
var (
	// ErrUnreadable means a verified body is not an event Porch reads.
	ErrUnreadable = errors.New("payments: unreadable event")
	// ErrSecretUnavailable means the stored webhook secret cannot be
	// opened, so nothing can be verified until the keys are entered again.
	ErrSecretUnavailable = errors.New("payments: webhook secret unavailable")
)

// ReceiveStripe verifies a Stripe event body with its Stripe-Signature
// header against the organisation's signing secret and applies it. The
// webhook and the demo's test payment page both deliver events through
// here. It returns ErrBadSignature (wrapped) for a signature that does not
// verify, ErrUnreadable for a body that is not an event, and
// ErrSecretUnavailable when the stored secret cannot be opened.
func (d *Desk) ReceiveStripe(ctx context.Context, body []byte, signature, via string) (Event, error) {
	secret, err := d.StripeWebhookSecret(ctx)
	if err != nil {
		return Event{}, fmt.Errorf("%w: %w", ErrSecretUnavailable, err)
	}
	ev, err := ParseStripeWebhook(body, signature, secret)
	switch {
	case errors.Is(err, ErrBadSignature):
		return ev, err
	case err != nil:
		return ev, fmt.Errorf("%w: %w", ErrUnreadable, err)
	}
	ev.Via = via
	_, err = d.Apply(ctx, ev)
	return ev, err
}

// StripeWebhookSecret is the signing secret the organisation's Stripe
// events are checked with. In dev mode an organisation with no Stripe
// credentials at all has a demo secret of its own, which the test payment
// page signs with; outside dev mode there is none, and every event is
// refused.
func (d *Desk) StripeWebhookSecret(ctx context.Context) (string, error) {
	set, creds, err := d.Secrets(ctx)
	if err != nil {
		return "", err
	}
	if creds.StripeWebhook != "" {
		return creds.StripeWebhook, nil
	}
	if d.StripeTestMode(set) {
		return DemoStripeSecret(d.Key, d.Org), nil
	}
	return "", nil
}

// GoCardlessWebhookSecret is the organisation's GoCardless webhook
// endpoint secret; "" when none is stored, so every webhook is refused.
func (d *Desk) GoCardlessWebhookSecret(ctx context.Context) (string, error) {
	_, creds, err := d.Secrets(ctx)
	if err != nil {
		return "", err
	}
	return creds.GoCardlessWebhook, nil
}

// StripeTestMode reports whether card payments go through the demo's test
// payment page: only in dev mode, and only while the organisation has no
// Stripe credentials stored (read from their hints, so a secret that does
// not open never turns test mode on).
func (d *Desk) StripeTestMode(set Settings) bool {
	return d.Dev && set.StripeKeyHint == "" && set.StripeWebhookHint == ""
}

// DemoStripeSecret is an organisation's webhook signing secret for the
// test payment page: derived from the server's secret key and the slug, so
// it differs per organisation and is never stored.
func DemoStripeSecret(key []byte, slug string) string {
	m := hmac.New(sha256.New, key)
	m.Write([]byte("stripe demo webhook\x00" + slug))
	return "whsec_demo_" + hex.EncodeToString(m.Sum(nil))
}
