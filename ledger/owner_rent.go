package ledger

import (
	"context"
	"time"

	"porch/sqldb"
)

// What a landlord sees of the rent: each demand with the rent it credited
// to them and how much of that the tenant has paid, and the rent received
// over a period (the cash a tax return counts).

// RentDemand is an invoice as its landlord sees it.
type RentDemand struct {
	Invoice
	Rent     int64     // what the invoice credited to the landlord
	Received int64     // the part of Rent the tenant has paid
	PaidOn   time.Time // the latest payment or credit towards the invoice; zero for none
}

// Unpaid is the rent on the invoice the tenant still owes.
func (r RentDemand) Unpaid() int64 { return r.Rent - r.Received }

// DaysLate is how late the rent is or was: for rent still owed, the days
// since it fell due; for rent paid after its due date, the days it was
// late; otherwise 0.
func (r RentDemand) DaysLate(today time.Time) int {
	end := r.PaidOn
	if r.Unpaid() > 0 {
		end = today
	}
	if end.IsZero() || !end.After(r.DueDate) {
		return 0
	}
	return int(end.Sub(r.DueDate).Hours() / 24)
}

// RentFilter narrows a landlord's rent demands.
type RentFilter struct {
	OwnerID     int64
	UnitID      int64 // 0: all their properties
	OccupancyID int64 // 0: every tenancy's
	From, To    time.Time
	Limit       int // 0: all
}

// RentDemands lists the invoices that credited rent to the landlord, newest
// first. An invoice's rent counts as received in proportion to what was
// paid of the invoice, so a part payment of an invoice that also carries
// another charge is shared between them.
func RentDemands(ctx context.Context, q sqldb.Querier, f RentFilter) ([]RentDemand, error) {
	lo, hi := dateBounds(f.From, f.To)
	limit := f.Limit
	if limit <= 0 {
		limit = -1
	}
	return sqldb.QueryAll(ctx, q, func(s sqldb.Scanner) (RentDemand, error) {
		var r RentDemand
		var issue, due, paidOn string
		err := s.Scan(&r.ID, &r.PublicID, &r.Number, &r.UnitID, &r.JournalID, &issue, &due, &r.Total, &r.Period,
			&r.Paid, &r.OccupancyID, &r.Rent, &paidOn)
		r.IssueDate, r.DueDate, r.PaidOn = sqldb.ParseDate(issue), sqldb.ParseDate(due), sqldb.ParseDate(paidOn)
		r.Received = min(r.Rent, r.Paid*r.Rent/r.Total)
		return r, err
	}, `SELECT `+invoiceCols+`, -sum(p.amount) AS rent,
			coalesce((SELECT max(j.date) FROM allocations al JOIN journals j ON j.id = al.journal_id WHERE al.invoice_id = i.id), '')
		FROM invoices i JOIN postings p ON p.journal_id = i.journal_id JOIN ledger_accounts a ON a.id = p.account_id
		WHERE p.owner_id = ? AND a.purpose = 'client_money' AND (? = 0 OR i.unit_id = ?)
			AND (? = 0 OR i.occupancy_id = ?) AND i.issue_date >= ? AND i.issue_date <= ?
		GROUP BY i.id HAVING rent > 0 ORDER BY i.issue_date DESC, i.number DESC LIMIT ?`,
		f.OwnerID, f.UnitID, f.UnitID, f.OccupancyID, f.OccupancyID, lo, hi, limit)
}

// RentReceived is the rent tenants paid towards the landlord's invoices on
// dates from to to (inclusive), by property: receipts allocated to the
// invoices, less any reversed, each counted in proportion to the rent on
// its invoice. Credits are not money received and are left out.
func RentReceived(ctx context.Context, q sqldb.Querier, ownerID, unitID int64, from, to time.Time) (map[int64]int64, error) {
	lo, hi := dateBounds(from, to)
	rows, err := q.QueryContext(ctx, `WITH rent AS (
			SELECT p.journal_id, -sum(p.amount) AS rent FROM postings p JOIN ledger_accounts a ON a.id = p.account_id
			WHERE p.owner_id = ? AND a.purpose = 'client_money' AND (? = 0 OR p.unit_id = ?) GROUP BY p.journal_id)
		SELECT i.unit_id, sum(al.amount * rent.rent / i.total)
		FROM rent JOIN invoices i ON i.journal_id = rent.journal_id JOIN allocations al ON al.invoice_id = i.id
		JOIN journals j ON j.id = al.journal_id LEFT JOIN journals r ON r.id = j.reverses_id
		WHERE rent.rent > 0 AND coalesce(r.kind, j.kind) = 'receipt' AND j.date >= ? AND j.date <= ?
		GROUP BY i.unit_id`, ownerID, unitID, unitID, lo, hi)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	out := map[int64]int64{}
	for rows.Next() {
		var unit, n int64
		if err := rows.Scan(&unit, &n); err != nil {
			return nil, err
		}
		out[unit] = n
	}
	return out, rows.Err()
}

// dateBounds turns an inclusive period whose ends may be zero (open) into
// the dates to compare stored dates with.
func dateBounds(from, to time.Time) (lo, hi string) {
	lo, hi = "0000-00-00", "9999-99-99"
	if !from.IsZero() {
		lo = sqldb.FormatDate(from)
	}
	if !to.IsZero() {
		hi = sqldb.FormatDate(to)
	}
	return lo, hi
}

// RentOwed is the rent credited to the landlord that tenants still owe,
// by property: all of it (Unpaid), and the part past its due date on the
// day today (Arrears).
type RentOwed struct{ Unpaid, Arrears int64 }

// RentOwedByUnit reads what tenants owe a landlord, by property, from the
// unpaid invoices alone.
func RentOwedByUnit(ctx context.Context, q sqldb.Querier, ownerID int64, today time.Time) (map[int64]RentOwed, error) {
	rows, err := q.QueryContext(ctx, `SELECT unit_id, sum(min(outstanding, rent)),
			coalesce(sum(CASE WHEN due_date < ? THEN min(outstanding, rent) END), 0)
		FROM (SELECT i.unit_id, i.due_date, i.total - i.paid AS outstanding, -sum(p.amount) AS rent
			FROM postings p JOIN ledger_accounts a ON a.id = p.account_id
			JOIN invoices i ON i.journal_id = p.journal_id
			WHERE p.owner_id = ? AND a.purpose = 'client_money' AND i.paid < i.total
			GROUP BY i.id)
		WHERE outstanding > 0 AND rent > 0 GROUP BY unit_id`, sqldb.FormatDate(today), ownerID)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	out := map[int64]RentOwed{}
	for rows.Next() {
		var unit int64
		var o RentOwed
		if err := rows.Scan(&unit, &o.Unpaid, &o.Arrears); err != nil {
			return nil, err
		}
		out[unit] = o
	}
	return out, rows.Err()
}
