package payments

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"time"

	"porch/errs"
	"porch/estate"
	"porch/ledger"
	"porch/sqldb"
)

// How an event reached Porch.
const (
	ViaWebhook = "webhook"
	ViaSync    = "sync"
	ViaTest    = "test" // the demo's test payment page
)

// Outcomes of an event.
const (
	OutcomeApplied   = "applied"
	OutcomeNoChange  = "no_change"
	OutcomeUnmatched = "unmatched"
	OutcomeIgnored   = "ignored"
)

// Event is a provider event about a payment, already verified and read
// into Porch's terms by the provider's adapter.
type Event struct {
	Provider string
	ID       string    // the provider's event id
	Type     string    // the provider's event type, for the record
	Created  time.Time // the provider's time of the event
	Via      string
	Payload  []byte // the event as received

	// The payment it is about: the provider's id for it, and Porch's own
	// id where the provider echoes it back (metadata).
	PaymentRef    string
	PaymentPublic string
	// The state it moves the payment to; "" for an event with no effect on
	// payments (it is stored as ignored).
	Status  string
	Failure string // why it failed, in words a resident can read
	// What the provider says was paid; 0 when the event does not say.
	Amount          int64
	ProviderPayment string // Stripe PaymentIntent id
	PayoutRef       string // GoCardless: the payout the payment went out in

	// News of the card charge behind a payment (charges.go): Kind says
	// which; the charge's cumulative refunds, or its dispute.
	Kind      string
	ChargeRef string
	Refunded  int64
	Dispute   DisputeNews
}

// resource is the provider's reference for what the event is about.
func (ev Event) resource() string {
	if ev.Kind != "" {
		// News of a charge is filed under its PaymentIntent, so news that
		// came before the payment's own can be found once it is known.
		return ev.ProviderPayment
	}
	return ev.PaymentRef
}

// Effect is what applying an event did, for the caller to tell people.
type Effect struct {
	Outcome  string
	Note     string
	Payment  Payment // after the event; zero when unmatched or ignored
	Received bool    // a receipt was posted for it
	Reversed bool    // its receipt was reversed
	Receipt  int64   // the receipt journal posted, when Received
	// Returned is how much more refunds and disputes now take back from
	// the payment than before the event; negative when a dispute won
	// gave money back.
	Returned   int64
	NewDispute bool // the event told of a dispute not known before
	EventRow   int64
}

// ErrDuplicate is returned, with the effect of the earlier delivery, for
// an event already stored.
var ErrDuplicate = errors.New("payments: event already received")

// Apply stores ev and applies it, all in tx. An event already stored
// returns ErrDuplicate and changes nothing. An event about a payment Porch
// does not know, or with no effect, is stored with its outcome and not
// dropped, so managers can see it.
func Apply(ctx context.Context, tx *sql.Tx, now time.Time, ev Event) (Effect, error) {
	if ev.Provider == "" || ev.ID == "" {
		return Effect{}, fmt.Errorf("payments: event without provider or id")
	}
	return storeEvent(ctx, tx, now, ev, ev.resource(), func() (Effect, error) { return apply(ctx, tx, now, ev) })
}

// storeEvent stores ev once, about resource (the provider's reference for
// the payment or payout), with the effect run has, all in tx. An event
// already stored returns ErrDuplicate and runs nothing.
func storeEvent(ctx context.Context, tx *sql.Tx, now time.Time, ev Event, resource string, run func() (Effect, error)) (Effect, error) {
	var seen int64
	switch err := tx.QueryRowContext(ctx, `SELECT id FROM provider_events WHERE provider = ? AND event_id = ?`, ev.Provider, ev.ID).Scan(&seen); {
	case err == nil:
		return Effect{Outcome: OutcomeNoChange, Note: "already received", EventRow: seen}, ErrDuplicate
	case !errors.Is(err, sql.ErrNoRows):
		return Effect{}, err
	}
	if ev.Via == "" {
		ev.Via = ViaWebhook
	}
	eff, err := run()
	if err != nil {
		return Effect{}, err
	}
	var paymentID any
	if eff.Payment.ID != 0 {
		paymentID = eff.Payment.ID
	}
	res, err := tx.ExecContext(ctx, `INSERT INTO provider_events (provider, event_id, type, resource, created, received_at, via,
		outcome, note, payment_id, payload) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
		ev.Provider, ev.ID, cut(ev.Type, 100), cut(resource, 100), sqldb.At(ev.Created), sqldb.At(now), ev.Via,
		eff.Outcome, cut(eff.Note, 500), paymentID, string(ev.Payload))
	if err != nil {
		return Effect{}, fmt.Errorf("store event: %w", err)
	}
	eff.EventRow, _ = res.LastInsertId()
	return eff, nil
}

func apply(ctx context.Context, tx *sql.Tx, now time.Time, ev Event) (Effect, error) {
	if ev.Status == "" && ev.Kind == "" {
		return Effect{Outcome: OutcomeIgnored, Note: "not an event about a payment's state"}, nil
	}
	if _, ok := stage[ev.Status]; !ok && ev.Kind == "" {
		return Effect{}, fmt.Errorf("payments: unknown state %q", ev.Status)
	}
	p, err := findPayment(ctx, tx, ev)
	if errs.Is(err, errs.NotFound) {
		return Effect{Outcome: OutcomeUnmatched, Note: fmt.Sprintf("No payment in Porch has the %s reference %q.", providerName(ev.Provider), ev.resource())}, nil
	}
	if err != nil {
		return Effect{}, err
	}
	eff := Effect{Payment: p}
	var changed bool
	if ev.Kind != "" {
		if !takeCharge(&p, ev) {
			eff.Outcome, eff.Note = OutcomeNoChange, "Older than what is already known of the card charge."
			return eff, nil
		}
		changed = true
	} else {
		if !newer(ev, p) {
			eff.Outcome, eff.Note = OutcomeNoChange, fmt.Sprintf("Older than the state already known (%s).", p.Status)
			return eff, nil
		}
		changed = takeStatus(&p, ev, &eff)
		if p.ProviderPayment != "" && eff.Payment.ProviderPayment == "" {
			if err := adoptChargeNews(ctx, tx, &p); err != nil {
				return Effect{}, err
			}
		}
	}
	before := eff.Payment
	if err := settle(ctx, tx, now, &p, ev, &eff); err != nil {
		return Effect{}, err
	}
	eff.Returned = p.Returned() - before.Returned()
	eff.NewDispute = p.DisputeRef != "" && p.DisputeRef != before.DisputeRef
	if p.Refunded > before.Refunded {
		if err := refundsLanded(ctx, tx, now, p); err != nil {
			return Effect{}, err
		}
	}
	_, err = tx.ExecContext(ctx, `UPDATE payments SET status = ?, status_at = ?, provider_ref = ?, provider_payment = ?,
		payout_ref = ?, amount = ?, failure = ?, receipt_journal_id = ?, refunded = ?, refunded_at = ?, dispute_ref = ?,
		dispute_status = ?, dispute_held = ?, dispute_at = ?, updated_at = ? WHERE id = ?`,
		p.Status, sqldb.At(p.StatusAt), nullRef(p.ProviderRef), p.ProviderPayment, p.PayoutRef, p.Amount, p.Failure,
		nullID(p.ReceiptJournal), p.Refunded, stamp(p.RefundedAt), p.DisputeRef, p.DisputeStatus, p.DisputeHeld,
		stamp(p.DisputeAt), sqldb.At(now), p.ID)
	if err != nil {
		return Effect{}, fmt.Errorf("update payment: %w", err)
	}
	p.UpdatedAt = now.UTC()
	eff.Payment = p
	if changed || eff.Received || eff.Reversed {
		eff.Outcome = OutcomeApplied
	} else {
		eff.Outcome = OutcomeNoChange
	}
	return eff, nil
}

// takeStatus moves p to the state ev reports (ev is newer) and says
// whether its state changed.
func takeStatus(p *Payment, ev Event, eff *Effect) bool {
	if ev.PaymentRef != "" && p.ProviderRef == "" {
		p.ProviderRef = ev.PaymentRef
	}
	if ev.ProviderPayment != "" {
		p.ProviderPayment = ev.ProviderPayment
	}
	if ev.PayoutRef != "" {
		p.PayoutRef = ev.PayoutRef
	}
	if ev.Amount > 0 && ev.Amount != p.Amount {
		// The provider's figure is what moved; the ledger follows it.
		eff.Note = fmt.Sprintf("The provider reported %d, not the %d asked for; the receipt uses the provider's amount.", ev.Amount, p.Amount)
		p.Amount = ev.Amount
	}
	changed := p.Status != ev.Status
	p.Status, p.StatusAt = ev.Status, ev.Created.UTC()
	if Received(p.Status) {
		p.Failure = ""
	} else if ev.Failure != "" {
		p.Failure = cut(ev.Failure, 300)
	}
	return changed
}

// stamp is a stored instant, "" for none.
func stamp(t time.Time) any {
	if t.IsZero() {
		return ""
	}
	return sqldb.At(t)
}

// newer reports whether ev is news for p: later than the event that set
// p's state, or as late and further along.
func newer(ev Event, p Payment) bool {
	if p.StatusAt.IsZero() {
		return true
	}
	switch {
	case ev.Created.After(p.StatusAt):
		return true
	case ev.Created.Before(p.StatusAt):
		return false
	}
	return stage[ev.Status] > stage[p.Status]
}

func findPayment(ctx context.Context, tx *sql.Tx, ev Event) (Payment, error) {
	if ev.PaymentRef != "" {
		p, err := ByProviderRef(ctx, tx, ev.Provider, ev.PaymentRef)
		if !errs.Is(err, errs.NotFound) {
			return p, err
		}
	}
	if ev.Kind != "" && ev.ProviderPayment != "" {
		p, err := onePayment(ctx, tx, `provider = ? AND provider_payment = ?`, ev.Provider, ev.ProviderPayment)
		if !errs.Is(err, errs.NotFound) {
			return p, err
		}
	}
	if ev.PaymentPublic != "" {
		p, err := Get(ctx, tx, ev.PaymentPublic)
		if err == nil && p.Provider == ev.Provider && (p.ProviderRef == "" || ev.PaymentRef == "" || p.ProviderRef == ev.PaymentRef) {
			return p, nil
		}
		if err != nil && !errs.Is(err, errs.NotFound) {
			return p, err
		}
	}
	return Payment{}, errs.E(errs.NotFound, "There is no such payment.")
}

// ClearingAccount is the ledger account a provider's money waits in
// between the resident paying and the provider paying out.
func ClearingAccount(ctx context.Context, q sqldb.Querier, provider string) (ledger.Account, error) {
	code := "1200"
	if provider == GoCardless {
		code = "1210"
	}
	return ledger.AccountByCode(ctx, q, code)
}

func postReceipt(ctx context.Context, tx *sql.Tx, now time.Time, p Payment, amount int64, at time.Time) (int64, error) {
	clearing, err := ClearingAccount(ctx, tx, p.Provider)
	if err != nil {
		return 0, fmt.Errorf("clearing account for %s: %w", p.Provider, err)
	}
	in := ledger.ReceiptInput{UnitID: p.UnitID, AccountID: clearing.ID, Date: ukDate(at), Amount: amount,
		Method: p.Method(), Reference: p.ProviderRef, InvoiceID: p.InvoiceID, PayerID: p.PersonID}
	if in.InvoiceID != 0 {
		// A cancelled or already settled invoice cannot take the money;
		// it then pays the oldest first and any rest stays as credit.
		var open int64
		err := tx.QueryRowContext(ctx, `SELECT i.total - i.paid
			FROM invoices i WHERE i.id = ?`, in.InvoiceID).Scan(&open)
		if err != nil || open <= 0 {
			in.InvoiceID = 0
		}
	}
	id, err := ledger.RecordReceipt(ctx, tx, now, in)
	if err != nil {
		return 0, fmt.Errorf("record the receipt of payment %s: %w", p.PublicID, err)
	}
	return id, nil
}

func reversalReason(p Payment) string {
	what := "Card payment"
	if p.Provider == GoCardless {
		what = "Direct Debit"
	}
	switch p.Status {
	case StatusChargedBack:
		return what + " charged back by the payer's bank"
	case StatusLateFailureSettled:
		return what + " failed after it was collected"
	case StatusCancelled:
		return what + " cancelled"
	}
	if p.Failure != "" {
		return what + " failed: " + p.Failure
	}
	return what + " failed"
}

func providerName(p string) string {
	if p == GoCardless {
		return "GoCardless"
	}
	return "Stripe"
}

// ukDate is the UK calendar date of an instant, as the ledger stores dates.
func ukDate(t time.Time) time.Time { return estate.UKDate(t) }

func nullRef(s string) any {
	if s == "" {
		return nil
	}
	return s
}
