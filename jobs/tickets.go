package jobs

import (
	"context"
	"database/sql"
	"time"

	"porch/tenants"
	"porch/tickets"
)

// closeTickets closes the requests resolved more than the reopening window
// ago (tickets.CloseExpired), in a transaction of its own: it needs no
// ledger, so organisations that have not opened their book have it done
// too, and a failure here undoes no demand.
func closeTickets(ctx context.Context, db *tenants.DB, now time.Time) (int, error) {
	var n int
	err := db.Write(ctx, func(tx *sql.Tx) error {
		var err error
		n, err = tickets.CloseExpired(ctx, tx, now)
		return err
	})
	if err != nil {
		return 0, err
	}
	return n, nil
}
