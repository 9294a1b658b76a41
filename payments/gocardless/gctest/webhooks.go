package gctest

import (
	"bytes"
	"context"
	"crypto/hmac"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"io"
	"math/rand/v2"
	"net/http"
	"slices"
)

// SetWebhook sets where webhooks go and the endpoint secret they are
// signed with.
func (s *Server) SetWebhook(url, secret string) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.opts.WebhookURL, s.opts.WebhookSecret = url, secret
}

// Sign returns the Webhook-Signature for body: hex HMAC-SHA256 keyed with
// secret. It is written here independently of the client package.
func Sign(body []byte, secret string) string {
	mac := hmac.New(sha256.New, []byte(secret))
	mac.Write(body)
	return hex.EncodeToString(mac.Sum(nil))
}

// DeliverOptions shapes a delivery, to test a webhook handler's
// robustness. The zero value sends all events in one correctly signed body.
type DeliverOptions struct {
	// BatchSize is the number of events per webhook body (0: all in one).
	BatchSize int
	// Reverse sends the newest event first; Shuffle, if set, sends them in
	// a random order instead.
	Reverse bool
	Shuffle *rand.Rand
	// Duplicate sends every body twice.
	Duplicate bool
	// WrongSignature signs with a different secret. Events sent this way
	// stay pending.
	WrongSignature bool
}

// Pending returns the IDs of events not yet acknowledged (a 2xx answer to
// a correctly signed webhook), oldest first.
func (s *Server) Pending() []string {
	s.mu.Lock()
	defer s.mu.Unlock()
	var ids []string
	for _, ev := range s.events {
		if !s.delivered[ev.ID] {
			ids = append(ids, ev.ID)
		}
	}
	return ids
}

// DeliverPending sends every pending event to the webhook URL and returns
// the HTTP status of each POST. Events answered 2xx are marked delivered.
func (s *Server) DeliverPending(ctx context.Context, o DeliverOptions) ([]int, error) {
	return s.Deliver(ctx, s.Pending(), o)
}

// Deliver sends the given events (delivered or not: GoCardless may resend)
// and returns the status of each POST.
func (s *Server) Deliver(ctx context.Context, ids []string, o DeliverOptions) ([]int, error) {
	ids = slices.Clone(ids)
	switch {
	case o.Shuffle != nil:
		o.Shuffle.Shuffle(len(ids), func(i, j int) { ids[i], ids[j] = ids[j], ids[i] })
	case o.Reverse:
		slices.Reverse(ids)
	}
	size := o.BatchSize
	if size <= 0 {
		size = max(len(ids), 1)
	}
	var statuses []int
	for batch := range slices.Chunk(ids, size) {
		body, err := s.WebhookBody(batch...)
		if err != nil {
			return statuses, err
		}
		s.mu.Lock()
		secret := s.opts.WebhookSecret
		s.mu.Unlock()
		if o.WrongSignature {
			secret = "not-" + secret
		}
		sends := 1
		if o.Duplicate {
			sends = 2
		}
		for range sends {
			status, err := s.SendWebhook(ctx, body, Sign(body, secret))
			if err != nil {
				return statuses, err
			}
			statuses = append(statuses, status)
			if status >= 200 && status < 300 && !o.WrongSignature {
				s.mu.Lock()
				for _, id := range batch {
					s.delivered[id] = true
				}
				s.mu.Unlock()
			}
		}
	}
	return statuses, nil
}

// WebhookBody returns the documented webhook JSON, {"events": [...]}, for
// the given events in the given order.
func (s *Server) WebhookBody(ids ...string) ([]byte, error) {
	s.mu.Lock()
	events := make([]*Event, 0, len(ids))
	for _, id := range ids {
		i, ok := s.eventIndex[id]
		if !ok {
			s.mu.Unlock()
			return nil, fmt.Errorf("gctest: no event %s", id)
		}
		events = append(events, s.events[i])
	}
	body, err := json.Marshal(map[string]any{"events": events})
	s.mu.Unlock()
	return body, err
}

// SendWebhook POSTs body with the given Webhook-Signature to the webhook
// URL, with the headers GoCardless sends, and returns the status.
func (s *Server) SendWebhook(ctx context.Context, body []byte, signature string) (int, error) {
	s.mu.Lock()
	url := s.opts.WebhookURL
	s.mu.Unlock()
	if url == "" {
		return 0, fmt.Errorf("gctest: no webhook URL set")
	}
	req, err := http.NewRequestWithContext(ctx, http.MethodPost, url, bytes.NewReader(body))
	if err != nil {
		return 0, err
	}
	req.Header.Set("Content-Type", "application/json")
	req.Header.Set("User-Agent", "gocardless-webhook-service/1.1")
	req.Header.Set("Origin", s.URL)
	if signature != "" {
		req.Header.Set("Webhook-Signature", signature)
	}
	res, err := s.hc.Do(req)
	if err != nil {
		return 0, err
	}
	io.Copy(io.Discard, res.Body)
	res.Body.Close()
	return res.StatusCode, nil
}
