package payments

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"path"
	"strconv"
	"strings"
	"time"
	"unicode/utf8"

	"porch/errs"
	"porch/ledger"
	"porch/payments/bankstmt"
	"porch/sqldb"
)

// Bank reconciliation: statement lines imported for a site's bank account
// (see package bankstmt for reading them) are stored once per account, by
// fingerprint, and each is matched to at most one journal that posted to
// that account: a receipt, a supplier or landlord payout, a provider's
// payout transfer, a reversal. A line with no entry in the ledger (a
// resident's bank transfer nobody recorded) can become a receipt. When
// every line up to a date is matched, the account is reconciled to that
// date against the statement's balance.

// How a statement line came to be matched.
const (
	MatchedAuto    = "auto"    // paired by AutoMatch
	MatchedManual  = "manual"  // chosen by a manager
	MatchedCreated = "created" // a receipt was recorded from the line
)

// BankLine is one stored statement line, with what it is matched to.
type BankLine struct {
	ID           int64
	PublicID     string
	AccountID    int64
	ImportID     int64
	Date         time.Time
	Amount       int64 // pence: positive is money in
	Description  string
	Reference    string
	Counterparty string

	JournalID  int64 // 0 while unmatched
	MatchedHow string
	MatchedBy  string // the person's name, "" for none
	MatchedAt  time.Time

	// The matched journal, when JournalID is set.
	JournalPublicID    string
	JournalKind        string
	JournalDate        time.Time
	JournalDescription string
	JournalReference   string
}

// Matched reports whether the line is matched to a journal.
func (l BankLine) Matched() bool { return l.JournalID != 0 }

// In is the money the line paid in, or 0; Out the money it paid out, as a
// positive amount, or 0.
func (l BankLine) In() int64  { return max(l.Amount, 0) }
func (l BankLine) Out() int64 { return max(-l.Amount, 0) }

// Text is the line's description, counterparty and reference together,
// without repeats, as one line of text for screens and messages.
func (l BankLine) Text() string {
	var parts []string
	for _, s := range []string{l.Description, l.Counterparty, l.Reference} {
		s = strings.Join(strings.Fields(s), " ")
		dup := s == ""
		for _, p := range parts {
			dup = dup || strings.Contains(strings.ToUpper(p), strings.ToUpper(s))
		}
		if !dup {
			parts = append(parts, s)
		}
	}
	return strings.Join(parts, " · ")
}

// BankAccount finds a site's bank account by its public id.
func BankAccount(ctx context.Context, q sqldb.Querier, publicID string) (ledger.Account, error) {
	var a ledger.Account
	err := q.QueryRowContext(ctx, `SELECT id, public_id, code, name, type, purpose, coalesce(site_id, 0), sort_code, account_number
		FROM ledger_accounts WHERE public_id = ? AND purpose = 'bank'`, publicID).Scan(&a.ID, &a.PublicID, &a.Code, &a.Name,
		&a.Type, &a.Purpose, &a.SiteID, &a.SortCode, &a.AccountNumber)
	if errors.Is(err, sql.ErrNoRows) {
		return a, errs.E(errs.NotFound, "There is no such bank account.")
	}
	return a, err
}

// requireBank checks that accountID is a bank account.
func requireBank(ctx context.Context, q sqldb.Querier, accountID int64) error {
	var purpose string
	err := q.QueryRowContext(ctx, `SELECT purpose FROM ledger_accounts WHERE id = ?`, accountID).Scan(&purpose)
	if errors.Is(err, sql.ErrNoRows) || err == nil && purpose != ledger.PurposeBank {
		return errs.E(errs.NotFound, "There is no such bank account.")
	}
	return err
}

// ImportResult is what one import added.
type ImportResult struct {
	ID         int64
	PublicID   string
	New        int     // lines stored by this import
	Duplicates int     // lines the account already held (an earlier import of the same or an overlapping statement)
	NewLines   []int64 // ids of the lines stored
}

// maxFilename is the longest file name kept with an import.
const maxFilename = 200

// Import stores the lines of one statement file for a bank account. Lines
// the account already holds (same fingerprint) are counted as duplicates
// and left alone, so importing a file twice adds nothing the second time.
// The import itself is recorded either way: lines_new and lines_seen are
// the new and already-held counts. Lines must be fingerprinted, as
// bankstmt.ParseCSV and ParseOFX leave them.
func Import(ctx context.Context, tx *sql.Tx, now time.Time, accountID int64, filename string, format bankstmt.Format,
	lines []bankstmt.Line, by int64) (ImportResult, error) {
	if err := requireBank(ctx, tx, accountID); err != nil {
		return ImportResult{}, err
	}
	if format != bankstmt.FormatCSV && format != bankstmt.FormatOFX {
		return ImportResult{}, fmt.Errorf("payments: import format %q", format)
	}
	for i, l := range lines {
		if l.Fingerprint == "" {
			return ImportResult{}, fmt.Errorf("payments: import line %d has no fingerprint", i)
		}
	}
	filename = cleanFilename(filename)
	r := ImportResult{PublicID: sqldb.NewPublicID()}
	res, err := tx.ExecContext(ctx, `INSERT INTO bank_imports (public_id, account_id, filename, format, lines_new, lines_seen, imported_by, imported_at)
		VALUES (?, ?, ?, ?, 0, 0, ?, ?)`, r.PublicID, accountID, filename, string(format), nullID(by), sqldb.At(now))
	if err != nil {
		return r, fmt.Errorf("payments: record import: %w", err)
	}
	r.ID, _ = res.LastInsertId()
	for _, l := range lines {
		res, err := tx.ExecContext(ctx, `INSERT INTO bank_lines (public_id, account_id, import_id, fingerprint, date, amount, description, reference, counterparty)
			VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?) ON CONFLICT (account_id, fingerprint) DO NOTHING`,
			sqldb.NewPublicID(), accountID, r.ID, l.Fingerprint, sqldb.FormatDate(l.Date), l.Amount,
			clip(l.Description, 500), clip(l.Reference, 200), clip(l.Counterparty, 200))
		if err != nil {
			return r, fmt.Errorf("payments: store statement line: %w", err)
		}
		if n, _ := res.RowsAffected(); n == 0 {
			r.Duplicates++
			continue
		}
		id, _ := res.LastInsertId()
		r.NewLines = append(r.NewLines, id)
		r.New++
	}
	_, err = tx.ExecContext(ctx, `UPDATE bank_imports SET lines_new = ?, lines_seen = ? WHERE id = ?`, r.New, r.Duplicates, r.ID)
	return r, err
}

// cleanFilename keeps the base name of an uploaded file, as text.
func cleanFilename(name string) string {
	name = strings.ReplaceAll(name, `\`, "/")
	name = strings.Join(strings.Fields(path.Base(name)), " ")
	if name == "." || name == "/" || name == "" {
		name = "statement"
	}
	return clip(name, maxFilename)
}

// clip shortens s to at most n bytes without cutting a character.
func clip(s string, n int) string {
	s = strings.TrimSpace(s)
	if len(s) <= n {
		return s
	}
	for n > 0 && !utf8.RuneStart(s[n]) {
		n--
	}
	return s[:n]
}

// LineFilter picks statement lines for the lines list.
type LineFilter struct {
	State    string    // "matched", "unmatched" or "" for both
	From, To time.Time // dates inclusive; zero for no limit
	ImportID int64     // only lines first stored by this import; 0 for any
	Limit    int       // most lines returned; 0 for no limit
}

const lineCols = `b.id, b.public_id, b.account_id, b.import_id, b.date, b.amount, b.description, b.reference, b.counterparty,
	coalesce(b.journal_id, 0), b.matched_how, coalesce(p.full_name, ''), coalesce(b.matched_at, ''),
	coalesce(j.public_id, ''), coalesce(j.kind, ''), coalesce(j.date, ''), coalesce(j.description, ''), coalesce(j.reference, '')`

const lineFrom = ` FROM bank_lines b LEFT JOIN journals j ON j.id = b.journal_id LEFT JOIN people p ON p.id = b.matched_by`

func scanLine(s interface{ Scan(...any) error }) (BankLine, error) {
	var l BankLine
	var date, jdate string
	err := s.Scan(&l.ID, &l.PublicID, &l.AccountID, &l.ImportID, &date, &l.Amount, &l.Description, &l.Reference, &l.Counterparty,
		&l.JournalID, &l.MatchedHow, &l.MatchedBy, sqldb.Into(&l.MatchedAt), &l.JournalPublicID, &l.JournalKind, &jdate,
		&l.JournalDescription, &l.JournalReference)
	l.Date, l.JournalDate = sqldb.ParseDate(date), sqldb.ParseDate(jdate)
	return l, err
}

// Lines lists an account's statement lines, newest first, and how many
// match the filter in all (the list stops at f.Limit).
func Lines(ctx context.Context, q sqldb.Querier, accountID int64, f LineFilter) ([]BankLine, int, error) {
	where := ` WHERE b.account_id = ?`
	args := []any{accountID}
	switch f.State {
	case "matched":
		where += ` AND b.journal_id IS NOT NULL`
	case "unmatched":
		where += ` AND b.journal_id IS NULL`
	}
	if !f.From.IsZero() {
		where += ` AND b.date >= ?`
		args = append(args, sqldb.FormatDate(f.From))
	}
	if !f.To.IsZero() {
		where += ` AND b.date <= ?`
		args = append(args, sqldb.FormatDate(f.To))
	}
	if f.ImportID != 0 {
		where += ` AND b.import_id = ?`
		args = append(args, f.ImportID)
	}
	var total int
	if err := q.QueryRowContext(ctx, `SELECT count(*) FROM bank_lines b`+where, args...).Scan(&total); err != nil {
		return nil, 0, err
	}
	query := `SELECT ` + lineCols + lineFrom + where + ` ORDER BY b.date DESC, b.id DESC`
	if f.Limit > 0 {
		query += ` LIMIT ` + strconv.Itoa(f.Limit)
	}
	out, err := queryLines(ctx, q, query, args...)
	return out, total, err
}

func queryLines(ctx context.Context, q sqldb.Querier, query string, args ...any) ([]BankLine, error) {
	return sqldb.QueryAll(ctx, q, scanLine, query, args...)
}

// GetLine finds one of the account's statement lines by its public id.
func GetLine(ctx context.Context, q sqldb.Querier, accountID int64, publicID string) (BankLine, error) {
	l, err := scanLine(q.QueryRowContext(ctx, `SELECT `+lineCols+lineFrom+` WHERE b.account_id = ? AND b.public_id = ?`, accountID, publicID))
	if errors.Is(err, sql.ErrNoRows) {
		return l, errs.E(errs.NotFound, "There is no such statement line on this account.")
	}
	return l, err
}

// unmatchedLines are the account's lines not yet matched, oldest first.
func unmatchedLines(ctx context.Context, q sqldb.Querier, accountID int64) ([]BankLine, error) {
	return queryLines(ctx, q, `SELECT `+lineCols+lineFrom+` WHERE b.account_id = ? AND b.journal_id IS NULL ORDER BY b.date, b.id`, accountID)
}

// setMatch records what a line is matched to.
func setMatch(ctx context.Context, tx *sql.Tx, now time.Time, lineID, journalID int64, how string, by int64) error {
	res, err := tx.ExecContext(ctx, `UPDATE bank_lines SET journal_id = ?, matched_how = ?, matched_by = ?, matched_at = ?
		WHERE id = ? AND journal_id IS NULL`, journalID, how, nullID(by), sqldb.At(now), lineID)
	if err != nil {
		return err
	}
	if n, _ := res.RowsAffected(); n != 1 {
		return errs.E(errs.Conflict, "This statement line is already matched.")
	}
	return nil
}
