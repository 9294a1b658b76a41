package ledger

import (
	"context"
	"database/sql"
	"fmt"
	"time"

	"porch/errs"
	"porch/sqldb"
)

// blockExpenditure is the account a block's approved supplier bills are
// spent from. It is created when first needed, so books set up before it
// existed gain it on their first approval.
var blockExpenditure = Account{Code: BlockExpenditureCode, Name: "Service charge expenditure", Type: "expense", Purpose: PurposeExpense}

// BlockExpenditureCode is the code of the block expenditure account.
const BlockExpenditureCode = "5200"

// stateRefusal says why a bill in its status cannot have the action done,
// as a message for the form.
func stateRefusal(s SupplierInvoice, action string) error {
	var msg string
	switch s.Status {
	case SupplierReceived:
		msg = "This invoice has not been approved yet: approve it before paying it."
	case SupplierApproved:
		msg = "This invoice is already approved."
	case SupplierRejected:
		msg = "This invoice was rejected, so it cannot be " + action + "."
	case SupplierPaid:
		msg = "This invoice is already paid."
	}
	return errs.Fields{"form": msg}.Err()
}

// setSupplierStatus moves a bill on from the status it was read in; a bill
// changed by someone else meanwhile is refused rather than changed twice.
func setSupplierStatus(ctx context.Context, tx *sql.Tx, s SupplierInvoice, set string, args ...any) error {
	args = append(args, s.ID, s.Status)
	res, err := tx.ExecContext(ctx, `UPDATE supplier_invoices SET `+set+` WHERE id = ? AND status = ?`, args...)
	if err != nil {
		return err
	}
	if n, _ := res.RowsAffected(); n != 1 {
		return errs.E(errs.Conflict, "This invoice was changed by someone else just now. Look at it again.")
	}
	return nil
}

// ApproveSupplierInvoice approves a received bill and posts what the block
// owes for it, on the invoice date: debit 5200 Service charge expenditure,
// credit 2300 Suppliers with the supplier as memo.
func ApproveSupplierInvoice(ctx context.Context, tx *sql.Tx, now time.Time, publicID string, by int64) (SupplierInvoice, error) {
	s, err := GetSupplierInvoice(ctx, tx, publicID)
	if err != nil {
		return s, err
	}
	if s.Status != SupplierReceived {
		return s, stateRefusal(s, "approved")
	}
	spend, err := ensureAccount(ctx, tx, now, blockExpenditure)
	if err != nil {
		return s, err
	}
	suppliers, err := accountByPurpose(ctx, tx, PurposeSuppliers)
	if err != nil {
		return s, err
	}
	desc := fmt.Sprintf("%s: %s, %s", s.Supplier, s.Description, s.SiteName)
	id, _, err := Post(ctx, tx, now, Journal{Kind: KindExpense, Date: s.InvoiceDate, Description: clip(desc, 300),
		Reference: s.Number, CreatedBy: by, Lines: []Line{
			{AccountID: spend.ID, Amount: s.Total(), Memo: s.HeadLabel()},
			{AccountID: suppliers.ID, Amount: -s.Total(), Memo: s.Supplier},
		}})
	if err != nil {
		return s, err
	}
	if err := setSupplierStatus(ctx, tx, s, `status = 'approved', journal_id = ?, approved_by = ?, approved_at = ?, updated_at = ?`,
		id, nullID(by), sqldb.At(now), sqldb.At(now)); err != nil {
		return s, err
	}
	return GetSupplierInvoice(ctx, tx, publicID)
}

// RejectSupplierInvoice rejects a received bill with the reason (field
// "reason"). Nothing was posted for it, so nothing is reversed.
func RejectSupplierInvoice(ctx context.Context, tx *sql.Tx, now time.Time, publicID, reason string, by int64) (SupplierInvoice, error) {
	s, err := GetSupplierInvoice(ctx, tx, publicID)
	if err != nil {
		return s, err
	}
	if s.Status != SupplierReceived {
		if s.Status == SupplierRejected {
			return s, errs.Fields{"form": "This invoice is already rejected."}.Err()
		}
		return s, errs.Fields{"form": "Only an invoice not yet approved can be rejected."}.Err()
	}
	f := errs.Fields{}
	reason = clean(reason)
	checkText(f, "reason", reason, 300, "Say why the invoice is rejected, such as \"Work not done\".")
	if err := f.Err(); err != nil {
		return s, err
	}
	if err := setSupplierStatus(ctx, tx, s, `status = 'rejected', status_note = ?, updated_at = ?`, reason, sqldb.At(now)); err != nil {
		return s, err
	}
	return GetSupplierInvoice(ctx, tx, publicID)
}

// SupplierInvoicePayment is paying an approved bill. Field names: account,
// date, amount, form.
type SupplierInvoicePayment struct {
	PublicID  string
	AccountID int64 // one of the bill's site's bank accounts
	Date      time.Time
	Amount    int64 // what left the bank; 0 for the bill's total
	CreatedBy int64
}

// PaySupplierInvoice pays an approved bill in full from one of its site's
// bank accounts: debit 2300 Suppliers, credit the bank, "Paid SUPPLIER"
// under the supplier's invoice number. It returns the bill as paid and the
// payment journal's id. A bill not approved, already paid or rejected, a
// bank account of another site, a date before the invoice or an amount
// other than the bill's total is refused with a field message.
func PaySupplierInvoice(ctx context.Context, tx *sql.Tx, now time.Time, in SupplierInvoicePayment) (SupplierInvoice, int64, error) {
	s, err := GetSupplierInvoice(ctx, tx, in.PublicID)
	if err != nil {
		return s, 0, err
	}
	if s.Status != SupplierApproved {
		return s, 0, stateRefusal(s, "paid")
	}
	f := errs.Fields{}
	checkDate(f, "date", in.Date)
	if !in.Date.IsZero() && in.Date.Before(s.InvoiceDate) {
		f.Add("date", "The payment cannot be dated before the invoice ("+s.InvoiceDate.Format("2 January 2006")+").")
	}
	if in.Amount == 0 {
		in.Amount = s.Total()
	}
	if in.Amount != s.Total() {
		f.Add("amount", fmt.Sprintf("The invoice is for %s; it is paid in full, so the payment must be exactly that, not %s.",
			Pounds(s.Total()), Pounds(in.Amount)))
	}
	bank, err := bankAccount(ctx, tx, f, in.AccountID)
	if err != nil {
		return s, 0, err
	}
	if _, bad := f["account"]; !bad && bank.SiteID != s.SiteID {
		f.Add("account", "Pay it from one of "+s.SiteName+"'s bank accounts: the bill is the block's.")
	}
	if err := f.Err(); err != nil {
		return s, 0, err
	}
	suppliers, err := accountByPurpose(ctx, tx, PurposeSuppliers)
	if err != nil {
		return s, 0, err
	}
	id, _, err := Post(ctx, tx, now, Journal{Kind: KindPayout, Date: in.Date, Reference: s.Number, CreatedBy: in.CreatedBy,
		Description: "Paid " + s.Supplier, Lines: []Line{
			{AccountID: suppliers.ID, Amount: s.Total(), Memo: s.Supplier},
			{AccountID: bank.ID, Amount: -s.Total(), Memo: s.Supplier},
		}})
	if err != nil {
		return s, 0, err
	}
	if err := setSupplierStatus(ctx, tx, s, `status = 'paid', payment_journal_id = ?, paid_on = ?, updated_at = ?`,
		id, sqldb.FormatDate(in.Date), sqldb.At(now)); err != nil {
		return s, 0, err
	}
	s, err = GetSupplierInvoice(ctx, tx, in.PublicID)
	return s, id, err
}
