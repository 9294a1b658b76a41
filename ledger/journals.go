package ledger

import (
	"context"
	"strings"
	"time"

	"porch/sqldb"
)

// JournalFilter narrows the journal list. Zero values mean no limit on that
// field; Limit defaults to 50 and is at most 500.
type JournalFilter struct {
	From, To time.Time // inclusive accounting dates
	Kind     string    // KindDemand, KindReceipt, ...
	UnitID   int64     // journals with a posting for this unit
	Limit    int
	Offset   int
}

// JournalEntry is a journal with its postings, for the managers' list.
type JournalEntry struct {
	ID          int64
	PublicID    string
	Kind        string
	Date        time.Time
	Description string
	Reference   string
	ReversesID  int64  // the journal this one reverses
	ReversedBy  int64  // the journal that reversed this one
	CreatedBy   string // the person's name, "" for the system
	CreatedAt   time.Time
	Postings    []JournalPosting
}

// Total is the sum of the journal's debits.
func (j JournalEntry) Total() int64 {
	var t int64
	for _, p := range j.Postings {
		if p.Amount > 0 {
			t += p.Amount
		}
	}
	return t
}

// JournalPosting is one posting of a listed journal.
type JournalPosting struct {
	AccountCode string
	AccountName string
	Amount      int64 // debit positive, credit negative
	UnitID      int64
	UnitName    string
	OwnerName   string
	ChargeType  string
	Memo        string
}

// Debit and Credit split the amount into the two columns of a journal.
func (p JournalPosting) Debit() int64 { return max(p.Amount, 0) }

// Credit is the posting's credit as a positive amount, or 0.
func (p JournalPosting) Credit() int64 { return max(-p.Amount, 0) }

// ListJournals lists journals matching the filter, newest first, each with
// its postings in the order they were made. Ask for one more than a page to
// know whether there is a next one.
func ListJournals(ctx context.Context, q sqldb.Querier, f JournalFilter) ([]JournalEntry, error) {
	var where []string
	var args []any
	if !f.From.IsZero() {
		where, args = append(where, "j.date >= ?"), append(args, sqldb.FormatDate(f.From))
	}
	if !f.To.IsZero() {
		where, args = append(where, "j.date <= ?"), append(args, sqldb.FormatDate(f.To))
	}
	if f.Kind != "" {
		where, args = append(where, "j.kind = ?"), append(args, f.Kind)
	}
	if f.UnitID != 0 {
		where, args = append(where, "j.id IN (SELECT journal_id FROM postings WHERE unit_id = ?)"), append(args, f.UnitID)
	}
	limit := f.Limit
	if limit <= 0 {
		limit = 50
	}
	limit = min(limit, 500)
	cond := ""
	if len(where) > 0 {
		cond = "WHERE " + strings.Join(where, " AND ")
	}
	rows, err := q.QueryContext(ctx, `SELECT j.id, j.public_id, j.kind, j.date, j.description, j.reference,
			coalesce(j.reverses_id, 0), coalesce((SELECT r.id FROM journals r WHERE r.reverses_id = j.id), 0),
			coalesce(pe.full_name, ''), j.created_at
		FROM journals j LEFT JOIN people pe ON pe.id = j.created_by `+cond+`
		ORDER BY j.date DESC, j.id DESC LIMIT ? OFFSET ?`, append(args, limit, max(f.Offset, 0))...)
	if err != nil {
		return nil, err
	}
	var out []JournalEntry
	index := map[int64]int{}
	for rows.Next() {
		var e JournalEntry
		var date string
		if err := rows.Scan(&e.ID, &e.PublicID, &e.Kind, &date, &e.Description, &e.Reference, &e.ReversesID,
			&e.ReversedBy, &e.CreatedBy, sqldb.Into(&e.CreatedAt)); err != nil {
			rows.Close()
			return nil, err
		}
		e.Date = sqldb.ParseDate(date)
		index[e.ID] = len(out)
		out = append(out, e)
	}
	rows.Close()
	if err := rows.Err(); err != nil || len(out) == 0 {
		return out, err
	}
	ids := make([]any, len(out))
	for i, e := range out {
		ids[i] = e.ID
	}
	prow, err := q.QueryContext(ctx, `SELECT p.journal_id, a.code, a.name, p.amount, coalesce(p.unit_id, 0),
			coalesce(u.name, ''), coalesce(o.full_name, ''), coalesce(c.name, ''), p.memo
		FROM postings p JOIN ledger_accounts a ON a.id = p.account_id
		LEFT JOIN units u ON u.id = p.unit_id LEFT JOIN people o ON o.id = p.owner_id
		LEFT JOIN charge_types c ON c.id = p.charge_type_id
		WHERE p.journal_id IN (?`+strings.Repeat(", ?", len(ids)-1)+`) ORDER BY p.id`, ids...)
	if err != nil {
		return nil, err
	}
	defer prow.Close()
	for prow.Next() {
		var jid int64
		var p JournalPosting
		if err := prow.Scan(&jid, &p.AccountCode, &p.AccountName, &p.Amount, &p.UnitID, &p.UnitName, &p.OwnerName,
			&p.ChargeType, &p.Memo); err != nil {
			return nil, err
		}
		e := &out[index[jid]]
		e.Postings = append(e.Postings, p)
	}
	return out, prow.Err()
}
