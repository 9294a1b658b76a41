package tenants

import (
	"context"
	"fmt"
	"path/filepath"
	"testing"
)

// BenchmarkOpenMigrated measures a cache miss on an existing org: open the
// file with its pragmas, confirm the schema is current, close.
func BenchmarkOpenMigrated(b *testing.B) {
	ctx := context.Background()
	path := filepath.Join(b.TempDir(), "acme.db")
	db, err := OpenMigrated(ctx, "acme", path)
	if err != nil {
		b.Fatal(err)
	}
	db.Close()
	mg, err := newMigrator()
	if err != nil {
		b.Fatal(err)
	}
	b.ReportAllocs()
	for b.Loop() {
		db, err := Open(ctx, "acme", path)
		if err != nil {
			b.Fatal(err)
		}
		if err := mg.up(ctx, db); err != nil {
			b.Fatal(err)
		}
		db.Close()
	}
}

// BenchmarkCreateAndMigrate measures creating a new organisation: a new
// file, every migration, and the catalog row.
func BenchmarkCreateAndMigrate(b *testing.B) {
	ctx := context.Background()
	m := newManager(b, Options{})
	b.ReportAllocs()
	i := 0
	for b.Loop() {
		i++
		if err := m.Create(ctx, fmt.Sprintf("org%d", i), "Org", writeName("Org")); err != nil {
			b.Fatal(err)
		}
	}
}
