package payments

import (
	"context"
	"database/sql"
	"errors"
	"net/http"
	"testing"
	"time"

	"porch/internal/stripemock"
	"porch/payments/gocardless"
	"porch/payments/gocardless/gctest"
)

func TestSyncAppliesWhatIsNotStoredOnce(t *testing.T) {
	b := newBook(t)
	ctx := context.Background()
	clock := t0.Add(-5 * 24 * time.Hour)
	fake := gctest.New(gctest.Options{Now: func() time.Time { return clock }})
	defer fake.Close()
	api, err := gocardless.New(gocardless.Config{AccessToken: gctest.DefaultAccessToken, BaseURL: fake.URL})
	if err != nil {
		t.Fatal(err)
	}
	newRequest := func(key string) {
		if _, err := api.CreateBillingRequest(ctx, gocardless.BillingRequestParams{
			MandateRequest: &gocardless.MandateRequestParams{Scheme: gocardless.SchemeBacs, Currency: gocardless.GBP}}, key); err != nil {
			t.Fatal(err)
		}
	}
	newRequest("old") // five days ago: older than the sync looks
	clock = t0
	newRequest("new-1")
	newRequest("new-2")
	recent := 0
	for _, ev := range fake.Events() {
		if at, _ := time.Parse(time.RFC3339Nano, ev.CreatedAt); !at.Before(t0.Add(-SyncWindow + time.Hour)) {
			recent++
		}
	}

	key := make([]byte, 32)
	err = b.db.Write(ctx, func(tx *sql.Tx) error {
		return SaveSettings(ctx, tx, t0, key, "acme", b.person, SettingsInput{StripeKey: "sk_test_51SyncTests000000", GoCardlessToken: gctest.DefaultAccessToken,
			GoCardlessEnvironment: "sandbox"})
	})
	if err != nil {
		t.Fatal(err)
	}
	cfg := SyncConfig{Key: key, Org: "acme", Stripe: StripeConfig{BaseURL: stripemock.Start(t)}, GoCardlessURL: fake.URL}
	var order []time.Time
	apply := func(ctx context.Context, ev SyncEvent) error {
		return b.db.Write(ctx, func(tx *sql.Tx) error {
			var err error
			switch {
			case ev.Provider == Stripe:
				_, err = Apply(ctx, tx, t0, ev.Stripe)
			case ev.GoCardless.ForMandates():
				order = append(order, ev.GoCardless.Event.CreatedAt)
				_, err = ApplyMandateEvent(ctx, tx, t0, ev.GoCardless.Event, ViaSync, ev.GoCardless.Raw)
			default:
				_, err = Apply(ctx, tx, t0, GoCardlessEvent(ev.GoCardless.Event, ViaSync, ev.GoCardless.Raw, ""))
			}
			return err
		})
	}
	now := t0.Add(time.Hour)
	res, err := Sync(ctx, b.db.Read(), now, cfg, apply)
	if err != nil || res.Err() != nil {
		t.Fatalf("sync: %v %v", err, res.Err())
	}
	if len(res.Providers) != 2 || res.Providers[0].Provider != Stripe || res.Providers[1].Provider != GoCardless {
		t.Fatalf("providers %+v", res.Providers)
	}
	// stripe-mock lists one event whatever is asked.
	if st := res.Providers[0]; st.Listed != 1 || st.Applied != 1 || st.Known != 0 {
		t.Errorf("Stripe %+v", st)
	}
	if gc := res.Providers[1]; gc.Listed != recent || gc.Applied != recent || gc.Known != 0 || recent == 0 {
		t.Errorf("GoCardless %+v, want %d recent events", gc, recent)
	}
	for i := 1; i < len(order); i++ {
		if order[i].Before(order[i-1]) {
			t.Errorf("GoCardless events applied out of order: %v", order)
		}
	}
	if n := b.count(`SELECT count(*) FROM provider_events WHERE via = 'sync'`); n != 1+recent {
		t.Errorf("%d events stored by the sync", n)
	}

	again, err := Sync(ctx, b.db.Read(), now, cfg, apply)
	if err != nil || again.Applied() != 0 || again.Known() != 1+recent {
		t.Errorf("second sync: %+v %v", again, err)
	}

	// GoCardless unreachable: Stripe is still checked, the failure said.
	fake.InjectFault(gctest.Fault{Method: "GET", Path: "/events", Status: http.StatusUnauthorized})
	res, err = Sync(ctx, b.db.Read(), now, cfg, apply)
	if err != nil || res.Providers[0].Err != nil || res.Providers[0].Known != 1 || !errors.Is(res.Providers[1].Err, gocardless.ErrUnauthorized) ||
		res.Err() == nil {
		t.Errorf("with GoCardless failing: %+v %v", res, err)
	}

	// Secrets sealed under another server key cannot be used at all.
	other := make([]byte, 32)
	other[0] = 1
	if _, err := Sync(ctx, b.db.Read(), now, SyncConfig{Key: other, Org: "acme"}, apply); !errors.Is(err, ErrSealedElsewhere) {
		t.Errorf("wrong key: %v", err)
	}
	// Nothing stored: nothing asked.
	if res, err := Sync(ctx, newBook(t).db.Read(), now, cfg, apply); err != nil || len(res.Providers) != 0 {
		t.Errorf("without credentials: %+v %v", res, err)
	}
}
