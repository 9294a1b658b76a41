package gocardless_test

import (
	"context"
	"fmt"
	"sync"
	"testing"
	"time"

	"porch/payments/gocardless"
	"porch/payments/gocardless/gctest"
)

// setup starts a fake and a client pointed at it with fast retries.
func setup(t *testing.T, opts gctest.Options) (*gctest.Server, *gocardless.Client) {
	t.Helper()
	fake := gctest.New(opts)
	t.Cleanup(fake.Close)
	return fake, newClient(t, fake.URL, opts.AccessToken)
}

func newClient(t *testing.T, baseURL, token string) *gocardless.Client {
	t.Helper()
	if token == "" {
		token = gctest.DefaultAccessToken
	}
	c, err := gocardless.New(gocardless.Config{
		AccessToken:  token,
		BaseURL:      baseURL,
		RetryBackoff: time.Millisecond,
		Timeout:      5 * time.Second,
	})
	if err != nil {
		t.Fatal(err)
	}
	return c
}

var keySeq struct {
	sync.Mutex
	n int
}

// key returns a fresh idempotency key.
func key(prefix string) string {
	keySeq.Lock()
	defer keySeq.Unlock()
	keySeq.n++
	return fmt.Sprintf("%s-%d-%d", prefix, time.Now().UnixNano(), keySeq.n)
}

// setUpMandate runs the whole billing request journey and returns the new
// mandate's ID.
func setUpMandate(t *testing.T, ctx context.Context, c *gocardless.Client, fake *gctest.Server) string {
	t.Helper()
	br, err := c.CreateBillingRequest(ctx, gocardless.BillingRequestParams{
		MandateRequest: &gocardless.MandateRequestParams{Scheme: gocardless.SchemeBacs, Currency: gocardless.GBP},
	}, key("br"))
	if err != nil {
		t.Fatal(err)
	}
	flow, err := c.CreateBillingRequestFlow(ctx, gocardless.BillingRequestFlowParams{
		RedirectURI: "https://acme.example/dd/done",
		Links:       gocardless.BillingRequestFlowLinks{BillingRequest: br.ID},
	}, key("brf"))
	if err != nil {
		t.Fatal(err)
	}
	if _, err := fake.CompleteFlow(flow.ID, gctest.Payer{}); err != nil {
		t.Fatal(err)
	}
	br, err = c.GetBillingRequest(ctx, br.ID)
	if err != nil {
		t.Fatal(err)
	}
	if br.Links.MandateRequestMandate == "" {
		t.Fatalf("fulfilled billing request has no mandate: %+v", br)
	}
	return br.Links.MandateRequestMandate
}

func createPayment(t *testing.T, ctx context.Context, c *gocardless.Client, mandate string, amount int64) *gocardless.Payment {
	t.Helper()
	p, err := c.CreatePayment(ctx, gocardless.PaymentParams{
		Amount:   amount,
		Currency: gocardless.GBP,
		Links:    gocardless.PaymentLinks{Mandate: mandate},
	}, key("pm"))
	if err != nil {
		t.Fatal(err)
	}
	return p
}

func actions(events []gocardless.Event) []string {
	var out []string
	for _, e := range events {
		out = append(out, e.ResourceType+"."+e.Action)
	}
	return out
}
