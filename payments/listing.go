package payments

import (
	"context"
	"fmt"

	"porch/errs"
	"porch/sqldb"
)

// Listed is a payment with what the managers' screens name it by: its
// unit and site, its payer and the invoice it pays.
type Listed struct {
	Payment
	UnitPublic    string
	UnitName      string
	SiteName      string
	Payer         string
	PayerPublic   string
	InvoiceNumber int64
}

// ListFilter selects payments for the managers' screens.
type ListFilter struct {
	UnitID   int64  // one unit's payments
	PublicID string // one payment
	Limit    int    // default 100
}

// List lists online payments started (not those still being created),
// newest first, with their totals.
func List(ctx context.Context, q sqldb.Querier, f ListFilter) ([]Listed, int, error) {
	if f.Limit <= 0 {
		f.Limit = 100
	}
	where, args := `p.status <> 'created'`, []any{}
	if f.UnitID != 0 {
		where, args = where+` AND p.unit_id = ?`, append(args, f.UnitID)
	}
	if f.PublicID != "" {
		where, args = where+` AND p.public_id = ?`, append(args, f.PublicID)
	}
	var total int
	if err := q.QueryRowContext(ctx, `SELECT count(*) FROM payments p WHERE `+where, args...).Scan(&total); err != nil {
		return nil, 0, fmt.Errorf("count payments: %w", err)
	}
	rows, err := sqldb.QueryAll(ctx, q, func(s sqldb.Scanner) (Listed, error) {
		var l Listed
		p, err := scanPayment(scanThen{s, []any{&l.UnitPublic, &l.UnitName, &l.SiteName, &l.Payer, &l.PayerPublic, &l.InvoiceNumber}})
		l.Payment = p
		return l, err
	}, `SELECT `+paymentCols+`, u.public_id, u.name, s.name, coalesce(pe.full_name, ''), coalesce(pe.public_id, ''),
		coalesce(i.number, 0)
		FROM payments p JOIN units u ON u.id = p.unit_id JOIN sites s ON s.id = u.site_id
		LEFT JOIN people pe ON pe.id = p.person_id LEFT JOIN invoices i ON i.id = p.invoice_id
		WHERE `+where+` ORDER BY p.created_at DESC, p.id DESC LIMIT ?`, append(args, f.Limit)...)
	return rows, total, err
}

// ListedByID is one payment as List shows it.
func ListedByID(ctx context.Context, q sqldb.Querier, publicID string) (Listed, error) {
	rows, _, err := List(ctx, q, ListFilter{PublicID: publicID, Limit: 1})
	if err == nil && len(rows) == 0 {
		return Listed{}, errs.E(errs.NotFound, "There is no such payment.")
	}
	if err != nil {
		return Listed{}, err
	}
	return rows[0], nil
}

// scanThen scans the payment's columns and then extra destinations.
type scanThen struct {
	s     sqldb.Scanner
	extra []any
}

func (t scanThen) Scan(dest ...any) error { return t.s.Scan(append(dest, t.extra...)...) }
