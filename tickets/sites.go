package tickets

import (
	"context"
	"database/sql"
	"fmt"
	"strings"

	"porch/errs"
	"porch/sqldb"
)

// AllowedForSite returns the active categories residents may pick on the
// site, in order. Retired categories are never offered, whatever the
// site's rows say.
func AllowedForSite(ctx context.Context, q sqldb.Querier, siteID int64) ([]Category, error) {
	out, err := sqldb.QueryAll(ctx, q, scanCategory, `SELECT c.id, c.public_id, c.name, c.sort_order, c.retired_at, c.created_at
		FROM ticket_categories c JOIN site_ticket_categories s ON s.category_id = c.id
		WHERE s.site_id = ? AND c.retired_at IS NULL ORDER BY c.sort_order, c.name, c.id`, siteID)
	if err != nil {
		return nil, fmt.Errorf("allowed ticket categories: %w", err)
	}
	return out, nil
}

// Allowed reports whether a resident may file a request under the
// category on the site: the server-side check behind the request form,
// whatever a browser sends.
func Allowed(ctx context.Context, q sqldb.Querier, siteID, categoryID int64) (bool, error) {
	var n int
	err := q.QueryRowContext(ctx, `SELECT count(*) FROM site_ticket_categories s
		JOIN ticket_categories c ON c.id = s.category_id
		WHERE s.site_id = ? AND s.category_id = ? AND c.retired_at IS NULL`, siteID, categoryID).Scan(&n)
	if err != nil {
		return false, fmt.Errorf("ticket category allowed: %w", err)
	}
	return n > 0, nil
}

// SetSiteCategories makes the active categories with the public ids the
// site's allow-list, and returns the audit text "old → new" of the names.
// An id that is unknown or retired refuses the whole change. A retired
// category's row is left as it was, for a restore.
func SetSiteCategories(ctx context.Context, tx *sql.Tx, siteID int64, publicIDs []string) (string, error) {
	before, err := AllowedForSite(ctx, tx, siteID)
	if err != nil {
		return "", err
	}
	all, err := ListCategories(ctx, tx)
	if err != nil {
		return "", err
	}
	active := map[string]Category{}
	for _, c := range all {
		if !c.Retired() {
			active[c.PublicID] = c
		}
	}
	chosen := map[int64]bool{}
	for _, id := range publicIDs {
		c, ok := active[id]
		if !ok {
			return "", errs.E(errs.Invalid, "Choose only categories in use: one of those sent is unknown or retired.")
		}
		chosen[c.ID] = true
	}
	if _, err := tx.ExecContext(ctx, `DELETE FROM site_ticket_categories WHERE site_id = ?
		AND category_id IN (SELECT id FROM ticket_categories WHERE retired_at IS NULL)`, siteID); err != nil {
		return "", fmt.Errorf("set site categories: %w", err)
	}
	var after []Category
	for _, c := range all {
		if !chosen[c.ID] {
			continue
		}
		if _, err := tx.ExecContext(ctx, `INSERT INTO site_ticket_categories (site_id, category_id) VALUES (?, ?)`, siteID, c.ID); err != nil {
			return "", fmt.Errorf("set site categories: %w", err)
		}
		after = append(after, c)
	}
	return names(before) + " → " + names(after), nil
}

// names lists categories' names for the audit log, or "none".
func names(cs []Category) string {
	if len(cs) == 0 {
		return "none"
	}
	out := make([]string, len(cs))
	for i, c := range cs {
		out[i] = c.Name
	}
	return strings.Join(out, ", ")
}
