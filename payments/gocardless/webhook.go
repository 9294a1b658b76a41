package gocardless

import (
	"crypto/hmac"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"strings"
)

// SignatureHeader carries the webhook body's HMAC-SHA256, hex encoded,
// keyed with the webhook endpoint's secret.
const SignatureHeader = "Webhook-Signature"

// StatusInvalidToken is the status GoCardless asks endpoints to answer when
// a webhook's signature does not verify (498 Token Invalid).
const StatusInvalidToken = 498

// ErrInvalidSignature is returned for a webhook whose signature is missing,
// malformed or wrong, or when no secret is configured. The HTTP handler
// answers StatusInvalidToken and records nothing.
var ErrInvalidSignature = errors.New("gocardless: invalid webhook signature")

// SignWebhook returns the Webhook-Signature value for body: the hex HMAC-
// SHA256 of the raw bytes with secret as the key. Porch uses it only to
// play GoCardless in tests and demo mode.
func SignWebhook(body []byte, secret string) string {
	mac := hmac.New(sha256.New, []byte(secret))
	mac.Write(body)
	return hex.EncodeToString(mac.Sum(nil))
}

// VerifySignature checks header (the Webhook-Signature value) against the
// raw request body in constant time. It must be given the exact bytes
// received, before any decoding. It returns nil or an error wrapping
// ErrInvalidSignature.
func VerifySignature(body []byte, header, secret string) error {
	if secret == "" {
		return fmt.Errorf("%w: no webhook secret configured", ErrInvalidSignature)
	}
	header = strings.TrimSpace(header)
	if header == "" {
		return fmt.Errorf("%w: no %s header", ErrInvalidSignature, SignatureHeader)
	}
	got, err := hex.DecodeString(header)
	if err != nil || len(got) != sha256.Size {
		return fmt.Errorf("%w: malformed %s header", ErrInvalidSignature, SignatureHeader)
	}
	mac := hmac.New(sha256.New, []byte(secret))
	mac.Write(body)
	if !hmac.Equal(got, mac.Sum(nil)) {
		return ErrInvalidSignature
	}
	return nil
}

// ParseWebhook decodes a webhook body ({"events": [...]}). A webhook may
// carry several events, for unrelated resources, in any order; callers
// deduplicate on Event.ID. Verify the signature first.
func ParseWebhook(body []byte) ([]Event, error) {
	var env struct {
		Events *[]Event `json:"events"`
	}
	if err := json.Unmarshal(body, &env); err != nil {
		return nil, fmt.Errorf("gocardless: decoding webhook: %w", err)
	}
	if env.Events == nil {
		return nil, errors.New("gocardless: webhook body has no events")
	}
	for i, ev := range *env.Events {
		if ev.ID == "" || ev.ResourceType == "" || ev.Action == "" {
			return nil, fmt.Errorf("gocardless: webhook event %d lacks id, resource_type or action", i)
		}
	}
	return *env.Events, nil
}

// VerifyWebhook checks the signature and then parses the body.
func VerifyWebhook(body []byte, header, secret string) ([]Event, error) {
	if err := VerifySignature(body, header, secret); err != nil {
		return nil, err
	}
	return ParseWebhook(body)
}
