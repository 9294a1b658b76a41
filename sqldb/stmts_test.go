package sqldb_test

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"modernc.org/sqlite"

	"porch/sqldb"
)

// countingDB opens a file database with n connections through a counting
// driver, with a table of 100 rows.
func countingDB(t *testing.T, conns int) (*sql.DB, *sqldb.CountingDriver) {
	t.Helper()
	d := &sqldb.CountingDriver{Driver: &sqlite.Driver{}}
	name := fmt.Sprintf("sqlite-counting-%d", drivers.Add(1))
	sql.Register(name, d)
	db, err := sql.Open(name, "file:"+t.TempDir()+"/c.db?_pragma=journal_mode(WAL)&_pragma=busy_timeout(5000)")
	if err != nil {
		t.Fatal(err)
	}
	db.SetMaxOpenConns(conns)
	t.Cleanup(func() { db.Close() })
	if _, err := db.Exec(`CREATE TABLE t (id INTEGER PRIMARY KEY, v INTEGER NOT NULL)`); err != nil {
		t.Fatal(err)
	}
	for i := 1; i <= 100; i++ {
		if _, err := db.Exec(`INSERT INTO t (id, v) VALUES (?, ?)`, i, i*10); err != nil {
			t.Fatal(err)
		}
	}
	d.Reset()
	return db, d
}

var drivers atomic.Int64 // sql.Register takes each name once per process

func scanInt(s sqldb.Scanner) (int, error) {
	var n int
	return n, s.Scan(&n)
}

const byID = `SELECT v FROM t WHERE id = ?`

func TestStmtsPrepareOnce(t *testing.T) {
	db, d := countingDB(t, 1)
	ctx := context.Background()
	for i := 1; i <= 50; i++ {
		var v int
		if err := db.QueryRowContext(ctx, byID, i).Scan(&v); err != nil || v != i*10 {
			t.Fatal(v, err)
		}
	}
	if n := len(d.Parsed(nil)); n != 50 {
		t.Fatalf("plain queries prepared %d times, want 50 (once per call)", n)
	}
	d.Reset()

	c := sqldb.NewStmts(db, 0)
	t.Cleanup(func() { c.Close() })
	for i := 1; i <= 50; i++ {
		var v int
		if err := c.QueryRowContext(ctx, byID, i).Scan(&v); err != nil || v != i*10 {
			t.Fatal(v, err)
		}
		got, err := sqldb.QueryAll(ctx, c, scanInt, `SELECT v FROM t WHERE id <= ? ORDER BY id`, i)
		if err != nil || len(got) != i || got[i-1] != i*10 {
			t.Fatal(len(got), err)
		}
		if _, err := c.ExecContext(ctx, `UPDATE t SET v = v WHERE id = ?`, i); err != nil {
			t.Fatal(err)
		}
	}
	if n := len(d.Parsed(nil)); n != 3 || c.Len() != 3 || d.Runs(nil) != 150 {
		t.Errorf("through the cache: %d prepares, %d cached, %d runs; want 3, 3 and 150", n, c.Len(), d.Runs(nil))
	}
}

// In a transaction on a one-connection pool (the writer), a cached
// statement is reused without preparing again, and an uncached one is
// prepared once for the transaction without waiting for a second
// connection.
func TestStmtsTx(t *testing.T) {
	db, d := countingDB(t, 1)
	ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
	defer cancel()
	c := sqldb.NewStmts(db, 0)
	t.Cleanup(func() { c.Close() })
	if err := c.Prepare(ctx, byID); err != nil {
		t.Fatal(err)
	}
	d.Reset()

	tx, err := db.BeginTx(ctx, nil)
	if err != nil {
		t.Fatal(err)
	}
	defer tx.Rollback()
	q := c.Tx(tx)
	for i := 1; i <= 5; i++ {
		var v int
		if err := q.QueryRowContext(ctx, byID, i).Scan(&v); err != nil || v != i*10 {
			t.Fatal(v, err)
		}
		if _, err := q.ExecContext(ctx, `INSERT INTO t (id, v) VALUES (?, 0)`, 1000+i); err != nil {
			t.Fatal(err)
		}
	}
	if got, err := sqldb.QueryAll(ctx, q, scanInt, `SELECT id FROM t WHERE id > 1000`); err != nil || len(got) != 5 {
		t.Fatalf("the transaction's own inserts: %v, %v", got, err)
	}
	if err := tx.Commit(); err != nil {
		t.Fatal(err)
	}
	if n := len(d.Parsed(nil)); n != 2 {
		t.Errorf("%d prepares in the transaction, want 2 (the insert, the list; the lookup was cached)", n)
	}
	if c.Len() != 1 {
		t.Errorf("a transaction added to the cache: %d statements", c.Len())
	}
	// The cached statement still serves the pool after the transaction.
	var v int
	if err := c.QueryRowContext(ctx, byID, 1001).Scan(&v); err != nil || v != 0 {
		t.Errorf("after commit: %d, %v", v, err)
	}
}

func TestStmtsConcurrent(t *testing.T) {
	db, _ := countingDB(t, 4)
	c := sqldb.NewStmts(db, 0)
	t.Cleanup(func() { c.Close() })
	ctx := context.Background()
	var wg sync.WaitGroup
	errc := make(chan error, 8)
	for g := range 8 {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for i := range 100 {
				k := i%5 + 1
				q := fmt.Sprintf(`SELECT v + %d FROM t WHERE id = ?`, k)
				var v int
				if err := c.QueryRowContext(ctx, q, g+1).Scan(&v); err != nil || v != (g+1)*10+k {
					errc <- fmt.Errorf("goroutine %d: %d, %v", g, v, err)
					return
				}
			}
		}()
	}
	wg.Wait()
	close(errc)
	for err := range errc {
		t.Error(err)
	}
	if c.Len() != 5 {
		t.Errorf("%d statements cached, want 5", c.Len())
	}
}

// Past its bound the cache runs queries unprepared; after Close too.
func TestStmtsBoundAndClose(t *testing.T) {
	db, _ := countingDB(t, 2)
	ctx := context.Background()
	c := sqldb.NewStmts(db, 2)
	for k := 1; k <= 4; k++ {
		var v int
		if err := c.QueryRowContext(ctx, fmt.Sprintf(`SELECT v * %d FROM t WHERE id = 1`, k)).Scan(&v); err != nil || v != 10*k {
			t.Fatal(v, err)
		}
	}
	if c.Len() != 2 {
		t.Errorf("%d cached, want the bound 2", c.Len())
	}
	if err := c.Prepare(ctx, `SELECT 1`); err == nil {
		t.Error("Prepare into a full cache succeeded")
	}
	if _, err := c.QueryContext(ctx, `SELECT nope FROM t`); err == nil {
		t.Error("bad SQL accepted")
	}
	if err := c.QueryRowContext(ctx, `SELECT nope FROM t`).Scan(new(int)); err == nil {
		t.Error("bad SQL accepted by QueryRowContext")
	}
	if err := c.Close(); err != nil {
		t.Fatal(err)
	}
	if c.Len() != 0 {
		t.Errorf("%d cached after Close", c.Len())
	}
	var v int
	if err := c.QueryRowContext(ctx, byID, 2).Scan(&v); err != nil || v != 20 {
		t.Errorf("after Close: %d, %v", v, err)
	}
	if err := c.Prepare(ctx, byID); !errors.Is(err, sqldb.ErrStmtsClosed) {
		t.Errorf("Prepare after Close: %v", err)
	}
}
