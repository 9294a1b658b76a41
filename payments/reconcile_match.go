package payments

import (
	"context"
	"database/sql"
	"slices"
	"strings"
	"time"

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
		// A supplier is paid under its name and invoice number, which
		// is what the bank shows: "BRISTOL WATER BW-20417".
		err = eachRow(ctx, q, `SELECT payment_journal_id, supplier FROM supplier_invoices WHERE payment_journal_id IN (`+in+`)
			UNION ALL SELECT payment_journal_id, number FROM supplier_invoices WHERE payment_journal_id IN (`+in+`)`,
			slices.Concat(args, args), func(id int64, s string) {
				for _, i := range source[id] {
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
