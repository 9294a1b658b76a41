package documents

import (
	"context"
	"database/sql"
	"errors"
	"fmt"

	"porch/errs"
	"porch/sqldb"
)

// How a site's year-end pack reaches its residents.
const (
	ReleaseAuto    = "auto"    // as soon as it is uploaded
	ReleaseApprove = "approve" // when a manager releases it
)

// Site is a site in use with its year-end release setting.
type Site struct {
	ID             int64
	PublicID, Name string
	Kind           string
	YearEndRelease string
}

// AutoRelease reports whether the site's year-end pack goes out on upload.
func (s Site) AutoRelease() bool { return s.YearEndRelease == ReleaseAuto }

const siteCols = `id, public_id, name, kind, year_end_release`

func scanSite(sc sqldb.Scanner) (Site, error) {
	var s Site
	err := sc.Scan(&s.ID, &s.PublicID, &s.Name, &s.Kind, &s.YearEndRelease)
	return s, err
}

// Sites lists the sites in use by name.
func Sites(ctx context.Context, q sqldb.Querier) ([]Site, error) {
	out, err := sqldb.QueryAll(ctx, q, scanSite, `SELECT `+siteCols+` FROM sites WHERE archived_at IS NULL ORDER BY name COLLATE NOCASE, id`)
	if err != nil {
		return nil, fmt.Errorf("document sites: %w", err)
	}
	return out, nil
}

// GetSite finds a site in use by its public id.
func GetSite(ctx context.Context, q sqldb.Querier, publicID string) (Site, error) {
	noSite := errs.E(errs.NotFound, "There is no such site.")
	if !sqldb.ValidPublicID(publicID) {
		return Site{}, noSite
	}
	s, err := scanSite(q.QueryRowContext(ctx, `SELECT `+siteCols+` FROM sites WHERE public_id = ? AND archived_at IS NULL`, publicID))
	if errors.Is(err, sql.ErrNoRows) {
		return Site{}, noSite
	}
	if err != nil {
		return Site{}, fmt.Errorf("get document site: %w", err)
	}
	return s, nil
}

// SetYearEndRelease chooses how the site's year-end packs reach its
// residents. Packs already waiting keep waiting: switching to automatic
// release does not release them.
func SetYearEndRelease(ctx context.Context, tx *sql.Tx, siteID int64, mode string) error {
	if mode != ReleaseAuto && mode != ReleaseApprove {
		return errs.Fields{"year_end_release": "Choose when the year-end pack is released."}.Err()
	}
	if _, err := tx.ExecContext(ctx, `UPDATE sites SET year_end_release = ? WHERE id = ?`, mode, siteID); err != nil {
		return fmt.Errorf("year-end release: %w", err)
	}
	return nil
}
