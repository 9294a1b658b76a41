// Package testdb gives tests a real, migrated organisation database in a
// temporary directory.
package testdb

import (
	"context"
	"database/sql"
	"path/filepath"
	"testing"

	"porch/tenants"
)

// Org returns a freshly migrated, empty organisation database named slug,
// closed when the test ends.
func Org(t testing.TB, slug string) *tenants.DB {
	t.Helper()
	db, err := tenants.OpenMigrated(context.Background(), slug, filepath.Join(t.TempDir(), slug+".db"))
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { db.Close() })
	return db
}

// Write runs fn in one write transaction of db and returns its error.
func Write(db *tenants.DB, fn func(ctx context.Context, tx *sql.Tx) error) error {
	ctx := context.Background()
	return db.Write(ctx, func(tx *sql.Tx) error { return fn(ctx, tx) })
}
