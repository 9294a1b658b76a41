package gocardless_test

import (
	"context"
	"slices"
	"testing"
	"time"

	"porch/internal/testclock"
	"porch/payments/gocardless"
	"porch/payments/gocardless/gctest"
)

func TestEventPagination(t *testing.T) {
	ctx := context.Background()
	clk := testclock.New(time.Date(2026, 4, 1, 8, 0, 0, 0, time.UTC))
	fake, c := setup(t, gctest.Options{Now: clk.Now})
	mandate := setUpMandate(t, ctx, c, fake)
	clk.Advance(time.Hour)
	cutoff := clk.Now()
	clk.Advance(time.Second)
	for range 7 {
		p := createPayment(t, ctx, c, mandate, 1000)
		if err := fake.ConfirmPayment(p.ID); err != nil {
			t.Fatal(err)
		}
		clk.Advance(time.Minute)
	}

	var want []string
	for _, e := range fake.Events() {
		want = append(want, e.ID)
	}
	slices.Reverse(want) // the list is newest first

	// Page by hand through the after cursor.
	var got []string
	after := ""
	pages := 0
	for {
		page, err := c.ListEvents(ctx, gocardless.EventListParams{Limit: 4, After: after})
		if err != nil {
			t.Fatal(err)
		}
		pages++
		if page.Meta.Limit != 4 || len(page.Items) > 4 {
			t.Fatalf("page %d: meta %+v, %d items", pages, page.Meta, len(page.Items))
		}
		for _, e := range page.Items {
			got = append(got, e.ID)
		}
		if page.Meta.Cursors.After == "" {
			break
		}
		after = page.Meta.Cursors.After
	}
	if !slices.Equal(got, want) {
		t.Fatalf("paged events:\n got %v\nwant %v", got, want)
	}
	if wantPages := (len(want) + 3) / 4; pages != wantPages {
		t.Fatalf("%d pages, want %d", pages, wantPages)
	}

	// The iterator follows the same cursors.
	var iterated []string
	for e, err := range c.AllEvents(ctx, gocardless.EventListParams{Limit: 5}) {
		if err != nil {
			t.Fatal(err)
		}
		iterated = append(iterated, e.ID)
	}
	if !slices.Equal(iterated, want) {
		t.Fatalf("iterated %d events, want %d", len(iterated), len(want))
	}

	// The before cursor goes back a page.
	second, err := c.ListEvents(ctx, gocardless.EventListParams{Limit: 4, After: want[3]})
	if err != nil {
		t.Fatal(err)
	}
	back, err := c.ListEvents(ctx, gocardless.EventListParams{Limit: 4, Before: second.Meta.Cursors.Before})
	if err != nil {
		t.Fatal(err)
	}
	if back.Items[0].ID != want[0] || len(back.Items) != 4 {
		t.Fatalf("before cursor: %v", actions(back.Items))
	}

	// created_at[gt] and resource_type filters, as the catch-up job uses.
	var recent []gocardless.Event
	for e, err := range c.AllEvents(ctx, gocardless.EventListParams{
		CreatedAt: gocardless.TimeRange{Gt: cutoff}, ResourceType: gocardless.ResourcePayments, Action: gocardless.ActionConfirmed,
	}) {
		if err != nil {
			t.Fatal(err)
		}
		recent = append(recent, e)
	}
	if len(recent) != 7 {
		t.Fatalf("%d confirmed payment events after the cutoff, want 7", len(recent))
	}
	for _, e := range recent {
		if !e.CreatedAt.After(cutoff) || e.Links.Payment == "" {
			t.Fatalf("event %+v", e)
		}
	}

	ev, err := c.GetEvent(ctx, want[0])
	if err != nil || ev.ID != want[0] {
		t.Fatalf("get event: %+v %v", ev, err)
	}

	// Payments page the same way.
	var n int
	for p, err := range c.AllPayments(ctx, gocardless.PaymentListParams{Limit: 2, Mandate: mandate, CreatedAt: gocardless.TimeRange{Gte: cutoff}}) {
		if err != nil {
			t.Fatal(err)
		}
		if p.Status != gocardless.PaymentConfirmed {
			t.Fatalf("payment %+v", p)
		}
		n++
	}
	if n != 7 {
		t.Fatalf("%d payments, want 7", n)
	}
}

// TestIteratorStopsOnError: the iterator yields the error and ends.
func TestIteratorStopsOnError(t *testing.T) {
	ctx := context.Background()
	fake, _ := setup(t, gctest.Options{})
	bad := newClient(t, fake.URL, "wrong-token")
	var errs int
	for _, err := range bad.AllEvents(ctx, gocardless.EventListParams{}) {
		if err == nil {
			t.Fatal("event from an unauthorised list")
		}
		errs++
	}
	if errs != 1 {
		t.Fatalf("%d errors yielded", errs)
	}
}
