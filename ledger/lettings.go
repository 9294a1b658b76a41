package ledger

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"strconv"
	"strings"
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
// names: unit, owner, date, amount, description.
type FeeInput struct {
	UnitID      int64
	OwnerID     int64 // 0: the unit's owner on Date
	Date        time.Time
	Amount      int64 // including any VAT
	Description string
	CreatedBy   int64
}

// ChargeFee deducts the agent's fee from the landlord's money: debit 2100
// for the owner, credit 4900 Agent fee income. It returns the journal id.
func ChargeFee(ctx context.Context, tx *sql.Tx, now time.Time, in FeeInput) (int64, error) {
	f := errs.Fields{}
	in.Description = clean(in.Description)
	checkUnitDateAmount(f, in.UnitID, in.Date, in.Amount)
	checkText(f, "description", in.Description, 200, "Say what the fee is for, such as \"Management fee, 10% + VAT\".")
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
		CreatedBy: in.CreatedBy, Lines: []Line{
			{AccountID: client.ID, Amount: in.Amount, UnitID: in.UnitID, OwnerID: owner, Memo: in.Description},
			{AccountID: fees.ID, Amount: -in.Amount, UnitID: in.UnitID, Memo: in.Description},
		}})
	return id, err
}

// ExpenseInput is a bill paid on a landlord's behalf, such as a repair.
// Field names: unit, owner, date, amount, supplier, description, reference.
type ExpenseInput struct {
	UnitID      int64
	OwnerID     int64 // 0: the unit's owner on Date
	Date        time.Time
	Amount      int64
	Supplier    string
	Description string
	Reference   string // the supplier's invoice number
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
		Description: fmt.Sprintf("%s, %s", in.Description, in.Supplier), Lines: []Line{
			{AccountID: client.ID, Amount: in.Amount, UnitID: in.UnitID, OwnerID: owner, Memo: in.Description},
			{AccountID: suppliers.ID, Amount: -in.Amount, UnitID: in.UnitID, Memo: in.Supplier},
		}})
	return id, err
}

// SupplierBalance is what the organisation owes one supplier for expenses
// recorded and not yet paid.
type SupplierBalance struct {
	Supplier string
	Owed     int64
}

// SuppliersOwed lists the suppliers with something owed, by name.
func SuppliersOwed(ctx context.Context, q sqldb.Querier) ([]SupplierBalance, error) {
	rows, err := q.QueryContext(ctx, `SELECT min(p.memo), -sum(p.amount) FROM postings p
		JOIN ledger_accounts a ON a.id = p.account_id WHERE a.purpose = 'suppliers'
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
		JOIN ledger_accounts a ON a.id = p.account_id WHERE a.purpose = 'suppliers' AND p.memo = ? COLLATE NOCASE`,
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
	if o.Uncollected, err = unpaidRent(ctx, q, ownerID, "9999-99-99"); err != nil {
		return o, err
	}
	o.Available = o.Held - o.Uncollected
	return o, nil
}

// unpaidRent is the rent credited to the owner on invoices issued up to hi
// that tenants still owe.
func unpaidRent(ctx context.Context, q sqldb.Querier, ownerID int64, hi string) (int64, error) {
	var n int64
	err := q.QueryRowContext(ctx, `SELECT coalesce(sum(min(outstanding, rent)), 0) FROM (
			SELECT i.total - coalesce((SELECT sum(al.amount) FROM allocations al WHERE al.invoice_id = i.id), 0) AS outstanding,
				-sum(p.amount) AS rent
			FROM postings p JOIN ledger_accounts a ON a.id = p.account_id
			JOIN invoices i ON i.journal_id = p.journal_id
			WHERE p.owner_id = ? AND a.purpose = 'client_money' AND i.issue_date <= ?
			GROUP BY i.id)
		WHERE outstanding > 0 AND rent > 0`, ownerID, hi).Scan(&n)
	return n, err
}

// PayoutInput is a payment of a landlord's money to them. Field names:
// owner, account, date, amount, reference.
type PayoutInput struct {
	OwnerID   int64
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
			{AccountID: client.ID, Amount: in.Amount, OwnerID: in.OwnerID, Memo: "Payout"},
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

// resolveOwner returns the landlord a posting concerns: the given owner,
// who must be (or have been) an owner of the unit, or else the unit's owner
// on the date. Problems go into f.
func resolveOwner(ctx context.Context, q sqldb.Querier, f errs.Fields, unitID, ownerID int64, on time.Time) (int64, error) {
	if unitID == 0 {
		return 0, nil
	}
	var one int
	if err := q.QueryRowContext(ctx, `SELECT 1 FROM units WHERE id = ?`, unitID).Scan(&one); errors.Is(err, sql.ErrNoRows) {
		f.Add("unit", "Choose a property.")
		return 0, nil
	} else if err != nil {
		return 0, err
	}
	if ownerID == 0 {
		if on.IsZero() {
			return 0, nil
		}
		id, err := ownerOf(ctx, q, unitID, on)
		if e, ok := errs.As(err); ok && e.Code == errs.Invalid {
			f.Add("owner", "This property has no landlord on that date. Link its owner first.")
			return 0, nil
		}
		return id, err
	}
	err := q.QueryRowContext(ctx, `SELECT 1 FROM unit_people WHERE unit_id = ? AND person_id = ? AND role = 'owner' LIMIT 1`,
		unitID, ownerID).Scan(&one)
	if errors.Is(err, sql.ErrNoRows) {
		f.Add("owner", "That person is not a landlord of this property.")
		return 0, nil
	}
	return ownerID, err
}

func personName(ctx context.Context, q sqldb.Querier, id int64) (string, error) {
	var name string
	err := q.QueryRowContext(ctx, `SELECT full_name FROM people WHERE id = ?`, id).Scan(&name)
	if errors.Is(err, sql.ErrNoRows) {
		return "", errs.E(errs.NotFound, "There is no such person.")
	}
	return name, err
}

// bankAccount checks that id is a bank account, adding to f if not.
func bankAccount(ctx context.Context, q sqldb.Querier, f errs.Fields, id int64) (Account, error) {
	if id == 0 {
		f.Add("account", "Choose the bank account.")
		return Account{}, nil
	}
	a, err := accountByID(ctx, q, id)
	if errors.Is(err, sql.ErrNoRows) || (err == nil && a.Purpose != PurposeBank) {
		f.Add("account", "Choose a bank account.")
		return a, nil
	}
	return a, err
}

func accountsByPurpose(ctx context.Context, q sqldb.Querier, p1, p2 string) (Account, Account, error) {
	a, err := accountByPurpose(ctx, q, p1)
	if err != nil {
		return a, Account{}, err
	}
	b, err := accountByPurpose(ctx, q, p2)
	return a, b, err
}

func clean(s string) string { return strings.Join(strings.Fields(s), " ") }

// checkText requires s when required is a message, and limits its length.
func checkText(f errs.Fields, field, s string, max int, required string) {
	switch {
	case s == "" && required != "":
		f.Add(field, required)
	case len(s) > max:
		f.Add(field, fmt.Sprintf("Keep this to %d characters or fewer.", max))
	}
}

func checkDate(f errs.Fields, field string, t time.Time) {
	switch {
	case t.IsZero():
		f.Add(field, "Enter the date.")
	case t.Before(minDate) || !t.Before(maxDate):
		f.Add(field, "Enter a date between 2000 and 2099.")
	}
}

func checkDateAmount(f errs.Fields, date time.Time, amount int64) {
	checkDate(f, "date", date)
	if amount <= 0 {
		f.Add("amount", "Enter an amount greater than zero.")
	} else if amount > 100_000_000_00 {
		f.Add("amount", "That amount is too large.")
	}
}

func checkUnitDateAmount(f errs.Fields, unitID int64, date time.Time, amount int64) {
	if unitID == 0 {
		f.Add("unit", "Choose the property.")
	}
	checkDateAmount(f, date, amount)
}

// Pounds formats minor units for messages: 123456 -> "£1,234.56".
func Pounds(minor int64) string {
	sign := ""
	if minor < 0 {
		sign, minor = "-", -minor
	}
	whole := strconv.FormatInt(minor/100, 10)
	for i := len(whole) - 3; i > 0; i -= 3 {
		whole = whole[:i] + "," + whole[i:]
	}
	return fmt.Sprintf("%s£%s.%02d", sign, whole, minor%100)
}

// DeductionInput is a deduction from a landlord's money planned for a
// future date, such as an annual gas safety certificate. Field names: unit,
// owner, description, supplier, amount, due_date.
type DeductionInput struct {
	UnitID      int64
	OwnerID     int64 // 0: the unit's owner on DueDate
	Description string
	Supplier    string
	Amount      int64
	DueDate     time.Time
	CreatedBy   int64
}

// Deduction is a scheduled deduction as stored.
type Deduction struct {
	ID          int64
	PublicID    string
	UnitID      int64
	UnitName    string
	OwnerID     int64
	OwnerName   string
	Description string
	Supplier    string
	Amount      int64
	DueDate     time.Time
	JournalID   int64 // the expense once posted
}

// ScheduleDeduction records a deduction to be posted as an expense on its
// due date, which must be today or later (for one already due, record the
// expense).
func ScheduleDeduction(ctx context.Context, tx *sql.Tx, now time.Time, in DeductionInput) (Deduction, error) {
	f := errs.Fields{}
	in.Description, in.Supplier = clean(in.Description), clean(in.Supplier)
	if in.UnitID == 0 {
		f.Add("unit", "Choose the property.")
	}
	checkText(f, "description", in.Description, 200, "Say what the deduction is for, such as \"Annual gas safety certificate\".")
	checkText(f, "supplier", in.Supplier, 120, "Enter the supplier who will be paid.")
	checkDateAmount(f, in.DueDate, in.Amount)
	if v, ok := f["date"]; ok {
		delete(f, "date")
		f.Add("due_date", v)
	} else if sqldb.FormatDate(in.DueDate) < sqldb.FormatDate(now) {
		f.Add("due_date", "Choose today or a later date; for a cost already due, record an expense instead.")
	}
	owner, err := resolveOwner(ctx, tx, f, in.UnitID, in.OwnerID, in.DueDate)
	if err != nil {
		return Deduction{}, err
	}
	if err := f.Err(); err != nil {
		return Deduction{}, err
	}
	pub := sqldb.NewPublicID()
	res, err := tx.ExecContext(ctx, `INSERT INTO scheduled_deductions (public_id, unit_id, owner_id, description, supplier,
		amount, due_date, created_by, created_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)`, pub, in.UnitID, owner,
		in.Description, in.Supplier, in.Amount, sqldb.FormatDate(in.DueDate), nullID(in.CreatedBy), sqldb.At(now))
	if err != nil {
		return Deduction{}, fmt.Errorf("schedule deduction: %w", err)
	}
	id, _ := res.LastInsertId()
	list, err := deductions(ctx, tx, `WHERE d.id = ?`, id)
	if err != nil || len(list) == 0 {
		return Deduction{}, err
	}
	return list[0], nil
}

const deductionCols = `d.id, d.public_id, d.unit_id, u.name, d.owner_id, p.full_name, d.description, d.supplier,
	d.amount, d.due_date, coalesce(d.journal_id, 0)
	FROM scheduled_deductions d JOIN units u ON u.id = d.unit_id JOIN people p ON p.id = d.owner_id `

func deductions(ctx context.Context, q sqldb.Querier, where string, args ...any) ([]Deduction, error) {
	rows, err := q.QueryContext(ctx, `SELECT `+deductionCols+where, args...)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []Deduction
	for rows.Next() {
		var d Deduction
		var due string
		if err := rows.Scan(&d.ID, &d.PublicID, &d.UnitID, &d.UnitName, &d.OwnerID, &d.OwnerName, &d.Description,
			&d.Supplier, &d.Amount, &due, &d.JournalID); err != nil {
			return nil, err
		}
		d.DueDate = sqldb.ParseDate(due)
		out = append(out, d)
	}
	return out, rows.Err()
}

// UpcomingDeductions lists the deductions not yet posted or cancelled, by
// due date; for one landlord, or for all when ownerID is 0.
func UpcomingDeductions(ctx context.Context, q sqldb.Querier, ownerID int64) ([]Deduction, error) {
	return deductions(ctx, q, `WHERE d.journal_id IS NULL AND d.cancelled_at IS NULL AND (? = 0 OR d.owner_id = ?)
		ORDER BY d.due_date, d.id`, ownerID, ownerID)
}

// GetDeduction returns a scheduled deduction by public id, or NotFound.
func GetDeduction(ctx context.Context, q sqldb.Querier, publicID string) (Deduction, error) {
	list, err := deductions(ctx, q, `WHERE d.public_id = ?`, publicID)
	if err == nil && len(list) == 0 {
		err = errs.E(errs.NotFound, "There is no such deduction.")
	}
	if err != nil {
		return Deduction{}, err
	}
	return list[0], nil
}

// CancelDeduction withdraws a deduction that has not been posted yet.
func CancelDeduction(ctx context.Context, tx *sql.Tx, now time.Time, deductionID int64) error {
	res, err := tx.ExecContext(ctx, `UPDATE scheduled_deductions SET cancelled_at = ?
		WHERE id = ? AND journal_id IS NULL AND cancelled_at IS NULL`, sqldb.At(now), deductionID)
	if err != nil {
		return err
	}
	if n, _ := res.RowsAffected(); n == 0 {
		return errs.E(errs.Conflict, "This deduction has already been posted or cancelled.")
	}
	return nil
}

// PostDueDeductions posts every deduction due on or before today as an
// expense dated its due date, and marks it posted in the same transaction,
// so running it again posts nothing twice. It returns how many it posted.
func PostDueDeductions(ctx context.Context, tx *sql.Tx, now, today time.Time) (int, error) {
	due, err := deductions(ctx, tx, `WHERE d.journal_id IS NULL AND d.cancelled_at IS NULL AND d.due_date <= ?
		ORDER BY d.due_date, d.id`, sqldb.FormatDate(today))
	if err != nil {
		return 0, err
	}
	for _, d := range due {
		id, err := postExpense(ctx, tx, now, ExpenseInput{UnitID: d.UnitID, Date: d.DueDate, Amount: d.Amount,
			Supplier: d.Supplier, Description: d.Description, Reference: "Scheduled"}, d.OwnerID)
		if err != nil {
			return 0, err
		}
		res, err := tx.ExecContext(ctx, `UPDATE scheduled_deductions SET journal_id = ? WHERE id = ? AND journal_id IS NULL`, id, d.ID)
		if err != nil {
			return 0, err
		}
		if n, _ := res.RowsAffected(); n != 1 {
			return 0, fmt.Errorf("ledger: deduction %d posted twice", d.ID)
		}
	}
	return len(due), nil
}

// Owner statement line categories.
const (
	OwnerIncome  = "income"
	OwnerExpense = "expense"
	OwnerFee     = "fee"
	OwnerPayout  = "payout"
	OwnerFloat   = "float"
	OwnerOther   = "other"
)

// LandlordStatement is a landlord's account for a period, derived only from
// their postings on 2100 (client money) and 2200 (floats). Amounts are the
// landlord's money: positive means held for them. Closing = Opening +
// Income - Expenses - Fees - Payouts + Other, and Due = Closing - Float.
type LandlordStatement struct {
	OwnerID   int64
	OwnerName string
	From, To  time.Time // inclusive; zero From: from the start, zero To: to the end
	Opening   int64     // held for them, float included, before From
	Income    int64     // rent, less rent credited back to tenants
	Expenses  int64
	Fees      int64
	Payouts   int64
	Other     int64 // anything else, such as opening balances brought in
	Closing   int64
	Float     int64 // floats held at the end
	Due       int64 // what is owed to them beyond the float: Closing - Float
	// RentUnpaid is rent in Income (or before) that tenants have not paid
	// yet, as things stand now; it is not paid out until received.
	RentUnpaid int64
	Lines      []OwnerLine
}

// OwnerLine is one entry of an owner statement.
type OwnerLine struct {
	JournalID   int64
	Date        time.Time
	Category    string // OwnerIncome, OwnerExpense, ...
	Description string
	Memo        string
	Unit        string // the property's name, "" for a payout of all
	Amount      int64  // change in the landlord's money: + in, - out
	FloatChange int64  // change in the float held (moved within their money)
	Balance     int64  // held for them after this entry, float included
}

// OwnerStatement builds a landlord's statement between from and to
// (inclusive dates), or NotFound for an unknown person.
func OwnerStatement(ctx context.Context, q sqldb.Querier, ownerID int64, from, to time.Time) (LandlordStatement, error) {
	st := LandlordStatement{OwnerID: ownerID, From: from, To: to}
	var err error
	if st.OwnerName, err = personName(ctx, q, ownerID); err != nil {
		return st, err
	}
	lo, hi := "0000-00-00", "9999-99-99"
	if !from.IsZero() {
		lo = sqldb.FormatDate(from)
	}
	if !to.IsZero() {
		hi = sqldb.FormatDate(to)
	}
	if err := q.QueryRowContext(ctx, `SELECT -coalesce(sum(p.amount), 0) FROM postings p
		JOIN journals j ON j.id = p.journal_id JOIN ledger_accounts a ON a.id = p.account_id
		WHERE p.owner_id = ? AND a.purpose IN ('client_money', 'float') AND j.date < ?`, ownerID, lo).Scan(&st.Opening); err != nil {
		return st, err
	}
	rows, err := q.QueryContext(ctx, `SELECT j.id, j.date, coalesce(r.kind, j.kind), j.description,
			coalesce(group_concat(DISTINCT nullif(p.memo, '')), ''), coalesce(group_concat(DISTINCT u.name), ''),
			-sum(p.amount), -coalesce(sum(CASE WHEN a.purpose = 'float' THEN p.amount END), 0)
		FROM postings p JOIN journals j ON j.id = p.journal_id JOIN ledger_accounts a ON a.id = p.account_id
		LEFT JOIN journals r ON r.id = j.reverses_id LEFT JOIN units u ON u.id = p.unit_id
		WHERE p.owner_id = ? AND a.purpose IN ('client_money', 'float') AND j.date >= ? AND j.date <= ?
		GROUP BY j.id ORDER BY j.date, j.id`, ownerID, lo, hi)
	if err != nil {
		return st, err
	}
	defer rows.Close()
	bal := st.Opening
	for rows.Next() {
		var l OwnerLine
		var date, kind string
		if err := rows.Scan(&l.JournalID, &date, &kind, &l.Description, &l.Memo, &l.Unit, &l.Amount, &l.FloatChange); err != nil {
			return st, err
		}
		l.Date = sqldb.ParseDate(date)
		switch kind {
		case KindDemand, KindCredit:
			l.Category = OwnerIncome
			st.Income += l.Amount
		case KindExpense:
			l.Category = OwnerExpense
			st.Expenses -= l.Amount
		case KindFee:
			l.Category = OwnerFee
			st.Fees -= l.Amount
		case KindPayout:
			l.Category = OwnerPayout
			st.Payouts -= l.Amount
		case KindFloat:
			l.Category = OwnerFloat
			st.Other += l.Amount // always zero: a float only moves money within theirs
		default:
			l.Category = OwnerOther
			st.Other += l.Amount
		}
		bal += l.Amount
		l.Balance = bal
		st.Lines = append(st.Lines, l)
	}
	if err := rows.Err(); err != nil {
		return st, err
	}
	st.Closing = bal
	if err := q.QueryRowContext(ctx, `SELECT -coalesce(sum(p.amount), 0) FROM postings p
		JOIN journals j ON j.id = p.journal_id JOIN ledger_accounts a ON a.id = p.account_id
		WHERE p.owner_id = ? AND a.purpose = 'float' AND j.date <= ?`, ownerID, hi).Scan(&st.Float); err != nil {
		return st, err
	}
	st.Due = st.Closing - st.Float
	st.RentUnpaid, err = unpaidRent(ctx, q, ownerID, hi)
	return st, err
}
