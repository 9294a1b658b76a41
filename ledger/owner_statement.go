package ledger

import (
	"context"
	"strings"
	"time"

	"porch/sqldb"
)

// Owner statement line categories.
const (
	OwnerIncome  = "income"
	OwnerExpense = "expense"
	OwnerFee     = "fee"
	OwnerPayout  = "payout"
	OwnerFloat   = "float"
	OwnerOther   = "other"
)

// LandlordStatement is a landlord's account for a period, derived only from
// their postings on 2100 (client money) and 2200 (floats). Amounts are the
// landlord's money: positive means held for them. Closing = Opening +
// Income - Expenses - Fees - Payouts + Other, and Due = Closing - Float.
type LandlordStatement struct {
	OwnerID   int64
	OwnerName string
	UnitID    int64     // the one property it is for; 0 for all of theirs
	From, To  time.Time // inclusive; zero From: from the start, zero To: to the end
	Opening   int64     // held for them, float included, before From
	Income    int64     // rent, less rent credited back to tenants
	Expenses  int64
	Fees      int64
	Payouts   int64
	Other     int64 // anything else, such as opening balances brought in
	Closing   int64
	Float     int64 // floats held at the end
	Due       int64 // what is owed to them beyond the float: Closing - Float
	// RentUnpaid is rent in Income (or before) that tenants have not paid
	// yet, as things stand now; it is not paid out until received.
	RentUnpaid int64
	Lines      []OwnerLine
}

// OwnerLine is one entry of an owner statement.
type OwnerLine struct {
	JournalID   int64
	Date        time.Time
	Category    string // OwnerIncome, OwnerExpense, ...
	Description string
	Memo        string
	Unit        string // the property's name, "" for a payout of all
	Amount      int64  // change in the landlord's money: + in, - out
	FloatChange int64  // change in the float held (moved within their money)
	Balance     int64  // held for them after this entry, float included
}

// OwnerStatement builds a landlord's statement between from and to
// (inclusive dates), or NotFound for an unknown person.
func OwnerStatement(ctx context.Context, q sqldb.Querier, ownerID int64, from, to time.Time) (LandlordStatement, error) {
	return PropertyStatement(ctx, q, ownerID, 0, from, to)
}

// PropertyStatement is OwnerStatement for one of the landlord's
// properties (unitID 0: all of them): only the entries posted for it.
// A payout made for all their properties is on no property's statement.
func PropertyStatement(ctx context.Context, q sqldb.Querier, ownerID, unitID int64, from, to time.Time) (LandlordStatement, error) {
	st := LandlordStatement{OwnerID: ownerID, UnitID: unitID, From: from, To: to}
	var err error
	if st.OwnerName, err = personName(ctx, q, ownerID); err != nil {
		return st, err
	}
	lo, hi := "0000-00-00", "9999-99-99"
	if !from.IsZero() {
		lo = sqldb.FormatDate(from)
	}
	if !to.IsZero() {
		hi = sqldb.FormatDate(to)
	}
	if err := q.QueryRowContext(ctx, `SELECT -coalesce(sum(p.amount), 0) FROM postings p
		JOIN journals j ON j.id = p.journal_id JOIN ledger_accounts a ON a.id = p.account_id
		WHERE p.owner_id = ? AND a.purpose IN ('client_money', 'float') AND j.date < ? AND (? = 0 OR p.unit_id = ?)`,
		ownerID, lo, unitID, unitID).Scan(&st.Opening); err != nil {
		return st, err
	}
	rows, err := q.QueryContext(ctx, `SELECT j.id, j.date, coalesce(r.kind, j.kind), j.description,
			coalesce(group_concat(DISTINCT nullif(p.memo, '')), ''), coalesce(group_concat(DISTINCT u.name), ''),
			-sum(p.amount), -coalesce(sum(CASE WHEN a.purpose = 'float' THEN p.amount END), 0)
		FROM postings p JOIN journals j ON j.id = p.journal_id JOIN ledger_accounts a ON a.id = p.account_id
		LEFT JOIN journals r ON r.id = j.reverses_id LEFT JOIN units u ON u.id = p.unit_id
		WHERE p.owner_id = ? AND a.purpose IN ('client_money', 'float') AND j.date >= ? AND j.date <= ?
			AND (? = 0 OR p.unit_id = ?)
		GROUP BY j.id ORDER BY j.date, j.id`, ownerID, lo, hi, unitID, unitID)
	if err != nil {
		return st, err
	}
	defer rows.Close()
	bal := st.Opening
	for rows.Next() {
		var l OwnerLine
		var date, kind string
		if err := rows.Scan(&l.JournalID, &date, &kind, &l.Description, &l.Memo, &l.Unit, &l.Amount, &l.FloatChange); err != nil {
			return st, err
		}
		l.Date = sqldb.ParseDate(date)
		switch kind {
		case KindDemand, KindCredit:
			l.Category = OwnerIncome
			st.Income += l.Amount
		case KindExpense:
			l.Category = OwnerExpense
			st.Expenses -= l.Amount
		case KindFee:
			l.Category = OwnerFee
			st.Fees -= l.Amount
		case KindPayout:
			l.Category = OwnerPayout
			st.Payouts -= l.Amount
		case KindFloat:
			l.Category = OwnerFloat
			st.Other += l.Amount // always zero: a float only moves money within theirs
		default:
			l.Category = OwnerOther
			st.Other += l.Amount
		}
		bal += l.Amount
		l.Balance = bal
		st.Lines = append(st.Lines, l)
	}
	if err := rows.Err(); err != nil {
		return st, err
	}
	st.Closing = bal
	if err := q.QueryRowContext(ctx, `SELECT -coalesce(sum(p.amount), 0) FROM postings p
		JOIN journals j ON j.id = p.journal_id JOIN ledger_accounts a ON a.id = p.account_id
		WHERE p.owner_id = ? AND a.purpose = 'float' AND j.date <= ? AND (? = 0 OR p.unit_id = ?)`,
		ownerID, hi, unitID, unitID).Scan(&st.Float); err != nil {
		return st, err
	}
	st.Due = st.Closing - st.Float
	st.RentUnpaid, err = unpaidRent(ctx, q, ownerID, unitID, hi)
	return st, err
}

// Text describes the entry for the landlord: rent says what was demanded,
// with its invoice.
func (l OwnerLine) Text() string {
	if l.Category == OwnerIncome && strings.HasPrefix(l.Description, "Invoice ") {
		what := l.Memo
		if what == "" {
			what = "Rent"
		}
		return what + " (" + l.Description + ")"
	}
	return l.Description
}
