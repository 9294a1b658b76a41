package sqldb_test

import (
	"context"
	"database/sql"
	"fmt"
	"testing"

	"modernc.org/sqlite"

	"porch/sqldb"
)

// cachingDB opens a one-connection file database whose connection keeps
// its statements, over a counting driver, with a table of 10 rows.
func cachingDB(t *testing.T) (*sql.DB, *sqldb.CountingDriver) {
	t.Helper()
	d := &sqldb.CountingDriver{Driver: &sqlite.Driver{}}
	name := fmt.Sprintf("sqlite-counting-%d", drivers.Add(1))
	sql.Register(name, d)
	conn, err := sqldb.StatementCaching(name, "file:"+t.TempDir()+"/k.db?_pragma=journal_mode(WAL)&_txlock=immediate")
	if err != nil {
		t.Fatal(err)
	}
	db := sql.OpenDB(conn)
	db.SetMaxOpenConns(1)
	t.Cleanup(func() { db.Close() })
	// Several statements in one text: run by the driver in turn, not kept.
	if _, err := db.Exec(`CREATE TABLE t (id INTEGER PRIMARY KEY, v INTEGER NOT NULL);
		CREATE TABLE log (id INTEGER PRIMARY KEY, v INTEGER NOT NULL);`); err != nil {
		t.Fatal(err)
	}
	for i := 1; i <= 10; i++ {
		if _, err := db.Exec(`INSERT INTO t (id, v) VALUES (?, ?)`, i, i*10); err != nil {
			t.Fatal(err)
		}
	}
	return db, d
}

// Plain execs and queries in transactions, as every write does, are
// parsed once per connection however often they run.
func TestStatementCachingParsesOnce(t *testing.T) {
	db, d := cachingDB(t)
	ctx := context.Background()
	d.Reset()
	for i := 1; i <= 20; i++ {
		tx, err := db.BeginTx(ctx, nil)
		if err != nil {
			t.Fatal(err)
		}
		var v int
		if err := tx.QueryRowContext(ctx, `SELECT v FROM t WHERE id = ?`, i%10+1).Scan(&v); err != nil || v != (i%10+1)*10 {
			t.Fatal(v, err)
		}
		if _, err := tx.ExecContext(ctx, `INSERT INTO log (v) VALUES (?)`, v); err != nil {
			t.Fatal(err)
		}
		if err := tx.Commit(); err != nil {
			t.Fatal(err)
		}
	}
	if p := d.Parsed(nil); len(p) != 2 {
		t.Fatalf("parsed %d texts for 20 transactions of the same two statements: %q", len(p), p)
	}
	var n int
	if err := db.QueryRow(`SELECT count(*) FROM log`).Scan(&n); err != nil || n != 20 {
		t.Fatalf("%d rows logged, want 20 (%v)", n, err)
	}
}

// A query run again while its own rows are open (a loop that looks up
// the same thing for each row) gets a statement of its own; a statement
// that fails is reported, and the kept ones still work after a rollback.
func TestStatementCachingNestedAndErrors(t *testing.T) {
	db, _ := cachingDB(t)
	ctx := context.Background()
	tx, err := db.BeginTx(ctx, nil)
	if err != nil {
		t.Fatal(err)
	}
	const q = `SELECT id FROM t WHERE id > ? ORDER BY id`
	rows, err := tx.QueryContext(ctx, q, 7)
	if err != nil {
		t.Fatal(err)
	}
	var outer, inner []int
	for rows.Next() {
		var id int
		if err := rows.Scan(&id); err != nil {
			t.Fatal(err)
		}
		outer = append(outer, id)
		in, err := tx.QueryContext(ctx, q, id)
		if err != nil {
			t.Fatal(err)
		}
		for in.Next() {
			var j int
			if err := in.Scan(&j); err != nil {
				t.Fatal(err)
			}
			inner = append(inner, j)
		}
		in.Close()
	}
	if err := rows.Err(); err != nil {
		t.Fatal(err)
	}
	rows.Close()
	if fmt.Sprint(outer, inner) != "[8 9 10] [9 10 10]" {
		t.Fatalf("outer %v inner %v", outer, inner)
	}
	if _, err := tx.ExecContext(ctx, `INSERT INTO t (id, v) VALUES (?, ?)`, 1, 1); err == nil {
		t.Fatal("a duplicate key was accepted")
	}
	// The statement that failed is kept and runs again cleanly.
	if _, err := tx.ExecContext(ctx, `INSERT INTO t (id, v) VALUES (?, ?)`, 11, 110); err != nil {
		t.Fatalf("the kept statement after its failure: %v", err)
	}
	if _, err := tx.ExecContext(ctx, `INSERT INTO nowhere (v) VALUES (1)`); err == nil {
		t.Fatal("an insert into a missing table was accepted")
	}
	if err := tx.Rollback(); err != nil {
		t.Fatal(err)
	}
	var v int
	if err := db.QueryRowContext(ctx, q, 9).Scan(&v); err != nil || v != 10 {
		t.Fatalf("after the rollback: %d %v", v, err)
	}
}
