package ledger

import (
	"context"
	"database/sql"
	"fmt"
	"time"

	"porch/errs"
	"porch/sqldb"
)

// DeductionInput is a deduction from a landlord's money planned for a
// future date, such as an annual gas safety certificate. Field names: unit,
// owner, description, supplier, amount, due_date, category.
type DeductionInput struct {
	UnitID      int64
	OwnerID     int64 // 0: the unit's owner on DueDate
	Description string
	Supplier    string
	Amount      int64
	DueDate     time.Time
	Category    string // an expense's CostCategory key; "" for other
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
	Category    string
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
	checkCategory(f, KindExpense, in.Category)
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
		amount, due_date, cost_category, created_by, created_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`, pub, in.UnitID, owner,
		in.Description, in.Supplier, in.Amount, sqldb.FormatDate(in.DueDate), in.Category, nullID(in.CreatedBy), sqldb.At(now))
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
	d.amount, d.due_date, d.cost_category, coalesce(d.journal_id, 0)
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
			&d.Supplier, &d.Amount, &due, &d.Category, &d.JournalID); err != nil {
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
			Supplier: d.Supplier, Description: d.Description, Reference: "Scheduled", Category: d.Category}, d.OwnerID)
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
