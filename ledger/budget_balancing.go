package ledger

import (
	"context"
	"database/sql"
	"fmt"
	"time"

	"porch/errs"
	"porch/sqldb"
)

// BalancingInput posts one schedule's year end: the charge type the
// balancing charges or credits are made under, and the dates of the
// invoices (a credit note is dated IssueDate).
type BalancingInput struct {
	ApportionmentID int64
	ChargeTypeID    int64
	IssueDate       time.Time
	DueDate         time.Time
	CreatedBy       int64
}

// BalancingPosted is what posting a year end made: the units' balancing
// invoices (a deficit) or the journals of their credit notes (a surplus).
type BalancingPosted struct {
	Position SchedulePosition
	Invoices []Invoice
	Credits  []int64
}

// PreviewBalancing checks the schedule's year end can be posted as in
// asks and returns its position, each unit's part of the balance; it
// writes nothing. Refused, with field messages: a year not yet over
// (issue_date), a schedule not in the year end (apportionment) or already
// posted (form), shares that do not total 100% (shares), a charge type
// that is not the site's to demand (charge_type), and dates or a demand a
// demand on the units would refuse.
func PreviewBalancing(ctx context.Context, q sqldb.Querier, b Budget, in BalancingInput) (SchedulePosition, error) {
	_, p, _, err := checkBalancing(ctx, q, b, in)
	return p, err
}

func checkBalancing(ctx context.Context, q sqldb.Querier, b Budget, in BalancingInput) (YearEnd, SchedulePosition, BulkInput, error) {
	var bi BulkInput
	ye, err := BudgetYearEnd(ctx, q, b)
	if err != nil {
		return ye, SchedulePosition{}, bi, err
	}
	p, ok := ye.Position(in.ApportionmentID)
	f := errs.Fields{}
	switch {
	case !ok:
		f.Add("apportionment", "This schedule has nothing budgeted, spent or demanded in the "+b.Year()+".")
	case p.Posted != nil:
		f.Add("form", "The "+p.Schedule.Name+" schedule's year end was posted on "+p.Posted.PostedAt.Format("2 January 2006")+"; it is posted once.")
	case p.Problem != "":
		f.Add("shares", p.Problem)
	}
	if !in.IssueDate.IsZero() && !in.IssueDate.After(b.LastDay) {
		f.Add("issue_date", "The "+b.Year()+" is not over until the end of its last day: date the balancing after it.")
	}
	if p.Balance != 0 {
		checkDates(f, in.IssueDate, in.DueDate)
		if in.ChargeTypeID == 0 {
			f.Add("charge_type", "Choose a charge type.")
		} else if ct, err := ChargeTypeByID(ctx, q, in.ChargeTypeID); err != nil || ct.IsClientMoney() {
			f.Add("charge_type", "Choose a charge the site's units pay, such as the service charge.")
		}
	}
	if err := f.Err(); err != nil {
		return ye, p, bi, err
	}
	if p.Deficit() {
		bi = BulkInput{IssueDate: in.IssueDate, DueDate: in.DueDate, Apportionment: p.Schedule.ID,
			Lines: []BulkLine{{ChargeTypeID: in.ChargeTypeID, Description: p.reason(b), Total: p.Balance}}}
		if _, err := PreviewBulkDemand(ctx, q, b.SiteID, bi); err != nil {
			return ye, p, bi, onAccountFields(err)
		}
	}
	return ye, p, bi, nil
}

// reason is the words on the units' balancing invoices or credit notes.
func (p SchedulePosition) reason(b Budget) string {
	return fmt.Sprintf("Year-end balancing, %s (%s)", b.Year(), p.Schedule.Name)
}

// PostBalancing posts the schedule's year end in tx, once, as
// PreviewBalancing checks it (recomputed here rather than trusting a
// preview): it charges each unit its part of a deficit with an invoice
// recorded as the budget's balancing demand, or credits each its part of
// a surplus with a credit note, and records the balancing. The budget
// closes when every schedule of its year end is posted.
func PostBalancing(ctx context.Context, tx *sql.Tx, now time.Time, b Budget, in BalancingInput) (BalancingPosted, error) {
	var out BalancingPosted
	ye, p, bi, err := checkBalancing(ctx, tx, b, in)
	if err != nil {
		return out, err
	}
	out.Position = p
	switch {
	case p.Deficit():
		if out.Invoices, err = postBulk(ctx, tx, now, b.SiteID, bi, in.CreatedBy, "", 0); err != nil {
			return out, onAccountFields(err)
		}
		if err := recordDemands(ctx, tx, b.ID, p.Schedule.ID, "balancing", out.Invoices); err != nil {
			return out, err
		}
	case p.Surplus():
		for _, u := range p.Units {
			if u.Amount == 0 {
				continue
			}
			id, err := CreditNote(ctx, tx, now, CreditInput{UnitID: u.UnitID, ChargeTypeID: in.ChargeTypeID, Date: in.IssueDate,
				Amount: -u.Amount, Reason: p.reason(b), CreatedBy: in.CreatedBy})
			if err != nil {
				return out, fmt.Errorf("credit %s: %w", u.Name, err)
			}
			out.Credits = append(out.Credits, id)
		}
	}
	if _, err := tx.ExecContext(ctx, `INSERT INTO budget_balancings (budget_id, apportionment_id, spent, demanded, balance, posted_by, posted_at)
		VALUES (?, ?, ?, ?, ?, ?, ?)`, b.ID, p.Schedule.ID, p.Spent, p.Demanded, p.Balance, nullID(in.CreatedBy), sqldb.At(now)); err != nil {
		return out, fmt.Errorf("record balancing: %w", err)
	}
	var open int
	for _, s := range ye.Schedules {
		if s.Posted == nil && s.Schedule.ID != p.Schedule.ID {
			open++
		}
	}
	if open == 0 {
		if _, err := tx.ExecContext(ctx, `UPDATE budgets SET closed_at = ?, updated_at = ? WHERE id = ?`, sqldb.At(now), sqldb.At(now), b.ID); err != nil {
			return out, err
		}
	}
	return out, nil
}
