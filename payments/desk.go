package payments

import (
	"context"
	"database/sql"
	"errors"
	"log/slog"
	"time"

	"porch/estate"
	"porch/mail"
	"porch/payments/gocardless"
	"porch/sqldb"
)

// DB is an organisation's database as the Desk needs it: a read pool and
// one writer that runs a function in a transaction.
type DB interface {
	Read() sqldb.Querier
	Write(ctx context.Context, fn func(tx *sql.Tx) error) error
}

// Notifier queues the branded mails a provider event calls for, inside the
// transaction that applies the event, so a mail goes if and only if the
// event's ledger effect is committed.
type Notifier interface {
	// Queue renders the mail template for page and puts it in the outbox
	// within tx.
	Queue(ctx context.Context, tx *sql.Tx, template, to, toName string, page any, atts ...mail.Attachment) error
	// ReceiptPDF is the receipt document of the receipt journal with the
	// public id, read within tx where it was just posted.
	ReceiptPDF(ctx context.Context, tx *sql.Tx, receiptPublicID string, payer estate.Person) (mail.Attachment, error)
	// PortalURL is the organisation's address, for links in mails.
	PortalURL() string
	// Kick asks the sender to deliver now rather than at its next poll.
	Kick()
}

// Desk receives one organisation's provider events: stored once, applied
// to its payments and ledger, with the mails they call for, in one
// transaction. The webhooks, the daily sync, the managers' "check now"
// button and the demo's test payment page all come through a Desk, so an
// event has the same effect however it arrived.
type Desk struct {
	Org    string // the organisation's slug, bound into its sealed secrets
	DB     DB
	Notify Notifier
	Now    func() time.Time
	Logger *slog.Logger

	Key           []byte // opens the stored provider credentials
	Stripe        StripeConfig
	GoCardlessURL string // overrides GoCardless's base URL (tests, the fake)
	Dev           bool   // development mode: the demo's test payment page stands in for Stripe
}

// Secrets reads the organisation's payment settings and opens the
// providers' secrets sealed in them.
func (d *Desk) Secrets(ctx context.Context) (Settings, Credentials, error) {
	set, err := LoadSettings(ctx, d.DB.Read())
	if err != nil {
		return set, Credentials{}, err
	}
	creds, err := set.Open(d.Key, d.Org)
	return set, creds, err
}

// Apply stores a verified provider event and applies it in one
// transaction, with the mails its effect calls for (a receipt, a failure)
// queued in the same transaction: either all of it happens or none. A
// duplicate changes nothing and is not an error.
func (d *Desk) Apply(ctx context.Context, ev Event) (Effect, error) {
	if news, ok := PayoutNewsOf(ev); ok {
		return d.applyPayout(ctx, ev, news)
	}
	var eff Effect
	err := d.DB.Write(ctx, func(tx *sql.Tx) error {
		var err error
		if eff, err = Apply(ctx, tx, d.Now(), ev); err != nil {
			return err
		}
		return d.mails(ctx, tx, eff)
	})
	if errors.Is(err, ErrDuplicate) {
		return eff, nil
	}
	if err != nil {
		return eff, err
	}
	if eff.Received || eff.Reversed || eff.Returned != 0 || eff.NewDispute {
		d.Notify.Kick()
	}
	d.Logger.Info("provider event", "org", d.Org, "provider", ev.Provider, "event", ev.ID, "type", ev.Type,
		"via", ev.Via, "outcome", eff.Outcome, "payment", eff.Payment.PublicID, "received", eff.Received, "reversed", eff.Reversed, "returned", eff.Returned)
	return eff, nil
}

// ApplyGoCardless stores and applies one GoCardless event: payments (and
// the events Porch keeps without acting on) through Apply, mandates and
// billing requests through ApplyMandateEvent.
func (d *Desk) ApplyGoCardless(ctx context.Context, in GoCardlessIncoming, via string) error {
	if !in.ForMandates() {
		_, err := d.Apply(ctx, GoCardlessEvent(in.Event, via, in.Raw, ""))
		return err
	}
	var eff MandateEffect
	err := d.DB.Write(ctx, func(tx *sql.Tx) error {
		var err error
		eff, err = ApplyMandateEvent(ctx, tx, d.Now(), in.Event, via, in.Raw)
		return err
	})
	if errors.Is(err, ErrDuplicate) {
		return nil
	}
	if err != nil {
		return err
	}
	d.Logger.Info("provider event", "org", d.Org, "provider", GoCardless, "event", in.Event.ID,
		"type", in.Event.ResourceType+"."+in.Event.Action, "via", via, "outcome", eff.Outcome, "mandate", eff.Mandate.PublicID,
		"mandate_status", eff.Mandate.Status)
	return nil
}

// applyPayout is Apply for news about a payout: the payout's figures are
// fetched from the provider (outside the transaction: a network call),
// then the event is stored and the payout recorded in one transaction. An
// event already stored is not fetched again.
func (d *Desk) applyPayout(ctx context.Context, ev Event, news PayoutNews) (Effect, error) {
	if known, err := Known(ctx, d.DB.Read(), ev.Provider, ev.ID); err != nil || known {
		return Effect{Outcome: OutcomeNoChange, Note: "already received"}, err
	}
	var figures Payout
	var unknown error // the provider does not know the payout
	if !news.Failed {
		var err error
		figures, err = d.payoutFigures(ctx, ev.Provider, news)
		switch {
		case errors.Is(err, ErrPayoutUnknown):
			unknown = err
		case err != nil:
			// Not stored: the provider sends it again, or the sync finds it.
			return Effect{}, err
		}
	}
	var eff Effect
	err := d.DB.Write(ctx, func(tx *sql.Tx) error {
		var err error
		if unknown != nil {
			eff, err = RecordUnknownPayout(ctx, tx, d.Now(), ev, news, unknown)
		} else {
			eff, err = ApplyPayout(ctx, tx, d.Now(), ev, news, figures)
		}
		return err
	})
	if errors.Is(err, ErrDuplicate) {
		return eff, nil
	}
	if err != nil {
		return eff, err
	}
	d.Logger.Info("provider event", "org", d.Org, "provider", ev.Provider, "event", ev.ID, "type", ev.Type,
		"via", ev.Via, "outcome", eff.Outcome, "payout", news.Ref)
	return eff, nil
}

// payoutFigures asks the provider what a paid payout settled and what it
// cost in fees.
func (d *Desk) payoutFigures(ctx context.Context, provider string, news PayoutNews) (Payout, error) {
	set, creds, err := d.Secrets(ctx)
	if err != nil {
		return Payout{}, err
	}
	if provider == Stripe {
		if creds.StripeKey == "" {
			return Payout{}, errors.New("no Stripe secret key is stored to read the payout with")
		}
		return d.Stripe.NewStripe(creds.StripeKey).StripePayoutFigures(ctx, news)
	}
	api, err := GoCardlessClient(set, creds, d.GoCardlessURL, d.Logger)
	if err != nil {
		return Payout{}, err
	}
	return GoCardlessPayoutFigures(ctx, api, news.Ref)
}

// GoCardlessClient is the organisation's GoCardless client for its stored
// token and environment; baseURL overrides GoCardless's (tests, the fake).
func GoCardlessClient(set Settings, creds Credentials, baseURL string, logger *slog.Logger) (*gocardless.Client, error) {
	if creds.GoCardlessToken == "" {
		return nil, errors.New("no GoCardless access token is stored")
	}
	return gocardless.New(gocardless.Config{AccessToken: creds.GoCardlessToken, Environment: set.GoCardlessEnvironment,
		BaseURL: baseURL, Logger: logger})
}

// Sync asks the organisation's payment providers for their recent events
// and applies those no webhook delivered, each through the path the
// webhooks take, so the ledger and the mails are the same whichever way
// an event arrived.
func (d *Desk) Sync(ctx context.Context) (SyncResult, error) {
	cfg := SyncConfig{Key: d.Key, Org: d.Org, Stripe: d.Stripe, GoCardlessURL: d.GoCardlessURL}
	res, err := Sync(ctx, d.DB.Read(), d.Now(), cfg, func(ctx context.Context, ev SyncEvent) error {
		if ev.Provider == GoCardless {
			return d.ApplyGoCardless(ctx, ev.GoCardless, ViaSync)
		}
		ev.Stripe.Via = ViaSync
		_, err := d.Apply(ctx, ev.Stripe)
		return err
	})
	if err != nil {
		return res, err
	}
	attrs := []any{"org", d.Org, "applied", res.Applied(), "known", res.Known()}
	if err := res.Err(); err != nil {
		d.Logger.Warn("payment providers sync incomplete", append(attrs, "err", err)...)
	} else if len(res.Providers) > 0 {
		d.Logger.Info("payment providers synced", attrs...)
	}
	return res, nil
}
