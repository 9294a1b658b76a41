package ledger

import (
	"context"
	"database/sql"
	"fmt"
	"strings"
	"time"

	"porch/errs"
	"porch/estate"
	"porch/sqldb"
)

// Receipt methods.
const (
	MethodBankTransfer = "bank transfer"
	MethodCheque       = "cheque"
	MethodCard         = "card"
	MethodDirectDebit  = "direct debit"
	MethodCash         = "cash"
)

// Methods lists the receipt methods a manager can record by hand.
var Methods = []string{MethodBankTransfer, MethodCheque, MethodCash}

// ReceiptInput is money received from a unit's resident or tenant.
type ReceiptInput struct {
	UnitID    int64
	AccountID int64 // the bank (or provider clearing) account it arrived in
	Date      time.Time
	Amount    int64
	Method    string
	Reference string
	InvoiceID int64 // pay this invoice first; 0 for oldest first
	CreatedBy int64
	// The account paid: OccupancyID when given, else the invoice's, else
	// the paying person's (PayerID) lease or tenancy, else the unit's
	// paying occupancy on the date.
	OccupancyID int64
	PayerID     int64
}

func (in *ReceiptInput) validate() errs.Fields {
	f := errs.Fields{}
	if in.UnitID == 0 {
		f.Add("unit", "Choose the unit that paid.")
	}
	if in.AccountID == 0 {
		f.Add("account", "Choose the account the money arrived in.")
	}
	if in.Amount <= 0 {
		f.Add("amount", "Enter an amount greater than zero.")
	} else if in.Amount > 100_000_000_00 {
		f.Add("amount", "That amount is too large for one receipt.")
	}
	switch {
	case in.Date.IsZero():
		f.Add("date", "Enter the date the money arrived.")
	case in.Date.Before(minDate) || !in.Date.Before(maxDate):
		f.Add("date", "Enter a date between 2000 and 2099.")
	}
	in.Reference = strings.TrimSpace(in.Reference)
	if len(in.Reference) > 100 {
		f.Add("reference", "Keep the reference to 100 characters or fewer.")
	}
	if in.Method == "" {
		in.Method = MethodBankTransfer
	}
	return f
}

// RecordReceipt posts money received for a unit (debit the bank or clearing
// account, credit the unit's debtor account) and allocates it: to the
// chosen invoice first, then to the oldest outstanding invoices. Whatever is
// left stays as credit on the unit and pays the next invoice raised.
func RecordReceipt(ctx context.Context, tx *sql.Tx, now time.Time, in ReceiptInput) (int64, error) {
	if err := in.validate().Err(); err != nil {
		return 0, err
	}
	into, err := accountByID(ctx, tx, in.AccountID)
	if err != nil || (into.Purpose != PurposeBank && into.Purpose != PurposeClearing) {
		return 0, errs.Fields{"account": "Choose a bank account."}.Err()
	}
	debtors, err := accountByPurpose(ctx, tx, PurposeDebtors)
	if err != nil {
		return 0, err
	}
	occ, err := receiptAccount(ctx, tx, in.UnitID, in.OccupancyID, in.InvoiceID, in.PayerID, in.Date)
	if err != nil {
		return 0, err
	}
	desc := "Payment received, " + in.Method
	id, _, err := Post(ctx, tx, now, Journal{Kind: KindReceipt, Date: in.Date, Description: desc, Reference: in.Reference,
		CreatedBy: in.CreatedBy, Lines: []Line{
			{AccountID: into.ID, Amount: in.Amount, UnitID: in.UnitID},
			{AccountID: debtors.ID, Amount: -in.Amount, UnitID: in.UnitID, OccupancyID: occ},
		}})
	if err != nil {
		return 0, err
	}
	if in.InvoiceID != 0 {
		if err := allocate(ctx, tx, now, id, in.InvoiceID, in.Amount); err != nil {
			return 0, err
		}
	}
	return id, ApplyCredit(ctx, tx, now, in.UnitID)
}

// receiptAccount is the account a receipt or credit of the unit goes to
// (see ReceiptInput).
func receiptAccount(ctx context.Context, q sqldb.Querier, unitID, asked, invoiceID, payerID int64, day time.Time) (int64, error) {
	if invoiceID != 0 {
		var unit, occ int64
		err := q.QueryRowContext(ctx, `SELECT unit_id, coalesce(occupancy_id, 0) FROM invoices WHERE id = ?`, invoiceID).Scan(&unit, &occ)
		switch {
		case err != nil || unit != unitID:
			return 0, errs.Fields{"invoice": "That invoice is not for this unit."}.Err()
		case asked != 0 && asked != occ:
			return 0, errs.Fields{"invoice": "That invoice is on another of this unit's accounts."}.Err()
		}
		return occ, nil
	}
	if asked == 0 && payerID != 0 {
		var err error
		if asked, err = estate.AccountOfPersonOn(ctx, q, unitID, payerID, day); err != nil {
			return 0, err
		}
	}
	return accountFor(ctx, q, unitID, asked, day)
}

// allocate matches up to amount of journal's money to one invoice.
func allocate(ctx context.Context, tx *sql.Tx, now time.Time, journalID, invoiceID, amount int64) error {
	var outstanding int64
	if err := tx.QueryRowContext(ctx, `SELECT i.total - i.paid
		FROM invoices i WHERE i.id = ?`, invoiceID).Scan(&outstanding); err != nil {
		return err
	}
	if n := min(amount, outstanding); n > 0 {
		_, err := tx.ExecContext(ctx, `INSERT INTO allocations (journal_id, invoice_id, amount, created_at) VALUES (?, ?, ?, ?)`,
			journalID, invoiceID, n, sqldb.At(now))
		return err
	}
	return nil
}

// freeMoney is a receipt or credit with money not yet matched to an
// invoice, on one of a unit's accounts.
type freeMoney struct{ journal, amount, occupancy int64 }

// unallocated lists, oldest first, the receipts and credits of a unit with
// money not yet matched to an invoice.
func unallocated(ctx context.Context, tx *sql.Tx, unitID int64) ([]freeMoney, error) {
	rows, err := tx.QueryContext(ctx, `SELECT j.id, coalesce(max(p.occupancy_id), 0), -sum(p.amount) -
			coalesce((SELECT sum(a.amount) FROM allocations a WHERE a.journal_id = j.id), 0) AS free
		FROM journals j JOIN postings p ON p.journal_id = j.id
		JOIN ledger_accounts acc ON acc.id = p.account_id AND acc.purpose = 'debtors'
		WHERE p.unit_id = ? AND j.kind IN ('receipt', 'credit')
		  AND NOT EXISTS (SELECT 1 FROM journals r WHERE r.reverses_id = j.id)
		GROUP BY j.id HAVING free > 0 ORDER BY j.date, j.id`, unitID)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []freeMoney
	for rows.Next() {
		var m freeMoney
		if err := rows.Scan(&m.journal, &m.occupancy, &m.amount); err != nil {
			return nil, err
		}
		out = append(out, m)
	}
	return out, rows.Err()
}

// ApplyCredit matches a unit's unallocated receipts and credits to its
// outstanding invoices, oldest first, each account's money to that
// account's invoices only: a buyer's payment never settles the seller's
// arrears.
func ApplyCredit(ctx context.Context, tx *sql.Tx, now time.Time, unitID int64) error {
	// Open invoices first: a unit in credit has none, and then its
	// receipts, which grow in number with every payment, are not read.
	open, err := OpenInvoices(ctx, tx, unitID)
	if err != nil || len(open) == 0 {
		return err
	}
	free, err := unallocated(ctx, tx, unitID)
	if err != nil || len(free) == 0 {
		return err
	}
	for _, inv := range open {
		need := inv.Outstanding()
		for i := range free {
			if need == 0 {
				break
			}
			m := &free[i]
			if m.amount == 0 || m.occupancy != inv.OccupancyID {
				continue
			}
			n := min(need, m.amount)
			if _, err := tx.ExecContext(ctx, `INSERT INTO allocations (journal_id, invoice_id, amount, created_at) VALUES (?, ?, ?, ?)`,
				m.journal, inv.ID, n, sqldb.At(now)); err != nil {
				return err
			}
			need -= n
			m.amount -= n
		}
	}
	return nil
}

// CreditInput is a credit note: an amount taken off what a unit owes.
type CreditInput struct {
	UnitID       int64
	ChargeTypeID int64
	Date         time.Time
	Amount       int64
	Reason       string
	InvoiceID    int64 // credit this invoice; 0 for oldest first
	CreatedBy    int64
	OccupancyID  int64 // the account credited: 0 for the invoice's, or the unit's paying occupancy on the date
}

// CreditNote posts a credit: the charge's account is debited (income
// reduced, or less owed to the landlord) and the unit's debtor account
// credited; it is allocated like a receipt.
func CreditNote(ctx context.Context, tx *sql.Tx, now time.Time, in CreditInput) (int64, error) {
	f := errs.Fields{}
	in.Reason = strings.TrimSpace(in.Reason)
	if in.UnitID == 0 {
		f.Add("unit", "Choose the unit to credit.")
	}
	if in.ChargeTypeID == 0 {
		f.Add("charge_type", "Choose the charge being credited.")
	}
	if in.Amount <= 0 {
		f.Add("amount", "Enter an amount greater than zero.")
	}
	if in.Reason == "" {
		f.Add("reason", "Say why the credit is given; it appears on the statement.")
	}
	if in.Date.Before(minDate) || !in.Date.Before(maxDate) {
		f.Add("date", "Enter a date between 2000 and 2099.")
	}
	if err := f.Err(); err != nil {
		return 0, err
	}
	ct, err := ChargeTypeByID(ctx, tx, in.ChargeTypeID)
	if err != nil {
		return 0, errs.Fields{"charge_type": "Choose a charge type."}.Err()
	}
	debtors, err := accountByPurpose(ctx, tx, PurposeDebtors)
	if err != nil {
		return 0, err
	}
	occ, err := receiptAccount(ctx, tx, in.UnitID, in.OccupancyID, in.InvoiceID, 0, in.Date)
	if err != nil {
		return 0, err
	}
	debit := Line{AccountID: ct.AccountID, Amount: in.Amount, UnitID: in.UnitID, ChargeTypeID: ct.ID, Memo: in.Reason}
	if ct.IsClientMoney() {
		if debit.OwnerID, err = ownerOf(ctx, tx, in.UnitID, in.Date); err != nil {
			return 0, err
		}
	}
	id, _, err := Post(ctx, tx, now, Journal{Kind: KindCredit, Date: in.Date, Description: "Credit: " + in.Reason,
		CreatedBy: in.CreatedBy, Lines: []Line{debit,
			{AccountID: debtors.ID, Amount: -in.Amount, UnitID: in.UnitID, ChargeTypeID: ct.ID, Memo: in.Reason, OccupancyID: occ}}})
	if err != nil {
		return 0, err
	}
	if in.InvoiceID != 0 {
		if err := allocate(ctx, tx, now, id, in.InvoiceID, in.Amount); err != nil {
			return 0, err
		}
	}
	return id, ApplyCredit(ctx, tx, now, in.UnitID)
}

func accountByID(ctx context.Context, q sqldb.Querier, id int64) (Account, error) {
	return scanAccount(q.QueryRowContext(ctx, `SELECT `+accountCols+` FROM ledger_accounts WHERE id = ?`, id))
}

// Reverse undoes a journal with a compensating one: every posting negated,
// dated date, pointing back at the original. A journal can be reversed
// once. Reversing a demand cancels its invoice (money already allocated to
// it becomes credit again); reversing a receipt or credit takes back its
// allocations, so the invoices it paid are owed again.
func Reverse(ctx context.Context, tx *sql.Tx, now time.Time, journalID int64, date time.Time, reason string, by int64) (int64, error) {
	reason = strings.TrimSpace(reason)
	if reason == "" {
		return 0, errs.Fields{"reason": "Say why this is being reversed."}.Err()
	}
	var kind, desc string
	var already int
	if err := tx.QueryRowContext(ctx, `SELECT kind, description, (SELECT count(*) FROM journals r WHERE r.reverses_id = j.id)
		FROM journals j WHERE id = ?`, journalID).Scan(&kind, &desc, &already); err != nil {
		return 0, errs.E(errs.NotFound, "There is no such entry.")
	}
	if already > 0 {
		return 0, errs.E(errs.Conflict, "This entry has already been reversed.")
	}
	if kind == KindReversal {
		return 0, errs.E(errs.Conflict, "A reversal cannot itself be reversed; post a new entry instead.")
	}
	rows, err := tx.QueryContext(ctx, `SELECT account_id, amount, coalesce(unit_id, 0), coalesce(owner_id, 0), coalesce(charge_type_id, 0), memo,
		coalesce(occupancy_id, 0) FROM postings WHERE journal_id = ? ORDER BY id`, journalID)
	if err != nil {
		return 0, err
	}
	j := Journal{Kind: KindReversal, Date: date, Description: fmt.Sprintf("Reversal of %s: %s", desc, reason),
		ReversesID: journalID, CreatedBy: by}
	units := map[int64]bool{}
	for rows.Next() {
		var l Line
		if err := rows.Scan(&l.AccountID, &l.Amount, &l.UnitID, &l.OwnerID, &l.ChargeTypeID, &l.Memo, &l.OccupancyID); err != nil {
			rows.Close()
			return 0, err
		}
		l.Amount = -l.Amount
		j.Lines = append(j.Lines, l)
		if l.UnitID != 0 {
			units[l.UnitID] = true
		}
	}
	rows.Close()
	id, _, err := Post(ctx, tx, now, j)
	if err != nil {
		return 0, err
	}
	// Undo the original's allocations with negative ones.
	if _, err := tx.ExecContext(ctx, `INSERT INTO allocations (journal_id, invoice_id, amount, created_at)
		SELECT journal_id, invoice_id, -sum(amount), ? FROM allocations WHERE journal_id = ?
		GROUP BY invoice_id HAVING sum(amount) <> 0`, sqldb.At(now), journalID); err != nil {
		return 0, err
	}
	if kind == KindDemand {
		// The invoice is cancelled: free what paid it, then settle it in
		// full with the reversal.
		var invID, total int64
		if err := tx.QueryRowContext(ctx, `SELECT id, total FROM invoices WHERE journal_id = ?`, journalID).Scan(&invID, &total); err == nil {
			if _, err := tx.ExecContext(ctx, `INSERT INTO allocations (journal_id, invoice_id, amount, created_at)
				SELECT journal_id, invoice_id, -sum(amount), ? FROM allocations WHERE invoice_id = ?
				GROUP BY journal_id HAVING sum(amount) <> 0`, sqldb.At(now), invID); err != nil {
				return 0, err
			}
			if _, err := tx.ExecContext(ctx, `INSERT INTO allocations (journal_id, invoice_id, amount, created_at) VALUES (?, ?, ?, ?)`,
				id, invID, total, sqldb.At(now)); err != nil {
				return 0, err
			}
		}
	}
	for u := range units {
		if err := ApplyCredit(ctx, tx, now, u); err != nil {
			return 0, err
		}
	}
	return id, nil
}
