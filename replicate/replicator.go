package replicate

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"log/slog"
	"path/filepath"
	"sync"
	"time"

	"github.com/benbjohnson/litestream"
	_ "modernc.org/sqlite" // Litestream opens its databases through this driver
)

// Replicator replicates the databases Porch has open. Only registered
// databases cost anything (a monitor goroutine, a connection, a few file
// descriptors), so the server registers an organisation while its database
// is open and unregisters it, after a final sync, when the cache closes it.
// Safe for concurrent use.
type Replicator struct {
	cfg    *Config
	store  *litestream.Store
	logger *slog.Logger

	mu      sync.Mutex
	dbs     map[string]*entry // absolute path -> registration
	closed  bool
	pending sync.WaitGroup // unregistrations in flight
}

type entry struct {
	refs    int
	leaving chan struct{} // closed once an unregistration in flight is done
}

// New makes a replicator for cfg; Open starts it.
func New(cfg *Config, logger *slog.Logger) *Replicator {
	if logger == nil {
		logger = slog.Default()
	}
	store := litestream.NewStore(nil, cfg.Levels())
	// Litestream logs every compaction and snapshot at Info: with many
	// open organisations that drowns the request log, so only its warnings
	// and errors come through.
	store.Logger = slog.New(minLevel{logger.Handler(), slog.LevelWarn}).With("system", "litestream")
	f := cfg.file
	if f.Snapshot.Interval != nil {
		store.SnapshotInterval = *f.Snapshot.Interval
	}
	if f.Snapshot.Retention != nil {
		store.SnapshotRetention = *f.Snapshot.Retention
	}
	if f.L0Retention != nil {
		store.SetL0Retention(*f.L0Retention)
	}
	if f.L0RetentionCheckInterval != nil {
		store.L0RetentionCheckInterval = *f.L0RetentionCheckInterval
	}
	if f.ShutdownSyncTimeout != nil {
		store.SetShutdownSyncTimeout(*f.ShutdownSyncTimeout)
	}
	if f.ShutdownSyncInterval != nil {
		store.SetShutdownSyncInterval(*f.ShutdownSyncInterval)
	}
	if f.Retention.Enabled != nil && !*f.Retention.Enabled {
		store.SetRetentionEnabled(false)
	}
	return &Replicator{cfg: cfg, store: store, logger: logger, dbs: map[string]*entry{}}
}

// Config returns the configuration the replicator runs with.
func (r *Replicator) Config() *Config { return r.cfg }

// Open starts the compaction and retention monitors and registers the
// catalog, which is always open.
func (r *Replicator) Open(ctx context.Context) error {
	if err := r.store.Open(ctx); err != nil {
		return fmt.Errorf("start replication: %w", err)
	}
	if err := r.Register(r.cfg.CatalogPath()); err != nil {
		_ = r.store.Close(context.Background())
		return err
	}
	return nil
}

// Register starts replicating the database at path, or counts one more user
// of it if it is already replicated. If the database is being unregistered,
// Register waits for that to finish first, so the final sync of the old
// registration never races the first sync of the new one.
func (r *Replicator) Register(path string) error {
	abs, err := filepath.Abs(path)
	if err != nil {
		return err
	}
	r.mu.Lock()
	defer r.mu.Unlock()
	for {
		if r.closed {
			return errors.New("replication has stopped")
		}
		e := r.dbs[abs]
		if e == nil {
			break
		}
		if e.leaving == nil {
			e.refs++
			return nil
		}
		ch := e.leaving
		r.mu.Unlock()
		<-ch
		r.mu.Lock()
	}
	db, err := r.cfg.newDB(abs)
	if err != nil {
		return err
	}
	// RegisterDB starts the monitor goroutines; the first sync (opening the
	// database, taking Litestream's read lock) happens on the monitor's
	// first tick, not here.
	if err := r.store.RegisterDB(db); err != nil {
		return fmt.Errorf("replicate %s: %w", filepath.Base(abs), err)
	}
	r.dbs[abs] = &entry{refs: 1}
	return nil
}

// Release drops one user of the database at path. The last one unregisters
// it in the background: Litestream syncs what is left of the WAL to the
// replica, releases its read lock and closes its connection. Wait blocks
// until those are done.
func (r *Replicator) Release(path string) {
	abs, err := filepath.Abs(path)
	if err != nil {
		return
	}
	r.mu.Lock()
	e := r.dbs[abs]
	if e == nil || e.leaving != nil {
		r.mu.Unlock()
		return
	}
	if e.refs--; e.refs > 0 {
		r.mu.Unlock()
		return
	}
	e.leaving = make(chan struct{})
	r.pending.Add(1)
	r.mu.Unlock()
	go func() {
		defer r.pending.Done()
		r.unregister(abs, e)
	}()
}

func (r *Replicator) unregister(abs string, e *entry) {
	start := time.Now()
	err := r.store.UnregisterDB(context.Background(), abs)
	r.mu.Lock()
	delete(r.dbs, abs)
	close(e.leaving)
	r.mu.Unlock()
	if err != nil {
		r.logger.Error("final sync before closing failed; the replica may miss the last writes until the database is next opened",
			"db", filepath.Base(abs), "replica", r.cfg.ReplicaURL(abs), "err", err)
		return
	}
	r.logger.Debug("replication stopped", "db", filepath.Base(abs), "took", time.Since(start))
}

// Wait blocks until every unregistration in flight has finished.
func (r *Replicator) Wait() { r.pending.Wait() }

// Sync copies everything committed to the database at path to its replica
// and returns once the replica has it.
func (r *Replicator) Sync(ctx context.Context, path string) error {
	abs, err := filepath.Abs(path)
	if err != nil {
		return err
	}
	_, err = r.store.SyncDB(ctx, abs, true)
	return err
}

// Registered reports how many databases are being replicated.
func (r *Replicator) Registered() int {
	r.mu.Lock()
	defer r.mu.Unlock()
	n := 0
	for _, e := range r.dbs {
		if e.leaving == nil {
			n++
		}
	}
	return n
}

// Close waits for unregistrations in flight, then syncs and stops every
// database still registered (the catalog, and any org the cache did not
// close).
func (r *Replicator) Close(ctx context.Context) error {
	r.mu.Lock()
	if r.closed {
		r.mu.Unlock()
		return nil
	}
	r.closed = true
	r.mu.Unlock()
	r.pending.Wait()
	return r.store.Close(ctx)
}

// CatchUp gives every listed database that has no replica yet a first
// snapshot: organisations created while replication was off or by another
// process (porch org create), which would otherwise be unprotected until
// first opened. It returns the number it replicated.
func (r *Replicator) CatchUp(ctx context.Context, paths []string) (int, error) {
	n := 0
	for _, p := range paths {
		if err := ctx.Err(); err != nil {
			return n, err
		}
		client, err := r.cfg.ReplicaClient(p)
		if err != nil {
			return n, err
		}
		has, err := hasBackup(ctx, client)
		if err != nil {
			r.logger.Error("cannot read replica", "db", filepath.Base(p), "replica", r.cfg.ReplicaURL(p), "err", err)
			continue
		}
		if has {
			continue
		}
		if err := r.Register(p); err != nil {
			return n, err
		}
		err = r.Sync(ctx, p)
		r.Release(p)
		if err != nil {
			r.logger.Error("first snapshot failed", "db", filepath.Base(p), "err", err)
			continue
		}
		r.logger.Info("replicated a database that had no replica", "db", filepath.Base(p), "replica", r.cfg.ReplicaURL(p))
		n++
	}
	return n, nil
}

// hasBackup reports whether the replica holds any LTX file. L0 is checked
// first: it is where the newest files are, and where an idle org's last sync
// stays.
func hasBackup(ctx context.Context, client litestream.ReplicaClient) (bool, error) {
	for _, level := range []int{0, litestream.SnapshotLevel, 1, 2, 3} {
		itr, err := client.LTXFiles(ctx, level, 0, false)
		if err != nil {
			return false, err
		}
		found := itr.Next()
		err = errors.Join(itr.Err(), itr.Close())
		if err != nil {
			return false, err
		}
		if found {
			return true, nil
		}
	}
	return false, nil
}

// ListOrgs returns the slugs the catalog at catalogPath lists. It only
// reads, so it is safe while the server runs.
func ListOrgs(ctx context.Context, catalogPath string) ([]string, error) {
	db, err := sql.Open("sqlite", "file:"+catalogPath+"?mode=ro&_pragma=busy_timeout(5000)")
	if err != nil {
		return nil, err
	}
	defer db.Close()
	rows, err := db.QueryContext(ctx, `SELECT slug FROM orgs ORDER BY slug`)
	if err != nil {
		return nil, fmt.Errorf("read catalog %s: %w", catalogPath, err)
	}
	defer rows.Close()
	var out []string
	for rows.Next() {
		var s string
		if err := rows.Scan(&s); err != nil {
			return nil, err
		}
		out = append(out, s)
	}
	return out, rows.Err()
}

// minLevel drops records below its level.
type minLevel struct {
	slog.Handler
	level slog.Level
}

func (h minLevel) Enabled(ctx context.Context, l slog.Level) bool {
	return l >= h.level && h.Handler.Enabled(ctx, l)
}

func (h minLevel) WithAttrs(attrs []slog.Attr) slog.Handler {
	return minLevel{h.Handler.WithAttrs(attrs), h.level}
}

func (h minLevel) WithGroup(name string) slog.Handler {
	return minLevel{h.Handler.WithGroup(name), h.level}
}
