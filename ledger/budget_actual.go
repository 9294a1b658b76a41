package ledger

import (
	"context"

	"porch/estate"
	"porch/sqldb"
)

// ActualRow is one head of one schedule in a budget vs actual report.
type ActualRow struct {
	Head     BudgetHead
	Schedule estate.Apportionment
	Budget   int64
	Actual   int64
}

// Variance is what was budgeted less what was spent: positive under
// budget, negative over.
func (r ActualRow) Variance() int64 { return r.Budget - r.Actual }

// Difference is the variance without its sign: how far under or over.
func (r ActualRow) Difference() int64 { return max(r.Variance(), -r.Variance()) }

// BudgetActual is a budget against what the site spent in its year, head
// by head and schedule by schedule.
type BudgetActual struct {
	Budget    Budget
	Schedules []ScheduleActual
	Heads     []ActualRow // each head over every schedule (Schedule zero)
	Total     ActualRow   // everything (Head and Schedule zero)
}

// ScheduleActual is one schedule's rows and their total.
type ScheduleActual struct {
	Schedule estate.Apportionment
	Rows     []ActualRow
	Total    ActualRow
}

// BudgetVsActual reads what the site spent in the budget's year against
// the budget: the supplier invoices of the site approved or paid, dated
// within the year, by head and by the schedule bearing them (the site's
// default where an invoice names none), net plus VAT. The reserve fund
// contribution is set aside rather than spent, so it counts as spent in
// full at its budgeted amount. Only heads with a budget or spending are
// listed, in the order of BudgetHeads; schedules in the site's order.
func BudgetVsActual(ctx context.Context, q sqldb.Querier, b Budget) (BudgetActual, error) {
	out := BudgetActual{Budget: b}
	_, aps, err := siteAndSchedules(ctx, q, b.SiteID)
	if err != nil {
		return out, err
	}
	spent, err := spentBy(ctx, q, b, aps)
	if err != nil {
		return out, err
	}
	heads := make([]ActualRow, len(BudgetHeads))
	for i, h := range BudgetHeads {
		heads[i].Head = h
	}
	for _, a := range aps {
		sa := ScheduleActual{Schedule: a, Total: ActualRow{Schedule: a}}
		for i, h := range BudgetHeads {
			r := ActualRow{Head: h, Schedule: a, Budget: b.Amount(h.Key, a.ID), Actual: spent[spendKey{h.Key, a.ID}]}
			if h.Reserve {
				r.Actual = r.Budget
			}
			if r.Budget == 0 && r.Actual == 0 {
				continue
			}
			sa.Rows = append(sa.Rows, r)
			sa.Total.Budget += r.Budget
			sa.Total.Actual += r.Actual
			heads[i].Budget += r.Budget
			heads[i].Actual += r.Actual
		}
		if len(sa.Rows) == 0 {
			continue
		}
		out.Schedules = append(out.Schedules, sa)
		out.Total.Budget += sa.Total.Budget
		out.Total.Actual += sa.Total.Actual
	}
	for _, h := range heads {
		if h.Budget != 0 || h.Actual != 0 {
			out.Heads = append(out.Heads, h)
		}
	}
	return out, nil
}

type spendKey struct {
	head string
	ap   int64
}

// spentBy adds up the site's approved and paid supplier invoices dated in
// the budget's year by head and schedule. Reserve fund spending is not
// counted: the contribution stands for it.
func spentBy(ctx context.Context, q sqldb.Querier, b Budget, aps []estate.Apportionment) (map[spendKey]int64, error) {
	var def int64
	for _, a := range aps {
		if a.Default {
			def = a.ID
		}
	}
	rows, err := q.QueryContext(ctx, `SELECT head, coalesce(apportionment_id, ?), sum(net + vat) FROM supplier_invoices
		WHERE site_id = ? AND status IN ('approved', 'paid') AND invoice_date >= ? AND invoice_date <= ?
		GROUP BY 1, 2`, def, b.SiteID, sqldb.FormatDate(b.FirstDay), sqldb.FormatDate(b.LastDay))
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	out := map[spendKey]int64{}
	for rows.Next() {
		var k spendKey
		var n int64
		if err := rows.Scan(&k.head, &k.ap, &n); err != nil {
			return nil, err
		}
		if h, ok := BudgetHeadOf(k.head); ok && h.Reserve {
			continue
		}
		if _, ok := BudgetHeadOf(k.head); !ok {
			k.head = "other" // a head no longer listed is kept under other costs
		}
		out[k] += n
	}
	return out, rows.Err()
}
