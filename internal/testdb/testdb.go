// Package testdb gives tests a real, migrated organisation database in a
// temporary directory.
package testdb

import (
	"context"
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
