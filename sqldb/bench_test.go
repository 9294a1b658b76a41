package sqldb_test

import (
	"context"
	"database/sql"
	"fmt"
	"testing"
	"time"

	"porch/sqldb"
)

// BenchmarkIndexedQuery compares a typical indexed read run as plain SQL
// on the pool (parsed on every call) with the same read through Stmts
// (prepared once): a unit's newest 20 payments out of 20,000, and one
// payment by its public id.
//
//	go test -run '^$' -bench IndexedQuery -benchmem ./sqldb/
func BenchmarkIndexedQuery(b *testing.B) {
	db := benchDB(b)
	ctx := context.Background()
	const list = `SELECT id, public_id, amount, status, created_at FROM payments
		WHERE unit_id = ? AND status <> 'created' ORDER BY created_at DESC, id DESC LIMIT 20`
	const one = `SELECT id, public_id, amount, status, created_at FROM payments WHERE public_id = ?`
	stmts := sqldb.NewStmts(db, 0)
	b.Cleanup(func() { stmts.Close() })
	ids := publicIDs(b, db)
	for _, h := range []struct {
		name string
		q    sqldb.Querier
	}{{"uncached", db}, {"cached", stmts}} {
		b.Run("list/"+h.name, func(b *testing.B) {
			b.ReportAllocs()
			i := 0
			for b.Loop() {
				rows, err := sqldb.QueryAll(ctx, h.q, scanPayment, list, i%200+1)
				if err != nil || len(rows) != 20 {
					b.Fatal(len(rows), err)
				}
				i++
			}
		})
		b.Run("row/"+h.name, func(b *testing.B) {
			b.ReportAllocs()
			i := 0
			for b.Loop() {
				if _, err := scanPayment(h.q.QueryRowContext(ctx, one, ids[i%len(ids)])); err != nil {
					b.Fatal(err)
				}
				i++
			}
		})
	}
}

type benchPayment struct {
	id      int64
	pub     string
	amount  int64
	status  string
	created time.Time
}

func scanPayment(s sqldb.Scanner) (benchPayment, error) {
	var p benchPayment
	return p, s.Scan(&p.id, &p.pub, &p.amount, &p.status, sqldb.Into(&p.created))
}

func benchDB(b *testing.B) *sql.DB {
	db := fileDB(b)
	db.SetMaxOpenConns(4)
	ctx := context.Background()
	if _, err := db.ExecContext(ctx, `CREATE TABLE payments (
		id INTEGER PRIMARY KEY, public_id TEXT NOT NULL UNIQUE, unit_id INTEGER NOT NULL,
		amount INTEGER NOT NULL, status TEXT NOT NULL, created_at TEXT NOT NULL);
		CREATE INDEX payments_unit ON payments (unit_id, created_at)`); err != nil {
		b.Fatal(err)
	}
	tx, err := db.BeginTx(ctx, nil)
	if err != nil {
		b.Fatal(err)
	}
	t0 := time.Date(2025, 1, 1, 0, 0, 0, 0, time.UTC)
	for i := range 20_000 {
		if _, err := tx.ExecContext(ctx, `INSERT INTO payments (public_id, unit_id, amount, status, created_at) VALUES (?, ?, ?, ?, ?)`,
			sqldb.NewPublicID(), i%200+1, 100+i, []string{"paid", "open", "created"}[i%3], sqldb.At(t0.Add(time.Duration(i)*time.Minute))); err != nil {
			b.Fatal(err)
		}
	}
	if err := tx.Commit(); err != nil {
		b.Fatal(err)
	}
	if _, err := db.ExecContext(ctx, `ANALYZE`); err != nil {
		b.Fatal(err)
	}
	return db
}

func publicIDs(b *testing.B, db *sql.DB) []string {
	ids, err := sqldb.QueryAll(context.Background(), db, func(s sqldb.Scanner) (string, error) {
		var id string
		return id, s.Scan(&id)
	}, `SELECT public_id FROM payments ORDER BY id LIMIT 500`)
	if err != nil || len(ids) == 0 {
		b.Fatal(fmt.Sprint(len(ids)), err)
	}
	return ids
}
