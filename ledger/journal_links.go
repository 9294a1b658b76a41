package ledger

import (
	"context"
	"strings"

	"porch/sqldb"
)

// JournalInvoice is the invoice a demand journal raised, for linking a
// listed journal to what it belongs to.
type JournalInvoice struct {
	PublicID string
	Number   int64
	UnitID   int64
}

// InvoicesOfJournals returns the invoices raised by the given journals, by
// journal id; journals that raised none are absent.
func InvoicesOfJournals(ctx context.Context, q sqldb.Querier, journalIDs []int64) (map[int64]JournalInvoice, error) {
	out := map[int64]JournalInvoice{}
	if len(journalIDs) == 0 {
		return out, nil
	}
	args := make([]any, len(journalIDs))
	for i, id := range journalIDs {
		args[i] = id
	}
	rows, err := q.QueryContext(ctx, `SELECT journal_id, public_id, number, unit_id FROM invoices
		WHERE journal_id IN (?`+strings.Repeat(", ?", len(args)-1)+`)`, args...)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	for rows.Next() {
		var jid int64
		var inv JournalInvoice
		if err := rows.Scan(&jid, &inv.PublicID, &inv.Number, &inv.UnitID); err != nil {
			return nil, err
		}
		out[jid] = inv
	}
	return out, rows.Err()
}
