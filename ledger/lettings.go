package ledger

import (
	"context"
	"database/sql"
	"fmt"
	"time"

	"porch/errs"
	"porch/sqldb"
)

// Lettings client accounting. Rent demanded from a tenant is credited to
// 2100 Client money owed to landlords with the landlord as owner_id (see
// RaiseDemand). From that money the agent takes its fees (to 4900) and pays
// expenses on the landlord's behalf (owed to suppliers on 2300 until paid),
// keeps back a float per property (2200), and pays the rest out. A
// landlord's money at any time is minus the sum of their postings on 2100
// and 2200.

// FeeInput is an agent's fee charged to a landlord for a property. Field
// names: unit, owner, date, amount, description, category.
type FeeInput struct {
	UnitID      int64
	OwnerID     int64 // 0: the unit's owner on Date
	Date        time.Time
	Amount      int64 // including any VAT
	Description string
	Category    string // a fee's CostCategory key; "" for other
	CreatedBy   int64
}

// ChargeFee deducts the agent's fee from the landlord's money: debit 2100
// for the owner, credit 4900 Agent fee income. It returns the journal id.
func ChargeFee(ctx context.Context, tx *sql.Tx, now time.Time, in FeeInput) (int64, error) {
	f := errs.Fields{}
	in.Description = clean(in.Description)
	checkUnitDateAmount(f, in.UnitID, in.Date, in.Amount)
	checkText(f, "description", in.Description, 200, "Say what the fee is for, such as \"Management fee, 10% + VAT\".")
	checkCategory(f, KindFee, in.Category)
	owner, err := resolveOwner(ctx, tx, f, in.UnitID, in.OwnerID, in.Date)
	if err != nil {
		return 0, err
	}
	if err := f.Err(); err != nil {
		return 0, err
	}
	client, fees, err := accountsByPurpose(ctx, tx, PurposeClientMoney, PurposeFeeIncome)
	if err != nil {
		return 0, err
	}
	id, _, err := Post(ctx, tx, now, Journal{Kind: KindFee, Date: in.Date, Description: "Fee: " + in.Description,
		CreatedBy: in.CreatedBy, CostCategory: in.Category, Lines: []Line{
			{AccountID: client.ID, Amount: in.Amount, UnitID: in.UnitID, OwnerID: owner, Memo: in.Description},
			{AccountID: fees.ID, Amount: -in.Amount, UnitID: in.UnitID, Memo: in.Description},
		}})
	return id, err
}

// ExpenseInput is a bill paid on a landlord's behalf, such as a repair.
// Field names: unit, owner, date, amount, supplier, description, reference,
// category.
type ExpenseInput struct {
	UnitID      int64
	OwnerID     int64 // 0: the unit's owner on Date
	Date        time.Time
	Amount      int64
	Supplier    string
	Description string
	Reference   string // the supplier's invoice number
	Category    string // an expense's CostCategory key; "" for other
	CreatedBy   int64
}

// RecordExpense deducts an expense from the landlord's money and records it
// as owed to the supplier: debit 2100 for the owner, credit 2300 Suppliers
// (the supplier's name is the posting's memo). PaySupplier settles it.
func RecordExpense(ctx context.Context, tx *sql.Tx, now time.Time, in ExpenseInput) (int64, error) {
	f := errs.Fields{}
	in.Supplier, in.Description, in.Reference = clean(in.Supplier), clean(in.Description), clean(in.Reference)
	checkUnitDateAmount(f, in.UnitID, in.Date, in.Amount)
	checkText(f, "supplier", in.Supplier, 120, "Enter the supplier, such as \"Northside Heating Ltd\".")
	checkText(f, "description", in.Description, 200, "Say what the expense is for, such as \"Boiler repair\".")
	checkText(f, "reference", in.Reference, 100, "")
	checkCategory(f, KindExpense, in.Category)
	owner, err := resolveOwner(ctx, tx, f, in.UnitID, in.OwnerID, in.Date)
	if err != nil {
		return 0, err
	}
	if err := f.Err(); err != nil {
		return 0, err
	}
	return postExpense(ctx, tx, now, in, owner)
}

func postExpense(ctx context.Context, tx *sql.Tx, now time.Time, in ExpenseInput, owner int64) (int64, error) {
	client, suppliers, err := accountsByPurpose(ctx, tx, PurposeClientMoney, PurposeSuppliers)
	if err != nil {
		return 0, err
	}
	id, _, err := Post(ctx, tx, now, Journal{Kind: KindExpense, Date: in.Date, Reference: in.Reference, CreatedBy: in.CreatedBy,
		CostCategory: in.Category, Description: fmt.Sprintf("%s, %s", in.Description, in.Supplier), Lines: []Line{
			{AccountID: client.ID, Amount: in.Amount, UnitID: in.UnitID, OwnerID: owner, Memo: in.Description},
			{AccountID: suppliers.ID, Amount: -in.Amount, UnitID: in.UnitID, Memo: in.Supplier},
		}})
	return id, err
}

// notBlockBill leaves out of a landlord's suppliers the postings of a
// block's supplier invoices (supplier_invoices.go), which are approved and
// paid invoice by invoice, never by the supplier's balance.
const notBlockBill = `NOT EXISTS (SELECT 1 FROM supplier_invoices si WHERE si.journal_id = p.journal_id OR si.payment_journal_id = p.journal_id)`

// SupplierBalance is what the organisation owes one supplier for expenses
// recorded and not yet paid.
type SupplierBalance struct {
	Supplier string
	Owed     int64
}

// SuppliersOwed lists the suppliers with something owed, by name.
func SuppliersOwed(ctx context.Context, q sqldb.Querier) ([]SupplierBalance, error) {
	rows, err := q.QueryContext(ctx, `SELECT min(p.memo), -sum(p.amount) FROM postings p
		JOIN ledger_accounts a ON a.id = p.account_id WHERE a.purpose = 'suppliers' AND `+notBlockBill+`
		GROUP BY p.memo COLLATE NOCASE HAVING sum(p.amount) <> 0 ORDER BY p.memo COLLATE NOCASE`)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []SupplierBalance
	for rows.Next() {
		var s SupplierBalance
		if err := rows.Scan(&s.Supplier, &s.Owed); err != nil {
			return nil, err
		}
		out = append(out, s)
	}
	return out, rows.Err()
}

func supplierOwed(ctx context.Context, q sqldb.Querier, supplier string) (int64, error) {
	var owed int64
	err := q.QueryRowContext(ctx, `SELECT -coalesce(sum(p.amount), 0) FROM postings p
		JOIN ledger_accounts a ON a.id = p.account_id WHERE a.purpose = 'suppliers' AND `+notBlockBill+` AND p.memo = ? COLLATE NOCASE`,
		supplier).Scan(&owed)
	return owed, err
}

// SupplierPaymentInput is a payment to a supplier from a bank account.
// Field names: supplier, account, date, amount, reference.
type SupplierPaymentInput struct {
	Supplier  string
	AccountID int64 // the bank account paid from
	Date      time.Time
	Amount    int64
	Reference string
	CreatedBy int64
}

// PaySupplier pays a supplier what expenses left owed to them: debit 2300,
// credit the bank. It refuses to pay more than is owed.
func PaySupplier(ctx context.Context, tx *sql.Tx, now time.Time, in SupplierPaymentInput) (int64, error) {
	f := errs.Fields{}
	in.Supplier, in.Reference = clean(in.Supplier), clean(in.Reference)
	checkText(f, "supplier", in.Supplier, 120, "Enter the supplier being paid.")
	checkText(f, "reference", in.Reference, 100, "")
	checkDateAmount(f, in.Date, in.Amount)
	bank, err := bankAccount(ctx, tx, f, in.AccountID)
	if err != nil {
		return 0, err
	}
	if _, bad := f["supplier"]; !bad && in.Amount > 0 {
		owed, err := supplierOwed(ctx, tx, in.Supplier)
		if err != nil {
			return 0, err
		}
		switch {
		case owed <= 0:
			f.Add("supplier", "Nothing is owed to "+in.Supplier+". Record the expense first.")
		case in.Amount > owed:
			f.Add("amount", fmt.Sprintf("%s is owed %s; you cannot pay them more than that.", in.Supplier, Pounds(owed)))
		}
	}
	if err := f.Err(); err != nil {
		return 0, err
	}
	suppliers, err := accountByPurpose(ctx, tx, PurposeSuppliers)
	if err != nil {
		return 0, err
	}
	id, _, err := Post(ctx, tx, now, Journal{Kind: KindPayout, Date: in.Date, Reference: in.Reference, CreatedBy: in.CreatedBy,
		Description: "Paid " + in.Supplier, Lines: []Line{
			{AccountID: suppliers.ID, Amount: in.Amount, Memo: in.Supplier},
			{AccountID: bank.ID, Amount: -in.Amount, Memo: in.Supplier},
		}})
	return id, err
}

// OwnerFunds is where a landlord's money stands now.
type OwnerFunds struct {
	Held        int64 // client money owed to them (2100), floats excluded
	Float       int64 // floats kept back for their properties (2200)
	Uncollected int64 // rent credited to them that tenants have not paid yet
	Available   int64 // what can be paid out now: Held - Uncollected
}

// FundsOf reads a landlord's money from the ledger. Rent is credited to
// the landlord when it is demanded, but only rent actually received may be
// paid out, so the rent still owed by tenants is held back from Available:
// for each unpaid invoice, the smaller of what is outstanding and its rent.
func FundsOf(ctx context.Context, q sqldb.Querier, ownerID int64) (OwnerFunds, error) {
	var o OwnerFunds
	err := q.QueryRowContext(ctx, `SELECT
			-coalesce(sum(CASE WHEN a.purpose = 'client_money' THEN p.amount END), 0),
			-coalesce(sum(CASE WHEN a.purpose = 'float' THEN p.amount END), 0)
		FROM postings p JOIN ledger_accounts a ON a.id = p.account_id
		WHERE p.owner_id = ? AND a.purpose IN ('client_money', 'float')`, ownerID).Scan(&o.Held, &o.Float)
	if err != nil {
		return o, err
	}
	if o.Uncollected, err = unpaidRent(ctx, q, ownerID, 0, "9999-99-99"); err != nil {
		return o, err
	}
	o.Available = o.Held - o.Uncollected
	return o, nil
}

// unpaidRent is the rent credited to the owner on invoices issued up to hi
// that tenants still owe, for one property or (unitID 0) all.
func unpaidRent(ctx context.Context, q sqldb.Querier, ownerID, unitID int64, hi string) (int64, error) {
	var n int64
	err := q.QueryRowContext(ctx, `SELECT coalesce(sum(min(outstanding, rent)), 0) FROM (
			SELECT i.total - i.paid AS outstanding,
				-sum(p.amount) AS rent
			FROM postings p JOIN ledger_accounts a ON a.id = p.account_id
			JOIN invoices i ON i.journal_id = p.journal_id
			WHERE p.owner_id = ? AND a.purpose = 'client_money' AND i.issue_date <= ? AND (? = 0 OR i.unit_id = ?)
			GROUP BY i.id)
		WHERE outstanding > 0 AND rent > 0`, ownerID, hi, unitID, unitID).Scan(&n)
	return n, err
}

// PayoutInput is a payment of a landlord's money to them. Field names:
// owner, unit, account, date, amount, reference.
type PayoutInput struct {
	OwnerID   int64
	UnitID    int64 // the property the payout is from; 0: all of theirs
	AccountID int64 // the client bank account paid from
	Date      time.Time
	Amount    int64
	Reference string
	CreatedBy int64
}

// RecordPayout pays a landlord: debit 2100 for the owner, credit the bank.
// It refuses to pay more than is available: the client money held for them,
// less their floats (already set aside on 2200) and rent not yet received.
func RecordPayout(ctx context.Context, tx *sql.Tx, now time.Time, in PayoutInput) (int64, error) {
	f := errs.Fields{}
	in.Reference = clean(in.Reference)
	checkDateAmount(f, in.Date, in.Amount)
	checkText(f, "reference", in.Reference, 100, "")
	bank, err := bankAccount(ctx, tx, f, in.AccountID)
	if err != nil {
		return 0, err
	}
	name, err := personName(ctx, tx, in.OwnerID)
	if errs.Is(err, errs.NotFound) {
		f.Add("owner", "Choose the landlord to pay.")
	} else if err != nil {
		return 0, err
	}
	if _, bad := f["owner"]; !bad && in.UnitID != 0 {
		if err := checkOwnersUnit(ctx, tx, f, in.OwnerID, in.UnitID); err != nil {
			return 0, err
		}
	}
	if _, bad := f["owner"]; !bad && in.Amount > 0 {
		funds, err := FundsOf(ctx, tx, in.OwnerID)
		if err != nil {
			return 0, err
		}
		if in.Amount > funds.Available {
			f.Add("amount", payoutRefusal(name, funds))
		}
	}
	if err := f.Err(); err != nil {
		return 0, err
	}
	client, err := accountByPurpose(ctx, tx, PurposeClientMoney)
	if err != nil {
		return 0, err
	}
	id, _, err := Post(ctx, tx, now, Journal{Kind: KindPayout, Date: in.Date, Reference: in.Reference, CreatedBy: in.CreatedBy,
		Description: "Paid to " + name, Lines: []Line{
			{AccountID: client.ID, Amount: in.Amount, UnitID: in.UnitID, OwnerID: in.OwnerID, Memo: "Payout"},
			{AccountID: bank.ID, Amount: -in.Amount, Memo: "Payout to " + name},
		}})
	return id, err
}

func payoutRefusal(name string, o OwnerFunds) string {
	if o.Available <= 0 {
		msg := "Nothing is available to pay " + name + " now"
		if o.Uncollected > 0 {
			msg += fmt.Sprintf(": %s of the rent credited to them has not been received from tenants yet", Pounds(o.Uncollected))
		}
		return msg + "."
	}
	msg := fmt.Sprintf("Only %s is available to pay %s", Pounds(o.Available), name)
	var why []string
	if o.Float > 0 {
		why = append(why, fmt.Sprintf("%s is kept back as float", Pounds(o.Float)))
	}
	if o.Uncollected > 0 {
		why = append(why, fmt.Sprintf("%s of rent has not been received from tenants yet", Pounds(o.Uncollected)))
	}
	if len(why) > 0 {
		msg += "; " + joinAnd(why)
	}
	return msg + "."
}

// FloatInput sets the float kept back from a landlord's money for one
// property. Field names: unit, owner, date, float.
type FloatInput struct {
	UnitID    int64
	OwnerID   int64 // 0: the unit's owner on Date
	Date      time.Time
	Target    int64 // the float to hold, 0 to release it
	CreatedBy int64
}

// FloatHeld is the float held for an owner's property.
func FloatHeld(ctx context.Context, q sqldb.Querier, ownerID, unitID int64) (int64, error) {
	var n int64
	err := q.QueryRowContext(ctx, `SELECT -coalesce(sum(p.amount), 0) FROM postings p
		JOIN ledger_accounts a ON a.id = p.account_id
		WHERE p.owner_id = ? AND p.unit_id = ? AND a.purpose = 'float'`, ownerID, unitID).Scan(&n)
	return n, err
}

// SetFloat moves money between the landlord's client money (2100) and
// their float for the property (2200) so that the float held equals the
// target. It returns the journal id, or 0 when the float was already right.
func SetFloat(ctx context.Context, tx *sql.Tx, now time.Time, in FloatInput) (int64, error) {
	f := errs.Fields{}
	if in.UnitID == 0 {
		f.Add("unit", "Choose the property.")
	}
	checkDate(f, "date", in.Date)
	if in.Target < 0 {
		f.Add("float", "Enter a float of zero or more.")
	} else if in.Target > 1_000_000_00 {
		f.Add("float", "That float is too large.")
	}
	owner, err := resolveOwner(ctx, tx, f, in.UnitID, in.OwnerID, in.Date)
	if err != nil {
		return 0, err
	}
	if err := f.Err(); err != nil {
		return 0, err
	}
	held, err := FloatHeld(ctx, tx, owner, in.UnitID)
	if err != nil {
		return 0, err
	}
	delta := in.Target - held
	if delta == 0 {
		return 0, nil
	}
	client, float, err := accountsByPurpose(ctx, tx, PurposeClientMoney, PurposeFloat)
	if err != nil {
		return 0, err
	}
	memo := "Float set to " + Pounds(in.Target)
	id, _, err := Post(ctx, tx, now, Journal{Kind: KindFloat, Date: in.Date, Description: memo, CreatedBy: in.CreatedBy,
		Lines: []Line{
			{AccountID: client.ID, Amount: delta, UnitID: in.UnitID, OwnerID: owner, Memo: memo},
			{AccountID: float.ID, Amount: -delta, UnitID: in.UnitID, OwnerID: owner, Memo: memo},
		}})
	return id, err
}
