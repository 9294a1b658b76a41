package estate

import (
	"context"
	"fmt"
	"time"

	"porch/sqldb"
)

// Dashboard is what the staff home counts. Each figure is the length of a
// list a manager can open from it, computed by the same rules as that
// list, so the number and the list never disagree.
type Dashboard struct {
	UnitsOwing  int   // units whose account owes money
	Owed        int64 // what they owe between them
	Overdue     int   // invoices past their due date with money owed, not cancelled
	Invitations int   // people invited and not yet signed in, invitation still valid
	Unmatched   []UnmatchedLines
}

// UnmatchedLines is a bank account with imported statement lines not yet
// matched to the ledger.
type UnmatchedLines struct {
	AccountPublicID string
	AccountName     string
	Lines           int
}

// overdueInvoice is an invoice past its due date with money owed whose
// journal has not been reversed (a reversal cancels the invoice).
const overdueInvoice = `i.due_date < ?
	AND i.paid < i.total
	AND NOT EXISTS (SELECT 1 FROM journals r WHERE r.reverses_id = i.journal_id)`

// LoadDashboard counts the dashboard's figures on the date of now.
func LoadDashboard(ctx context.Context, q sqldb.Querier, now time.Time) (Dashboard, error) {
	var d Dashboard
	balances, err := UnitBalances(ctx, q)
	if err != nil {
		return d, err
	}
	for _, b := range balances {
		if b > 0 {
			d.UnitsOwing++
			d.Owed += b
		}
	}
	if err := q.QueryRowContext(ctx, `SELECT count(*) FROM invoices i WHERE `+overdueInvoice,
		sqldb.FormatDate(now.In(UK))).Scan(&d.Overdue); err != nil {
		return d, fmt.Errorf("count overdue invoices: %w", err)
	}
	if d.Invitations, err = countInvited(ctx, q, now); err != nil {
		return d, err
	}
	d.Unmatched, err = sqldb.QueryAll(ctx, q, func(r sqldb.Scanner) (UnmatchedLines, error) {
		var u UnmatchedLines
		return u, r.Scan(&u.AccountPublicID, &u.AccountName, &u.Lines)
	}, `SELECT a.public_id, a.name, count(*) FROM bank_lines l JOIN ledger_accounts a ON a.id = l.account_id
		WHERE l.journal_id IS NULL GROUP BY a.id ORDER BY a.name COLLATE NOCASE, a.id`)
	if err != nil {
		return d, fmt.Errorf("count unmatched bank lines: %w", err)
	}
	return d, nil
}

// countInvited counts people whose portal state is PortalInvited.
func countInvited(ctx context.Context, q sqldb.Querier, now time.Time) (int, error) {
	access, err := PortalAccessAll(ctx, q)
	if err != nil {
		return 0, err
	}
	enabled, err := sqldb.QueryAll(ctx, q, func(r sqldb.Scanner) ([2]int64, error) {
		var v [2]int64
		return v, r.Scan(&v[0], &v[1])
	}, `SELECT id, portal_enabled FROM people`)
	if err != nil {
		return 0, fmt.Errorf("count invitations: %w", err)
	}
	n := 0
	for _, e := range enabled {
		if access[e[0]].State(e[1] == 1, now) == PortalInvited {
			n++
		}
	}
	return n, nil
}

// OverdueUnits returns, by unit id, how many invoices of each unit are
// overdue on the date of now (see Dashboard.Overdue).
func OverdueUnits(ctx context.Context, q sqldb.Querier, now time.Time) (map[int64]int, error) {
	rows, err := sqldb.QueryAll(ctx, q, func(r sqldb.Scanner) ([2]int64, error) {
		var v [2]int64
		return v, r.Scan(&v[0], &v[1])
	}, `SELECT i.unit_id, count(*) FROM invoices i WHERE `+overdueInvoice+` GROUP BY i.unit_id`, sqldb.FormatDate(now.In(UK)))
	if err != nil {
		return nil, fmt.Errorf("overdue invoices by unit: %w", err)
	}
	out := make(map[int64]int, len(rows))
	for _, r := range rows {
		out[r[0]] = int(r[1])
	}
	return out, nil
}
