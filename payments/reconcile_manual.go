package payments

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"strings"
	"time"

	"porch/errs"
	"porch/ledger"
	"porch/sqldb"
)

// candidateOf reads one journal as a candidate for the account, whether
// or not it is matched.
func candidateOf(ctx context.Context, q sqldb.Querier, accountID int64, journalPublicID string) (Candidate, bool, error) {
	var c Candidate
	var date string
	var rev int64
	var matched bool
	err := q.QueryRowContext(ctx, `SELECT j.id, j.public_id, j.kind, j.date, j.description, j.reference, coalesce(j.reverses_id, 0),
			coalesce((SELECT sum(p.amount) FROM postings p WHERE p.journal_id = j.id AND p.account_id = ?), 0),
			EXISTS (SELECT 1 FROM bank_lines b WHERE b.journal_id = j.id)
		FROM journals j WHERE j.public_id = ?`, accountID, journalPublicID).Scan(&c.JournalID, &c.PublicID, &c.Kind, &date,
		&c.Description, &c.Reference, &rev, &c.Amount, &matched)
	if errors.Is(err, sql.ErrNoRows) {
		return c, false, errs.Fields{"journal": "Choose an entry from the list."}.Err()
	}
	if err != nil {
		return c, false, err
	}
	c.Date = sqldb.ParseDate(date)
	reverses := map[int64]int64{}
	if rev != 0 {
		reverses[c.JournalID] = rev
	}
	cs := []Candidate{c}
	if err := addReferences(ctx, q, cs, reverses); err != nil {
		return c, false, err
	}
	return cs[0], matched, nil
}

// MatchManually matches a statement line to a journal a manager chose.
// The journal must have posted to this bank account, be matched to no
// other line, and move exactly the line's amount; otherwise it is refused
// with a message for the "journal" field.
func MatchManually(ctx context.Context, tx *sql.Tx, now time.Time, accountID int64, linePublicID, journalPublicID string, by int64) (BankLine, Candidate, error) {
	l, err := GetLine(ctx, tx, accountID, linePublicID)
	if err != nil {
		return l, Candidate{}, err
	}
	if l.Matched() {
		return l, Candidate{}, errs.E(errs.Conflict, "This statement line is already matched. Unmatch it first to match it to something else.")
	}
	if strings.TrimSpace(journalPublicID) == "" {
		return l, Candidate{}, errs.Fields{"journal": "Choose the entry this line is."}.Err()
	}
	c, matched, err := candidateOf(ctx, tx, accountID, journalPublicID)
	switch {
	case err != nil:
		return l, c, err
	case c.Amount == 0:
		return l, c, errs.Fields{"journal": "That entry did not move money in or out of this bank account."}.Err()
	case matched:
		return l, c, errs.Fields{"journal": "That entry is already matched to another statement line."}.Err()
	case c.Amount != l.Amount:
		return l, c, errs.Fields{"journal": fmt.Sprintf("The amounts differ: the statement line is %s and the entry is %s. A line can only be matched to an entry of exactly the same amount.",
			signed(l.Amount), signed(c.Amount))}.Err()
	}
	if err := setMatch(ctx, tx, now, l.ID, c.JournalID, MatchedManual, by); err != nil {
		return l, c, err
	}
	l, err = GetLine(ctx, tx, accountID, linePublicID)
	return l, c, err
}

// signed describes an amount as money in or out.
func signed(amount int64) string {
	if amount < 0 {
		return ledger.Pounds(-amount) + " paid out"
	}
	return ledger.Pounds(amount) + " paid in"
}

// Unmatch forgets what a line was matched to. The journal stays in the
// ledger (a receipt created from the line included) and becomes a
// candidate again.
func Unmatch(ctx context.Context, tx *sql.Tx, accountID int64, linePublicID string) (BankLine, error) {
	l, err := GetLine(ctx, tx, accountID, linePublicID)
	if err != nil {
		return l, err
	}
	if !l.Matched() {
		return l, errs.E(errs.Conflict, "This statement line is not matched.")
	}
	if _, err := tx.ExecContext(ctx, `UPDATE bank_lines SET journal_id = NULL, matched_how = '', matched_by = NULL, matched_at = NULL
		WHERE id = ?`, l.ID); err != nil {
		return l, err
	}
	return l, nil
}

// CreateReceiptFromLine records a money-in line as a receipt for a unit of
// the account's site (a bank transfer nobody recorded): into this bank
// account, on the line's date, for its amount, with its reference, paying
// the unit's oldest invoices first. The line is then matched to it as
// "created". Field names: unit, form.
func CreateReceiptFromLine(ctx context.Context, tx *sql.Tx, now time.Time, accountID int64, linePublicID string, unitID, by int64) (BankLine, int64, error) {
	l, err := GetLine(ctx, tx, accountID, linePublicID)
	if err != nil {
		return l, 0, err
	}
	if l.Matched() {
		return l, 0, errs.E(errs.Conflict, "This statement line is already matched.")
	}
	if l.Amount <= 0 {
		return l, 0, errs.Fields{"form": "Only money paid in can be recorded as a receipt. Match a payment out to the entry that paid it."}.Err()
	}
	var siteID int64
	if err := tx.QueryRowContext(ctx, `SELECT coalesce(site_id, 0) FROM ledger_accounts WHERE id = ?`, accountID).Scan(&siteID); err != nil {
		return l, 0, err
	}
	if siteID == 0 {
		return l, 0, errs.Fields{"unit": "This bank account belongs to no site, so no unit can have paid into it."}.Err()
	}
	var unitSite int64
	err = tx.QueryRowContext(ctx, `SELECT site_id FROM units WHERE id = ?`, unitID).Scan(&unitSite)
	if errors.Is(err, sql.ErrNoRows) || err == nil && unitSite != siteID || unitID == 0 {
		return l, 0, errs.Fields{"unit": "Choose the unit that paid, from this account's site."}.Err()
	}
	if err != nil {
		return l, 0, err
	}
	ref := l.Reference
	if ref == "" {
		ref = l.Text()
	}
	journalID, err := ledger.RecordReceipt(ctx, tx, now, ledger.ReceiptInput{UnitID: unitID, AccountID: accountID, Date: l.Date,
		Amount: l.Amount, Method: ledger.MethodBankTransfer, Reference: clip(ref, 100), CreatedBy: by})
	if err != nil {
		return l, 0, err
	}
	if err := setMatch(ctx, tx, now, l.ID, journalID, MatchedCreated, by); err != nil {
		return l, 0, err
	}
	l, err = GetLine(ctx, tx, accountID, linePublicID)
	return l, journalID, err
}
