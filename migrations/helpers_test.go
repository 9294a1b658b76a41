package migrations_test

import (
	"context"
	"database/sql"
	"path/filepath"
	"testing"

	"github.com/pressly/goose/v3"
	_ "modernc.org/sqlite"

	"porch/migrations"
)

// migratedTo opens a new organisation database migrated up to version, for
// a test of the migrations after it; exec runs a statement on it.
func migratedTo(t *testing.T, version int64) (*sql.DB, *goose.Provider, func(string, ...any) error) {
	t.Helper()
	db, err := sql.Open("sqlite", "file:"+filepath.Join(t.TempDir(), "m.db")+"?_pragma=foreign_keys(ON)")
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { db.Close() })
	db.SetMaxOpenConns(1)
	p, err := goose.NewProvider(goose.DialectSQLite3, db, migrations.Org())
	if err != nil {
		t.Fatal(err)
	}
	if _, err := p.UpTo(context.Background(), version); err != nil {
		t.Fatal(err)
	}
	exec := func(q string, args ...any) error {
		_, err := db.ExecContext(context.Background(), q, args...)
		return err
	}
	return db, p, exec
}

// sitesAt is when the sites of twoSitesThen were created.
const sitesAt = "2026-01-01T00:00:00.000000000Z"

// twoSitesThen migrates to version, adds two sites (1, Harbour View, a
// block; 2, North lets, lettings) and migrates once more, to version+1,
// the migration under test. count reads one number.
func twoSitesThen(t *testing.T, version int64) (db *sql.DB, p *goose.Provider, exec func(string, ...any) error, count func(string) int) {
	t.Helper()
	db, p, exec = migratedTo(t, version)
	if err := exec(`INSERT INTO sites (id, public_id, name, kind, created_at) VALUES
		(1, 'site000000000001', 'Harbour View', 'block', ?), (2, 'site000000000002', 'North lets', 'lettings', ?)`, sitesAt, sitesAt); err != nil {
		t.Fatal(err)
	}
	if _, err := p.UpTo(context.Background(), version+1); err != nil {
		t.Fatal(err)
	}
	count = func(q string) int {
		t.Helper()
		var n int
		if err := db.QueryRow(q).Scan(&n); err != nil {
			t.Fatal(err)
		}
		return n
	}
	return db, p, exec, count
}
