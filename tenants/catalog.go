package tenants

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"os"
	"strings"
	"time"

	"porch/errs"
	"porch/migrations"
	"porch/sqldb"
)

// Org is an organisation as the catalog lists it.
type Org struct {
	Slug      string // storage name: its database file and replicas
	Address   string // the subdomain it is served at: Slug until renamed
	Name      string
	CreatedAt time.Time
}

func openCatalog(ctx context.Context, path string) (*sql.DB, error) {
	db, err := sql.Open("sqlite", dsn(path, false))
	if err != nil {
		return nil, err
	}
	// The catalog is tiny and written rarely; one connection keeps writes
	// serialised without busy waits.
	db.SetMaxOpenConns(1)
	if err := migrateUp(ctx, db, migrations.Catalog()); err != nil {
		db.Close()
		return nil, fmt.Errorf("catalog %s: %w", path, err)
	}
	return db, nil
}

// Exists reports whether the catalog lists slug.
func (m *Manager) Exists(ctx context.Context, slug string) (bool, error) {
	var n int
	err := m.catalog.QueryRowContext(ctx, `SELECT count(*) FROM orgs WHERE slug = ?`, slug).Scan(&n)
	if err != nil {
		return false, fmt.Errorf("catalog lookup: %w", err)
	}
	return n > 0, nil
}

// List returns every organisation, by slug.
func (m *Manager) List(ctx context.Context) ([]Org, error) {
	rows, err := m.catalog.QueryContext(ctx, `
		SELECT o.slug, coalesce(s.name, o.slug), o.name, o.created_at
		FROM orgs o LEFT JOIN subdomains s ON s.slug = o.slug AND s.current = 1
		ORDER BY o.slug`)
	if err != nil {
		return nil, fmt.Errorf("list orgs: %w", err)
	}
	defer rows.Close()
	var out []Org
	for rows.Next() {
		var o Org
		if err := rows.Scan(&o.Slug, &o.Address, &o.Name, sqldb.Into(&o.CreatedAt)); err != nil {
			return nil, err
		}
		out = append(out, o)
	}
	return out, rows.Err()
}

// Create makes the database of a new organisation, migrates it, runs init
// on it (to write its settings and first manager), and only then lists it in
// the catalog. If any step fails nothing is left behind and the slug stays
// free.
func (m *Manager) Create(ctx context.Context, slug, name string, init func(context.Context, *DB) error) error {
	if err := ValidateSlug(slug); err != nil {
		return err
	}
	if strings.TrimSpace(name) == "" {
		msg := "Enter the organisation's name."
		return &errs.Error{Code: errs.Invalid, Message: msg, Fields: map[string]string{"name": msg}}
	}
	taken := func() error {
		msg := fmt.Sprintf("The short name %q is already taken.", slug)
		return &errs.Error{Code: errs.Conflict, Message: msg, Fields: map[string]string{"slug": msg}}
	}
	if ok, err := m.Exists(ctx, slug); err != nil {
		return err
	} else if ok {
		return taken()
	}
	if err := m.nameTaken(ctx, m.catalog, slug, ""); err != nil {
		return err
	}
	path := m.path(slug)
	// A file store left behind must not become the new organisation's:
	// its photos and documents belong to whoever had the slug before.
	for _, p := range []string{path, FilesPath(path)} {
		if _, err := os.Stat(p); err == nil {
			msg := fmt.Sprintf("A database file for %q already exists at %s but the catalog does not list it; move it away, or restore it, before creating the organisation.", slug, p)
			return &errs.Error{Code: errs.Conflict, Message: msg, Fields: map[string]string{"slug": msg}}
		}
	}

	db, err := open(ctx, m.opt.Driver, slug, path)
	if err == nil {
		err = m.migr.up(ctx, db)
		if err == nil && init != nil {
			err = init(ctx, db)
		}
		err = errors.Join(err, db.Close())
	}
	if err == nil {
		_, err = m.catalog.ExecContext(ctx, `INSERT INTO orgs (slug, name, created_at) VALUES (?, ?, ?)`,
			slug, strings.TrimSpace(name), sqldb.At(m.opt.Now()))
		if err != nil && strings.Contains(err.Error(), "UNIQUE") {
			err = taken() // created concurrently by someone else; their file is theirs
			return err
		}
	}
	if err != nil {
		removeDBFiles(path)
		return err
	}
	return nil
}

func removeDBFiles(path string) {
	for _, p := range []string{path, path + "-wal", path + "-shm", path + "-journal"} {
		_ = os.Remove(p)
	}
}

// AddHostname points a custom hostname (portal.acme.co.uk) at an org,
// named by its slug or current address, and settles any request for it:
// the operator runs it once the hostname's DNS record is in place.
func (m *Manager) AddHostname(ctx context.Context, host, org string) error {
	host, err := ValidateHostname(host, m.opt.BaseDomain)
	if err != nil {
		return err
	}
	l, ok, err := m.resolveLabel(ctx, hostOnly(org))
	if err != nil {
		return err
	}
	if !ok {
		return errs.E(errs.NotFound, fmt.Sprintf("There is no organisation %q.", org))
	}
	tx, err := m.catalog.BeginTx(ctx, nil)
	if err != nil {
		return err
	}
	defer tx.Rollback()
	if _, err := tx.ExecContext(ctx, `INSERT INTO hostnames (host, slug, created_at) VALUES (?, ?, ?)
		ON CONFLICT (host) DO UPDATE SET slug = excluded.slug`, host, l.slug, sqldb.At(m.opt.Now())); err != nil {
		return err
	}
	if _, err := tx.ExecContext(ctx, `DELETE FROM hostname_requests WHERE host = ?`, host); err != nil {
		return err
	}
	err = tx.Commit()
	// The next request for host asks the catalog again, even if the
	// commit failed.
	m.hosts.forget(host)
	return err
}

// Resolve maps a request's Host header to an org slug. isBase is true for
// the bare base domain, which has no org. An unknown host gives NotFound;
// a former name of a renamed organisation gives *Moved.
func (m *Manager) Resolve(ctx context.Context, host string) (slug string, isBase bool, err error) {
	sub, isBase := splitHost(host, m.opt.BaseDomain)
	if isBase {
		return "", true, nil
	}
	notFound := errs.E(errs.NotFound, "There is no organisation at this address.")
	if sub != "" {
		if ValidateSlug(sub) != nil {
			return "", false, notFound
		}
		l, ok, err := m.resolveLabel(ctx, sub)
		if err != nil {
			return "", false, err
		}
		if !ok {
			return "", false, notFound
		}
		if l.at != sub {
			return "", false, &Moved{Slug: l.slug, Address: l.at}
		}
		return l.slug, false, nil
	}
	host = hostOnly(host)
	now := m.opt.Now()
	slug, ok, gen := m.hosts.get(host, now)
	if ok {
		return slug, false, nil
	}
	err = m.catalog.QueryRowContext(ctx, `SELECT slug FROM hostnames WHERE host = ?`, host).Scan(&slug)
	if errors.Is(err, sql.ErrNoRows) {
		return "", false, notFound
	}
	if err != nil {
		return "", false, fmt.Errorf("resolve host: %w", err)
	}
	m.hosts.put(host, slug, now, gen)
	return slug, false, nil
}
