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
	"porch/views"
)

// States of a refund a manager asked for.
const (
	RefundRequested = "requested" // recorded; Stripe not yet answered
	RefundPending   = "pending"   // Stripe accepted it; its charge.refunded not yet received
	RefundSucceeded = "succeeded" // the charge's refunded total reached it: it is on the ledger
	RefundFailed    = "failed"
)

// Refund is a refund of a card payment a manager asked Stripe for. Its
// ledger effect comes from Stripe's charge.refunded event, not from the
// request: a request only says who asked, why, and that it is on its way.
type Refund struct {
	ID          int64
	PublicID    string
	PaymentID   int64
	Amount      int64
	Target      int64 // the charge's refunded total once this refund lands
	Reason      string
	Status      string
	ProviderRef string // Stripe's refund id
	Key         string // the idempotency key of the request to Stripe
	Failure     string
	RequestedBy string // the manager's name
	CreatedAt   time.Time
}

// Landed reports a refund that is on the ledger.
func (r Refund) Landed() bool { return r.Status == RefundSucceeded }

// RefundsOf lists a payment's refund requests, newest first.
func RefundsOf(ctx context.Context, q sqldb.Querier, paymentID int64) ([]Refund, error) {
	return sqldb.QueryAll(ctx, q, func(s sqldb.Scanner) (Refund, error) {
		var r Refund
		err := s.Scan(&r.ID, &r.PublicID, &r.PaymentID, &r.Amount, &r.Target, &r.Reason, &r.Status, &r.ProviderRef, &r.Key,
			&r.Failure, &r.RequestedBy, sqldb.Into(&r.CreatedAt))
		return r, err
	}, `SELECT r.id, r.public_id, r.payment_id, r.amount, r.target, r.reason, r.status, r.provider_ref, r.idempotency_key,
		r.failure, coalesce(p.full_name, ''), r.created_at
		FROM payment_refunds r LEFT JOIN people p ON p.id = r.requested_by WHERE r.payment_id = ? ORDER BY r.id DESC`, paymentID)
}

// Refundable is what may still be refunded of a payment: nothing unless it
// is a card payment received and not disputed, else its amount less what
// Stripe has refunded and what refunds asked for will make that.
func Refundable(ctx context.Context, q sqldb.Querier, p Payment) (int64, error) {
	n, _, err := refundable(ctx, q, p)
	return n, err
}

// refundable is Refundable, and the charge's refunded total once Stripe
// has made every refund already asked for.
func refundable(ctx context.Context, q sqldb.Querier, p Payment) (n, asked int64, err error) {
	if err = q.QueryRowContext(ctx, `SELECT coalesce(max(target), 0) FROM payment_refunds
		WHERE payment_id = ? AND status IN ('requested', 'pending')`, p.ID).Scan(&asked); err != nil {
		return 0, 0, err
	}
	asked = max(asked, p.Refunded)
	if p.Provider != Stripe || !Received(p.Status) || p.ProviderPayment == "" || p.DisputeHeld > 0 || p.DisputeOpen() {
		return 0, asked, nil
	}
	return max(p.Amount-asked, 0), asked, nil
}

// RefundInput is a manager's request to refund part or all of a payment.
type RefundInput struct {
	Amount int64
	Reason string
	By     int64 // the manager
	// Audit, when set, records the request in the transaction that
	// records Stripe's acceptance of it.
	Audit func(tx *sql.Tx, r Refund) error
}

// RequestRefund checks a refund against what may still be refunded and
// records it as requested, with an idempotency key for the request to
// Stripe that follows. It refuses with messages for the form's fields.
func RequestRefund(ctx context.Context, tx *sql.Tx, now time.Time, p Payment, in RefundInput) (Refund, error) {
	most, asked, err := refundable(ctx, tx, p)
	if err != nil {
		return Refund{}, err
	}
	in.Reason = strings.TrimSpace(in.Reason)
	f := errs.Fields{}
	switch {
	case most == 0:
		f.Add("amount", "Nothing more of this payment can be refunded.")
	case in.Amount <= 0:
		f.Add("amount", "Enter an amount greater than zero.")
	case in.Amount > most:
		f.Add("amount", "At most "+views.Money(most, p.Currency)+" of this payment can be refunded.")
	}
	switch {
	case in.Reason == "":
		f.Add("reason", "Say why the payment is refunded; the payer and the other managers are told.")
	case len(in.Reason) > 200:
		f.Add("reason", "Keep the reason to 200 characters or fewer.")
	}
	if err := f.Err(); err != nil {
		return Refund{}, err
	}
	r := Refund{PublicID: sqldb.NewPublicID(), PaymentID: p.ID, Amount: in.Amount, Target: asked + in.Amount,
		Reason: in.Reason, Status: RefundRequested, Key: "porch-refund-" + sqldb.NewPublicID() + sqldb.NewPublicID(), CreatedAt: now.UTC()}
	res, err := tx.ExecContext(ctx, `INSERT INTO payment_refunds (public_id, payment_id, amount, target, reason, status,
		idempotency_key, requested_by, created_at, updated_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
		r.PublicID, r.PaymentID, r.Amount, r.Target, r.Reason, r.Status, r.Key, nullID(in.By), sqldb.At(now), sqldb.At(now))
	if err != nil {
		return Refund{}, fmt.Errorf("record refund: %w", err)
	}
	r.ID, _ = res.LastInsertId()
	return r, nil
}

// refundSent records Stripe's answer to a refund request: its id, and
// pending until the charge.refunded event lands it (which may have come
// first), or failed when Stripe says so at once.
func refundSent(ctx context.Context, tx *sql.Tx, now time.Time, r Refund, ref, status, failure string) error {
	next := RefundPending
	if status == "failed" || status == "canceled" {
		next = RefundFailed
	}
	_, err := tx.ExecContext(ctx, `UPDATE payment_refunds SET provider_ref = ?, failure = ?, updated_at = ?,
		status = CASE WHEN status = 'requested' THEN ? ELSE status END WHERE id = ?`, ref, cut(failure, 300), sqldb.At(now), next, r.ID)
	return err
}

// ErrRefundRefused is a refund Stripe would not make; nothing was refunded
// and the request is not kept.
var ErrRefundRefused = errors.New("payments: refund refused")

// Refund asks Stripe to refund part or all of a card payment on a
// manager's behalf. The request is recorded first, with its idempotency
// key; Stripe is asked outside any transaction; its answer is recorded
// after. Its ledger effect comes from Stripe's charge.refunded event,
// applied once like every event. When Stripe refuses, the request is
// removed and the refusal comes back as a message for the amount field.
func (d *Desk) Refund(ctx context.Context, paymentPublic string, in RefundInput) (Refund, error) {
	_, creds, err := d.Secrets(ctx)
	if err != nil {
		return Refund{}, err
	}
	if creds.StripeKey == "" {
		return Refund{}, errs.Fields{"amount": "No Stripe secret key is stored to refund with; an administrator adds it in the payment settings."}.Err()
	}
	var r Refund
	var p Payment
	err = d.DB.Write(ctx, func(tx *sql.Tx) error {
		if p, err = Get(ctx, tx, paymentPublic); err != nil {
			return err
		}
		r, err = RequestRefund(ctx, tx, d.Now(), p, in)
		return err
	})
	if err != nil {
		return Refund{}, err
	}
	sr, askErr := d.Stripe.NewStripe(creds.StripeKey).Refund(ctx, p, r)
	err = d.DB.Write(ctx, func(tx *sql.Tx) error {
		if askErr != nil {
			_, err := tx.ExecContext(ctx, `DELETE FROM payment_refunds WHERE id = ? AND status = 'requested'`, r.ID)
			return err
		}
		if err := refundSent(ctx, tx, d.Now(), r, sr.ID, sr.Status, sr.Failure); err != nil || in.Audit == nil {
			return err
		}
		return in.Audit(tx, r)
	})
	if err != nil {
		return Refund{}, err
	}
	if askErr != nil {
		d.Logger.Warn("stripe refund refused", "org", d.Org, "payment", p.PublicID, "err", askErr)
		return Refund{}, fmt.Errorf("%w: %w", ErrRefundRefused, errs.Fields{"amount": askErr.Error()}.Err())
	}
	d.Logger.Info("stripe refund requested", "org", d.Org, "payment", p.PublicID, "refund", sr.ID, "amount", r.Amount, "status", sr.Status)
	r.ProviderRef = sr.ID
	return r, nil
}
