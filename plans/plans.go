package plans

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"time"

	"porch/errs"
	"porch/sqldb"
)

// Plan statuses. A resident's request waits for the manager (requested),
// who approves it as an offer or declines it; a manager may offer a plan
// straight away. The resident accepts an offer (active), or the manager
// withdraws it. An active plan ends completed (its invoices paid), lapsed
// (too many instalments missed) or cancelled (by the manager).
const (
	StatusRequested = "requested"
	StatusDeclined  = "declined"
	StatusOffered   = "offered"
	StatusWithdrawn = "withdrawn"
	StatusActive    = "active"
	StatusCompleted = "completed"
	StatusLapsed    = "lapsed"
	StatusCancelled = "cancelled"
)

// How an active plan's instalments are paid.
const (
	MethodDirectDebit = "direct_debit" // collected on the resident's mandate
	MethodPayLink     = "pay_link"     // a link to pay emailed before each date
)

// Plan is a payment plan for one debtor account: a unit's lease or
// tenancy (OccupancyID; 0 for what was charged while it had none).
type Plan struct {
	ID           int64
	PublicID     string
	UnitID       int64
	OccupancyID  int64
	Status       string
	Terms        Terms
	Method       string
	MandateID    int64
	RequestNote  string
	DecisionNote string
	Missed       int
	RequestedBy  int64
	OfferedBy    int64
	OfferedAt    time.Time
	AcceptedBy   int64
	AcceptedAt   time.Time
	EndedBy      int64
	EndedAt      time.Time
	CreatedAt    time.Time
	UpdatedAt    time.Time
}

// Open reports whether the plan is still in play: asked for, offered or
// being kept.
func (p Plan) Open() bool {
	return p.Status == StatusRequested || p.Status == StatusOffered || p.Status == StatusActive
}

// StatusLabel names the plan's status for people.
func (p Plan) StatusLabel() string { return StatusLabel(p.Status) }

// StatusLabel names a status for people.
func StatusLabel(status string) string {
	switch status {
	case StatusRequested:
		return "Asked for"
	case StatusOffered:
		return "Offered"
	case StatusActive:
		return "Being kept"
	}
	if status == "" {
		return ""
	}
	return string(status[0]-'a'+'A') + status[1:]
}

// Statuses lists the statuses in the order lists filter them by.
var Statuses = []string{StatusRequested, StatusOffered, StatusActive, StatusCompleted, StatusLapsed, StatusCancelled, StatusDeclined, StatusWithdrawn}

const planCols = `p.id, p.public_id, p.unit_id, coalesce(p.occupancy_id, 0), p.status, p.total, p.instalments, p.frequency,
	p.first_date, p.method, coalesce(p.mandate_id, 0), p.request_note, p.decision_note, p.missed, coalesce(p.requested_by, 0),
	coalesce(p.offered_by, 0), p.offered_at, coalesce(p.accepted_by, 0), p.accepted_at, coalesce(p.ended_by, 0), p.ended_at,
	p.created_at, p.updated_at`

func scanPlan(s sqldb.Scanner) (Plan, error) {
	var p Plan
	var first string
	err := s.Scan(&p.ID, &p.PublicID, &p.UnitID, &p.OccupancyID, &p.Status, &p.Terms.Total, &p.Terms.Instalments,
		&p.Terms.Frequency, &first, &p.Method, &p.MandateID, &p.RequestNote, &p.DecisionNote, &p.Missed, &p.RequestedBy,
		&p.OfferedBy, sqldb.Into(&p.OfferedAt), &p.AcceptedBy, sqldb.Into(&p.AcceptedAt), &p.EndedBy, sqldb.Into(&p.EndedAt),
		sqldb.Into(&p.CreatedAt), sqldb.Into(&p.UpdatedAt))
	p.Terms.First = sqldb.ParseDate(first)
	return p, err
}

func onePlan(ctx context.Context, q sqldb.Querier, where string, args ...any) (Plan, error) {
	p, err := scanPlan(q.QueryRowContext(ctx, `SELECT `+planCols+` FROM payment_plans p WHERE `+where, args...))
	if errors.Is(err, sql.ErrNoRows) {
		return p, errs.E(errs.NotFound, "There is no such payment plan.")
	}
	if err != nil {
		return p, fmt.Errorf("payment plan: %w", err)
	}
	return p, nil
}

// Get finds a plan by its public id.
func Get(ctx context.Context, q sqldb.Querier, publicID string) (Plan, error) {
	return onePlan(ctx, q, `p.public_id = ?`, publicID)
}

// openStatuses is the condition on plans aliased p for an open plan,
// written out as the partial index payment_plans_open is, so that a
// lookup by unit uses it.
const openStatuses = `p.status IN ('requested', 'offered', 'active')`

// OpenFor returns the account's open plan (asked for, offered or active),
// or NotFound.
func OpenFor(ctx context.Context, q sqldb.Querier, unitID, occupancyID int64) (Plan, error) {
	return onePlan(ctx, q, `p.unit_id = ? AND coalesce(p.occupancy_id, 0) = ? AND `+openStatuses, unitID, occupancyID)
}

// OfUnit lists a unit's plans, newest first.
func OfUnit(ctx context.Context, q sqldb.Querier, unitID int64) ([]Plan, error) {
	return sqldb.QueryAll(ctx, q, scanPlan, `SELECT `+planCols+` FROM payment_plans p WHERE p.unit_id = ?
		ORDER BY p.created_at DESC, p.id DESC`, unitID)
}

// Scheduled is one of a plan's instalments as stored.
type Scheduled struct {
	Instalment
	RemindedOn time.Time // zero: no reminder sent yet
	PaymentID  int64     // the Direct Debit collection asked for it
	MissedOn   time.Time // zero: not found missed
}

// InstalmentsOf lists the plan's instalments in order.
func InstalmentsOf(ctx context.Context, q sqldb.Querier, planID int64) ([]Scheduled, error) {
	return sqldb.QueryAll(ctx, q, func(s sqldb.Scanner) (Scheduled, error) {
		var in Scheduled
		var due, reminded, missed string
		err := s.Scan(&in.Number, &due, &in.Amount, &reminded, &in.PaymentID, &missed)
		in.Due, in.RemindedOn, in.MissedOn = sqldb.ParseDate(due), sqldb.ParseDate(reminded), sqldb.ParseDate(missed)
		return in, err
	}, `SELECT n, due_date, amount, coalesce(reminded_on, ''), coalesce(payment_id, 0), coalesce(missed_on, '')
		FROM plan_instalments WHERE plan_id = ? ORDER BY n`, planID)
}

// CoveredInvoiceIDs lists the ids of the invoices the plan covers.
func CoveredInvoiceIDs(ctx context.Context, q sqldb.Querier, planID int64) ([]int64, error) {
	return sqldb.QueryAll(ctx, q, func(s sqldb.Scanner) (int64, error) {
		var id int64
		return id, s.Scan(&id)
	}, `SELECT invoice_id FROM plan_invoices WHERE plan_id = ? ORDER BY invoice_id`, planID)
}

// OpenOfAccounts returns the open plan (asked for, offered or being kept)
// on any of a unit's accounts, or NotFound.
func OpenOfAccounts(ctx context.Context, q sqldb.Querier, unitID int64, accounts []int64) (Plan, error) {
	if len(accounts) == 0 {
		return Plan{}, errs.E(errs.NotFound, "There is no such payment plan.")
	}
	return onePlan(ctx, q, `p.unit_id = ? AND `+openStatuses+` AND coalesce(p.occupancy_id, 0) IN (SELECT value FROM json_each(?))
		ORDER BY p.id DESC LIMIT 1`, unitID, sqldb.IDList(accounts))
}
