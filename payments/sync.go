package payments

import (
	"context"
	"errors"
	"fmt"
	"slices"
	"time"

	"porch/payments/gocardless"
	"porch/sqldb"
)

// A webhook can be lost: the server was down for longer than the provider
// retries, an endpoint was misconfigured for a while, a secret was being
// changed. The sync asks each provider for its recent events and applies,
// through the same path as the webhooks, every one Porch has not stored.
// The daily job runs it, and managers can run it from the settings screen.

// SyncWindow is how far back a sync asks the providers for events.
const SyncWindow = 3 * 24 * time.Hour

// syncMax bounds the events one sync reads from a provider.
const syncMax = 5000

// SyncConfig is what a sync needs to reach an organisation's providers.
type SyncConfig struct {
	Key           []byte // opens the stored credentials
	Org           string // the organisation's slug, bound into its sealed secrets
	Stripe        StripeConfig
	GoCardlessURL string // overrides GoCardless's base URL (tests)
}

// SyncEvent is one listed event Porch has not stored: a Stripe event read
// into Porch's terms, or a GoCardless event as listed (mandate events take
// their own path).
type SyncEvent struct {
	Provider   string
	ID         string
	Stripe     Event
	GoCardless GoCardlessIncoming
}

// ProviderSync is what a sync found at one provider.
type ProviderSync struct {
	Provider string
	Listed   int   // recent events the provider listed
	Applied  int   // events Porch had not stored, now applied
	Known    int   // events already stored (their webhooks arrived)
	Err      error // the provider could not be asked, or an event not applied
}

// SyncResult is what a sync did, per provider asked.
type SyncResult struct {
	Providers []ProviderSync
}

// Applied is the events applied at every provider.
func (r SyncResult) Applied() int {
	n := 0
	for _, p := range r.Providers {
		n += p.Applied
	}
	return n
}

// Known is the events already stored, at every provider.
func (r SyncResult) Known() int {
	n := 0
	for _, p := range r.Providers {
		n += p.Known
	}
	return n
}

// Err joins the providers' errors.
func (r SyncResult) Err() error {
	var errs []error
	for _, p := range r.Providers {
		if p.Err != nil {
			errs = append(errs, fmt.Errorf("%s: %w", providerName(p.Provider), p.Err))
		}
	}
	return errors.Join(errs...)
}

// Sync asks each provider with credentials stored for its events since
// now less SyncWindow, and passes those not yet stored to apply, oldest
// first, counting what was applied and what was already known. A provider
// that cannot be reached, or an event apply fails on, is reported in its
// ProviderSync and does not stop the other provider; the error returned is
// only for settings that cannot be read or opened.
func Sync(ctx context.Context, q sqldb.Querier, now time.Time, cfg SyncConfig, apply func(context.Context, SyncEvent) error) (SyncResult, error) {
	var res SyncResult
	set, err := LoadSettings(ctx, q)
	if err != nil {
		return res, err
	}
	creds, err := set.Open(cfg.Key, cfg.Org)
	if err != nil {
		return res, err
	}
	since := now.Add(-SyncWindow)
	if creds.StripeKey != "" {
		ps := ProviderSync{Provider: Stripe}
		events, err := cfg.Stripe.NewStripe(creds.StripeKey).RecentEvents(ctx, since)
		if err != nil {
			ps.Err = err
		} else {
			items := make([]SyncEvent, len(events))
			for i, ev := range events {
				items[i] = SyncEvent{Provider: Stripe, ID: ev.ID, Stripe: ev}
			}
			syncEvents(ctx, q, items, apply, &ps)
		}
		res.Providers = append(res.Providers, ps)
	}
	if creds.GoCardlessToken != "" {
		ps := ProviderSync{Provider: GoCardless}
		items, err := gocardlessRecent(ctx, set, creds, cfg, since)
		if err != nil {
			ps.Err = err
		} else {
			syncEvents(ctx, q, items, apply, &ps)
		}
		res.Providers = append(res.Providers, ps)
	}
	return res, nil
}

// gocardlessRecent lists GoCardless's events since since, oldest first.
func gocardlessRecent(ctx context.Context, set Settings, creds Credentials, cfg SyncConfig, since time.Time) ([]SyncEvent, error) {
	api, err := gocardless.New(gocardless.Config{AccessToken: creds.GoCardlessToken, Environment: set.GoCardlessEnvironment,
		BaseURL: cfg.GoCardlessURL})
	if err != nil {
		return nil, err
	}
	var out []SyncEvent
	for ev, err := range api.AllEvents(ctx, gocardless.EventListParams{CreatedAt: gocardless.TimeRange{Gte: since}, Limit: gocardless.MaxPageSize}) {
		if err != nil {
			return nil, err
		}
		out = append(out, SyncEvent{Provider: GoCardless, ID: ev.ID, GoCardless: GoCardlessIncoming{Event: ev}})
		if len(out) >= syncMax {
			break
		}
	}
	// Listed newest first; applied in the order they happened.
	slices.Reverse(out)
	return out, nil
}

// syncEvents applies the events not yet stored, counting into ps; it stops
// at the first event that cannot be applied.
func syncEvents(ctx context.Context, q sqldb.Querier, items []SyncEvent, apply func(context.Context, SyncEvent) error, ps *ProviderSync) {
	ps.Listed = len(items)
	for _, it := range items {
		known, err := Known(ctx, q, it.Provider, it.ID)
		if err != nil {
			ps.Err = err
			return
		}
		if known {
			ps.Known++
			continue
		}
		if err := apply(ctx, it); err != nil {
			ps.Err = fmt.Errorf("event %s: %w", it.ID, err)
			return
		}
		ps.Applied++
	}
}

// Known reports whether a provider's event is stored.
func Known(ctx context.Context, q sqldb.Querier, provider, eventID string) (bool, error) {
	var n int
	err := q.QueryRowContext(ctx, `SELECT count(*) FROM provider_events WHERE provider = ? AND event_id = ?`, provider, eventID).Scan(&n)
	return n > 0, err
}
