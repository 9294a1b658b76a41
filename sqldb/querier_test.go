package sqldb_test

import (
	"context"
	"database/sql"
	"errors"
	"testing"

	"porch/sqldb"
)

func TestQueryAll(t *testing.T) {
	t.Parallel()
	db := fileDB(t)
	ctx := context.Background()
	if _, err := db.ExecContext(ctx, `CREATE TABLE t (id INTEGER PRIMARY KEY, name TEXT NOT NULL);
		INSERT INTO t (name) VALUES ('a'), ('b'), ('c')`); err != nil {
		t.Fatal(err)
	}
	scan := func(s sqldb.Scanner) (string, error) {
		var n string
		return n, s.Scan(&n)
	}
	stmts := sqldb.NewStmts(db, 0)
	t.Cleanup(func() { stmts.Close() })
	tx, err := db.BeginTx(ctx, nil)
	if err != nil {
		t.Fatal(err)
	}
	defer tx.Rollback()
	// Every kind of handle reads the same rows.
	for name, q := range map[string]sqldb.Querier{"db": db, "tx": tx, "stmts": stmts, "stmts.Tx": stmts.Tx(tx)} {
		got, err := sqldb.QueryAll(ctx, q, scan, `SELECT name FROM t WHERE id > ? ORDER BY id`, 1)
		if err != nil || len(got) != 2 || got[0] != "b" || got[1] != "c" {
			t.Errorf("%s: %v, %v", name, got, err)
		}
		none, err := sqldb.QueryAll(ctx, q, scan, `SELECT name FROM t WHERE id > 9`)
		if err != nil || none != nil {
			t.Errorf("%s: no rows gave %v, %v", name, none, err)
		}
	}
	tx.Rollback()

	boom := errors.New("boom")
	if _, err := sqldb.QueryAll(ctx, db, func(sqldb.Scanner) (int, error) { return 0, boom }, `SELECT id FROM t`); !errors.Is(err, boom) {
		t.Errorf("scan error lost: %v", err)
	}
	if _, err := sqldb.QueryAll(ctx, db, scan, `SELECT nope FROM t`); err == nil {
		t.Error("bad query accepted")
	}
	// The rows were closed on the error paths: the database closes cleanly
	// with nothing left in use.
	if st := db.Stats(); st.InUse != 0 {
		t.Errorf("%d connections still in use", st.InUse)
	}
	var _ sqldb.Querier = (*sql.Conn)(nil)
}
