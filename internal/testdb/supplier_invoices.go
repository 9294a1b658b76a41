package testdb

import (
	"context"
	"database/sql"
	"fmt"
	"time"
)

// SupplierBill is a supplier invoice as a test sets it down: a site's
// bill under a budget head and schedule (0: the site's default), dated
// Date ("2006-01-02"), in a status.
type SupplierBill struct {
	SiteID          int64
	Head            string
	ApportionmentID int64
	Date            string
	Net, VAT        int64
	Status          string // received, approved, rejected or paid
}

// SupplierInvoice writes the bill straight into supplier_invoices, with a
// bare journal standing for its approval and payment where the status
// needs one, so budget reports can be tested on fixed spending. It is the
// one place tests make supplier invoices without recording them: the
// ledger's own tests cannot import a kit that calls the ledger, and a
// reserve fund bill, which recording refuses, shows the reports leave
// such a row out. The screens' tests record bills as managers do
// (ledger.RecordSupplierInvoice and the approval and payment after it).
func SupplierInvoice(ctx context.Context, tx *sql.Tx, now time.Time, b SupplierBill) error {
	stamp := now.UTC().Format("2006-01-02T15:04:05.000Z")
	journal := func() (any, error) {
		if b.Status == "received" || b.Status == "rejected" {
			return nil, nil
		}
		res, err := tx.ExecContext(ctx, `INSERT INTO journals (public_id, kind, date, description, created_at)
			VALUES (lower(hex(randomblob(8))), 'expense', ?, 'Supplier invoice', ?)`, b.Date, stamp)
		if err != nil {
			return nil, err
		}
		return res.LastInsertId()
	}
	approved, err := journal()
	if err != nil {
		return err
	}
	var paid any
	if b.Status == "paid" {
		if paid, err = journal(); err != nil {
			return err
		}
	}
	var ap any
	if b.ApportionmentID != 0 {
		ap = b.ApportionmentID
	}
	_, err = tx.ExecContext(ctx, `INSERT INTO supplier_invoices (public_id, site_id, supplier, number, invoice_date, head,
		apportionment_id, net, vat, status, journal_id, payment_journal_id, created_at, updated_at)
		VALUES (lower(hex(randomblob(8))), ?, 'Test Supplier Ltd', ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
		b.SiteID, fmt.Sprintf("T-%s-%d", b.Date, b.Net), b.Date, b.Head, ap, b.Net, b.VAT, b.Status, approved, paid, stamp, stamp)
	return err
}
