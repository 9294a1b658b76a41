package gocardless_test

import (
	"bytes"
	"context"
	"errors"
	"io"
	"log/slog"
	"math/rand/v2"
	"net/http"
	"net/http/httptest"
	"slices"
	"strings"
	"sync"
	"testing"

	"porch/payments/gocardless"
	"porch/payments/gocardless/gctest"
)

const secret = "whsec-test"

func TestVerifySignature(t *testing.T) {
	body := []byte(`{"events":[{"id":"EV123","created_at":"2026-01-01T10:00:00.000Z","resource_type":"payments","action":"confirmed","links":{"payment":"PM1"},"details":{"origin":"gocardless","cause":"payment_confirmed"},"metadata":{}}]}`)
	good := gctest.Sign(body, secret) // signed independently of the package under test
	if gocardless.SignWebhook(body, secret) != good {
		t.Fatal("SignWebhook disagrees with the documented HMAC-SHA256 hex")
	}
	tampered := bytes.Replace(body, []byte("PM1"), []byte("PM2"), 1)
	cases := []struct {
		name   string
		body   []byte
		header string
		secret string
		ok     bool
	}{
		{"valid", body, good, secret, true},
		{"valid upper-case hex", body, strings.ToUpper(good), secret, true},
		{"valid with whitespace", body, " " + good + "\n", secret, true},
		{"wrong signature", body, gctest.Sign(body, "other"), secret, false},
		{"tampered body", tampered, good, secret, false},
		{"empty header", body, "", secret, false},
		{"not hex", body, "zz" + good[2:], secret, false},
		{"truncated", body, good[:32], secret, false},
		{"no secret configured", body, gctest.Sign(body, ""), "", false},
	}
	for _, tc := range cases {
		err := gocardless.VerifySignature(tc.body, tc.header, tc.secret)
		if tc.ok && err != nil {
			t.Errorf("%s: %v", tc.name, err)
		}
		if !tc.ok && !errors.Is(err, gocardless.ErrInvalidSignature) {
			t.Errorf("%s: err = %v, want ErrInvalidSignature", tc.name, err)
		}
	}
	if _, err := gocardless.VerifyWebhook(tampered, good, secret); !errors.Is(err, gocardless.ErrInvalidSignature) {
		t.Errorf("VerifyWebhook on a tampered body: %v", err)
	}
}

func TestParseWebhook(t *testing.T) {
	body := []byte(`{"events":[
	 {"id":"EV1","created_at":"2026-01-01T10:00:00.000Z","resource_type":"payments","action":"failed",
	  "links":{"payment":"PM1"},"details":{"origin":"bank","cause":"insufficient_funds","scheme":"bacs","reason_code":"ARUDD-0","will_attempt_retry":false},
	  "metadata":{},"resource_metadata":{"invoice":"42","n":7}},
	 {"id":"EV2","created_at":"2026-01-01T10:00:01.000Z","resource_type":"mandates","action":"cancelled",
	  "links":{"mandate":"MD1"},"details":{"origin":"bank","cause":"bank_account_closed"}},
	 {"id":"EV3","created_at":"2026-01-01T10:00:02.000Z","resource_type":"payouts","action":"paid","links":{"payout":"PO1"},"details":{},"some_future_field":{"x":1}}
	]}`)
	events, err := gocardless.ParseWebhook(body)
	if err != nil {
		t.Fatal(err)
	}
	if len(events) != 3 {
		t.Fatalf("%d events", len(events))
	}
	e := events[0]
	if e.ID != "EV1" || e.ResourceType != gocardless.ResourcePayments || e.Action != gocardless.ActionFailed ||
		e.Links.Payment != "PM1" || e.Details.Cause != "insufficient_funds" || e.Details.ReasonCode != "ARUDD-0" ||
		e.ResourceMetadata["invoice"] != "42" || e.ResourceMetadata["n"] != "7" || e.CreatedAt.IsZero() {
		t.Fatalf("event 0: %+v", e)
	}
	if events[1].Links.Mandate != "MD1" || events[2].Links.Payout != "PO1" {
		t.Fatalf("events: %+v", events)
	}
	for _, bad := range []string{``, `[]`, `{}`, `{"events":[{"id":"EV1"}]}`, `{"events":"nope"}`} {
		if _, err := gocardless.ParseWebhook([]byte(bad)); err == nil {
			t.Errorf("ParseWebhook(%q) succeeded", bad)
		}
	}
	if ev, err := gocardless.ParseWebhook([]byte(`{"events":[]}`)); err != nil || len(ev) != 0 {
		t.Errorf("empty list: %v %v", ev, err)
	}
}

// receiver is a minimal webhook endpoint built the way the app's handler
// should be: raw body, verify, 498 on a bad signature, parse, 204.
type receiver struct {
	mu     sync.Mutex
	bodies int
	events []gocardless.Event
}

func (rc *receiver) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	body, _ := io.ReadAll(r.Body)
	events, err := gocardless.VerifyWebhook(body, r.Header.Get(gocardless.SignatureHeader), secret)
	switch {
	case errors.Is(err, gocardless.ErrInvalidSignature):
		w.WriteHeader(gocardless.StatusInvalidToken)
		return
	case err != nil:
		w.WriteHeader(http.StatusBadRequest)
		return
	}
	rc.mu.Lock()
	rc.bodies++
	rc.events = append(rc.events, events...)
	rc.mu.Unlock()
	w.WriteHeader(http.StatusNoContent)
}

func (rc *receiver) ids() []string {
	rc.mu.Lock()
	defer rc.mu.Unlock()
	var out []string
	for _, e := range rc.events {
		out = append(out, e.ID)
	}
	return out
}

func TestWebhookDelivery(t *testing.T) {
	ctx := context.Background()
	rc := &receiver{}
	hook := httptest.NewServer(rc)
	defer hook.Close()
	fake, c := setup(t, gctest.Options{})
	fake.SetWebhook(hook.URL, secret)
	mandate := setUpMandate(t, ctx, c, fake)
	p := createPayment(t, ctx, c, mandate, 3000)
	if err := fake.ConfirmPayment(p.ID); err != nil {
		t.Fatal(err)
	}
	pending := fake.Pending()

	// A wrong signature is refused with 498 and the events stay pending.
	statuses, err := fake.DeliverPending(ctx, gctest.DeliverOptions{WrongSignature: true})
	if err != nil || !slices.Equal(statuses, []int{498}) || len(rc.ids()) != 0 || len(fake.Pending()) != len(pending) {
		t.Fatalf("wrong signature: %v %v, received %d", statuses, err, len(rc.ids()))
	}
	status, err := fake.SendWebhook(ctx, []byte(`{"events":[]}`), "")
	if err != nil || status != 498 {
		t.Fatalf("unsigned: %d %v", status, err)
	}

	// Several events in one body, newest first.
	statuses, err = fake.DeliverPending(ctx, gctest.DeliverOptions{Reverse: true})
	if err != nil || !slices.Equal(statuses, []int{204}) {
		t.Fatalf("delivery: %v %v", statuses, err)
	}
	want := slices.Clone(pending)
	slices.Reverse(want)
	if got := rc.ids(); !slices.Equal(got, want) || rc.bodies != 1 {
		t.Fatalf("received %v in %d bodies, want %v in one", got, rc.bodies, want)
	}
	if len(fake.Pending()) != 0 {
		t.Fatalf("still pending: %v", fake.Pending())
	}

	// Redelivery: batches of two, each sent twice, shuffled.
	statuses, err = fake.Deliver(ctx, pending, gctest.DeliverOptions{BatchSize: 2, Duplicate: true, Shuffle: rand.New(rand.NewPCG(1, 2))})
	if err != nil || len(statuses) != 2*((len(pending)+1)/2) {
		t.Fatalf("redelivery: %v %v", statuses, err)
	}
	counts := map[string]int{}
	for _, id := range rc.ids() {
		counts[id]++
	}
	for _, id := range pending {
		if counts[id] != 3 {
			t.Fatalf("event %s received %d times, want 3", id, counts[id])
		}
	}

	// The events carry what the app acts on.
	var confirmed *gocardless.Event
	for _, e := range rc.events {
		if e.ResourceType == "payments" && e.Action == gocardless.ActionConfirmed {
			confirmed = &e
			break
		}
	}
	if confirmed == nil || confirmed.Links.Payment != p.ID || confirmed.Details.Origin != "gocardless" {
		t.Fatalf("confirmed event: %+v", confirmed)
	}
}

// TestNoTokenInLogs: the config never prints its token.
func TestNoTokenInLogs(t *testing.T) {
	cfg := gocardless.Config{AccessToken: "live_SECRETTOKEN", Environment: "live"}
	var buf bytes.Buffer
	slog.New(slog.NewJSONHandler(&buf, nil)).Info("config", "gc", cfg)
	for _, out := range []string{buf.String(), cfg.String()} {
		if strings.Contains(out, "SECRETTOKEN") || !strings.Contains(out, "redacted") {
			t.Fatalf("output %q", out)
		}
	}

	// Retry log lines carry no token either.
	buf.Reset()
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) { w.WriteHeader(500) }))
	defer srv.Close()
	c, err := gocardless.New(gocardless.Config{AccessToken: "live_SECRETTOKEN", BaseURL: srv.URL, RetryBackoff: 1,
		Logger: slog.New(slog.NewTextHandler(&buf, nil))})
	if err != nil {
		t.Fatal(err)
	}
	_, err = c.GetPayment(context.Background(), "PM1")
	if err == nil || strings.Contains(err.Error(), "SECRETTOKEN") {
		t.Fatalf("err = %v", err)
	}
	if !strings.Contains(buf.String(), "retried") || strings.Contains(buf.String(), "SECRETTOKEN") {
		t.Fatalf("log: %s", buf.String())
	}
}
