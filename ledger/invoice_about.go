package ledger

import (
	"context"
	"slices"
	"time"

	"porch/sqldb"
)

// InvoiceAbout is what an invoice is for, as a resident's list says it:
// its charges and, for one a schedule raised, the period it covers.
type InvoiceAbout struct {
	Charges      []string // the charge types of its lines, in line order, once each
	Descriptions []string // its lines' descriptions, in order, once each
	// From and To are the period a schedule's demand covers (inclusive);
	// zero for a demand raised by hand.
	From, To time.Time
}

// InvoiceAbouts returns what each of the unit's invoices is for, by
// invoice id, in one read.
func InvoiceAbouts(ctx context.Context, q sqldb.Querier, unitID int64) (map[int64]InvoiceAbout, error) {
	rows, err := q.QueryContext(ctx, `SELECT i.id, c.name, l.description, i.issue_date, coalesce(s.every_months, 0)
		FROM invoice_lines l JOIN invoices i ON i.id = l.invoice_id JOIN charge_types c ON c.id = l.charge_type_id
		LEFT JOIN schedules s ON s.id = i.schedule_id
		WHERE i.unit_id = ? ORDER BY l.invoice_id, l.id`, unitID)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	out := map[int64]InvoiceAbout{}
	for rows.Next() {
		var id int64
		var charge, desc, issue string
		var months int
		if err := rows.Scan(&id, &charge, &desc, &issue, &months); err != nil {
			return nil, err
		}
		a := out[id]
		if !slices.Contains(a.Charges, charge) {
			a.Charges = append(a.Charges, charge)
		}
		if desc != "" && !slices.Contains(a.Descriptions, desc) {
			a.Descriptions = append(a.Descriptions, desc)
		}
		if months > 0 && a.From.IsZero() {
			// A schedule's demand is issued on the first day of the
			// period it covers.
			a.From = sqldb.ParseDate(issue)
			a.To = a.From.AddDate(0, months, -1)
		}
		out[id] = a
	}
	return out, rows.Err()
}
