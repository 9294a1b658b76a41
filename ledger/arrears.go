package ledger

import (
	"context"
	"time"

	"porch/sqldb"
)

// OverdueInvoices lists the account's invoices still owed and past their
// due date on the day today, oldest due first: its arrears, the order a
// receipt pays them off in.
func OverdueInvoices(ctx context.Context, q sqldb.Querier, d Debtor, today time.Time) ([]Invoice, error) {
	w, args := d.where("i")
	return queryInvoices(ctx, q, `WHERE `+w+` AND i.paid < i.total AND i.due_date < ? ORDER BY i.due_date, i.number`,
		append(args, sqldb.FormatDate(today))...)
}

// InvoicesByID returns the invoices with the ids, in due-date order.
func InvoicesByID(ctx context.Context, q sqldb.Querier, ids []int64) ([]Invoice, error) {
	if len(ids) == 0 {
		return nil, nil
	}
	return queryInvoices(ctx, q, `WHERE i.id IN (SELECT value FROM json_each(?)) ORDER BY i.due_date, i.number`, sqldb.IDList(ids))
}

// InvoicesOnPlan returns the ids of a unit's invoices that a payment plan
// being kept covers: they are repaid by its instalments, so neither
// chased nor collected whole (see package plans).
func InvoicesOnPlan(ctx context.Context, q sqldb.Querier, unitID int64) (map[int64]bool, error) {
	ids, err := sqldb.QueryAll(ctx, q, func(s sqldb.Scanner) (int64, error) {
		var id int64
		return id, s.Scan(&id)
	}, `SELECT pi.invoice_id FROM payment_plans pp JOIN plan_invoices pi ON pi.plan_id = pp.id
		WHERE pp.unit_id = ? AND pp.status = 'active'`, unitID)
	out := make(map[int64]bool, len(ids))
	for _, id := range ids {
		out[id] = true
	}
	return out, err
}
