package ledger

import (
	"context"
	"database/sql"
	"errors"
	"strings"
	"time"

	"porch/errs"
	"porch/sqldb"
)

// Receipt is money received for a unit as its receipt shows it: the
// receipt journal, what it paid and whether it was later reversed.
type Receipt struct {
	JournalID   int64
	PublicID    string // the journal's public id
	UnitID      int64
	OccupancyID int64 // the account paid; 0 for the unit's own
	Date        time.Time
	Amount      int64
	Method      string // bank transfer, cheque, card...; "" when not recorded
	Reference   string // the payer's reference
	Reversed    bool   // undone by a reversal (a bounced cheque, a chargeback)
	Allocations []ReceiptAllocation
}

// ReceiptAllocation is the part of a receipt that paid one invoice.
type ReceiptAllocation struct {
	InvoiceID       int64
	InvoicePublicID string
	InvoiceNumber   int64
	Amount          int64
}

// Unallocated is the part of the receipt left as credit on the unit.
func (r Receipt) Unallocated() int64 {
	n := r.Amount
	for _, a := range r.Allocations {
		n -= a.Amount
	}
	return n
}

// receiptPrefix starts the description RecordReceipt gives a receipt; the
// method follows it.
const receiptPrefix = "Payment received, "

const receiptCols = `j.id, j.public_id, p.unit_id, j.date, j.description, j.reference, -sum(p.amount),
	EXISTS (SELECT 1 FROM journals r WHERE r.reverses_id = j.id), coalesce(max(p.occupancy_id), 0)`

const receiptFrom = ` FROM journals j JOIN postings p ON p.journal_id = j.id
	JOIN ledger_accounts a ON a.id = p.account_id AND a.purpose = 'debtors'
	WHERE j.kind = 'receipt' AND p.unit_id IS NOT NULL`

func scanReceipt(s interface{ Scan(...any) error }) (Receipt, error) {
	var r Receipt
	var date, desc string
	err := s.Scan(&r.JournalID, &r.PublicID, &r.UnitID, &date, &desc, &r.Reference, &r.Amount, &r.Reversed, &r.OccupancyID)
	r.Date = sqldb.ParseDate(date)
	if m, ok := strings.CutPrefix(desc, receiptPrefix); ok {
		r.Method = m
	}
	return r, err
}

// UnitReceipts lists the receipts of a unit, newest first, each with the
// invoices it paid.
func UnitReceipts(ctx context.Context, q sqldb.Querier, unitID int64) ([]Receipt, error) {
	return DebtorReceipts(ctx, q, WholeUnit(unitID))
}

// DebtorReceipts lists the receipts paid into an account, newest first,
// each with the invoices it paid.
func DebtorReceipts(ctx context.Context, q sqldb.Querier, d Debtor) ([]Receipt, error) {
	unitID := d.UnitID
	w, args := d.where("p")
	rows, err := q.QueryContext(ctx, `SELECT `+receiptCols+receiptFrom+` AND `+w+`
		GROUP BY j.id ORDER BY j.date DESC, j.id DESC`, args...)
	if err != nil {
		return nil, err
	}
	var out []Receipt
	at := map[int64]int{}
	for rows.Next() {
		r, err := scanReceipt(rows)
		if err != nil {
			rows.Close()
			return nil, err
		}
		at[r.JournalID] = len(out)
		out = append(out, r)
	}
	rows.Close()
	if err := rows.Err(); err != nil || len(out) == 0 {
		return out, err
	}
	// A receipt of the unit pays only the unit's invoices, so the unit's
	// invoices lead to every allocation of its receipts.
	allocs, err := allocationsWhere(ctx, q, `i.unit_id = ?`, unitID)
	if err != nil {
		return nil, err
	}
	for _, a := range allocs {
		if i, ok := at[a.journalID]; ok {
			out[i].Allocations = append(out[i].Allocations, a.ReceiptAllocation)
		}
	}
	return out, nil
}

// GetReceipt returns a receipt by its journal's public id, or NotFound for
// anything that is not a unit's receipt.
func GetReceipt(ctx context.Context, q sqldb.Querier, publicID string) (Receipt, error) {
	r, err := scanReceipt(q.QueryRowContext(ctx, `SELECT `+receiptCols+receiptFrom+` AND j.public_id = ?
		GROUP BY j.id`, publicID))
	if errors.Is(err, sql.ErrNoRows) {
		return r, errs.E(errs.NotFound, "There is no such receipt.")
	}
	if err != nil {
		return r, err
	}
	allocs, err := allocationsWhere(ctx, q, `al.journal_id = ?`, r.JournalID)
	if err != nil {
		return r, err
	}
	for _, a := range allocs {
		r.Allocations = append(r.Allocations, a.ReceiptAllocation)
	}
	return r, nil
}

type journalAllocation struct {
	journalID int64
	ReceiptAllocation
}

// allocationsWhere returns the net allocations per journal and invoice;
// those a reversal took back net to zero and are left out.
func allocationsWhere(ctx context.Context, q sqldb.Querier, where string, args ...any) ([]journalAllocation, error) {
	rows, err := q.QueryContext(ctx, `SELECT al.journal_id, i.id, i.public_id, i.number, sum(al.amount)
		FROM allocations al JOIN invoices i ON i.id = al.invoice_id
		WHERE `+where+` GROUP BY al.journal_id, i.id HAVING sum(al.amount) <> 0 ORDER BY i.number`, args...)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []journalAllocation
	for rows.Next() {
		var a journalAllocation
		if err := rows.Scan(&a.journalID, &a.InvoiceID, &a.InvoicePublicID, &a.InvoiceNumber, &a.Amount); err != nil {
			return nil, err
		}
		out = append(out, a)
	}
	return out, rows.Err()
}

// CancelledInvoices returns the public ids of a unit's invoices whose
// demand was reversed. Reversal settles such an invoice in full, so without this it
// would look paid.
func CancelledInvoices(ctx context.Context, q sqldb.Querier, unitID int64) (map[string]bool, error) {
	rows, err := q.QueryContext(ctx, `SELECT i.public_id FROM invoices i JOIN journals r ON r.reverses_id = i.journal_id
		WHERE i.unit_id = ?`, unitID)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	out := map[string]bool{}
	for rows.Next() {
		var id string
		if err := rows.Scan(&id); err != nil {
			return nil, err
		}
		out[id] = true
	}
	return out, rows.Err()
}
