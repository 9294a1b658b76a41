package tenants

import (
	"context"
	"database/sql"
	"fmt"
	"io/fs"

	"github.com/pressly/goose/v3"

	"porch/migrations"
)

// migrator brings org databases up to the embedded schema. Opening an
// already-migrated database is the common case on every cache miss, so it
// is answered with one query instead of building a goose provider.
type migrator struct {
	fsys   fs.FS
	latest int64
}

func newMigrator() (*migrator, error) {
	return newMigratorFS(migrations.Org())
}

func newMigratorFS(fsys fs.FS) (*migrator, error) {
	// A provider over no database lists the embedded sources; goose needs a
	// *sql.DB, so use an in-memory one that is thrown away.
	mem, err := sql.Open("sqlite", ":memory:")
	if err != nil {
		return nil, err
	}
	defer mem.Close()
	p, err := goose.NewProvider(goose.DialectSQLite3, mem, fsys)
	if err != nil {
		return nil, fmt.Errorf("load migrations: %w", err)
	}
	srcs := p.ListSources()
	if len(srcs) == 0 {
		return nil, fmt.Errorf("load migrations: none embedded")
	}
	return &migrator{fsys: fsys, latest: srcs[len(srcs)-1].Version}, nil
}

// current reads the applied version without goose; ok is false when the
// version table is missing (a new database) or unreadable.
func (mg *migrator) current(ctx context.Context, db *sql.DB) (int64, bool) {
	var v sql.NullInt64
	err := db.QueryRowContext(ctx,
		`SELECT max(version_id) FROM goose_db_version WHERE is_applied = 1`).Scan(&v)
	if err != nil || !v.Valid {
		return 0, false
	}
	return v.Int64, true
}

// up applies pending migrations on the writer connection.
func (mg *migrator) up(ctx context.Context, db *DB) error {
	if v, ok := mg.current(ctx, db.writer); ok && v == mg.latest {
		return nil
	}
	return migrateUp(ctx, db.writer, mg.fsys)
}

func migrateUp(ctx context.Context, db *sql.DB, fsys fs.FS) error {
	p, err := goose.NewProvider(goose.DialectSQLite3, db, fsys)
	if err != nil {
		return fmt.Errorf("migrations: %w", err)
	}
	if _, err := p.Up(ctx); err != nil {
		return fmt.Errorf("migrate: %w", err)
	}
	return nil
}

// OpenMigrated opens the database at path and brings it up to the embedded
// schema, creating the file if needed: for tools and tests that work on one
// org database outside a Manager.
func OpenMigrated(ctx context.Context, slug, path string) (*DB, error) {
	db, err := Open(ctx, slug, path)
	if err != nil {
		return nil, err
	}
	mg, err := newMigrator()
	if err == nil {
		err = mg.up(ctx, db)
	}
	if err != nil {
		db.Close()
		return nil, err
	}
	return db, nil
}
