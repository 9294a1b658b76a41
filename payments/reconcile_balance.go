package payments

import (
	"context"
	"database/sql"
	"fmt"
	"time"

	"porch/errs"
	"porch/estate"
	"porch/sqldb"
)

// Reconciliation records that a bank account was reconciled to a date:
// every imported statement line up to then was matched, and what the
// ledger and the statement said the balance was.
type Reconciliation struct {
	ID               int64
	AccountID        int64
	To               time.Time
	StatementBalance int64
	LedgerBalance    int64
	By               string // the person's name
	At               time.Time
}

// Difference is the statement's balance less the ledger's: zero when they
// agree, otherwise what entries not yet on the statement (or missing from
// the ledger) add up to.
func (r Reconciliation) Difference() int64 { return r.StatementBalance - r.LedgerBalance }

// LedgerBalance is the bank account's balance in the ledger at the end of
// the day to.
func LedgerBalance(ctx context.Context, q sqldb.Querier, accountID int64, to time.Time) (int64, error) {
	var n int64
	err := q.QueryRowContext(ctx, `SELECT coalesce(sum(p.amount), 0) FROM postings p JOIN journals j ON j.id = p.journal_id
		WHERE p.account_id = ? AND j.date <= ?`, accountID, sqldb.FormatDate(to)).Scan(&n)
	return n, err
}

// Uncleared counts and totals the entries up to to that moved money on the
// account but are matched to no statement line: in the ledger, not (yet)
// on an imported statement. Opening balances are not counted.
func Uncleared(ctx context.Context, q sqldb.Querier, accountID int64, to time.Time) (int, int64, error) {
	var n int
	var total int64
	err := q.QueryRowContext(ctx, `SELECT count(*), coalesce(sum(amount), 0) FROM (
			SELECT sum(p.amount) AS amount FROM journals j JOIN postings p ON p.journal_id = j.id
			WHERE p.account_id = ? AND j.date <= ? AND j.kind <> 'opening'
				AND NOT EXISTS (SELECT 1 FROM bank_lines b WHERE b.journal_id = j.id)
			GROUP BY j.id HAVING sum(p.amount) <> 0)`, accountID, sqldb.FormatDate(to)).Scan(&n, &total)
	return n, total, err
}

// UnmatchedUpTo counts the account's statement lines dated up to to that
// are not matched.
func UnmatchedUpTo(ctx context.Context, q sqldb.Querier, accountID int64, to time.Time) (int, error) {
	var n int
	err := q.QueryRowContext(ctx, `SELECT count(*) FROM bank_lines WHERE account_id = ? AND journal_id IS NULL AND date <= ?`,
		accountID, sqldb.FormatDate(to)).Scan(&n)
	return n, err
}

// Reconcile marks the account reconciled to the date to, recording the
// ledger's balance at the end of that day beside the statement's. It is
// refused, with a message for the "to" field saying how many, while any
// imported line dated up to to is unmatched, and for a date after today.
func Reconcile(ctx context.Context, tx *sql.Tx, now time.Time, accountID int64, to time.Time, statementBalance, by int64) (Reconciliation, error) {
	r := Reconciliation{AccountID: accountID, To: to, StatementBalance: statementBalance}
	if err := requireBank(ctx, tx, accountID); err != nil {
		return r, err
	}
	if to.IsZero() {
		return r, errs.Fields{"to": "Enter the date to reconcile to."}.Err()
	}
	if to.After(estate.UKDate(now)) {
		return r, errs.Fields{"to": "The date cannot be in the future: reconcile to the date of the statement's closing balance."}.Err()
	}
	n, err := UnmatchedUpTo(ctx, tx, accountID, to)
	if err != nil {
		return r, err
	}
	if n > 0 {
		what := fmt.Sprintf("%d statement lines", n)
		if n == 1 {
			what = "1 statement line"
		}
		return r, errs.Fields{"to": fmt.Sprintf("%s up to %s %s not matched yet. Match %s, or record a receipt from %s, before reconciling to this date.",
			what, to.Format("2 January 2006"), plural(n, "is", "are"), plural(n, "it", "them"), plural(n, "it", "them"))}.Err()
	}
	if r.LedgerBalance, err = LedgerBalance(ctx, tx, accountID, to); err != nil {
		return r, err
	}
	res, err := tx.ExecContext(ctx, `INSERT INTO bank_reconciliations (account_id, reconciled_to, statement_balance, ledger_balance, by_person, at)
		VALUES (?, ?, ?, ?, ?, ?)`, accountID, sqldb.FormatDate(to), statementBalance, r.LedgerBalance, nullID(by), sqldb.At(now))
	if err != nil {
		return r, err
	}
	r.ID, _ = res.LastInsertId()
	r.At = now
	return r, nil
}

func plural(n int, one, many string) string {
	if n == 1 {
		return one
	}
	return many
}

// Reconciliations lists the account's reconciliations, latest date first,
// at most limit (0 for all).
func Reconciliations(ctx context.Context, q sqldb.Querier, accountID int64, limit int) ([]Reconciliation, error) {
	query := `SELECT r.id, r.account_id, r.reconciled_to, coalesce(r.statement_balance, 0), r.ledger_balance, coalesce(p.full_name, ''), r.at
		FROM bank_reconciliations r LEFT JOIN people p ON p.id = r.by_person
		WHERE r.account_id = ? ORDER BY r.reconciled_to DESC, r.id DESC`
	if limit > 0 {
		query += fmt.Sprintf(" LIMIT %d", limit)
	}
	rows, err := q.QueryContext(ctx, query, accountID)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []Reconciliation
	for rows.Next() {
		var r Reconciliation
		var to string
		if err := rows.Scan(&r.ID, &r.AccountID, &to, &r.StatementBalance, &r.LedgerBalance, &r.By, sqldb.Into(&r.At)); err != nil {
			return nil, err
		}
		r.To = sqldb.ParseDate(to)
		out = append(out, r)
	}
	return out, rows.Err()
}

// BankImport is a statement file imported for an account.
type BankImport struct {
	ID         int64
	PublicID   string
	AccountID  int64
	Filename   string
	Format     string // csv or ofx
	New        int    // lines it stored
	Seen       int    // lines the account already held
	ImportedBy int64
	By         string // the person's name
	At         time.Time
	FirstDate  time.Time // of the lines it stored; zero when it stored none
	LastDate   time.Time
	Unmatched  int // of the lines it stored, how many are still unmatched
}

// Imports lists the account's imports, newest first, at most limit.
func Imports(ctx context.Context, q sqldb.Querier, accountID int64, limit int) ([]BankImport, error) {
	return queryImports(ctx, q, `WHERE i.account_id = ? ORDER BY i.id DESC LIMIT ?`, accountID, limit)
}

// GetImport finds one of the account's imports by public id.
func GetImport(ctx context.Context, q sqldb.Querier, accountID int64, publicID string) (BankImport, error) {
	is, err := queryImports(ctx, q, `WHERE i.account_id = ? AND i.public_id = ?`, accountID, publicID)
	if err != nil {
		return BankImport{}, err
	}
	if len(is) == 0 {
		return BankImport{}, errs.E(errs.NotFound, "There is no such import for this account.")
	}
	return is[0], nil
}

func queryImports(ctx context.Context, q sqldb.Querier, where string, args ...any) ([]BankImport, error) {
	rows, err := q.QueryContext(ctx, `SELECT i.id, i.public_id, i.account_id, i.filename, i.format, i.lines_new, i.lines_seen,
			coalesce(i.imported_by, 0), coalesce(p.full_name, ''), i.imported_at,
			coalesce((SELECT min(b.date) FROM bank_lines b WHERE b.import_id = i.id), ''),
			coalesce((SELECT max(b.date) FROM bank_lines b WHERE b.import_id = i.id), ''),
			(SELECT count(*) FROM bank_lines b WHERE b.import_id = i.id AND b.journal_id IS NULL)
		FROM bank_imports i LEFT JOIN people p ON p.id = i.imported_by `+where, args...)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []BankImport
	for rows.Next() {
		var b BankImport
		var first, last string
		if err := rows.Scan(&b.ID, &b.PublicID, &b.AccountID, &b.Filename, &b.Format, &b.New, &b.Seen, &b.ImportedBy, &b.By,
			sqldb.Into(&b.At), &first, &last, &b.Unmatched); err != nil {
			return nil, err
		}
		b.FirstDate, b.LastDate = sqldb.ParseDate(first), sqldb.ParseDate(last)
		out = append(out, b)
	}
	return out, rows.Err()
}

// BankSummary is where an account's reconciliation stands.
type BankSummary struct {
	Lines, Unmatched  int
	FirstDate         time.Time // of the earliest line; zero without lines
	LastDate          time.Time // of the latest line
	LedgerBalance     int64     // now, all dates
	LastReconciled    *Reconciliation
	UnclearedCount    int   // entries in the ledger matched to no line
	UnclearedTotal    int64 // and what they add up to
	UnmatchedInReconc int   // unmatched lines dated on or before the last reconciliation
}

// Summary reads the account's statement lines and reconciliations.
func Summary(ctx context.Context, q sqldb.Querier, accountID int64) (BankSummary, error) {
	var s BankSummary
	var first, last string
	err := q.QueryRowContext(ctx, `SELECT count(*), count(*) FILTER (WHERE journal_id IS NULL), coalesce(min(date), ''), coalesce(max(date), '')
		FROM bank_lines WHERE account_id = ?`, accountID).Scan(&s.Lines, &s.Unmatched, &first, &last)
	if err != nil {
		return s, err
	}
	s.FirstDate, s.LastDate = sqldb.ParseDate(first), sqldb.ParseDate(last)
	if err := q.QueryRowContext(ctx, `SELECT coalesce(sum(amount), 0) FROM postings WHERE account_id = ?`, accountID).Scan(&s.LedgerBalance); err != nil {
		return s, err
	}
	rs, err := Reconciliations(ctx, q, accountID, 1)
	if err != nil {
		return s, err
	}
	if len(rs) > 0 {
		s.LastReconciled = &rs[0]
		if s.UnmatchedInReconc, err = UnmatchedUpTo(ctx, q, accountID, rs[0].To); err != nil {
			return s, err
		}
	}
	s.UnclearedCount, s.UnclearedTotal, err = Uncleared(ctx, q, accountID, time.Date(9999, 12, 31, 0, 0, 0, 0, time.UTC))
	return s, err
}
