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

// checkOwnersUnit adds a message unless the landlord owns or owned the
// property, or has money posted for it.
func checkOwnersUnit(ctx context.Context, q sqldb.Querier, f errs.Fields, ownerID, unitID int64) error {
	var one int
	err := q.QueryRowContext(ctx, `SELECT 1 FROM unit_people WHERE unit_id = ? AND person_id = ? AND role = 'owner'
		UNION ALL SELECT 1 FROM postings WHERE owner_id = ? AND unit_id = ? LIMIT 1`, unitID, ownerID, ownerID, unitID).Scan(&one)
	if errors.Is(err, sql.ErrNoRows) {
		f.Add("unit", "Choose one of this landlord's properties, or all of them.")
		return nil
	}
	return err
}
