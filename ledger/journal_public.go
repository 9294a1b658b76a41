package ledger

import (
	"context"
	"porch/sqldb"
)

// JournalPublicID is the public id of the journal with the internal id:
// the name a receipt's PDF and links go by.
func JournalPublicID(ctx context.Context, q sqldb.Querier, id int64) (string, error) {
	var pub string
	err := q.QueryRowContext(ctx, `SELECT public_id FROM journals WHERE id = ?`, id).Scan(&pub)
	return pub, err
}
