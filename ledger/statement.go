package ledger

import (
	"context"
	"time"

	"porch/estate"
)

// StatementLine is one entry on a unit's statement: a demand, a payment, a
// credit or a reversal, with the running balance after it (positive means
// owed by the unit, negative in credit).
type StatementLine struct {
	JournalID   int64
	Date        time.Time
	Kind        string
	Description string
	Reference   string
	InvoiceID   string // public id of the invoice a demand raised
	Debit       int64  // demanded
	Credit      int64  // paid or credited
	Balance     int64
}

// ChargeTotal is what was demanded and credited for one charge type.
type ChargeTotal struct {
	ChargeType string
	Demanded   int64
	Credited   int64
}

// Statement is a unit's account for a period, derived only from the
// postings on its debtor account.
type Statement struct {
	UnitID   int64
	From, To time.Time // inclusive dates; zero From means from the start
	Opening  int64
	Demanded int64
	Paid     int64 // receipts, credits and reversals that reduced the balance
	Closing  int64
	Lines    []StatementLine
	ByCharge []ChargeTotal
}

// UnitStatement builds the statement of a unit between from and to
// (inclusive). Zero from means from the first entry; zero to means today
// and beyond.
func UnitStatement(ctx context.Context, q estate.Querier, unitID int64, from, to time.Time) (Statement, error) {
	st := Statement{UnitID: unitID, From: from, To: to}
	lo, hi := "0000-00-00", "9999-99-99"
	if !from.IsZero() {
		lo = day(from)
	}
	if !to.IsZero() {
		hi = day(to)
	}
	if err := q.QueryRowContext(ctx, `SELECT coalesce(sum(p.amount), 0) FROM postings p
		JOIN journals j ON j.id = p.journal_id JOIN ledger_accounts a ON a.id = p.account_id
		WHERE a.purpose = 'debtors' AND p.unit_id = ? AND j.date < ?`, unitID, lo).Scan(&st.Opening); err != nil {
		return st, err
	}
	rows, err := q.QueryContext(ctx, `SELECT j.id, j.date, j.kind, j.description, j.reference, coalesce(i.public_id, ''), sum(p.amount)
		FROM postings p JOIN journals j ON j.id = p.journal_id JOIN ledger_accounts a ON a.id = p.account_id
		LEFT JOIN invoices i ON i.journal_id = j.id
		WHERE a.purpose = 'debtors' AND p.unit_id = ? AND j.date >= ? AND j.date <= ?
		GROUP BY j.id ORDER BY j.date, j.id`, unitID, lo, hi)
	if err != nil {
		return st, err
	}
	defer rows.Close()
	bal := st.Opening
	for rows.Next() {
		var l StatementLine
		var date string
		var amount int64
		if err := rows.Scan(&l.JournalID, &date, &l.Kind, &l.Description, &l.Reference, &l.InvoiceID, &amount); err != nil {
			return st, err
		}
		l.Date = parseDay(date)
		if amount > 0 {
			l.Debit = amount
			st.Demanded += amount
		} else {
			l.Credit = -amount
			st.Paid += -amount
		}
		bal += amount
		l.Balance = bal
		st.Lines = append(st.Lines, l)
	}
	if err := rows.Err(); err != nil {
		return st, err
	}
	st.Closing = bal
	st.ByCharge, err = chargeTotals(ctx, q, unitID, lo, hi)
	return st, err
}

func chargeTotals(ctx context.Context, q estate.Querier, unitID int64, lo, hi string) ([]ChargeTotal, error) {
	rows, err := q.QueryContext(ctx, `SELECT c.name,
			coalesce(sum(CASE WHEN p.amount > 0 THEN p.amount END), 0),
			coalesce(-sum(CASE WHEN p.amount < 0 THEN p.amount END), 0)
		FROM postings p JOIN journals j ON j.id = p.journal_id JOIN ledger_accounts a ON a.id = p.account_id
		JOIN charge_types c ON c.id = p.charge_type_id
		WHERE a.purpose = 'debtors' AND p.unit_id = ? AND j.date >= ? AND j.date <= ?
		GROUP BY c.id ORDER BY c.name`, unitID, lo, hi)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []ChargeTotal
	for rows.Next() {
		var c ChargeTotal
		if err := rows.Scan(&c.ChargeType, &c.Demanded, &c.Credited); err != nil {
			return nil, err
		}
		out = append(out, c)
	}
	return out, rows.Err()
}

// UnitBalance is what a unit owes now (negative: in credit): the sum of its
// debtor postings.
func UnitBalance(ctx context.Context, q estate.Querier, unitID int64) (int64, error) {
	var b int64
	err := q.QueryRowContext(ctx, `SELECT coalesce(sum(p.amount), 0) FROM postings p
		JOIN ledger_accounts a ON a.id = p.account_id WHERE a.purpose = 'debtors' AND p.unit_id = ?`, unitID).Scan(&b)
	return b, err
}

// TrialBalance is every account's balance; debits positive. The total is
// always zero.
type TrialBalance struct {
	Rows  []TrialRow
	Total int64
}

// TrialRow is one account's balance.
type TrialRow struct {
	Account Account
	Balance int64
}

// Trial returns the trial balance as at the end of date (zero: all).
func Trial(ctx context.Context, q estate.Querier, asAt time.Time) (TrialBalance, error) {
	hi := "9999-99-99"
	if !asAt.IsZero() {
		hi = day(asAt)
	}
	rows, err := q.QueryContext(ctx, `SELECT `+accountColsA+`, coalesce((SELECT sum(p.amount) FROM postings p
		JOIN journals j ON j.id = p.journal_id WHERE p.account_id = a.id AND j.date <= ?), 0)
		FROM ledger_accounts a ORDER BY a.code`, hi)
	if err != nil {
		return TrialBalance{}, err
	}
	defer rows.Close()
	var tb TrialBalance
	for rows.Next() {
		var r TrialRow
		var a Account
		if err := rows.Scan(&a.ID, &a.PublicID, &a.Code, &a.Name, &a.Type, &a.Purpose, &a.SiteID, &a.SortCode, &a.AccountNumber, &r.Balance); err != nil {
			return tb, err
		}
		r.Account = a
		tb.Rows = append(tb.Rows, r)
		tb.Total += r.Balance
	}
	return tb, rows.Err()
}

const accountColsA = `a.id, a.public_id, a.code, a.name, a.type, a.purpose, coalesce(a.site_id, 0), a.sort_code, a.account_number`
