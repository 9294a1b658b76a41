package payments

import (
	"context"
	"database/sql"
	"time"

	"porch/errs"
	"porch/ledger"
	"porch/sqldb"
)

// SupplierInvoicesFor are the approved, unpaid supplier invoices of the
// account's site for exactly what a money-out line paid: what the line
// could be the payment of. Newest first.
func SupplierInvoicesFor(ctx context.Context, q sqldb.Querier, account ledger.Account, l BankLine) ([]ledger.SupplierInvoice, error) {
	if l.Amount >= 0 || account.SiteID == 0 {
		return nil, nil
	}
	out, _, err := ledger.SupplierInvoices(ctx, q, ledger.SupplierInvoiceFilter{SiteID: account.SiteID,
		Status: ledger.SupplierApproved, Amount: -l.Amount, Limit: 20})
	return out, err
}

// PaySupplierFromLine settles a money-out line nobody recorded: it pays
// the chosen approved supplier invoice of the account's site from this
// account, on the line's date, for the line's amount, and matches the line
// to the payment as "created". An invoice of another site, not approved,
// already paid or of another amount is refused with a message for the
// "invoice" field.
func PaySupplierFromLine(ctx context.Context, tx *sql.Tx, now time.Time, accountID int64, linePublicID, invoicePublicID string, by int64) (BankLine, ledger.SupplierInvoice, error) {
	var inv ledger.SupplierInvoice
	l, err := GetLine(ctx, tx, accountID, linePublicID)
	if err != nil {
		return l, inv, err
	}
	if l.Matched() {
		return l, inv, errs.E(errs.Conflict, "This statement line is already matched.")
	}
	if l.Amount >= 0 {
		return l, inv, errs.Fields{"invoice": "Only money paid out can pay a supplier's invoice."}.Err()
	}
	if invoicePublicID == "" {
		return l, inv, errs.Fields{"invoice": "Choose the supplier's invoice this line paid."}.Err()
	}
	inv, err = ledger.GetSupplierInvoice(ctx, tx, invoicePublicID)
	if errs.Is(err, errs.NotFound) {
		return l, inv, errs.Fields{"invoice": "Choose an invoice from the list."}.Err()
	}
	if err != nil {
		return l, inv, err
	}
	var siteID int64
	if err := tx.QueryRowContext(ctx, `SELECT coalesce(site_id, 0) FROM ledger_accounts WHERE id = ?`, accountID).Scan(&siteID); err != nil {
		return l, inv, err
	}
	if inv.SiteID != siteID {
		return l, inv, errs.Fields{"invoice": "That invoice is another site's: choose one of this account's site."}.Err()
	}
	inv, journalID, err := ledger.PaySupplierInvoice(ctx, tx, now, ledger.SupplierInvoicePayment{PublicID: inv.PublicID,
		AccountID: accountID, Date: l.Date, Amount: -l.Amount, CreatedBy: by})
	if f, ok := errs.As(err); ok && f.Code == errs.Invalid {
		// The line fixes the bank, date and amount: whatever is wrong is
		// the choice of invoice.
		for _, k := range []string{"form", "amount", "date", "account"} {
			if msg := f.Fields[k]; msg != "" {
				return l, inv, errs.Fields{"invoice": msg}.Err()
			}
		}
	}
	if err != nil {
		return l, inv, err
	}
	if err := setMatch(ctx, tx, now, l.ID, journalID, MatchedCreated, by); err != nil {
		return l, inv, err
	}
	l, err = GetLine(ctx, tx, accountID, linePublicID)
	return l, inv, err
}
