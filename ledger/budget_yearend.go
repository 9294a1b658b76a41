package ledger

import (
	"context"
	"database/sql"
	"errors"
	"time"

	"porch/estate"
	"porch/sqldb"
)

// SchedulePosition is one schedule's year end: what was spent for it, what
// its units were demanded on account, and the difference each unit is
// charged (a deficit) or credited (a surplus) by its share.
type SchedulePosition struct {
	Schedule estate.Apportionment
	Spent    int64
	Demanded int64
	// Balance is Spent less Demanded: positive a deficit charged to the
	// units, negative a surplus credited to them.
	Balance int64
	Units   []BalancingUnit
	// Problem says why the balance cannot be split (shares not totalling
	// 100%, no units); "" when it can.
	Problem string
	Posted  *Balancing
}

// Deficit reports a balance to charge; Surplus one to credit.
func (p SchedulePosition) Deficit() bool { return p.Balance > 0 }

// Surplus reports a balance to credit to the units.
func (p SchedulePosition) Surplus() bool { return p.Balance < 0 }

// Amount is the balance without its sign: the deficit or the surplus.
func (p SchedulePosition) Amount() int64 { return max(p.Balance, -p.Balance) }

// Entries counts the units with a part of the balance: the invoices or
// credit notes posting makes.
func (p SchedulePosition) Entries() int {
	n := 0
	for _, u := range p.Units {
		if u.Amount != 0 {
			n++
		}
	}
	return n
}

// BalancingUnit is one unit's part of a schedule's balance: positive a
// charge, negative a credit.
type BalancingUnit struct {
	UnitID       int64
	UnitPublicID string
	Name         string
	SharePPM     int64
	Amount       int64
}

// Size is the unit's part without its sign.
func (u BalancingUnit) Size() int64 { return max(u.Amount, -u.Amount) }

// Share formats the unit's share as a percentage.
func (u BalancingUnit) Share() string { return estate.FormatSharePPM(u.SharePPM) }

// Balancing is a schedule's posted year end, as recorded.
type Balancing struct {
	Spent    int64
	Demanded int64
	Balance  int64
	PostedBy string
	PostedAt time.Time
}

// YearEnd is a budget's year-end position, schedule by schedule.
type YearEnd struct {
	Budget    Budget
	Schedules []SchedulePosition
}

// Position returns the schedule's position, and whether the year end has one.
func (y YearEnd) Position(apID int64) (SchedulePosition, bool) {
	for _, p := range y.Schedules {
		if p.Schedule.ID == apID {
			return p, true
		}
	}
	return SchedulePosition{}, false
}

// BudgetYearEnd works out the budget's year-end position for every
// schedule it budgets for, spends under or demanded from. Spent is the
// schedule's actual spending as BudgetVsActual counts it (the reserve fund
// contribution at its budget); Demanded is the total of the on-account
// invoices recorded against the budget for the schedule (reversed ones
// left out). The balance is split among the schedule's units by their
// shares with Apportion, so the units' parts add up to it exactly. A
// schedule already posted shows what was posted.
func BudgetYearEnd(ctx context.Context, q sqldb.Querier, b Budget) (YearEnd, error) {
	ye := YearEnd{Budget: b}
	ba, err := BudgetVsActual(ctx, q, b)
	if err != nil {
		return ye, err
	}
	spent := map[int64]int64{}
	for _, s := range ba.Schedules {
		spent[s.Schedule.ID] = s.Total.Actual
	}
	demanded := map[int64]int64{}
	// On account is every service charge demanded on the site's units by
	// a schedule's shares within the year (bulk, recurring or from this
	// budget), less what was reversed, and not the year's own balancing.
	rows, err := q.QueryContext(ctx, `SELECT i.apportionment_id, sum(l.amount) FROM invoices i
		JOIN units u ON u.id = i.unit_id
		JOIN invoice_lines l ON l.invoice_id = i.id JOIN charge_types c ON c.id = l.charge_type_id
		WHERE i.apportionment_id IS NOT NULL AND i.issue_date BETWEEN ? AND ? AND u.site_id = ? AND c.kind = ?
			AND NOT EXISTS (SELECT 1 FROM budget_demands d WHERE d.invoice_id = i.id AND d.kind = 'balancing')
			AND NOT EXISTS (SELECT 1 FROM journals r WHERE r.reverses_id = i.journal_id)
		GROUP BY 1`, sqldb.FormatDate(b.FirstDay), sqldb.FormatDate(b.LastDay), b.SiteID, ChargeServiceCharge)
	if err != nil {
		return ye, err
	}
	for rows.Next() {
		var id, n int64
		if err := rows.Scan(&id, &n); err != nil {
			rows.Close()
			return ye, err
		}
		demanded[id] = n
	}
	rows.Close()
	if err := rows.Err(); err != nil {
		return ye, err
	}
	_, aps, err := siteAndSchedules(ctx, q, b.SiteID)
	if err != nil {
		return ye, err
	}
	for _, a := range aps {
		posted, err := balancingOf(ctx, q, b.ID, a.ID)
		if err != nil {
			return ye, err
		}
		if b.ScheduleTotal(a.ID) == 0 && spent[a.ID] == 0 && demanded[a.ID] == 0 && posted == nil {
			continue
		}
		p := SchedulePosition{Schedule: a, Spent: spent[a.ID], Demanded: demanded[a.ID], Posted: posted}
		if posted != nil {
			p.Spent, p.Demanded = posted.Spent, posted.Demanded
		}
		p.Balance = p.Spent - p.Demanded
		if err := p.split(ctx, q, b); err != nil {
			return ye, err
		}
		ye.Schedules = append(ye.Schedules, p)
	}
	return ye, nil
}

// split shares the balance among the schedule's units, or says why not.
func (p *SchedulePosition) split(ctx context.Context, q sqldb.Querier, b Budget) error {
	rows, err := estate.ApportionmentShares(ctx, q, p.Schedule)
	if err != nil {
		return err
	}
	units := estate.Members(rows)
	if p.Problem = sharesProblem(b.SiteName, p.Schedule, units); p.Problem != "" {
		return nil
	}
	p.Units = make([]BalancingUnit, len(units))
	shares := make([]Share, len(units))
	for i, u := range units {
		p.Units[i] = BalancingUnit{UnitID: u.UnitID, UnitPublicID: u.UnitPublicID, Name: u.Name, SharePPM: u.SharePPM}
		shares[i] = Share{UnitID: u.UnitID, SharePPM: u.SharePPM}
	}
	if p.Balance == 0 {
		return nil
	}
	sign, total := int64(1), p.Balance
	if total < 0 {
		sign, total = -1, -total
	}
	parts, err := Apportion(total, shares)
	if err != nil {
		return err
	}
	for i := range p.Units {
		p.Units[i].Amount = sign * parts[p.Units[i].UnitID]
	}
	return nil
}

// balancingOf reads the schedule's posted year end, or nil.
func balancingOf(ctx context.Context, q sqldb.Querier, budgetID, apID int64) (*Balancing, error) {
	var bl Balancing
	err := q.QueryRowContext(ctx, `SELECT bb.spent, bb.demanded, bb.balance, coalesce(p.full_name, ''), bb.posted_at
		FROM budget_balancings bb LEFT JOIN people p ON p.id = bb.posted_by
		WHERE bb.budget_id = ? AND bb.apportionment_id = ?`, budgetID, apID).
		Scan(&bl.Spent, &bl.Demanded, &bl.Balance, &bl.PostedBy, sqldb.Into(&bl.PostedAt))
	if errors.Is(err, sql.ErrNoRows) {
		return nil, nil
	}
	return &bl, err
}
