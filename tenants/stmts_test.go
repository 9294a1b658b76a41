package tenants

import (
	"context"
	"database/sql"
	"strings"
	"testing"

	"modernc.org/sqlite"

	"porch/sqldb"
)

// Reads through DB.Read are parsed once per read connection while the
// database is open: the read connections stay open with their statements.
// Cached statements do not hold back checkpoints; closing the database
// closes its connections, and a database opened again (as after a restore)
// prepares afresh.
func TestReadsPreparedOncePerConnection(t *testing.T) {
	d := &sqldb.CountingDriver{Driver: &sqlite.Driver{}}
	sql.Register("sqlite-counting-tenants", d)
	dir := t.TempDir()
	ctx := context.Background()
	m := newManager(t, Options{DataDir: dir, Driver: "sqlite-counting-tenants"})
	if err := m.Create(ctx, "acme", "Acme", writeName("Acme")); err != nil {
		t.Fatal(err)
	}
	const q = `SELECT name FROM settings WHERE id = ?`
	reader := func(dsn string) bool { return strings.Contains(dsn, "query_only") }
	parsed := func() int {
		n := 0
		for _, p := range d.Parsed(reader) {
			if p == q {
				n++
			}
		}
		return n
	}
	// concurrently holds the query's rows open on every read connection at
	// once, so each connection runs it.
	concurrently := func(db *DB) {
		t.Helper()
		var open []*sql.Rows
		for range readConns {
			rows, err := db.Read().QueryContext(ctx, q, 1)
			if err != nil {
				t.Fatal(err)
			}
			open = append(open, rows)
		}
		for _, rows := range open {
			var name string
			if !rows.Next() || rows.Scan(&name) != nil || name != "Acme" {
				t.Fatalf("read %q, %v", name, rows.Err())
			}
			rows.Close()
		}
	}

	db, release, err := m.Acquire(ctx, "acme")
	if err != nil {
		t.Fatal(err)
	}
	d.Reset()
	for range 3 {
		concurrently(db)
	}
	if n := parsed(); n != readConns {
		t.Errorf("parsed %d times over three rounds, want %d (once per read connection)", n, readConns)
	}
	// A prepared statement is reset when its rows close, so it holds no read
	// snapshot that would keep Litestream's checkpoints from finishing.
	if err := db.Write(ctx, func(tx *sql.Tx) error {
		_, err := tx.ExecContext(ctx, `UPDATE settings SET updated_at = '2026-01-02T00:00:00Z' WHERE id = 1`)
		return err
	}); err != nil {
		t.Fatal(err)
	}
	var busy, logged, done int
	err = db.Writer().QueryRowContext(ctx, `PRAGMA wal_checkpoint(TRUNCATE)`).Scan(&busy, &logged, &done)
	if err != nil || busy != 0 || logged != done {
		t.Errorf("checkpoint held back after cached reads: busy %d, %d of %d frames, %v", busy, done, logged, err)
	}
	release()
	if err := m.Close(); err != nil {
		t.Fatal(err)
	}
	if st := db.ReadPool().Stats(); st.OpenConnections != 0 {
		t.Errorf("%d read connections left open after Close", st.OpenConnections)
	}

	d.Reset()
	m2 := newManager(t, Options{DataDir: dir, Driver: "sqlite-counting-tenants"})
	db2, release2, err := m2.Acquire(ctx, "acme")
	if err != nil {
		t.Fatal(err)
	}
	defer release2()
	concurrently(db2)
	if n := parsed(); n != readConns {
		t.Errorf("a reopened database parsed %d times, want %d: its cache starts empty", n, readConns)
	}
}
