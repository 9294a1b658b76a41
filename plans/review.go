package plans

import (
	"context"
	"database/sql"
	"fmt"
	"time"

	"porch/payments"
	"porch/sqldb"
)

// The daily review's timings.
const (
	// ReminderDays before an instalment's date its reminder (with a link
	// to pay, when it is not collected by Direct Debit) is sent.
	ReminderDays = 5
	// GraceDays after its date an instalment still unpaid is missed: time
	// for a payment made on the day to reach the account.
	GraceDays = 5
)

// What the daily review found for a plan.
const (
	EventReminder  = "reminder"  // an instalment is coming up
	EventMissed    = "missed"    // an instalment was not paid
	EventLapsed    = "lapsed"    // too many were missed: the plan ended
	EventCompleted = "completed" // the covered invoices are paid
)

// Event is something the review found for one plan, for the resident and
// the manager to be told.
type Event struct {
	Kind     string
	Plan     Plan
	Row      Row // the instalment concerned, for a reminder or a miss
	Progress Progress
}

// Review goes through the plans being kept on the day today, in tx:
// a plan whose invoices are paid is completed; an instalment still unpaid
// GraceDays after its date is missed, and a plan with as many misses as
// its site allows lapses (chasing its invoices resumes); the next
// instalment within ReminderDays gets its reminder, once. It returns what
// happened, for emails written in the same transaction.
func Review(ctx context.Context, tx *sql.Tx, now, today time.Time) ([]Event, error) {
	active, err := sqldb.QueryAll(ctx, tx, scanPlan, `SELECT `+planCols+` FROM payment_plans p WHERE p.status = ? ORDER BY p.id`, StatusActive)
	if err != nil {
		return nil, fmt.Errorf("plans to review: %w", err)
	}
	var out []Event
	for _, p := range active {
		evs, err := review(ctx, tx, now, today, p)
		if err != nil {
			return out, fmt.Errorf("plan %s: %w", p.PublicID, err)
		}
		out = append(out, evs...)
	}
	return out, nil
}

func review(ctx context.Context, tx *sql.Tx, now, today time.Time, p Plan) ([]Event, error) {
	pr, err := Progressed(ctx, tx, p, today)
	if err != nil {
		return nil, err
	}
	if pr.Remaining == 0 {
		p, err = finish(ctx, tx, now, p, StatusCompleted)
		return []Event{{Kind: EventCompleted, Plan: p, Progress: pr}}, err
	}
	var out []Event
	for i := range pr.Rows {
		r := &pr.Rows[i]
		if r.Owed == 0 || r.State == StateMissed || !today.After(r.Due.AddDate(0, 0, GraceDays)) {
			continue
		}
		if busy, err := collecting(ctx, tx, r.PaymentID); err != nil || busy {
			if err != nil {
				return out, err
			}
			continue
		}
		if _, err := tx.ExecContext(ctx, `UPDATE plan_instalments SET missed_on = ? WHERE plan_id = ? AND n = ?`,
			sqldb.FormatDate(today), p.ID, r.Number); err != nil {
			return out, err
		}
		r.State, r.MissedOn = StateMissed, today
		p.Missed++
		if _, err := tx.ExecContext(ctx, `UPDATE payment_plans SET missed = ?, updated_at = ? WHERE id = ?`, p.Missed, sqldb.At(now), p.ID); err != nil {
			return out, err
		}
		out = append(out, Event{Kind: EventMissed, Plan: p, Row: *r, Progress: pr})
	}
	if len(out) > 0 {
		lim, err := LimitsOfUnit(ctx, tx, p.UnitID)
		if err != nil {
			return out, err
		}
		if p.Missed >= lim.LapseAfter {
			p, err = finish(ctx, tx, now, p, StatusLapsed)
			// The lapse says all the missed one would: it replaces it.
			return []Event{{Kind: EventLapsed, Plan: p, Row: out[len(out)-1].Row, Progress: pr}}, err
		}
	}
	if n := pr.Next; n != nil && n.RemindedOn.IsZero() &&
		!today.Before(n.Due.AddDate(0, 0, -ReminderDays)) {
		if _, err := tx.ExecContext(ctx, `UPDATE plan_instalments SET reminded_on = ? WHERE plan_id = ? AND n = ?`,
			sqldb.FormatDate(today), p.ID, n.Number); err != nil {
			return out, err
		}
		n.RemindedOn = today
		out = append(out, Event{Kind: EventReminder, Plan: p, Row: *n, Progress: pr})
	}
	return out, nil
}

// collecting reports whether a Direct Debit asked for an instalment is
// still on its way: it is not missed until the bank says.
func collecting(ctx context.Context, q sqldb.Querier, paymentID int64) (bool, error) {
	if paymentID == 0 {
		return false, nil
	}
	var status string
	if err := q.QueryRowContext(ctx, `SELECT status FROM payments WHERE id = ?`, paymentID).Scan(&status); err != nil {
		return false, err
	}
	return !payments.Received(status) && !payments.Settled(status), nil
}

// finish ends an active plan by itself: completed or lapsed.
func finish(ctx context.Context, tx *sql.Tx, now time.Time, p Plan, status string) (Plan, error) {
	return end(ctx, tx, now, p, StatusActive, status, 0, p.DecisionNote)
}

// LimitsOfUnit returns the limits of the site the unit is on.
func LimitsOfUnit(ctx context.Context, q sqldb.Querier, unitID int64) (Limits, error) {
	var site int64
	if err := q.QueryRowContext(ctx, `SELECT site_id FROM units WHERE id = ?`, unitID).Scan(&site); err != nil {
		return Limits{}, err
	}
	return SiteLimits(ctx, q, site)
}
