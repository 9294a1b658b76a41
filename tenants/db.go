// Package tenants maps requests to organisations and owns their databases:
// one SQLite file per organisation, opened with the project's pragmas,
// migrated on first open, kept in a bounded cache and closed when idle.
package tenants

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"net/url"
	"sync/atomic"
	"time"

	_ "modernc.org/sqlite" // registers the "sqlite" driver

	"porch/sqldb"
)

// DB is one organisation's database: a single writer connection, so writes
// never contend on SQLite's lock, and a small pool of read-only connections.
//
// Reads go through a cache of prepared statements: the driver parses SQL
// again on every plain query, which cost about a quarter of a signed-in
// page's CPU. The cache lives and dies with the DB, so a database reopened
// after a restore starts with statements prepared against the new file.
type DB struct {
	Slug string
	Path string

	writer *sql.DB
	reader *sql.DB
	reads  *sqldb.Stmts

	refs     atomic.Int64
	lastUsed atomic.Int64 // unix nanoseconds

	memo   memo          // values read once and kept while open; see memo.go
	recent recent        // values kept until the next write; see recent.go
	gen    atomic.Uint64 // writes committed through Write
	// opening is this opening's number in the process (see Opening).
	opening uint64

	attached attached // opened alongside and closed with it; see attached.go
}

// dsn builds the connection string. busy_timeout comes first so that it is in
// force while the other pragmas run.
func dsn(path string, readOnly bool) string {
	q := url.Values{}
	q.Add("_pragma", "busy_timeout(5000)")
	q.Add("_pragma", "journal_mode(WAL)")
	q.Add("_pragma", "synchronous(NORMAL)")
	q.Add("_pragma", "foreign_keys(ON)")
	if readOnly {
		q.Add("_pragma", "query_only(1)")
	} else {
		q.Set("_txlock", "immediate")
	}
	return "file:" + path + "?" + q.Encode()
}

// Open opens the writer and reader pools of the database file at path. It
// does not migrate; the Manager does that on first open. Tools and tests use
// Open directly; the server goes through Manager.Acquire.
func Open(ctx context.Context, slug, path string) (*DB, error) {
	return open(ctx, "sqlite", slug, path)
}

// The read pool: readConns connections at most, all of them kept when idle
// so the statements prepared on each stay prepared between requests. The
// pool hands out the connection used last, so under light use one
// connection serves and any others opened in a burst sit idle; after
// readIdle they close, giving back their page cache and statements, and a
// later burst prepares on its new connections again (once each, not per
// query). The Manager closes the whole database once it goes unused.
const (
	readConns = 4
	readIdle  = 5 * time.Minute
)

// open is Open with the database/sql driver named: "sqlite", or in tests a
// wrapper that counts what the driver parses.
func open(ctx context.Context, driverName, slug, path string) (*DB, error) {
	// The writer keeps each statement it runs prepared (sqldb.StatementCaching):
	// writes run on an *sql.Tx all over the code base, so they cannot go
	// through the read cache, and parsing their SQL again on every call
	// was most of a small write's CPU.
	conn, err := sqldb.StatementCaching(driverName, dsn(path, false))
	if err != nil {
		return nil, err
	}
	w := sql.OpenDB(conn)
	w.SetMaxOpenConns(1)
	w.SetMaxIdleConns(1)
	w.SetConnMaxIdleTime(0)
	// Touch the file now so that a missing or corrupt database fails here,
	// not on the first request.
	if err := w.PingContext(ctx); err != nil {
		w.Close()
		return nil, fmt.Errorf("open %s: %w", path, err)
	}
	r, err := sql.Open(driverName, dsn(path, true))
	if err != nil {
		w.Close()
		return nil, err
	}
	r.SetMaxOpenConns(readConns)
	r.SetMaxIdleConns(readConns)
	r.SetConnMaxIdleTime(readIdle)
	db := &DB{Slug: slug, Path: path, writer: w, reader: r, reads: sqldb.NewStmts(r, 0), opening: openings.Add(1)}
	db.touch()
	return db, nil
}

func (db *DB) touch() { db.lastUsed.Store(time.Now().UnixNano()) }

// Read returns the handle every read goes through: the read-only pool
// behind a cache of prepared statements, so each query is parsed once per
// connection and reused by every later request.
func (db *DB) Read() sqldb.Querier { return db.reads }

// ReadPool returns the read-only pool itself, for what a statement cache
// cannot do: read transactions, pings, pool statistics. Queries run on it
// are parsed on every call. Keep read transactions short: a long one holds
// back WAL checkpoints.
func (db *DB) ReadPool() *sql.DB { return db.reader }

// Write runs fn in one immediate transaction on the writer connection and
// commits it if fn returns nil. A panic or error rolls everything back.
func (db *DB) Write(ctx context.Context, fn func(tx *sql.Tx) error) error {
	return db.write(ctx, fn, true)
}

// WriteUnseen is Write for the one kind of write that nothing kept in
// memory shows: a session's and device's time of last use. It does not
// move the write generation, so the identities and pages kept until the
// next write stay kept; otherwise every signed-in person browsing would
// drop everyone's kept pages once a minute. Whoever writes this way keeps
// what they wrote in memory themselves (handlers' sessionSeen). Anything
// else goes through Write.
func (db *DB) WriteUnseen(ctx context.Context, fn func(tx *sql.Tx) error) error {
	return db.write(ctx, fn, false)
}

func (db *DB) write(ctx context.Context, fn func(tx *sql.Tx) error, seen bool) (err error) {
	tx, err := db.writer.BeginTx(ctx, nil)
	if err != nil {
		return fmt.Errorf("begin: %w", err)
	}
	defer func() {
		if p := recover(); p != nil {
			_ = tx.Rollback()
			panic(p)
		}
		if err != nil {
			_ = tx.Rollback()
		}
	}()
	// Runs first among the defers, after the commit below: what fn marked
	// with sqldb.Changed is forgotten once it is visible to readers.
	changed := sqldb.WatchChanges(tx)
	defer func() {
		// After the commit (or a failed one, which may still have
		// written): what was read before it is stale from now on.
		if seen {
			db.gen.Add(1)
		}
		db.Forget(changed()...)
	}()
	if err = fn(tx); err != nil {
		return err
	}
	if err = tx.Commit(); err != nil {
		return fmt.Errorf("commit: %w", err)
	}
	return nil
}

// Writer returns the single writer connection pool, for tools such as the
// migrator and replication that need the same handle as Write.
func (db *DB) Writer() *sql.DB { return db.writer }

// Close closes what is attached, the statement cache and then both pools.
// Databases handed out by a Manager are closed by it; call Close only on a
// DB from Open.
func (db *DB) Close() error {
	// The cache first, so that nothing is prepared into it against pools
	// that are closing, and each statement is finalised on its own
	// connection rather than swept up with it.
	// What is attached (the file store) goes first: it belongs to this
	// organisation and must not outlive its database.
	return errors.Join(db.closeAttached(), db.reads.Close(), db.reader.Close(), db.writer.Close())
}
