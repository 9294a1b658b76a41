package files

import (
	"context"
	"embed"
	"errors"
	"fmt"
	"io"
	"io/fs"

	"github.com/pressly/goose/v3"

	"porch/errs"
	"porch/tenants"
)

//go:embed migrations/*.sql
var migrationFiles embed.FS

func schema() fs.FS {
	sub, err := fs.Sub(migrationFiles, "migrations")
	if err != nil {
		panic(err)
	}
	return sub
}

// attachKey names the file store among what is attached to an
// organisation's database.
type attachKey struct{}

// handle is one organisation's open file store: its own SQLite file,
// opened with the same pragmas and pools as the organisation's database,
// and replicated while open through the store's hooks.
type handle struct {
	db      *tenants.DB
	onClose func(*tenants.DB)
}

func (h *handle) Close() error {
	if h.onClose != nil {
		h.onClose(h.db)
	}
	return h.db.Close()
}

// open returns the file store of org, opening (creating and migrating) it
// the first time it is needed; it stays open until org's database closes.
func (s *Store) open(ctx context.Context, org *tenants.DB) (*tenants.DB, error) {
	c, err := org.Attached(attachKey{}, func() (io.Closer, error) {
		return s.openPath(ctx, org.Slug, tenants.FilesPath(org.Path))
	})
	if err != nil {
		return nil, errs.Wrap(errs.Unavailable, "Files cannot be reached just now; try again in a moment.", err)
	}
	return c.(*handle).db, nil
}

func (s *Store) openPath(ctx context.Context, slug, path string) (*handle, error) {
	db, err := tenants.Open(ctx, slug, path)
	if err != nil {
		return nil, err
	}
	if err := migrate(ctx, db); err != nil {
		return nil, errors.Join(err, db.Close())
	}
	if s.cfg.OnOpen != nil {
		if err := s.cfg.OnOpen(db); err != nil {
			return nil, errors.Join(err, db.Close())
		}
	}
	return &handle{db: db, onClose: s.cfg.OnClose}, nil
}

func migrate(ctx context.Context, db *tenants.DB) error {
	p, err := goose.NewProvider(goose.DialectSQLite3, db.Writer(), schema())
	if err != nil {
		return fmt.Errorf("file store migrations: %w", err)
	}
	if _, err := p.Up(ctx); err != nil {
		return fmt.Errorf("migrate file store %s: %w", db.Path, err)
	}
	return nil
}
