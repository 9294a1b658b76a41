package payments

import (
	"context"
	"errors"
	"fmt"
	"time"

	"porch/errs"
	"porch/ledger"
	"porch/payments/gocardless"
	"porch/sqldb"
)

// AutoPayResult is what one automatic payments run did for an
// organisation.
type AutoPayResult struct {
	Units   int   // units paying automatically
	Created int   // payments GoCardless was asked for
	Refused int   // payments GoCardless refused (recorded as failed)
	Err     error // the first failure that stopped part of the run
}

// RunAutoPay is the daily job's step for one organisation: when it offers
// Direct Debit, it collects the outstanding invoices of every unit paying
// automatically (AutoPay). It does nothing, and returns no error, for an
// organisation without Direct Debit or a server without the key to open
// its credentials.
func RunAutoPay(ctx context.Context, db Store, org string, now time.Time, cfg GoCardlessConfig) (AutoPayResult, error) {
	api, err := OpenGoCardless(ctx, db.Read(), org, cfg)
	if errors.Is(err, ErrNoDirectDebit) {
		return AutoPayResult{}, nil
	}
	if err != nil {
		return AutoPayResult{}, err
	}
	return AutoPay(ctx, db, now, api)
}

// AutoPay asks GoCardless, for each unit whose resident chose to pay new
// demands automatically, to collect every outstanding invoice on its due
// date (or the mandate's earliest possible date, when the due date is too
// soon). It is safe to run any number of times: an invoice is collected
// automatically at most once. An invoice is left alone while any payment
// for it is on its way or stands received, and once an automatic
// collection for it was answered at all: a Direct Debit the bank returned,
// or GoCardless refused, is not presented again without the resident (who
// was told) paying by hand. A request that got no answer is resumed with
// the same idempotency key.
func AutoPay(ctx context.Context, db Store, now time.Time, api gocardless.API) (AutoPayResult, error) {
	var res AutoPayResult
	mandates, err := AutoPayMandates(ctx, db.Read())
	if err != nil {
		return res, err
	}
	res.Units = len(mandates)
	for _, m := range mandates {
		if ctx.Err() != nil {
			return res, ctx.Err()
		}
		err := autoPayUnit(ctx, db, now, api, m, &res)
		if err == nil {
			continue
		}
		if res.Err == nil {
			res.Err = err
		}
		if errs.Is(err, errs.Unavailable) {
			// GoCardless is not answering; the next run tries again.
			return res, res.Err
		}
	}
	return res, res.Err
}

func autoPayUnit(ctx context.Context, db Store, now time.Time, api gocardless.API, m Mandate, res *AutoPayResult) error {
	q := db.Read()
	// The mandate holder's own account: a buyer's mandate never collects
	// the seller's arrears.
	account, err := ledger.PersonDebtor(ctx, q, m.UnitID, m.PersonID)
	if err != nil {
		return err
	}
	invs, err := ledger.DebtorInvoices(ctx, q, account)
	if err != nil {
		return err
	}
	cancelled, err := ledger.CancelledInvoices(ctx, q, m.UnitID)
	if err != nil {
		return err
	}
	// A payment plan repays its invoices by instalments of its own.
	planned, err := ledger.InvoicesOnPlan(ctx, q, m.UnitID)
	if err != nil {
		return err
	}
	earliest := ""
	for _, inv := range invs {
		if inv.Outstanding() <= 0 || cancelled[inv.PublicID] || planned[inv.ID] {
			continue
		}
		busy, err := autoPayBusy(ctx, q, inv.ID)
		if err != nil {
			return err
		}
		if busy {
			continue
		}
		if earliest == "" {
			gm, err := api.GetMandate(ctx, m.MandateRef)
			if err != nil {
				var apiErr *gocardless.Error
				if errors.As(err, &apiErr) && !apiErr.Retryable() {
					return fmt.Errorf("mandate %s: %w", m.MandateRef, err)
				}
				return errs.Wrap(errs.Unavailable, "GoCardless could not be reached.", err)
			}
			if !MandateUsable(gm.Status) {
				// The events saying so have not arrived yet; they will
				// turn the row off.
				return nil
			}
			earliest = gm.NextPossibleChargeDate
		}
		charge := inv.DueDate.Format(time.DateOnly)
		if charge < earliest {
			charge = earliest
		}
		_, err = CollectDirectDebit(ctx, db, now, api, DirectDebitRequest{UnitID: m.UnitID, InvoiceID: inv.ID, PersonID: m.PersonID,
			Mandate: m, Amount: inv.Outstanding(), ChargeDate: charge, Automatic: true,
			Description: fmt.Sprintf("Invoice %d", inv.Number)})
		switch {
		case err == nil:
			res.Created++
		case errs.Is(err, errs.Conflict):
			res.Refused++
			if res.Err == nil {
				res.Err = fmt.Errorf("invoice %d: %w", inv.Number, err)
			}
		default:
			return err
		}
	}
	return nil
}

// autoPayBusy reports whether an invoice is already being paid, or was
// already collected automatically once.
func autoPayBusy(ctx context.Context, q sqldb.Querier, invoiceID int64) (bool, error) {
	var n int
	err := q.QueryRowContext(ctx, `SELECT count(*) FROM payments WHERE invoice_id = ? AND (
		(provider_ref IS NOT NULL AND status IN (?, ?, ?, ?, ?, ?, ?, ?))
		OR (provider = ? AND automatic = 1 AND status <> 'created'))`, invoiceID,
		StatusOpen, StatusProcessing, StatusPaid, StatusPendingApproval, StatusPendingSubmission, StatusSubmitted,
		StatusConfirmed, StatusPaidOut, GoCardless).Scan(&n)
	return n > 0, err
}
