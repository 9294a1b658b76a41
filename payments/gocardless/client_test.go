package gocardless_test

import (
	"context"
	"errors"
	"io"
	"net/http"
	"net/http/httptest"
	"sync/atomic"
	"testing"
	"time"

	"porch/payments/gocardless"
	"porch/payments/gocardless/gctest"
)

func countRequests(fake *gctest.Server, method, path string) int {
	n := 0
	for _, r := range fake.Requests() {
		if r.Method == method && r.Path == path {
			n++
		}
	}
	return n
}

func TestRetriesSafeReads(t *testing.T) {
	ctx := context.Background()
	fake, c := setup(t, gctest.Options{})
	cr := fake.Creditor()

	fake.InjectFault(gctest.Fault{Method: http.MethodGet, Path: "/creditors/" + cr.ID, Times: 2, Status: 503})
	if _, err := c.GetCreditor(ctx, cr.ID); err != nil {
		t.Fatalf("after two 503s: %v", err)
	}
	if n := countRequests(fake, http.MethodGet, "/creditors/"+cr.ID); n != 3 {
		t.Fatalf("%d attempts, want 3", n)
	}

	fake.InjectFault(gctest.Fault{Method: http.MethodGet, Path: "/creditors", Abort: true})
	if _, err := c.ListCreditors(ctx, gocardless.CreditorListParams{}); err != nil {
		t.Fatalf("after a dropped connection: %v", err)
	}

	fake.InjectFault(gctest.Fault{Method: http.MethodGet, Path: "/creditors", Status: 429})
	if _, err := c.ListCreditors(ctx, gocardless.CreditorListParams{}); err != nil {
		t.Fatalf("after a 429: %v", err)
	}

	// Retries are bounded: three 500s exhaust the default two retries.
	fake.InjectFault(gctest.Fault{Method: http.MethodGet, Path: "/events", Times: 3})
	_, err := c.ListEvents(ctx, gocardless.EventListParams{})
	var apiErr *gocardless.Error
	if !errors.As(err, &apiErr) || apiErr.StatusCode != 500 || apiErr.Type != gocardless.ErrorTypeGoCardless {
		t.Fatalf("err = %v", err)
	}
	if n := countRequests(fake, http.MethodGet, "/events"); n != 3 {
		t.Fatalf("%d attempts, want 3", n)
	}
}

// TestCreateRetriedOnlyWithSameKey: a create whose response was lost is
// sent again with the same Idempotency-Key, so GoCardless answers with the
// payment it already made; nothing is ever duplicated.
func TestCreateRetriedOnlyWithSameKey(t *testing.T) {
	ctx := context.Background()
	fake, c := setup(t, gctest.Options{})
	mandate := setUpMandate(t, ctx, c, fake)
	params := gocardless.PaymentParams{Amount: 4200, Currency: "GBP", Links: gocardless.PaymentLinks{Mandate: mandate}}

	// The payment is made, then the response is lost.
	fake.InjectFault(gctest.Fault{Method: http.MethodPost, Path: "/payments", AfterHandling: true})
	p, err := c.CreatePayment(ctx, params, "lost-response")
	if err != nil {
		t.Fatal(err)
	}
	if payments := fake.Payments(); len(payments) != 1 || payments[0].ID != p.ID {
		t.Fatalf("payments after a lost response: %+v (returned %s)", payments, p.ID)
	}
	var posts []gctest.Request
	for _, r := range fake.Requests() {
		if r.Method == http.MethodPost && r.Path == "/payments" {
			posts = append(posts, r)
		}
	}
	if len(posts) != 2 || posts[0].Status != 500 || posts[1].Status != http.StatusConflict ||
		posts[0].IdempotencyKey != "lost-response" || posts[1].IdempotencyKey != "lost-response" {
		t.Fatalf("create attempts: %+v", posts)
	}

	// A connection dropped before the request was handled: the retry creates it.
	fake.InjectFault(gctest.Fault{Method: http.MethodPost, Path: "/payments", Abort: true})
	q, err := c.CreatePayment(ctx, params, "dropped")
	if err != nil {
		t.Fatal(err)
	}
	if q.ID == p.ID || len(fake.Payments()) != 2 {
		t.Fatalf("after a dropped create: %d payments", len(fake.Payments()))
	}
}

// TestActionsNotRetried: cancelling has no idempotency key, so a 5xx is
// reported rather than blindly repeated.
func TestActionsNotRetried(t *testing.T) {
	ctx := context.Background()
	fake, c := setup(t, gctest.Options{})
	mandate := setUpMandate(t, ctx, c, fake)
	p := createPayment(t, ctx, c, mandate, 100)
	path := "/payments/" + p.ID + "/actions/cancel"
	fake.InjectFault(gctest.Fault{Method: http.MethodPost, Path: path, Status: 502})
	if _, err := c.CancelPayment(ctx, p.ID, nil); err == nil {
		t.Fatal("cancel succeeded through a 502")
	}
	if n := countRequests(fake, http.MethodPost, path); n != 1 {
		t.Fatalf("cancel sent %d times", n)
	}
}

func TestRetriesDisabledAndContext(t *testing.T) {
	var hits atomic.Int32
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		hits.Add(1)
		w.WriteHeader(http.StatusServiceUnavailable)
	}))
	defer srv.Close()

	c, err := gocardless.New(gocardless.Config{AccessToken: "t", BaseURL: srv.URL, MaxRetries: -1})
	if err != nil {
		t.Fatal(err)
	}
	if _, err := c.GetPayout(context.Background(), "PO1"); err == nil || hits.Load() != 1 {
		t.Fatalf("with retries disabled: %v after %d hits", err, hits.Load())
	}

	// A cancelled context ends the backoff at once.
	slow, err := gocardless.New(gocardless.Config{AccessToken: "t", BaseURL: srv.URL, RetryBackoff: time.Hour})
	if err != nil {
		t.Fatal(err)
	}
	ctx, cancel := context.WithTimeout(context.Background(), 50*time.Millisecond)
	defer cancel()
	start := time.Now()
	_, err = slow.GetPayout(ctx, "PO1")
	if !errors.Is(err, context.DeadlineExceeded) || time.Since(start) > 5*time.Second {
		t.Fatalf("err = %v after %v", err, time.Since(start))
	}

	// The per-attempt timeout bounds a server that never answers.
	block := make(chan struct{})
	hang := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		select {
		case <-block:
		case <-r.Context().Done():
		}
	}))
	defer hang.Close()
	defer close(block)
	quick, err := gocardless.New(gocardless.Config{AccessToken: "t", BaseURL: hang.URL, Timeout: 20 * time.Millisecond, MaxRetries: 1, RetryBackoff: time.Millisecond})
	if err != nil {
		t.Fatal(err)
	}
	if _, err := quick.GetPayout(context.Background(), "PO1"); !errors.Is(err, context.DeadlineExceeded) {
		t.Fatalf("hung server: %v", err)
	}
}

// TestRequestHeaders checks what goes on the wire.
func TestRequestHeaders(t *testing.T) {
	var got http.Header
	var body string
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		got = r.Header.Clone()
		b, _ := io.ReadAll(r.Body)
		body = string(b)
		w.Header().Set("Content-Type", "application/json")
		w.WriteHeader(201)
		w.Write([]byte(`{"payments":{"id":"PM1","amount":100,"currency":"GBP","status":"pending_submission","links":{"mandate":"MD1"}}}`))
	}))
	defer srv.Close()
	c, err := gocardless.New(gocardless.Config{AccessToken: "sekrit", BaseURL: srv.URL, UserAgent: "porch-test"})
	if err != nil {
		t.Fatal(err)
	}
	p, err := c.CreatePayment(context.Background(), gocardless.PaymentParams{
		Amount: 100, Currency: "GBP", ChargeDate: "2026-05-01", Metadata: gocardless.Metadata{"invoice": "9"},
		Links: gocardless.PaymentLinks{Mandate: "MD1"},
	}, "k-1")
	if err != nil || p.ID != "PM1" {
		t.Fatalf("%+v %v", p, err)
	}
	for h, want := range map[string]string{
		"Authorization": "Bearer sekrit", "Gocardless-Version": "2015-07-06", "Idempotency-Key": "k-1",
		"Content-Type": "application/json", "User-Agent": "porch-test", "Accept": "application/json",
	} {
		if got.Get(h) != want {
			t.Errorf("%s = %q, want %q", h, got.Get(h), want)
		}
	}
	want := `{"payments":{"amount":100,"currency":"GBP","charge_date":"2026-05-01","metadata":{"invoice":"9"},"links":{"mandate":"MD1"}}}`
	if body != want {
		t.Errorf("body\n got %s\nwant %s", body, want)
	}
}
