package ledger

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"strings"
	"time"

	"porch/errs"
	"porch/sqldb"
)

// Charge treatments.
const (
	TreatmentIncome      = "income"
	TreatmentClientMoney = "client_money"
)

// Income account codes run from 4000 in steps of 10 and stop before 4900,
// the agent fee income account.
const (
	firstIncomeCode = 4000
	lastIncomeCode  = 4890
)

// CreateChargeType adds a charge type a manager can demand. One treated as
// income gets an income account of its own ("<name> income", the next free
// code from 4000 in steps of 10); one collected as client money for a
// landlord posts to 2100, client money owed to landlords. Names are unique
// regardless of case. kind is what the charge is in law (ChargeKinds); ""
// works it out from the name (ChargeKindOf). Field names in validation
// errors: name, treatment, kind.
func CreateChargeType(ctx context.Context, tx *sql.Tx, now time.Time, name, treatment, kind string) (ChargeType, error) {
	f := errs.Fields{}
	name = strings.Join(strings.Fields(name), " ")
	switch {
	case name == "":
		f.Add("name", "Enter a name for the charge, such as \"Insurance\" or \"Parking permit\".")
	case len(name) > 80:
		f.Add("name", "Keep the name to 80 characters or fewer.")
	default:
		var one int
		err := tx.QueryRowContext(ctx, `SELECT 1 FROM charge_types WHERE name = ? COLLATE NOCASE`, name).Scan(&one)
		switch {
		case err == nil:
			f.Add("name", "There is already a charge type called \""+name+"\".")
		case !errors.Is(err, sql.ErrNoRows):
			return ChargeType{}, fmt.Errorf("check charge type name: %w", err)
		}
	}
	if treatment != TreatmentIncome && treatment != TreatmentClientMoney {
		f.Add("treatment", "Choose whether the charge is the organisation's income or client money collected for a landlord.")
	}
	if kind == "" {
		kind = ChargeKindOf(name, treatment)
	}
	if msg := chargeKindProblem(kind, treatment); msg != "" && f["treatment"] == "" {
		f.Add("kind", msg)
	}
	if err := f.Err(); err != nil {
		return ChargeType{}, err
	}
	var account Account
	var err error
	if treatment == TreatmentClientMoney {
		if account, err = AccountByCode(ctx, tx, "2100"); err != nil {
			return ChargeType{}, fmt.Errorf("client money account: %w", err)
		}
	} else {
		code, err := nextIncomeCode(ctx, tx)
		if err != nil {
			return ChargeType{}, err
		}
		if account, err = insertAccount(ctx, tx, now, Account{Code: code, Name: name + " income", Type: "income", Purpose: PurposeIncome}); err != nil {
			return ChargeType{}, err
		}
	}
	c := ChargeType{PublicID: sqldb.NewPublicID(), Name: name, Treatment: treatment, AccountID: account.ID, Kind: kind}
	res, err := tx.ExecContext(ctx, `INSERT INTO charge_types (public_id, name, treatment, account_id, kind, created_at)
		VALUES (?, ?, ?, ?, ?, ?)`, c.PublicID, c.Name, c.Treatment, c.AccountID, c.Kind, sqldb.At(now))
	if err != nil {
		return ChargeType{}, fmt.Errorf("create charge type: %w", err)
	}
	c.ID, _ = res.LastInsertId()
	return c, nil
}

// nextIncomeCode is the first unused income code from 4000 in steps of 10.
func nextIncomeCode(ctx context.Context, tx *sql.Tx) (string, error) {
	rows, err := tx.QueryContext(ctx, `SELECT code FROM ledger_accounts WHERE code BETWEEN ? AND ?`,
		fmt.Sprint(firstIncomeCode), fmt.Sprint(lastIncomeCode))
	if err != nil {
		return "", err
	}
	defer rows.Close()
	used := map[string]bool{}
	for rows.Next() {
		var code string
		if err := rows.Scan(&code); err != nil {
			return "", err
		}
		used[code] = true
	}
	if err := rows.Err(); err != nil {
		return "", err
	}
	for n := firstIncomeCode; n <= lastIncomeCode; n += 10 {
		if code := fmt.Sprint(n); !used[code] {
			return code, nil
		}
	}
	return "", errs.Fields{"name": "There is no room for another income account: the codes 4000 to 4890 are all used."}.Err()
}
