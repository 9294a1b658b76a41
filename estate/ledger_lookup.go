package estate

import (
	"context"
	"fmt"
	"time"

	"porch/sqldb"
)

// These lookups read the ledger's tables for the managers' lists, where one
// query for the whole estate beats one per unit. They never write.

// UnitBalances returns what each unit with debtor postings owes (negative:
// in credit), by unit id.
func UnitBalances(ctx context.Context, q sqldb.Querier) (map[int64]int64, error) {
	rows, err := q.QueryContext(ctx, `SELECT p.unit_id, sum(p.amount) FROM postings p
		JOIN ledger_accounts a ON a.id = p.account_id
		WHERE a.purpose = 'debtors' AND p.unit_id IS NOT NULL GROUP BY p.unit_id`)
	if err != nil {
		return nil, fmt.Errorf("unit balances: %w", err)
	}
	defer rows.Close()
	out := map[int64]int64{}
	for rows.Next() {
		var unit, bal int64
		if err := rows.Scan(&unit, &bal); err != nil {
			return nil, fmt.Errorf("unit balances: %w", err)
		}
		out[unit] = bal
	}
	return out, rows.Err()
}

// ClosedAccountBalances returns, by unit id, what the leases and tenancies
// of each unit that ended before the date today still owe (negative: hold
// in credit): a seller's or a departed tenant's balance, chased on their
// own account rather than the unit's current one.
func ClosedAccountBalances(ctx context.Context, q sqldb.Querier, today time.Time) (map[int64]int64, error) {
	rows, err := q.QueryContext(ctx, `SELECT p.unit_id, sum(p.amount) FROM postings p
		JOIN ledger_accounts a ON a.id = p.account_id JOIN occupancies o ON o.id = p.occupancy_id
		WHERE a.purpose = 'debtors' AND o.end_date < ? GROUP BY p.unit_id HAVING sum(p.amount) <> 0`, sqldb.FormatDate(today))
	if err != nil {
		return nil, fmt.Errorf("closed account balances: %w", err)
	}
	defer rows.Close()
	out := map[int64]int64{}
	for rows.Next() {
		var unit, bal int64
		if err := rows.Scan(&unit, &bal); err != nil {
			return nil, fmt.Errorf("closed account balances: %w", err)
		}
		out[unit] = bal
	}
	return out, rows.Err()
}

// InvoiceCounts is how many invoices have money owed on them, and how many
// of those are past their due date.
type InvoiceCounts struct {
	Outstanding int
	Overdue     int
}

// CountOpenInvoices counts the invoices not fully paid on the date today,
// and those of them due before it.
func CountOpenInvoices(ctx context.Context, q sqldb.Querier, today time.Time) (InvoiceCounts, error) {
	var c InvoiceCounts
	err := q.QueryRowContext(ctx, `SELECT count(*), coalesce(sum(due_date < ?), 0) FROM invoices i
		WHERE i.paid < i.total`,
		sqldb.FormatDate(today)).Scan(&c.Outstanding, &c.Overdue)
	if err != nil {
		return c, fmt.Errorf("count invoices: %w", err)
	}
	return c, nil
}

// ReversedJournals returns the ids of the journals touching the unit that
// have been reversed, so a list can mark them and offer no second reversal.
func ReversedJournals(ctx context.Context, q sqldb.Querier, unitID int64) (map[int64]bool, error) {
	// From the reversals, which are few, rather than from the unit's
	// postings, which grow with every receipt: each reversal's postings
	// are found by journal ("+" keeps SQLite from choosing the unit's
	// index instead).
	rows, err := q.QueryContext(ctx, `SELECT r.reverses_id FROM journals r
		WHERE r.reverses_id IS NOT NULL
		  AND EXISTS (SELECT 1 FROM postings p WHERE p.journal_id = r.reverses_id AND +p.unit_id = ?)`, unitID)
	if err != nil {
		return nil, fmt.Errorf("reversed journals: %w", err)
	}
	defer rows.Close()
	out := map[int64]bool{}
	for rows.Next() {
		var id int64
		if err := rows.Scan(&id); err != nil {
			return nil, fmt.Errorf("reversed journals: %w", err)
		}
		out[id] = true
	}
	return out, rows.Err()
}

// NextInvoiceNumber is the number the next invoice raised will get, for a
// preview; the number itself is taken only when the invoice is posted.
func NextInvoiceNumber(ctx context.Context, q sqldb.Querier) (int64, error) {
	var n int64
	err := q.QueryRowContext(ctx, `SELECT coalesce((SELECT next FROM sequences WHERE name = 'invoice'), 1)`).Scan(&n)
	if err != nil {
		return 0, fmt.Errorf("next invoice number: %w", err)
	}
	return n, nil
}

// CountJournals counts every journal posted: a quick check that a refused
// form posted nothing.
func CountJournals(ctx context.Context, q sqldb.Querier) (int, error) {
	var n int
	if err := q.QueryRowContext(ctx, `SELECT count(*) FROM journals`).Scan(&n); err != nil {
		return 0, fmt.Errorf("count journals: %w", err)
	}
	return n, nil
}
