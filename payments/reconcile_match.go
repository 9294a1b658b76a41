package payments

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"slices"
	"strings"
	"time"

	"porch/errs"
	"porch/ledger"
	"porch/payments/bankstmt"
	"porch/sqldb"
)

// Candidate is a journal that posted to a bank account and is not yet
// matched to a statement line: what the ledger expects the bank to show.
type Candidate struct {
	JournalID   int64
	PublicID    string
	Kind        string // the journal's kind: receipt, payout, transfer, reversal, ...
	Date        time.Time
	Amount      int64 // as the bank sees it: positive for money in
	Description string
	Reference   string
	Units       []string // names of the units it concerns
	// References are the texts that may appear on the statement line: the
	// journal's reference, the numbers of the invoices a receipt paid, the
	// units' names, a provider's payout id.
	References []string
}

// match is the candidate as bankstmt.Match takes it.
func (c Candidate) match() bankstmt.Candidate {
	kind := bankstmt.KindReceipt
	switch {
	case c.Amount < 0:
		kind = bankstmt.KindSupplierPayment
	case c.Kind == ledger.KindTransfer || c.Kind == ledger.KindPayout:
		kind = bankstmt.KindPayout
	}
	return bankstmt.Candidate{Kind: kind, ID: c.JournalID, Date: c.Date, Amount: c.Amount, References: c.References}
}

// Candidates lists the journals dated from..to (zero for no limit) with a
// net posting on the bank account that no statement line is matched to,
// oldest first. Opening balances are left out: they are not transactions
// the bank shows.
func Candidates(ctx context.Context, q sqldb.Querier, accountID int64, from, to time.Time) ([]Candidate, error) {
	lo, hi := "0000-00-00", "9999-99-99"
	if !from.IsZero() {
		lo = sqldb.FormatDate(from)
	}
	if !to.IsZero() {
		hi = sqldb.FormatDate(to)
	}
	rows, err := q.QueryContext(ctx, `SELECT j.id, j.public_id, j.kind, j.date, j.description, j.reference, coalesce(j.reverses_id, 0), sum(p.amount)
		FROM journals j JOIN postings p ON p.journal_id = j.id
		WHERE p.account_id = ? AND j.date BETWEEN ? AND ? AND j.kind <> 'opening'
			AND NOT EXISTS (SELECT 1 FROM bank_lines b WHERE b.journal_id = j.id)
		GROUP BY j.id HAVING sum(p.amount) <> 0
		ORDER BY j.date, j.id`, accountID, lo, hi)
	if err != nil {
		return nil, err
	}
	var out []Candidate
	reverses := map[int64]int64{}
	for rows.Next() {
		var c Candidate
		var date string
		var rev int64
		if err := rows.Scan(&c.JournalID, &c.PublicID, &c.Kind, &date, &c.Description, &c.Reference, &rev, &c.Amount); err != nil {
			rows.Close()
			return nil, err
		}
		c.Date = sqldb.ParseDate(date)
		if rev != 0 {
			reverses[c.JournalID] = rev
		}
		out = append(out, c)
	}
	rows.Close()
	if err := rows.Err(); err != nil {
		return nil, err
	}
	if err := addReferences(ctx, q, out, reverses); err != nil {
		return nil, err
	}
	return out, nil
}

// addReferences fills each candidate's Units and References. A reversal
// carries the references of what it reverses: a bounced cheque comes back
// under the cheque's reference.
func addReferences(ctx context.Context, q sqldb.Querier, cs []Candidate, reverses map[int64]int64) error {
	if len(cs) == 0 {
		return nil
	}
	// source is the journal whose invoices and reference describe a
	// candidate: itself, or for a reversal the original.
	source := map[int64][]int{}
	var ids []int64
	for i, c := range cs {
		src := c.JournalID
		if r, ok := reverses[c.JournalID]; ok {
			src = r
		}
		if _, seen := source[src]; !seen {
			ids = append(ids, src)
		}
		source[src] = append(source[src], i)
		if src != c.JournalID {
			ids = append(ids, c.JournalID)
			source[c.JournalID] = append(source[c.JournalID], i)
		}
	}
	add := func(i int, ref string) {
		ref = strings.TrimSpace(ref)
		if ref != "" && !slices.Contains(cs[i].References, ref) {
			cs[i].References = append(cs[i].References, ref)
		}
	}
	for i := range cs {
		add(i, cs[i].Reference)
	}
	for chunk := range slices.Chunk(ids, 400) {
		in, args := inList(chunk)
		err := eachRow(ctx, q, `SELECT j.id, j.reference FROM journals j WHERE j.id IN (`+in+`)`, args, func(id int64, s string) {
			for _, i := range source[id] {
				add(i, s)
			}
		})
		if err != nil {
			return err
		}
		err = eachRow(ctx, q, `SELECT DISTINCT a.journal_id, i.number FROM allocations a JOIN invoices i ON i.id = a.invoice_id
			WHERE a.journal_id IN (`+in+`) AND a.amount > 0 ORDER BY i.number`, args, func(id int64, s string) {
			for _, i := range source[id] {
				add(i, s)
				add(i, "INV-"+s)
			}
		})
		if err != nil {
			return err
		}
		err = eachRow(ctx, q, `SELECT DISTINCT p.journal_id, u.name FROM postings p JOIN units u ON u.id = p.unit_id
			WHERE p.journal_id IN (`+in+`) ORDER BY u.name`, args, func(id int64, s string) {
			for _, i := range source[id] {
				if !slices.Contains(cs[i].Units, s) {
					cs[i].Units = append(cs[i].Units, s)
				}
				add(i, s)
			}
		})
		if err != nil {
			return err
		}
		err = eachRow(ctx, q, `SELECT journal_id, payout_ref FROM provider_payouts WHERE journal_id IN (`+in+`)`, args, func(id int64, s string) {
			for _, i := range source[id] {
				add(i, s)
			}
		})
		if err != nil {
			return err
		}
	}
	return nil
}

// inList is "?, ?, ?" for ids, with the ids as arguments.
func inList(ids []int64) (string, []any) {
	args := make([]any, len(ids))
	for i, id := range ids {
		args[i] = id
	}
	return strings.TrimSuffix(strings.Repeat("?, ", len(ids)), ", "), args
}

// eachRow runs a query of (id, text) rows and hands each to fn.
func eachRow(ctx context.Context, q sqldb.Querier, query string, args []any, fn func(int64, string)) error {
	rows, err := q.QueryContext(ctx, query, args...)
	if err != nil {
		return err
	}
	defer rows.Close()
	for rows.Next() {
		var id int64
		var s sql.NullString
		if err := rows.Scan(&id, &s); err != nil {
			return err
		}
		if s.Valid {
			fn(id, s.String)
		}
	}
	return rows.Err()
}

// window is how far around a set of lines' dates candidates are looked for.
func window(lines []BankLine, days int) (from, to time.Time) {
	for i, l := range lines {
		if i == 0 || l.Date.Before(from) {
			from = l.Date
		}
		if i == 0 || l.Date.After(to) {
			to = l.Date
		}
	}
	return from.AddDate(0, 0, -days), to.AddDate(0, 0, days)
}

func statementLines(lines []BankLine) []bankstmt.Line {
	out := make([]bankstmt.Line, len(lines))
	for i, l := range lines {
		out[i] = bankstmt.Line{Date: l.Date, Amount: l.Amount, Description: l.Description, Reference: l.Reference, Counterparty: l.Counterparty}
	}
	return out
}

func matchCandidates(cs []Candidate) []bankstmt.Candidate {
	out := make([]bankstmt.Candidate, len(cs))
	for i, c := range cs {
		out[i] = c.match()
	}
	return out
}

// Pair is a statement line and the journal it was matched to.
type Pair struct {
	Line        BankLine
	Candidate   Candidate
	ByReference bool // a reference of the journal is on the line
}

// AutoMatch pairs the account's unmatched lines with unmatched journals by
// bankstmt.Match (exact amount, a few days either side, reference first,
// never guessing between equals) and stores the pairs as matched "auto".
func AutoMatch(ctx context.Context, tx *sql.Tx, now time.Time, accountID, by int64) ([]Pair, error) {
	if err := requireBank(ctx, tx, accountID); err != nil {
		return nil, err
	}
	lines, err := unmatchedLines(ctx, tx, accountID)
	if err != nil || len(lines) == 0 {
		return nil, err
	}
	from, to := window(lines, bankstmt.DefaultDateWindow)
	cands, err := Candidates(ctx, tx, accountID, from, to)
	if err != nil {
		return nil, err
	}
	res := bankstmt.Match(statementLines(lines), matchCandidates(cands), bankstmt.Options{})
	var pairs []Pair
	for _, p := range res.Pairs {
		l, c := lines[p.Line], cands[p.Candidate]
		if err := setMatch(ctx, tx, now, l.ID, c.JournalID, MatchedAuto, by); err != nil {
			return nil, err
		}
		l.JournalID, l.MatchedHow, l.JournalPublicID, l.JournalKind = c.JournalID, MatchedAuto, c.PublicID, c.Kind
		l.JournalDate, l.JournalDescription, l.JournalReference = c.Date, c.Description, c.Reference
		pairs = append(pairs, Pair{Line: l, Candidate: c, ByReference: p.ByReference})
	}
	return pairs, nil
}

// OtherWindow is how many days either side of an unmatched line the
// manual match control looks for journals of the same amount.
const OtherWindow = 60

// Suggested is an unmatched line with the journals it could be matched to.
type Suggested struct {
	Line BankLine
	// Suggestions are what bankstmt.Match offers (same amount, within the
	// date window, not taken by another line), best first.
	Suggestions []Candidate
	// Others are further unmatched journals of the same amount within
	// OtherWindow days, nearest first, for a manager who knows better.
	Others []Candidate
	// Ambiguous is set when Match declined to choose between equals.
	Ambiguous bool
}

// UnmatchedWithSuggestions lists the account's unmatched lines, oldest
// first, at most limit of them (0 for all), with their suggestions, and
// how many are unmatched in all.
func UnmatchedWithSuggestions(ctx context.Context, q sqldb.Querier, accountID int64, limit int) ([]Suggested, int, error) {
	lines, err := unmatchedLines(ctx, q, accountID)
	if err != nil || len(lines) == 0 {
		return nil, 0, err
	}
	total := len(lines)
	if limit > 0 && len(lines) > limit {
		lines = lines[:limit]
	}
	from, to := window(lines, OtherWindow)
	cands, err := Candidates(ctx, q, accountID, from, to)
	if err != nil {
		return nil, 0, err
	}
	res := bankstmt.Match(statementLines(lines), matchCandidates(cands), bankstmt.Options{})
	out := make([]Suggested, len(lines))
	for i, l := range lines {
		out[i].Line = l
	}
	// A pair Match would make now (the journal was posted after the last
	// automatic match) is the best suggestion there is.
	for _, p := range res.Pairs {
		out[p.Line].Suggestions = append(out[p.Line].Suggestions, cands[p.Candidate])
	}
	for _, u := range res.Unmatched {
		out[u.Line].Ambiguous = u.Ambiguous
		for _, j := range u.Suggestions {
			out[u.Line].Suggestions = append(out[u.Line].Suggestions, cands[j])
		}
	}
	for i := range out {
		l := out[i].Line
		for _, c := range cands {
			d := daysApart(l.Date, c.Date)
			if c.Amount != l.Amount || d > OtherWindow || slices.ContainsFunc(out[i].Suggestions, func(s Candidate) bool { return s.JournalID == c.JournalID }) {
				continue
			}
			out[i].Others = append(out[i].Others, c)
		}
		slices.SortStableFunc(out[i].Others, func(a, b Candidate) int {
			return daysApart(l.Date, a.Date) - daysApart(l.Date, b.Date)
		})
	}
	return out, total, nil
}

func daysApart(a, b time.Time) int {
	d := int(a.Sub(b).Hours() / 24)
	if d < 0 {
		d = -d
	}
	return d
}

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
