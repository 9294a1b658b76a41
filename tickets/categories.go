// Package tickets holds residents' requests and the manager's set-up of
// them: the categories a request is filed under and which of them
// residents may pick on each site.
package tickets

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"strings"
	"time"

	"porch/errs"
	"porch/sqldb"
)

// MaxNameLen is the longest category name, in characters.
const MaxNameLen = 60

// Category is what a request is about: "Leak or flood", "Lift".
type Category struct {
	ID        int64
	PublicID  string
	Name      string
	SortOrder int64
	RetiredAt time.Time // zero while residents may pick it
	CreatedAt time.Time
}

// Retired reports whether the category is out of use. Old tickets keep it.
func (c Category) Retired() bool { return !c.RetiredAt.IsZero() }

const categoryCols = `id, public_id, name, sort_order, retired_at, created_at`

func scanCategory(s sqldb.Scanner) (Category, error) {
	var c Category
	err := s.Scan(&c.ID, &c.PublicID, &c.Name, &c.SortOrder, sqldb.Into(&c.RetiredAt), sqldb.Into(&c.CreatedAt))
	return c, err
}

// ListCategories returns every category: the active ones in their order,
// then the retired ones.
func ListCategories(ctx context.Context, q sqldb.Querier) ([]Category, error) {
	out, err := sqldb.QueryAll(ctx, q, scanCategory, `SELECT `+categoryCols+` FROM ticket_categories
		ORDER BY retired_at IS NOT NULL, sort_order, name, id`)
	if err != nil {
		return nil, fmt.Errorf("list ticket categories: %w", err)
	}
	return out, nil
}

// GetCategory finds a category by its public id.
func GetCategory(ctx context.Context, q sqldb.Querier, publicID string) (Category, error) {
	if !sqldb.ValidPublicID(publicID) {
		return Category{}, errs.E(errs.NotFound, "There is no such category.")
	}
	c, err := scanCategory(q.QueryRowContext(ctx, `SELECT `+categoryCols+` FROM ticket_categories WHERE public_id = ?`, publicID))
	if errors.Is(err, sql.ErrNoRows) {
		return Category{}, errs.E(errs.NotFound, "There is no such category.")
	}
	if err != nil {
		return Category{}, fmt.Errorf("get ticket category: %w", err)
	}
	return c, nil
}

// checkName tidies a name and refuses a blank, long or duplicate one, with
// the message under "name"; self is the category being renamed, or 0.
func checkName(ctx context.Context, tx *sql.Tx, name string, self int64) (string, error) {
	name = strings.Join(strings.Fields(name), " ")
	f := errs.Fields{}
	switch {
	case name == "":
		f.Add("name", "Enter the category's name.")
	case len([]rune(name)) > MaxNameLen:
		f.Add("name", fmt.Sprintf("Keep the name to %d characters or fewer.", MaxNameLen))
	default:
		var n int
		if err := tx.QueryRowContext(ctx, `SELECT count(*) FROM ticket_categories
			WHERE name = ? COLLATE NOCASE AND retired_at IS NULL AND id != ?`, name, self).Scan(&n); err != nil {
			return "", fmt.Errorf("check category name: %w", err)
		}
		if n > 0 {
			f.Add("name", "There is already a category called "+name+".")
		}
	}
	return name, f.Err()
}

// AddCategory adds a category at the end of the list. It is allowed on
// every site at once: a manager adding "Gates" means residents to see it,
// and a site that should not offer it is changed on its own page.
func AddCategory(ctx context.Context, tx *sql.Tx, name string, now time.Time) (Category, error) {
	name, err := checkName(ctx, tx, name, 0)
	if err != nil {
		return Category{}, err
	}
	c := Category{PublicID: sqldb.NewPublicID(), Name: name, CreatedAt: now}
	if err := tx.QueryRowContext(ctx, `SELECT coalesce(max(sort_order), 0) + 10 FROM ticket_categories`).Scan(&c.SortOrder); err != nil {
		return Category{}, fmt.Errorf("add category: %w", err)
	}
	res, err := tx.ExecContext(ctx, `INSERT INTO ticket_categories (public_id, name, sort_order, created_at) VALUES (?, ?, ?, ?)`,
		c.PublicID, c.Name, c.SortOrder, sqldb.At(now))
	if err != nil {
		return Category{}, fmt.Errorf("add category: %w", err)
	}
	if c.ID, err = res.LastInsertId(); err != nil {
		return Category{}, fmt.Errorf("add category: %w", err)
	}
	if _, err := tx.ExecContext(ctx, `INSERT INTO site_ticket_categories (site_id, category_id)
		SELECT id, ? FROM sites`, c.ID); err != nil {
		return Category{}, fmt.Errorf("allow new category: %w", err)
	}
	return c, nil
}

// RenameCategory renames a category and returns it as it was and is now.
// Tickets filed under it show the new name.
func RenameCategory(ctx context.Context, tx *sql.Tx, publicID, name string) (old, now Category, err error) {
	if old, err = GetCategory(ctx, tx, publicID); err != nil {
		return old, now, err
	}
	if old.Retired() {
		return old, now, errs.E(errs.Conflict, "Restore the category before renaming it.")
	}
	now = old
	if now.Name, err = checkName(ctx, tx, name, old.ID); err != nil {
		return old, Category{}, err
	}
	if _, err = tx.ExecContext(ctx, `UPDATE ticket_categories SET name = ? WHERE id = ?`, now.Name, old.ID); err != nil {
		return old, Category{}, fmt.Errorf("rename category: %w", err)
	}
	return old, now, nil
}

// RetireCategory takes a category out of residents' choices. Nothing is
// deleted: old tickets keep it and each site's allowance of it is kept for
// a restore.
func RetireCategory(ctx context.Context, tx *sql.Tx, publicID string, now time.Time) (Category, error) {
	c, err := GetCategory(ctx, tx, publicID)
	if err != nil || c.Retired() {
		return c, err
	}
	if _, err := tx.ExecContext(ctx, `UPDATE ticket_categories SET retired_at = ? WHERE id = ?`, sqldb.At(now), c.ID); err != nil {
		return Category{}, fmt.Errorf("retire category: %w", err)
	}
	c.RetiredAt = now
	return c, nil
}

// RestoreCategory puts a retired category back in use, on the sites that
// allowed it before. Its name must not clash with an active one.
func RestoreCategory(ctx context.Context, tx *sql.Tx, publicID string) (Category, error) {
	c, err := GetCategory(ctx, tx, publicID)
	if err != nil || !c.Retired() {
		return c, err
	}
	if _, err := checkName(ctx, tx, c.Name, c.ID); !errs.Is(err, errs.Invalid) && err != nil {
		return Category{}, err
	} else if err != nil {
		return Category{}, errs.E(errs.Conflict, "Another category in use is called "+c.Name+": rename or retire it first.")
	}
	if _, err := tx.ExecContext(ctx, `UPDATE ticket_categories SET retired_at = NULL WHERE id = ?`, c.ID); err != nil {
		return Category{}, fmt.Errorf("restore category: %w", err)
	}
	c.RetiredAt = time.Time{}
	return c, nil
}
