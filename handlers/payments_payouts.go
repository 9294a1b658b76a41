package handlers

import (
	"context"
	"database/sql"
	"errors"

	"github.com/labstack/echo/v4"

	"porch/payments"
	"porch/payments/gocardless"
)

// applyPayoutEvent is applyProviderEvent for news about a payout: the
// payout's figures are fetched from the provider (outside the transaction:
// a network call), then the event is stored and the payout recorded in
// one transaction. An event already stored is not fetched again.
func (s *Kit) applyPayoutEvent(ctx context.Context, c echo.Context, ev payments.Event, news payments.PayoutNews) (payments.Effect, error) {
	o := OrgOf(c)
	if known, err := payments.Known(ctx, o.DB.Read(), ev.Provider, ev.ID); err != nil || known {
		return payments.Effect{Outcome: payments.OutcomeNoChange, Note: "already received"}, err
	}
	var figures payments.Payout
	var unknown error // the provider does not know the payout
	if !news.Failed {
		var err error
		figures, err = s.payoutFigures(ctx, c, ev.Provider, news)
		switch {
		case errors.Is(err, payments.ErrPayoutUnknown):
			unknown = err
		case err != nil:
			// Not stored: the provider sends it again, or the sync finds it.
			return payments.Effect{}, err
		}
	}
	var eff payments.Effect
	err := o.DB.Write(ctx, func(tx *sql.Tx) error {
		var err error
		if unknown != nil {
			eff, err = payments.RecordUnknownPayout(ctx, tx, s.Now(), ev, news, unknown)
		} else {
			eff, err = payments.ApplyPayout(ctx, tx, s.Now(), ev, news, figures)
		}
		return err
	})
	if errors.Is(err, payments.ErrDuplicate) {
		return eff, nil
	}
	if err != nil {
		return eff, err
	}
	s.Logger.Info("provider event", "org", o.Slug, "provider", ev.Provider, "event", ev.ID, "type", ev.Type,
		"via", ev.Via, "outcome", eff.Outcome, "payout", news.Ref)
	return eff, nil
}

// payoutFigures asks the provider what a paid payout settled and what it
// cost in fees.
func (s *Kit) payoutFigures(ctx context.Context, c echo.Context, provider string, news payments.PayoutNews) (payments.Payout, error) {
	set, creds, err := s.paymentSecrets(ctx, c)
	if err != nil {
		return payments.Payout{}, err
	}
	if provider == payments.Stripe {
		if creds.StripeKey == "" {
			return payments.Payout{}, errors.New("no Stripe secret key is stored to read the payout with")
		}
		return s.Stripe.NewStripe(creds.StripeKey).StripePayoutFigures(ctx, news)
	}
	api, err := s.gocardlessClient(set, creds)
	if err != nil {
		return payments.Payout{}, err
	}
	return payments.GoCardlessPayoutFigures(ctx, api, news.Ref)
}

// gocardlessClient is the organisation's GoCardless client for its stored
// token and environment (the fake's URL in tests).
func (s *Kit) gocardlessClient(set payments.Settings, creds payments.Credentials) (*gocardless.Client, error) {
	if creds.GoCardlessToken == "" {
		return nil, errors.New("no GoCardless access token is stored")
	}
	return gocardless.New(gocardless.Config{AccessToken: creds.GoCardlessToken, Environment: set.GoCardlessEnvironment,
		BaseURL: s.GoCardlessURL, Logger: s.Logger})
}
