package gocardless_test

import (
	"context"
	"errors"
	"net/http"
	"sync"
	"testing"

	"porch/payments/gocardless"
	"porch/payments/gocardless/gctest"
)

func TestIdempotentCreates(t *testing.T) {
	ctx := context.Background()
	fake, c := setup(t, gctest.Options{})
	mandate := setUpMandate(t, ctx, c, fake)

	params := gocardless.PaymentParams{Amount: 2500, Currency: "GBP", Links: gocardless.PaymentLinks{Mandate: mandate}}
	first, err := c.CreatePayment(ctx, params, "invoice-77-attempt-1")
	if err != nil {
		t.Fatal(err)
	}
	again, err := c.CreatePayment(ctx, params, "invoice-77-attempt-1")
	if err != nil {
		t.Fatal(err)
	}
	if again.ID != first.ID || len(fake.Payments()) != 1 {
		t.Fatalf("same key gave %s then %s; fake has %d payments", first.ID, again.ID, len(fake.Payments()))
	}
	// The repeat was answered 409 with the conflicting ID, then fetched.
	reqs := fake.Requests()
	last := reqs[len(reqs)-2:]
	if last[0].Method != http.MethodPost || last[0].Status != http.StatusConflict || last[0].IdempotencyKey != "invoice-77-attempt-1" ||
		last[1].Method != http.MethodGet || last[1].Path != "/payments/"+first.ID {
		t.Fatalf("requests for the repeat: %+v", last)
	}

	other, err := c.CreatePayment(ctx, params, "invoice-77-attempt-2")
	if err != nil {
		t.Fatal(err)
	}
	if other.ID == first.ID || len(fake.Payments()) != 2 {
		t.Fatalf("a new key must create a new payment")
	}

	brParams := gocardless.BillingRequestParams{MandateRequest: &gocardless.MandateRequestParams{Currency: "GBP"}}
	br1, err := c.CreateBillingRequest(ctx, brParams, "setup-P1")
	if err != nil {
		t.Fatal(err)
	}
	br2, err := c.CreateBillingRequest(ctx, brParams, "setup-P1")
	if err != nil || br2.ID != br1.ID {
		t.Fatalf("billing request repeat: %v %v", br2, err)
	}

	// Flows cannot be fetched, so a reused flow key is reported.
	fp := gocardless.BillingRequestFlowParams{Links: gocardless.BillingRequestFlowLinks{BillingRequest: br1.ID}}
	if _, err := c.CreateBillingRequestFlow(ctx, fp, "flow-1"); err != nil {
		t.Fatal(err)
	}
	_, err = c.CreateBillingRequestFlow(ctx, fp, "flow-1")
	var apiErr *gocardless.Error
	if !errors.As(err, &apiErr) || apiErr.StatusCode != http.StatusConflict || apiErr.ConflictingResourceID() == "" {
		t.Fatalf("reused flow key: %v", err)
	}
}

func TestCreateNeedsIdempotencyKey(t *testing.T) {
	ctx := context.Background()
	fake, c := setup(t, gctest.Options{})
	before := len(fake.Requests())
	_, err := c.CreatePayment(ctx, gocardless.PaymentParams{Amount: 1, Currency: "GBP", Links: gocardless.PaymentLinks{Mandate: "MD1"}}, " ")
	if !errors.Is(err, gocardless.ErrIdempotencyKeyRequired) {
		t.Fatalf("err = %v", err)
	}
	if _, err := c.CreateBillingRequest(ctx, gocardless.BillingRequestParams{}, ""); !errors.Is(err, gocardless.ErrIdempotencyKeyRequired) {
		t.Fatalf("err = %v", err)
	}
	if _, err := c.CreateBillingRequestFlow(ctx, gocardless.BillingRequestFlowParams{}, ""); !errors.Is(err, gocardless.ErrIdempotencyKeyRequired) {
		t.Fatalf("err = %v", err)
	}
	if n := len(fake.Requests()) - before; n != 0 {
		t.Fatalf("%d requests sent without a key", n)
	}
}

// TestConcurrentSameKey: racing creates with one key make one payment.
func TestConcurrentSameKey(t *testing.T) {
	ctx := context.Background()
	fake, c := setup(t, gctest.Options{})
	mandate := setUpMandate(t, ctx, c, fake)
	params := gocardless.PaymentParams{Amount: 990, Currency: "GBP", Links: gocardless.PaymentLinks{Mandate: mandate}}
	var wg sync.WaitGroup
	ids := make([]string, 8)
	errs := make([]error, 8)
	for i := range ids {
		wg.Go(func() {
			p, err := c.CreatePayment(ctx, params, "race-key")
			errs[i] = err
			if p != nil {
				ids[i] = p.ID
			}
		})
	}
	wg.Wait()
	for i := range ids {
		if errs[i] != nil || ids[i] != ids[0] {
			t.Fatalf("goroutine %d: %s %v (first %s)", i, ids[i], errs[i], ids[0])
		}
	}
	if n := len(fake.Payments()); n != 1 {
		t.Fatalf("%d payments", n)
	}
}
