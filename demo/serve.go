package demo

import (
	"context"
	"database/sql"
	"fmt"
	"time"

	"porch/ledger"
	"porch/tenants"
)

// Server serves demands just raised in tx on those liable, as a demand
// raised on the screens is served.
type Server func(ctx context.Context, db *tenants.DB, tx *sql.Tx, invoices []ledger.Invoice) error

// ServeQuarter serves this quarter's demands on Harbour View through
// serve, as if they had just been raised, so that their emails, the
// copies to post and how each was served are there to see. It runs once
// the demo exists, in a transaction of its own: serving queues mail, and
// mail is only queued for an organisation the server knows.
func ServeQuarter(ctx context.Context, db *tenants.DB, now time.Time, serve Server) error {
	return db.Write(ctx, func(tx *sql.Tx) error {
		var first, last sql.NullInt64
		if err := tx.QueryRowContext(ctx, `SELECT min(i.number), max(i.number) FROM invoices i
			JOIN units u ON u.id = i.unit_id JOIN sites s ON s.id = u.site_id
			WHERE s.name = ? AND i.issue_date = ?`, blockName, quarterDay(now).Format("2006-01-02")).Scan(&first, &last); err != nil {
			return fmt.Errorf("demo: this quarter's demands: %w", err)
		}
		if !first.Valid {
			return fmt.Errorf("demo: no demands on %s this quarter", blockName)
		}
		invs, err := ledger.InvoicesNumbered(ctx, tx, first.Int64, last.Int64)
		if err != nil {
			return err
		}
		return serve(ctx, db, tx, invs)
	})
}
