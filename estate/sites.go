package estate

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

// Site kinds. A block is one building whose leaseholders share its costs by
// apportionment; a lettings site groups separately let homes under one
// portfolio, each with its own address and landlord.
const (
	KindBlock    = "block"
	KindLettings = "lettings"
)

// Site is a building or portfolio the organisation manages.
type Site struct {
	ID           int64
	PublicID     string
	Name         string
	Kind         string // KindBlock or KindLettings
	AddressLine1 string
	AddressLine2 string
	Town         string
	Postcode     string
	CreatedAt    time.Time
}

// IsBlock reports whether the site is a block of flats.
func (s Site) IsBlock() bool { return s.Kind == KindBlock }

// SiteSummary is a site with its number of units, for lists.
type SiteSummary struct {
	Site
	Units int
}

// SiteInput is the site form. Field names in validation errors are the
// snake_case form field names: name, kind, address_line1, address_line2,
// town, postcode.
type SiteInput struct {
	Name         string
	Kind         string
	AddressLine1 string
	AddressLine2 string
	Town         string
	Postcode     string
}

// validate trims and normalises in place. A block needs a full address
// because letters and demands go to it; a lettings portfolio may have none.
func (in *SiteInput) validate() errs.Fields {
	f := errs.Fields{}
	in.Name = strings.TrimSpace(in.Name)
	in.Kind = strings.TrimSpace(in.Kind)
	switch {
	case in.Name == "":
		f.Add("name", "Enter the site's name.")
	case len(in.Name) > 120:
		f.Add("name", "Keep the name to 120 characters or fewer.")
	}
	if in.Kind != KindBlock && in.Kind != KindLettings {
		f.Add("kind", "Choose whether the site is a block or a lettings portfolio.")
	}
	address{&in.AddressLine1, &in.AddressLine2, &in.Town, &in.Postcode}.check(f, in.Kind == KindBlock)
	return f
}

// CreateSite validates in and adds the site. Names are unique regardless of
// case, so two sites never look the same in a list.
func CreateSite(ctx context.Context, tx *sql.Tx, in SiteInput, now time.Time) (Site, error) {
	f := in.validate()
	if _, ok := f["name"]; !ok {
		var one int
		err := tx.QueryRowContext(ctx, `SELECT 1 FROM sites WHERE name = ? COLLATE NOCASE`, in.Name).Scan(&one)
		switch {
		case err == nil:
			f.Add("name", "A site with this name already exists.")
		case !errors.Is(err, sql.ErrNoRows):
			return Site{}, fmt.Errorf("check site name: %w", err)
		}
	}
	if err := f.Err(); err != nil {
		return Site{}, err
	}
	s := Site{
		PublicID: sqldb.NewPublicID(), Name: in.Name, Kind: in.Kind,
		AddressLine1: in.AddressLine1, AddressLine2: in.AddressLine2, Town: in.Town, Postcode: in.Postcode,
		CreatedAt: now.UTC().Truncate(time.Second),
	}
	res, err := tx.ExecContext(ctx, `INSERT INTO sites
		(public_id, name, kind, address_line1, address_line2, town, postcode, created_at)
		VALUES (?, ?, ?, ?, ?, ?, ?, ?)`,
		s.PublicID, s.Name, s.Kind, s.AddressLine1, s.AddressLine2, s.Town, s.Postcode, sqldb.At(now))
	if err != nil {
		return Site{}, fmt.Errorf("insert site: %w", err)
	}
	if s.ID, err = res.LastInsertId(); err != nil {
		return Site{}, fmt.Errorf("insert site: %w", err)
	}
	return s, nil
}

const siteColumns = `s.id, s.public_id, s.name, s.kind, s.address_line1, s.address_line2, s.town, s.postcode, s.created_at`

func scanSite(r sqldb.Scanner, extra ...any) (Site, error) {
	var s Site
	dest := append([]any{&s.ID, &s.PublicID, &s.Name, &s.Kind,
		&s.AddressLine1, &s.AddressLine2, &s.Town, &s.Postcode, sqldb.Into(&s.CreatedAt)}, extra...)
	if err := r.Scan(dest...); err != nil {
		return s, err
	}
	return s, nil
}

// GetSite returns the site with the given public id, or NotFound.
func GetSite(ctx context.Context, q sqldb.Querier, publicID string) (Site, error) {
	s, err := scanSite(q.QueryRowContext(ctx, `SELECT `+siteColumns+` FROM sites s WHERE s.public_id = ?`, publicID))
	if errors.Is(err, sql.ErrNoRows) {
		return s, errs.E(errs.NotFound, "Site not found.")
	}
	if err != nil {
		return s, fmt.Errorf("get site: %w", err)
	}
	return s, nil
}

// getSiteByID is GetSite for callers that hold the internal id.
func getSiteByID(ctx context.Context, q sqldb.Querier, id int64) (Site, error) {
	s, err := scanSite(q.QueryRowContext(ctx, `SELECT `+siteColumns+` FROM sites s WHERE s.id = ?`, id))
	if errors.Is(err, sql.ErrNoRows) {
		return s, errs.E(errs.NotFound, "Site not found.")
	}
	if err != nil {
		return s, fmt.Errorf("get site: %w", err)
	}
	return s, nil
}

// ListSites returns every site by name, each with its number of units.
func ListSites(ctx context.Context, q sqldb.Querier) ([]SiteSummary, error) {
	rows, err := q.QueryContext(ctx, `SELECT `+siteColumns+`,
		(SELECT count(*) FROM units u WHERE u.site_id = s.id)
		FROM sites s ORDER BY s.name COLLATE NOCASE, s.id`)
	if err != nil {
		return nil, fmt.Errorf("list sites: %w", err)
	}
	defer rows.Close()
	var out []SiteSummary
	for rows.Next() {
		var sum SiteSummary
		if sum.Site, err = scanSite(rows, &sum.Units); err != nil {
			return nil, fmt.Errorf("list sites: %w", err)
		}
		out = append(out, sum)
	}
	if err := rows.Err(); err != nil {
		return nil, fmt.Errorf("list sites: %w", err)
	}
	return out, nil
}
