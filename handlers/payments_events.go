package handlers

import (
	"context"
	"database/sql"
	"errors"

	"github.com/labstack/echo/v4"

	"porch/payments"
)

// applyProviderEvent stores a verified provider event and applies it to
// the organisation's payments and ledger in one transaction, with the
// mails its effect calls for (a receipt, a failure) queued in the same
// transaction: either all of it happens or none. A duplicate changes
// nothing and is not an error. Webhooks, the sync and the demo's test
// payment page all come through here.
func (s *Kit) applyProviderEvent(ctx context.Context, c echo.Context, ev payments.Event) (payments.Effect, error) {
	if news, ok := payments.PayoutNewsOf(ev); ok {
		return s.applyPayoutEvent(ctx, c, ev, news)
	}
	o := OrgOf(c)
	var eff payments.Effect
	err := o.DB.Write(ctx, func(tx *sql.Tx) error {
		var err error
		eff, err = payments.Apply(ctx, tx, s.Now(), ev)
		if err != nil {
			return err
		}
		return s.paymentMails(ctx, c, tx, eff)
	})
	if errors.Is(err, payments.ErrDuplicate) {
		return eff, nil
	}
	if err != nil {
		return eff, err
	}
	if eff.Received || eff.Reversed {
		s.KickMail()
	}
	s.Logger.Info("provider event", "org", o.Slug, "provider", ev.Provider, "event", ev.ID, "type", ev.Type,
		"via", ev.Via, "outcome", eff.Outcome, "payment", eff.Payment.PublicID, "received", eff.Received, "reversed", eff.Reversed)
	return eff, nil
}
