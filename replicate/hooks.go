package replicate

import (
	"context"
	"path/filepath"
	"time"

	"porch/tenants"
)

// OnOpen is the tenants.Options hook that starts replicating an
// organisation's database when the cache opens it. A replication failure is
// logged, not returned: the portal keeps serving, as it would if the replica
// were unreachable.
//
// While Litestream manages the database it owns checkpoints, so the writer
// connection's automatic checkpoints are turned off, as Litestream's own
// connection does; without replication SQLite's default stays in force.
func (r *Replicator) OnOpen(db *tenants.DB) error {
	if err := r.Register(db.Path); err != nil {
		r.logger.Error("cannot replicate organisation database", "org", db.Slug, "err", err)
		return nil
	}
	ctx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
	defer cancel()
	if _, err := db.Writer().ExecContext(ctx, `PRAGMA wal_autocheckpoint = 0`); err != nil {
		r.logger.Warn("cannot leave checkpoints to Litestream", "org", db.Slug, "err", err)
	}
	return nil
}

// OnClose is the tenants.Options hook that syncs and unregisters an
// organisation's database when the cache closes it.
func (r *Replicator) OnClose(db *tenants.DB) { r.Release(db.Path) }

// Stored is the files.Config hook that ships a file store's new file to the
// replica before the row naming it is written: without it the
// organisation's database, synced on its own schedule, could reach the
// replica first, and a disk lost in between would leave a restored row
// pointing at nothing. Like OnOpen it logs a replica it cannot reach
// rather than failing the upload: the file is committed on disk, and
// replication catches up as it does for every other write.
func (r *Replicator) Stored(ctx context.Context, db *tenants.DB) error {
	ctx, cancel := context.WithTimeout(ctx, 10*time.Second)
	defer cancel()
	if err := r.Sync(ctx, db.Path); err != nil {
		r.logger.Error("cannot ship a stored file to the replica yet", "org", db.Slug, "db", filepath.Base(db.Path), "err", err)
	}
	return nil
}
