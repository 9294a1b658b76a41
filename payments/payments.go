// Package payments takes money from residents through Stripe (card) and
// GoCardless (Direct Debit) and puts it on the ledger exactly once.
//
// A payment is created before the provider is asked for anything, with an
// idempotency key of its own. From then on the providers' events decide
// its state: each verified event is stored once (provider + event id) and
// applied in the same transaction. Applying does not add or subtract
// money by event; it moves the payment to the state the newest event says
// (by the provider's timestamp), then makes the ledger agree with that
// state: a receipt stands while the state is one in which the money is
// the resident's payment (Stripe paid; GoCardless confirmed or paid out),
// and is reversed by a compensating journal when a later state says
// otherwise. Duplicates, replays and events out of order therefore change
// nothing twice, and the ledger always ends where the provider's own
// history ends.
package payments

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"strings"
	"time"

	"porch/errs"
	"porch/sqldb"
)

// Providers.
const (
	Stripe     = "stripe"
	GoCardless = "gocardless"
)

// Payment states. Stripe's are Porch's names for a Checkout Session's
// progress; GoCardless's are its payment statuses, as documented.
const (
	StatusCreated    = "created"    // Porch asked the provider; nothing heard yet
	StatusOpen       = "open"       // Stripe: the hosted page is open
	StatusProcessing = "processing" // Stripe: completed, the money not yet confirmed (async methods)
	StatusPaid       = "paid"       // Stripe: paid
	StatusFailed     = "failed"     // both
	StatusExpired    = "expired"    // Stripe: the session expired unpaid

	StatusPendingApproval    = "pending_customer_approval"
	StatusPendingSubmission  = "pending_submission"
	StatusSubmitted          = "submitted"
	StatusConfirmed          = "confirmed"
	StatusPaidOut            = "paid_out"
	StatusCancelled          = "cancelled"
	StatusApprovalDenied     = "customer_approval_denied"
	StatusChargedBack        = "charged_back"
	StatusLateFailureSettled = "late_failure_settled"
)

// stage orders the states of one payment, so that of two events with the
// same timestamp the one further along wins.
var stage = map[string]int{
	StatusCreated: 0, StatusOpen: 1, StatusPendingApproval: 1, StatusPendingSubmission: 2,
	StatusProcessing: 3, StatusSubmitted: 3, StatusConfirmed: 4, StatusPaid: 4, StatusPaidOut: 5,
	StatusExpired: 6, StatusFailed: 6, StatusCancelled: 6, StatusApprovalDenied: 6,
	StatusChargedBack: 7, StatusLateFailureSettled: 7,
}

// Received reports whether, in state status, the money is the resident's
// payment and stands as a receipt on the unit's ledger.
func Received(status string) bool {
	switch status {
	case StatusPaid, StatusConfirmed, StatusPaidOut:
		return true
	}
	return false
}

// Settled reports a state after which nothing more is expected.
func Settled(status string) bool {
	switch status {
	case StatusPaid, StatusPaidOut, StatusExpired, StatusFailed, StatusCancelled, StatusApprovalDenied,
		StatusChargedBack, StatusLateFailureSettled:
		return true
	}
	return false
}

// Payment is one attempt to pay.
type Payment struct {
	ID              int64
	PublicID        string
	Provider        string
	UnitID          int64
	InvoiceID       int64 // 0: towards the unit's account
	PersonID        int64
	MandateID       int64
	Amount          int64
	Currency        string
	Status          string
	ProviderRef     string
	ProviderPayment string
	IdempotencyKey  string
	StatusAt        time.Time
	ChargeDate      string
	ReceiptJournal  int64
	Failure         string
	Automatic       bool
	PayoutRef       string
	CreatedAt       time.Time
	UpdatedAt       time.Time

	// What Stripe last said about the card charge behind the payment
	// (see charges.go): the cumulative amount refunded, and the dispute
	// with the amount it holds back; each with the time of the event
	// that said so.
	Refunded      int64
	RefundedAt    time.Time
	DisputeRef    string
	DisputeStatus string
	DisputeHeld   int64
	DisputeAt     time.Time
}

// Method is the ledger's receipt method for the payment.
func (p Payment) Method() string {
	if p.Provider == GoCardless {
		return "direct debit"
	}
	return "card"
}

// NewPayment is what a payment is created with.
type NewPayment struct {
	Provider  string
	UnitID    int64
	InvoiceID int64
	PersonID  int64
	MandateID int64
	Amount    int64
	Currency  string
	Automatic bool
}

// Create records a new payment in state created, with a fresh idempotency
// key for the provider request that follows.
func Create(ctx context.Context, tx *sql.Tx, now time.Time, in NewPayment) (Payment, error) {
	f := errs.Fields{}
	if in.Provider != Stripe && in.Provider != GoCardless {
		f.Add("provider", "Choose how to pay.")
	}
	if in.Amount <= 0 {
		f.Add("amount", "Enter an amount greater than zero.")
	} else if in.Amount > 100_000_000_00 {
		f.Add("amount", "That amount is too large to pay online.")
	}
	if in.UnitID == 0 {
		f.Add("unit", "Choose the home you are paying for.")
	}
	if err := f.Err(); err != nil {
		return Payment{}, err
	}
	if in.Currency == "" {
		in.Currency = "GBP"
	}
	p := Payment{PublicID: sqldb.NewPublicID(), Provider: in.Provider, UnitID: in.UnitID, InvoiceID: in.InvoiceID,
		PersonID: in.PersonID, MandateID: in.MandateID, Amount: in.Amount, Currency: in.Currency, Status: StatusCreated,
		IdempotencyKey: "porch-" + sqldb.NewPublicID() + sqldb.NewPublicID(), Automatic: in.Automatic,
		CreatedAt: now.UTC(), UpdatedAt: now.UTC()}
	res, err := tx.ExecContext(ctx, `INSERT INTO payments (public_id, provider, unit_id, invoice_id, person_id, mandate_id,
		amount, currency, status, idempotency_key, automatic, created_at, updated_at)
		VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`, p.PublicID, p.Provider, p.UnitID, nullID(p.InvoiceID), nullID(p.PersonID),
		nullID(p.MandateID), p.Amount, p.Currency, p.Status, p.IdempotencyKey, p.Automatic, sqldb.At(now), sqldb.At(now))
	if err != nil {
		return Payment{}, fmt.Errorf("create payment: %w", err)
	}
	p.ID, _ = res.LastInsertId()
	return p, nil
}

// Started records the provider's id for a payment once the provider has
// created it, and the state it reported.
func Started(ctx context.Context, tx *sql.Tx, now time.Time, paymentID int64, providerRef, status, chargeDate string) error {
	res, err := tx.ExecContext(ctx, `UPDATE payments SET provider_ref = ?, status = CASE WHEN status = 'created' THEN ? ELSE status END,
		charge_date = ?, updated_at = ? WHERE id = ?`, providerRef, status, chargeDate, sqldb.At(now), paymentID)
	if err != nil {
		return fmt.Errorf("record provider reference: %w", err)
	}
	if n, _ := res.RowsAffected(); n != 1 {
		return errs.E(errs.NotFound, "There is no such payment.")
	}
	return nil
}

// Abandon marks a payment the provider never created (its request failed
// outright), so it is not shown as in progress.
func Abandon(ctx context.Context, tx *sql.Tx, now time.Time, paymentID int64, why string) error {
	_, err := tx.ExecContext(ctx, `UPDATE payments SET status = 'failed', failure = ?, updated_at = ?
		WHERE id = ? AND status = 'created' AND provider_ref IS NULL`, why, sqldb.At(now), paymentID)
	return err
}

const paymentCols = `p.id, p.public_id, p.provider, p.unit_id, coalesce(p.invoice_id, 0), coalesce(p.person_id, 0), coalesce(p.mandate_id, 0),
	p.amount, p.currency, p.status, coalesce(p.provider_ref, ''), p.provider_payment, p.idempotency_key, p.status_at, p.charge_date,
	coalesce(p.receipt_journal_id, 0), p.failure, p.automatic, p.payout_ref, p.created_at, p.updated_at,
	p.refunded, p.refunded_at, p.dispute_ref, p.dispute_status, p.dispute_held, p.dispute_at`

func scanPayment(s interface{ Scan(...any) error }) (Payment, error) {
	var p Payment
	err := s.Scan(&p.ID, &p.PublicID, &p.Provider, &p.UnitID, &p.InvoiceID, &p.PersonID, &p.MandateID, &p.Amount, &p.Currency,
		&p.Status, &p.ProviderRef, &p.ProviderPayment, &p.IdempotencyKey, sqldb.Into(&p.StatusAt), &p.ChargeDate, &p.ReceiptJournal,
		&p.Failure, &p.Automatic, &p.PayoutRef, sqldb.Into(&p.CreatedAt), sqldb.Into(&p.UpdatedAt),
		&p.Refunded, sqldb.Into(&p.RefundedAt), &p.DisputeRef, &p.DisputeStatus, &p.DisputeHeld, sqldb.Into(&p.DisputeAt))
	return p, err
}

func onePayment(ctx context.Context, q sqldb.Querier, where string, args ...any) (Payment, error) {
	p, err := scanPayment(q.QueryRowContext(ctx, `SELECT `+paymentCols+` FROM payments p WHERE `+where, args...))
	if errors.Is(err, sql.ErrNoRows) {
		return p, errs.E(errs.NotFound, "There is no such payment.")
	}
	return p, err
}

// Get finds a payment by its public id.
func Get(ctx context.Context, q sqldb.Querier, publicID string) (Payment, error) {
	return onePayment(ctx, q, `public_id = ?`, publicID)
}

// ByProviderRef finds a payment by the provider's id for it.
func ByProviderRef(ctx context.Context, q sqldb.Querier, provider, ref string) (Payment, error) {
	return onePayment(ctx, q, `provider = ? AND provider_ref = ?`, provider, ref)
}

func listPayments(ctx context.Context, q sqldb.Querier, where string, args ...any) ([]Payment, error) {
	return sqldb.QueryAll(ctx, q, scanPayment, `SELECT `+paymentCols+` FROM payments p WHERE `+where, args...)
}

// OfUnit lists a unit's payments, newest first.
func OfUnit(ctx context.Context, q sqldb.Querier, unitID int64) ([]Payment, error) {
	return listPayments(ctx, q, `unit_id = ? AND status <> 'created' ORDER BY created_at DESC, id DESC`, unitID)
}

// OfInvoice lists an invoice's payments, newest first.
func OfInvoice(ctx context.Context, q sqldb.Querier, invoiceID int64) ([]Payment, error) {
	return listPayments(ctx, q, `invoice_id = ? AND status <> 'created' ORDER BY created_at DESC, id DESC`, invoiceID)
}

// InProgress lists a provider's payments not yet settled, oldest first:
// what a sync asks the provider about.
func InProgress(ctx context.Context, q sqldb.Querier, provider string) ([]Payment, error) {
	return listPayments(ctx, q, `provider = ? AND provider_ref IS NOT NULL
		AND status NOT IN ('paid', 'paid_out', 'expired', 'failed', 'cancelled', 'customer_approval_denied', 'charged_back', 'late_failure_settled')
		ORDER BY created_at, id`, provider)
}

// Pending sums a unit's payments on their way: started and not yet
// received or settled. The statement shows them so nobody pays twice.
func Pending(ctx context.Context, q sqldb.Querier, unitID int64) (int64, error) {
	var n int64
	err := q.QueryRowContext(ctx, `SELECT coalesce(sum(amount), 0) FROM payments WHERE unit_id = ?
		AND status IN ('processing', 'pending_customer_approval', 'pending_submission', 'submitted')`, unitID).Scan(&n)
	return n, err
}

func nullID(id int64) any {
	if id == 0 {
		return nil
	}
	return id
}

// cut keeps s to n bytes for a stored note.
func cut(s string, n int) string {
	s = strings.TrimSpace(s)
	if len(s) > n {
		return s[:n]
	}
	return s
}
