package plans

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"time"

	"porch/errs"
	"porch/estate"
	"porch/payments"
	"porch/payments/gocardless"
	"porch/sqldb"
)

// CollectAhead is how many days before an instalment's date its Direct
// Debit is asked for: enough for GoCardless to give the payer notice and
// collect on the day.
const CollectAhead = 7

// RunCollections is the daily job's step for one organisation: when it
// offers Direct Debit, it asks GoCardless for the instalments coming up
// on plans paid that way (Collect). It does nothing for an organisation
// without Direct Debit or a server without the key to its credentials.
func RunCollections(ctx context.Context, db payments.Store, org string, now time.Time, cfg payments.GoCardlessConfig) (int, error) {
	api, err := payments.OpenGoCardless(ctx, db.Read(), org, cfg)
	if errors.Is(err, payments.ErrNoDirectDebit) {
		return 0, nil
	}
	if err != nil {
		return 0, err
	}
	return Collect(ctx, db, now, api)
}

// waitingInstalment is an instalment waiting for its Direct Debit.
type waitingInstalment struct {
	plan Plan
	n    int
}

// Collect asks GoCardless to collect, on its date (or the mandate's
// earliest, when that is later), each instalment of a plan paid by Direct
// Debit that falls within CollectAhead days and has none asked for yet,
// for what is still owed of it. An instalment already paid by other means
// is not collected. A plan whose mandate can no longer collect goes over
// to pay links, so the resident is sent one before each date instead. It
// is safe to run any number of times: an instalment is asked for once,
// and a request that got no answer is resumed with its idempotency key.
// It returns how many collections were asked for.
func Collect(ctx context.Context, db payments.Store, now time.Time, api gocardless.API) (int, error) {
	today := estate.UKDate(now)
	var waiting []waitingInstalment
	err := func() error {
		rows, err := db.Read().QueryContext(ctx, `SELECT `+planCols+`, i.n FROM payment_plans p
			JOIN plan_instalments i ON i.plan_id = p.id
			WHERE p.status = ? AND p.method = ? AND i.payment_id IS NULL AND i.missed_on IS NULL AND i.due_date <= ?
			ORDER BY i.due_date, p.id`, StatusActive, MethodDirectDebit, sqldb.FormatDate(today.AddDate(0, 0, CollectAhead)))
		if err != nil {
			return err
		}
		defer rows.Close()
		for rows.Next() {
			var d waitingInstalment
			p, err := scanPlan(withN{rows, &d.n})
			if err != nil {
				return err
			}
			d.plan = p
			waiting = append(waiting, d)
		}
		return rows.Err()
	}()
	if err != nil {
		return 0, fmt.Errorf("instalments to collect: %w", err)
	}
	asked := 0
	for _, d := range waiting {
		if ctx.Err() != nil {
			return asked, ctx.Err()
		}
		ok, err := collect(ctx, db, now, today, api, d)
		if ok {
			asked++
		}
		if errs.Is(err, errs.Unavailable) {
			return asked, err // GoCardless is not answering: tomorrow's run tries again
		}
		if err != nil && !errs.Is(err, errs.Conflict) {
			return asked, err
		}
	}
	return asked, nil
}

// withN scans a plan row followed by an instalment number.
type withN struct {
	sqldb.Scanner
	n *int
}

func (w withN) Scan(dest ...any) error { return w.Scanner.Scan(append(dest, w.n)...) }

func collect(ctx context.Context, db payments.Store, now, today time.Time, api gocardless.API, d waitingInstalment) (bool, error) {
	p := d.plan
	pr, err := Progressed(ctx, db.Read(), p, today)
	if err != nil {
		return false, err
	}
	row := pr.Rows[d.n-1]
	if row.Owed == 0 {
		return false, nil
	}
	m, err := payments.GetMandateByID(ctx, db.Read(), p.MandateID)
	if err != nil {
		return false, err
	}
	gm, err := api.GetMandate(ctx, m.MandateRef)
	if err != nil {
		var apiErr *gocardless.Error
		if errors.As(err, &apiErr) && !apiErr.Retryable() {
			return false, errs.Wrap(errs.Conflict, "GoCardless refused to read the mandate.", err)
		}
		return false, errs.Wrap(errs.Unavailable, "GoCardless could not be reached.", err)
	}
	if !m.Usable() || !payments.MandateUsable(gm.Status) {
		return false, db.Write(ctx, func(tx *sql.Tx) error {
			_, err := tx.ExecContext(ctx, `UPDATE payment_plans SET method = ?, mandate_id = NULL, updated_at = ? WHERE id = ?`,
				MethodPayLink, sqldb.At(now), p.ID)
			return err
		})
	}
	charge := sqldb.FormatDate(row.Due)
	if charge < gm.NextPossibleChargeDate {
		charge = gm.NextPossibleChargeDate
	}
	pay, err := payments.CollectDirectDebit(ctx, db, now, api, payments.DirectDebitRequest{UnitID: p.UnitID, PersonID: p.AcceptedBy,
		Mandate: m, Amount: row.Owed, ChargeDate: charge, Automatic: true,
		Description: fmt.Sprintf("Payment plan instalment %d of %d", row.Number, p.Terms.Instalments)})
	if pay.ID == 0 || (err != nil && !errs.Is(err, errs.Conflict)) {
		// Nothing asked, or no answer yet: the next run resumes it.
		return false, err
	}
	// The collection is recorded against the instalment whether GoCardless
	// took it or refused it: a refused one is not asked for again, and the
	// instalment is missed if nothing else pays it.
	werr := db.Write(ctx, func(tx *sql.Tx) error {
		_, err := tx.ExecContext(ctx, `UPDATE plan_instalments SET payment_id = ? WHERE plan_id = ? AND n = ?`, pay.ID, p.ID, row.Number)
		return err
	})
	return err == nil, errors.Join(err, werr)
}
