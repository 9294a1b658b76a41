package plans

import (
	"context"
	"database/sql"
	"fmt"
	"strings"
	"time"

	"porch/errs"
	"porch/payments"
	"porch/sqldb"
)

// Approve turns a resident's request into an offer on the terms the
// manager settles (the request's, or changed): the plan covers the
// account's arrears as they stand today, and waits for the resident to
// accept it.
func Approve(ctx context.Context, tx *sql.Tx, now, today time.Time, p Plan, pr Proposal) (Plan, error) {
	if p.Status != StatusRequested {
		return p, errs.E(errs.Conflict, "This plan is no longer waiting for a decision.")
	}
	pr.UnitID, pr.OccupancyID = p.UnitID, p.OccupancyID
	f := errs.Fields{}
	t, invs, err := pr.check(ctx, tx, today, OfferLead, p.ID, f)
	if err != nil {
		return p, err
	}
	if err := f.Err(); err != nil {
		return p, err
	}
	_, err = tx.ExecContext(ctx, `UPDATE payment_plans SET status = ?, total = ?, instalments = ?, frequency = ?, first_date = ?,
		decision_note = ?, offered_by = ?, offered_at = ?, updated_at = ? WHERE id = ?`, StatusOffered, t.Total, t.Instalments,
		t.Frequency, sqldb.FormatDate(t.First), pr.Note, nullID(pr.By), sqldb.At(now), sqldb.At(now), p.ID)
	if err != nil {
		return p, fmt.Errorf("approve plan: %w", err)
	}
	if err := cover(ctx, tx, p.ID, t, invs); err != nil {
		return p, err
	}
	return onePlan(ctx, tx, `p.id = ?`, p.ID)
}

// Decline refuses a resident's request, with the reason they are told.
func Decline(ctx context.Context, tx *sql.Tx, now time.Time, p Plan, by int64, reason string) (Plan, error) {
	reason = clean(reason)
	f := errs.Fields{}
	f.Text("reason", reason, 1000, "reason", "Say why, so the resident knows what to do next.")
	if err := f.Err(); err != nil {
		return p, err
	}
	return end(ctx, tx, now, p, StatusRequested, StatusDeclined, by, reason)
}

// Withdraw takes back an offer the resident has not accepted.
func Withdraw(ctx context.Context, tx *sql.Tx, now time.Time, p Plan, by int64) (Plan, error) {
	return end(ctx, tx, now, p, StatusOffered, StatusWithdrawn, by, p.DecisionNote)
}

// Cancel ends a plan being kept; chasing its invoices resumes.
func Cancel(ctx context.Context, tx *sql.Tx, now time.Time, p Plan, by int64, reason string) (Plan, error) {
	reason = clean(reason)
	f := errs.Fields{}
	f.Text("reason", reason, 1000, "reason", "Say why the plan is cancelled: the resident is told.")
	if err := f.Err(); err != nil {
		return p, err
	}
	return end(ctx, tx, now, p, StatusActive, StatusCancelled, by, reason)
}

// end moves a plan from one status to a final one.
func end(ctx context.Context, tx *sql.Tx, now time.Time, p Plan, from, to string, by int64, note string) (Plan, error) {
	if p.Status != from {
		return p, errs.E(errs.Conflict, fmt.Sprintf("This plan is %s, so it cannot be changed that way.", lower(p.StatusLabel())))
	}
	res, err := tx.ExecContext(ctx, `UPDATE payment_plans SET status = ?, decision_note = ?, ended_by = ?, ended_at = ?, updated_at = ?
		WHERE id = ? AND status = ?`, to, note, nullID(by), sqldb.At(now), sqldb.At(now), p.ID, from)
	if err != nil {
		return p, fmt.Errorf("end plan: %w", err)
	}
	if n, _ := res.RowsAffected(); n != 1 {
		return p, errs.E(errs.Conflict, "This plan changed meanwhile. Reload the page.")
	}
	return onePlan(ctx, tx, `p.id = ?`, p.ID)
}

// Accept is the resident agreeing to an offered plan. Its instalments are
// collected by Direct Debit when they have a mandate for the home that
// can collect; otherwise each comes with a link to pay before its date.
func Accept(ctx context.Context, tx *sql.Tx, now, today time.Time, p Plan, personID int64) (Plan, error) {
	if p.Status != StatusOffered {
		return p, errs.E(errs.Conflict, "This plan is not waiting for your answer.")
	}
	if p.Terms.First.Before(today) {
		return p, errs.E(errs.Conflict, "The first payment date of this offer has passed. Please ask the managing agent for a new one.")
	}
	method, mandate := MethodPayLink, int64(0)
	ms, err := payments.MandatesOf(ctx, tx, p.UnitID, personID)
	if err != nil {
		return p, err
	}
	for _, m := range ms {
		if m.Usable() {
			method, mandate = MethodDirectDebit, m.ID
			break
		}
	}
	res, err := tx.ExecContext(ctx, `UPDATE payment_plans SET status = ?, method = ?, mandate_id = ?, accepted_by = ?, accepted_at = ?,
		updated_at = ? WHERE id = ? AND status = ?`, StatusActive, method, nullID(mandate), personID, sqldb.At(now), sqldb.At(now),
		p.ID, StatusOffered)
	if err != nil {
		return p, fmt.Errorf("accept plan: %w", err)
	}
	if n, _ := res.RowsAffected(); n != 1 {
		return p, errs.E(errs.Conflict, "This plan changed meanwhile. Reload the page.")
	}
	return onePlan(ctx, tx, `p.id = ?`, p.ID)
}

// clean trims a note, keeping its lines.
func clean(s string) string { return strings.TrimSpace(strings.ReplaceAll(s, "\r\n", "\n")) }

func lower(s string) string { return strings.ToLower(s) }
