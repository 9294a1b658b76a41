package jobs

import (
	"context"
	"database/sql"
	"time"

	"porch/auth"
	"porch/estate"
	"porch/tenants"
)

// PruneBatch is the most rows one table gives up in one transaction. A
// backlog (the first run after an upgrade, a month of bot traffic) is
// cleared in many short transactions, so the organisation's single writer
// is never held for long and requests wait at most one batch.
const PruneBatch = 500

// Pruned counts the rows the retention step removed, by kind.
type Pruned struct {
	auth.PruneResult
	Audit int // audit entries past their period
}

// Total is the number of rows removed.
func (p Pruned) Total() int { return p.PruneResult.Total() + p.Audit }

func (p *Pruned) add(b Pruned) {
	p.Codes += b.Codes
	p.Throttle += b.Throttle
	p.Sessions += b.Sessions
	p.Devices += b.Devices
	p.Invitations += b.Invitations
	p.Audit += b.Audit
}

// prune applies the retention policy (auth.Prune, estate.PruneAudit) to one
// organisation, batch after batch until nothing is left past its period. It
// runs in its own transactions, apart from the ledger work: pruning never
// waits for the books, a failed prune undoes no demand, and organisations
// that have not opened their book are pruned too. What was deleted before
// a failure stays deleted, which is harmless: the rest goes the next day.
func prune(ctx context.Context, db *tenants.DB, now time.Time) (Pruned, error) {
	var total Pruned
	for more := true; more; {
		var b Pruned
		err := db.Write(ctx, func(tx *sql.Tx) error {
			var err error
			if b.PruneResult, err = auth.Prune(ctx, tx, now, PruneBatch); err != nil {
				return err
			}
			b.Audit, err = estate.PruneAudit(ctx, tx, now, PruneBatch)
			return err
		})
		if err != nil {
			return total, err
		}
		total.add(b)
		more = b.More || b.Audit >= PruneBatch
	}
	return total, nil
}
