package tenants

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"time"

	"porch/errs"
	"porch/sqldb"
)

// An organisation has a slug, fixed when it is created, that names its
// database file (orgs/<slug>.db), its file store and its Litestream
// replicas. Its address, the subdomain it is served at, starts as the slug
// and changes with Rename. Renaming never touches a file: a running
// server, its open databases and their replication carry on as they were,
// and nothing can be lost between an old file name and a new one. The
// catalog's subdomains table maps each name, current or former, to the
// slug; former names redirect to the current one.

// Moved is the error Resolve gives for a former name of an organisation:
// it is served at Address now.
type Moved struct {
	Slug    string // the organisation's storage name
	Address string // the subdomain it is served at now
}

func (e *Moved) Error() string {
	return fmt.Sprintf("organisation %s has moved to %s", e.Slug, e.Address)
}

// label is what the catalog says about a subdomain: the organisation's
// slug and the name it is served at now (the label itself, unless it is a
// former name).
type label struct {
	slug, at string
}

// resolveLabel maps a subdomain to its organisation; ok is false when no
// organisation has or had that name. Known labels are kept for hostTTL,
// so a rename by another process is followed within that time.
func (m *Manager) resolveLabel(ctx context.Context, name string) (label, bool, error) {
	now := m.opt.Now()
	l, ok, gen := m.labels.get(name, now)
	if ok {
		return l, true, nil
	}
	err := m.catalog.QueryRowContext(ctx, `
		SELECT o.slug, coalesce((SELECT s.name FROM subdomains s WHERE s.slug = o.slug AND s.current = 1), o.slug)
		FROM orgs o
		WHERE o.slug = (SELECT slug FROM subdomains WHERE name = ?1)
		   OR (o.slug = ?1 AND NOT EXISTS (SELECT 1 FROM subdomains WHERE name = ?1))`, name).Scan(&l.slug, &l.at)
	if errors.Is(err, sql.ErrNoRows) {
		return label{}, false, nil
	}
	if err != nil {
		return label{}, false, fmt.Errorf("resolve subdomain: %w", err)
	}
	m.labels.put(name, l, now, gen)
	return l, true, nil
}

// Address returns the subdomain the organisation slug is served at now:
// its slug until it is renamed. Links in mail and documents are built
// with it. Should the catalog fail, the slug is the answer: it still
// reaches the organisation, by redirect if it was renamed.
func (m *Manager) Address(ctx context.Context, slug string) string {
	now := m.opt.Now()
	at, ok, gen := m.addrs.get(slug, now)
	if ok {
		return at
	}
	err := m.catalog.QueryRowContext(ctx, `SELECT name FROM subdomains WHERE slug = ? AND current = 1`, slug).Scan(&at)
	switch {
	case errors.Is(err, sql.ErrNoRows):
		at = slug
	case err != nil:
		m.opt.Logger.Error("looking up an organisation's address", "org", slug, "err", err)
		return slug
	}
	m.addrs.put(slug, at, now, gen)
	return at
}

// nameTaken explains why name cannot become an address of the organisation
// slug (empty slug: of a new organisation), or returns nil. A name is
// taken when another organisation has it as its slug, or as a current or
// former address: former addresses keep redirecting, so they stay theirs.
func (m *Manager) nameTaken(ctx context.Context, q sqldb.Querier, name, slug string) error {
	var owner string
	var current int
	err := q.QueryRowContext(ctx, `SELECT slug, current FROM subdomains WHERE name = ?`, name).Scan(&owner, &current)
	switch {
	case err == nil && owner != slug:
		msg := fmt.Sprintf("The short name %q is taken: another organisation is served there.", name)
		if current == 0 {
			msg = fmt.Sprintf("The short name %q is a former address of another organisation and still redirects to it: choose another.", name)
		}
		return &errs.Error{Code: errs.Conflict, Message: msg, Fields: map[string]string{"slug": msg}}
	case err != nil && !errors.Is(err, sql.ErrNoRows):
		return fmt.Errorf("catalog lookup: %w", err)
	}
	var n int
	if err := q.QueryRowContext(ctx, `SELECT count(*) FROM orgs WHERE slug = ? AND slug <> ?`, name, slug).Scan(&n); err != nil {
		return fmt.Errorf("catalog lookup: %w", err)
	}
	if n > 0 {
		msg := fmt.Sprintf("The short name %q is already taken.", name)
		return &errs.Error{Code: errs.Conflict, Message: msg, Fields: map[string]string{"slug": msg}}
	}
	return nil
}

// Rename moves the organisation served at the subdomain from to the
// subdomain to, and returns its slug. The old address keeps redirecting to
// the new one. to follows the rules of slugs at creation and must not be
// another organisation's name, current or former. Renaming back to a
// former name of the same organisation is allowed.
func (m *Manager) Rename(ctx context.Context, from, to string, now time.Time) (string, error) {
	from = hostOnly(from)
	if err := ValidateSlug(to); err != nil {
		return "", err
	}
	l, ok, err := m.resolveLabel(ctx, from)
	if err != nil {
		return "", err
	}
	if !ok {
		return "", errs.E(errs.NotFound, fmt.Sprintf("There is no organisation %q.", from))
	}
	if l.at != from {
		return "", errs.E(errs.Invalid, fmt.Sprintf("%q is a former address of the organisation now at %q: rename %q instead.", from, l.at, l.at))
	}
	if to == from {
		return "", errs.E(errs.Invalid, fmt.Sprintf("The organisation is already at %q.", to))
	}
	tx, err := m.catalog.BeginTx(ctx, nil)
	if err != nil {
		return "", err
	}
	defer tx.Rollback()
	if err := m.nameTaken(ctx, tx, to, l.slug); err != nil {
		return "", err
	}
	at := sqldb.At(now)
	for _, st := range []struct {
		sql  string
		args []any
	}{
		{`UPDATE subdomains SET current = 0 WHERE slug = ?`, []any{l.slug}},
		{`INSERT INTO subdomains (name, slug, current, created_at) VALUES (?, ?, 0, ?) ON CONFLICT (name) DO NOTHING`, []any{from, l.slug, at}},
		{`INSERT INTO subdomains (name, slug, current, created_at) VALUES (?, ?, 1, ?) ON CONFLICT (name) DO UPDATE SET current = 1`, []any{to, l.slug, at}},
	} {
		if _, err := tx.ExecContext(ctx, st.sql, st.args...); err != nil {
			return "", fmt.Errorf("rename: %w", err)
		}
	}
	if err := tx.Commit(); err != nil {
		return "", fmt.Errorf("rename: %w", err)
	}
	m.labels.forget(from, to)
	m.addrs.forget(l.slug)
	return l.slug, nil
}
