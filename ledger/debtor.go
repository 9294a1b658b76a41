package ledger

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"slices"
	"strings"
	"time"

	"porch/errs"
	"porch/estate"
	"porch/sqldb"
)

// Debtor is an account on the debtors ledger: a unit's, narrowed to the
// accounts of some of its occupancies. A unit's charges go to the lease or
// tenancy paying them on the day, so a seller keeps their own balance and
// a buyer starts at zero; the unit as a whole is every occupancy's
// account added up, and what was charged when it had none.
type Debtor struct {
	UnitID int64
	// Occupancies are the accounts, by occupancy id; 0 stands for what was
	// charged to the unit while it had no paying occupancy. Nil: the whole
	// unit.
	Occupancies []int64
}

// WholeUnit is the unit's account over all its occupancies.
func WholeUnit(unitID int64) Debtor { return Debtor{UnitID: unitID} }

// where narrows postings (alias p) or invoices (alias i) to the debtor.
func (d Debtor) where(alias string) (string, []any) {
	if len(d.Occupancies) == 0 {
		return alias + ".unit_id = ?", []any{d.UnitID}
	}
	args := make([]any, 0, 1+len(d.Occupancies))
	args = append(args, d.UnitID)
	for _, o := range d.Occupancies {
		args = append(args, o)
	}
	column, unit := alias+".occupancy_id", alias+".unit_id = ?"
	if slices.Contains(d.Occupancies, 0) {
		column = "coalesce(" + column + ", 0)"
	} else if alias == "p" {
		// Postings of named leases and tenancies are found from the index
		// by account, occupancy and date, not from every posting of the
		// unit: the + keeps SQLite from choosing the unit's index.
		unit = "+" + unit
	}
	return unit + " AND " + column + " IN (?" + strings.Repeat(", ?", len(d.Occupancies)-1) + ")", args
}

// PersonDebtor is the account a person pays at a unit: their leases or
// tenancies of it; the whole unit when they hold none that pays (a
// landlord reading their tenant's account).
func PersonDebtor(ctx context.Context, q sqldb.Querier, unitID, personID int64) (Debtor, error) {
	occ, err := estate.AccountsOfPerson(ctx, q, unitID, personID)
	return Debtor{UnitID: unitID, Occupancies: occ}, err
}

// DebtorBalance is what the account owes now (negative: in credit), read
// from the balances the ledger keeps per account (migration 00034).
func DebtorBalance(ctx context.Context, q sqldb.Querier, d Debtor) (int64, error) {
	w, args := d.where("b")
	var b int64
	err := q.QueryRowContext(ctx, `SELECT coalesce(sum(b.balance), 0) FROM debtor_balances b WHERE `+w, args...).Scan(&b)
	return b, err
}

// LastEntry is the date of the account's latest entry; zero when it has
// none.
func LastEntry(ctx context.Context, q sqldb.Querier, d Debtor) (time.Time, error) {
	w, args := d.where("p")
	var last string
	err := q.QueryRowContext(ctx, `SELECT coalesce(max(p.date), '') FROM postings p WHERE `+debtorPostings+` AND `+w, args...).Scan(&last)
	return sqldb.ParseDate(last), err
}

// DebtorInvoices lists the account's invoices, newest first.
func DebtorInvoices(ctx context.Context, q sqldb.Querier, d Debtor) ([]Invoice, error) {
	w, args := d.where("i")
	return queryInvoices(ctx, q, `WHERE `+w+` ORDER BY i.issue_date DESC, i.number DESC`, args...)
}

// DebtorOverdue returns the issue dates of the account's invoices that are
// overdue on the day today: not fully paid and past their due date (as
// Invoice.Status says). It reads only the unit's unpaid invoices, from
// their index, however long the account's history.
func DebtorOverdue(ctx context.Context, q sqldb.Querier, d Debtor, today time.Time) ([]time.Time, error) {
	w, args := d.where("i")
	return sqldb.QueryAll(ctx, q, func(s sqldb.Scanner) (time.Time, error) {
		var issue string
		err := s.Scan(&issue)
		return sqldb.ParseDate(issue), err
	}, `SELECT i.issue_date FROM invoices i WHERE `+w+` AND i.paid < i.total AND i.due_date < ?`, append(args, sqldb.FormatDate(today))...)
}

// AccountBalance is one balance of a unit's accounts, for the manager's
// view of the unit: an occupancy's (OccupancyID 0: charged to the unit
// while it had none).
type AccountBalance struct {
	OccupancyID int64
	Balance     int64
	Entries     int
}

// UnitAccountBalances returns the balance of each of the unit's accounts
// that has entries, by occupancy id.
func UnitAccountBalances(ctx context.Context, q sqldb.Querier, unitID int64) (map[int64]AccountBalance, error) {
	rows, err := q.QueryContext(ctx, `SELECT coalesce(p.occupancy_id, 0), sum(p.amount), count(*) FROM postings p
		WHERE `+debtorPostings+` AND p.unit_id = ? GROUP BY p.occupancy_id`, unitID)
	if err != nil {
		return nil, fmt.Errorf("account balances: %w", err)
	}
	defer rows.Close()
	out := map[int64]AccountBalance{}
	for rows.Next() {
		var b AccountBalance
		if err := rows.Scan(&b.OccupancyID, &b.Balance, &b.Entries); err != nil {
			return nil, fmt.Errorf("account balances: %w", err)
		}
		out[b.OccupancyID] = b
	}
	return out, rows.Err()
}

// accountFor is the occupancy an entry of the unit dated day is charged
// to: the one asked for, which must be the unit's, or else the unit's
// paying occupancy on the day (0 when it never had one).
func accountFor(ctx context.Context, q sqldb.Querier, unitID, asked int64, day time.Time) (int64, error) {
	if asked == 0 {
		return estate.PayerOn(ctx, q, unitID, day)
	}
	var unit int64
	err := q.QueryRowContext(ctx, `SELECT unit_id FROM occupancies WHERE id = ?`, asked).Scan(&unit)
	if errors.Is(err, sql.ErrNoRows) || (err == nil && unit != unitID) {
		return 0, errs.Fields{"occupancy": "Choose one of this unit's accounts."}.Err()
	}
	return asked, err
}
