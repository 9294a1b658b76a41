package ledger

import (
	"cmp"
	"context"
	"slices"
	"strings"
	"time"
	"unicode/utf8"

	"porch/sqldb"
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

// ChargeTotal is what was demanded, credited and paid for one charge type
// (see bycharge.go).
type ChargeTotal struct {
	ChargeType string
	Demanded   int64
	Credited   int64 // credit notes and reversals on the charge
	Paid       int64 // the part of payments allocated to the charge's invoice lines
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
	// ByCharge is the period's entries by charge type; their Net adds up
	// to Closing - Opening.
	ByCharge []ChargeTotal
}

// debtorPostings narrows postings to the debtors control account(s), in a
// form SQLite answers from the (account_id, unit_id, date, amount) index:
// with a unit and a range of posting dates, a statement reads its period
// and no more, and its opening balance from the index alone.
const debtorPostings = `p.account_id IN (SELECT id FROM ledger_accounts WHERE purpose = 'debtors')`

// UnitStatement builds the statement of a unit between from and to
// (inclusive). Zero from means from the first entry; zero to means today
// and beyond.
//
// The lines and the breakdown by charge come from one read of the unit's
// debtor postings in the period, grouped and put in date order here rather
// than by SQLite: a statement of ten years is read once, not once per
// total, and without a sort in the database, which in the pure Go SQLite
// cost more than the rest of the page.
func UnitStatement(ctx context.Context, q sqldb.Querier, unitID int64, from, to time.Time) (Statement, error) {
	return DebtorStatement(ctx, q, WholeUnit(unitID), from, to)
}

// DebtorStatement is UnitStatement for an account of the unit: only the
// entries charged to it.
func DebtorStatement(ctx context.Context, q sqldb.Querier, d Debtor, from, to time.Time) (Statement, error) {
	unitID := d.UnitID
	st := Statement{UnitID: unitID, From: from, To: to}
	w, args := d.where("p")
	lo, hi := "0000-00-00", "9999-99-99"
	if !from.IsZero() {
		// The balance brought forward is the account's balance now, kept
		// by the ledger, less what was posted from the first day on: a
		// statement of the last year reads that year, not the years
		// before it.
		lo = sqldb.FormatDate(from)
		now, err := DebtorBalance(ctx, q, d)
		if err != nil {
			return st, err
		}
		var since int64
		if err := q.QueryRowContext(ctx, `SELECT coalesce(sum(p.amount), 0) FROM postings p
			WHERE `+debtorPostings+` AND `+w+` AND p.date >= ?`, append(args, lo)...).Scan(&since); err != nil {
			return st, err
		}
		st.Opening = now - since
	}
	if !to.IsZero() {
		hi = sqldb.FormatDate(to)
	}
	rows, err := q.QueryContext(ctx, `SELECT p.id, j.id, j.date, j.kind, j.description, j.reference,
			p.amount, coalesce(p.charge_type_id, 0), coalesce(c.name, ''), p.memo
		FROM postings p JOIN journals j ON j.id = p.journal_id
		LEFT JOIN charge_types c ON c.id = p.charge_type_id
		WHERE `+debtorPostings+` AND `+w+` AND p.date >= ? AND p.date <= ?`, append(args, lo, hi)...)
	if err != nil {
		return st, err
	}
	defer rows.Close()
	var charges byCharge
	free := map[int64]int64{} // each journal's debtor amount with no charge type
	lineAt := map[int64]int{}
	amounts := map[int64]int64{} // each line's net, by journal
	demands := false
	// What each demand was for, in its own words: "Invoice 12: Service
	// charge, 1 January to 31 March", in the order of its lines (the
	// index gives them by date and amount, so each keeps its posting id).
	type chargedLine struct {
		posting int64
		what    string
	}
	charged := map[int64][]chargedLine{}
	for rows.Next() {
		var l StatementLine
		var date, chargeName, memo string
		var posting, amount, chargeID int64
		if err := rows.Scan(&posting, &l.JournalID, &date, &l.Kind, &l.Description, &l.Reference, &amount,
			&chargeID, &chargeName, &memo); err != nil {
			return st, err
		}
		if l.Kind == KindDemand && amount > 0 {
			what := memo
			if what == "" {
				what = chargeName
			}
			if what != "" {
				charged[l.JournalID] = append(charged[l.JournalID], chargedLine{posting, what})
			}
		}
		if _, ok := lineAt[l.JournalID]; !ok {
			l.Date = sqldb.ParseDate(date)
			lineAt[l.JournalID] = len(st.Lines)
			st.Lines = append(st.Lines, l)
			demands = demands || l.Kind == KindDemand
		}
		amounts[l.JournalID] += amount
		if chargeID != 0 {
			charges.posting(chargeID, chargeName, amount)
		} else {
			free[l.JournalID] += amount
		}
	}
	if err := rows.Err(); err != nil {
		return st, err
	}
	rows.Close()
	var invoices map[int64]string
	if demands {
		// A demand's journal is dated its invoice's issue date.
		if invoices, err = invoicesByJournal(ctx, q, unitID, lo, hi); err != nil {
			return st, err
		}
	}
	slices.SortFunc(st.Lines, func(a, b StatementLine) int {
		if c := a.Date.Compare(b.Date); c != 0 {
			return c
		}
		return cmp.Compare(a.JournalID, b.JournalID)
	})
	for i := range st.Lines {
		if lines := charged[st.Lines[i].JournalID]; len(lines) > 0 {
			slices.SortFunc(lines, func(a, b chargedLine) int { return cmp.Compare(a.posting, b.posting) })
			var what []string
			for _, c := range lines {
				if !slices.Contains(what, c.what) {
					what = append(what, c.what)
				}
			}
			st.Lines[i].Description = demandSummary(st.Lines[i].Description, what)
		}
	}
	bal := st.Opening
	for i := range st.Lines {
		l := &st.Lines[i]
		amount := amounts[l.JournalID]
		if amount > 0 {
			l.Debit = amount
			st.Demanded += amount
		} else {
			l.Credit = -amount
			st.Paid += -amount
		}
		bal += amount
		l.Balance = bal
		l.InvoiceID = invoices[l.JournalID]
	}
	st.Closing = bal
	if err := charges.payments(ctx, q, unitID, free); err != nil {
		return st, err
	}
	st.ByCharge = charges.totals()
	return st, nil
}

// invoicesByJournal returns the public ids of a unit's invoices issued
// between lo and hi, by the id of the journal that raised each.
func invoicesByJournal(ctx context.Context, q sqldb.Querier, unitID int64, lo, hi string) (map[int64]string, error) {
	rows, err := q.QueryContext(ctx, `SELECT journal_id, public_id FROM invoices
		WHERE unit_id = ? AND issue_date >= ? AND issue_date <= ?`, unitID, lo, hi)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	out := map[int64]string{}
	for rows.Next() {
		var jid int64
		var pub string
		if err := rows.Scan(&jid, &pub); err != nil {
			return nil, err
		}
		out[jid] = pub
	}
	return out, rows.Err()
}

// UnitBalance is what a unit owes now (negative: in credit): the sum of its
// debtor postings.
func UnitBalance(ctx context.Context, q sqldb.Querier, unitID int64) (int64, error) {
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
func Trial(ctx context.Context, q sqldb.Querier, asAt time.Time) (TrialBalance, error) {
	hi := "9999-99-99"
	if !asAt.IsZero() {
		hi = sqldb.FormatDate(asAt)
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

// demandSummary names a demand by its invoice and what it charged, kept to
// a length a statement line can show.
func demandSummary(invoice string, what []string) string {
	out := invoice + ": " + strings.Join(what, "; ")
	if len(out) > 160 {
		cut := 157
		for cut > 0 && !utf8.RuneStart(out[cut]) {
			cut--
		}
		out = out[:cut] + "…"
	}
	return out
}
