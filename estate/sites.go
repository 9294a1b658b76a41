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
	// LandlordName and LandlordAddress are the landlord's or freeholder's
	// legal name and an address for notices, which a block's demands must
	// give (LTA 1987 s47/s48). The address keeps its line breaks.
	LandlordName    string
	LandlordAddress string
	YearEnd         string    // service-charge year end as "MM-DD", or "" when not set
	Nation          string    // NationEngland or NationWales: whose prescribed summaries its demands carry
	ArchivedAt      time.Time // zero while the site is in use
	CreatedAt       time.Time
}

// IsBlock reports whether the site is a block of flats.
func (s Site) IsBlock() bool { return s.Kind == KindBlock }

// Archived reports whether the site has been taken out of use.
func (s Site) Archived() bool { return !s.ArchivedAt.IsZero() }

// KindLabel names the site's kind for people.
func (s Site) KindLabel() string {
	if s.IsBlock() {
		return "Block management"
	}
	return "Lettings"
}

// YearEndText is the year end as people write it, "31 December", or "".
func (s Site) YearEndText() string { return FormatYearEnd(s.YearEnd) }

// SiteSummary is a site with its number of units in use and their shares,
// for lists.
type SiteSummary struct {
	Site
	Units    int
	SharePPM int64 // the shares of the site's units in use in its default schedule, added up
}

// Share is the summed shares as a percentage.
func (s SiteSummary) Share() string { return FormatSharePPM(s.SharePPM) }

// SharesWhole reports whether the shares total exactly 100%, as a bulk
// demand needs.
func (s SiteSummary) SharesWhole() bool { return s.SharePPM == FullSharePPM }

// SiteInput is the site form. Field names in validation errors are the
// snake_case form field names: name, kind, address_line1, address_line2,
// town, postcode, landlord_name, landlord_address, year_end.
type SiteInput struct {
	Name            string
	Kind            string
	AddressLine1    string
	AddressLine2    string
	Town            string
	Postcode        string
	LandlordName    string
	LandlordAddress string // several lines
	YearEnd         string // as typed: "31/12", "31 December"; blank when not known
	Nation          string // england or wales; blank is england
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
	in.LandlordName = strings.Join(strings.Fields(in.LandlordName), " ")
	in.LandlordAddress = tidyLines(in.LandlordAddress)
	switch {
	case len(in.LandlordName) > 200:
		f.Add("landlord_name", "Keep the name to 200 characters or fewer.")
	case len(in.LandlordAddress) > 500:
		f.Add("landlord_address", "Keep the address to 500 characters or fewer.")
	case in.LandlordName == "" && in.LandlordAddress != "":
		f.Add("landlord_name", "Enter the legal name of the landlord or freeholder at this address.")
	// A block's demands must give the landlord's address for notices, so a
	// name alone would make demands that cannot be issued.
	case in.LandlordName != "" && in.LandlordAddress == "" && in.Kind == KindBlock:
		f.Add("landlord_address", "Enter an address in England or Wales where notices can be sent to the landlord.")
	}
	switch in.Nation = strings.TrimSpace(in.Nation); in.Nation {
	case "":
		in.Nation = NationEngland
	case NationEngland, NationWales:
	default:
		f.Add("nation", "Choose England or Wales.")
	}
	ye, msg := ParseYearEnd(in.YearEnd)
	if msg != "" {
		f.Add("year_end", msg)
	}
	in.YearEnd = ye
	return f
}

// tidyLines trims each line of a multi-line text and drops blank lines.
func tidyLines(s string) string {
	var out []string
	for _, l := range strings.Split(strings.ReplaceAll(s, "\r", ""), "\n") {
		if l = strings.Join(strings.Fields(l), " "); l != "" {
			out = append(out, l)
		}
	}
	return strings.Join(out, "\n")
}

// checkSiteName refuses a name another site has (ignoring case); self is
// the site being renamed, or 0.
func checkSiteName(ctx context.Context, tx *sql.Tx, f errs.Fields, name string, self int64) error {
	if _, ok := f["name"]; ok {
		return nil
	}
	var one int
	err := tx.QueryRowContext(ctx, `SELECT 1 FROM sites WHERE name = ? COLLATE NOCASE AND id != ?`, name, self).Scan(&one)
	switch {
	case err == nil:
		f.Add("name", "A site with this name already exists.")
	case !errors.Is(err, sql.ErrNoRows):
		return fmt.Errorf("check site name: %w", err)
	}
	return nil
}

// CreateSite validates in and adds the site. Names are unique regardless of
// case, so two sites never look the same in a list.
func CreateSite(ctx context.Context, tx *sql.Tx, in SiteInput, now time.Time) (Site, error) {
	f := in.validate()
	if err := checkSiteName(ctx, tx, f, in.Name, 0); err != nil {
		return Site{}, err
	}
	if err := f.Err(); err != nil {
		return Site{}, err
	}
	s := Site{
		PublicID: sqldb.NewPublicID(), Name: in.Name, Kind: in.Kind,
		AddressLine1: in.AddressLine1, AddressLine2: in.AddressLine2, Town: in.Town, Postcode: in.Postcode,
		LandlordName: in.LandlordName, LandlordAddress: in.LandlordAddress, YearEnd: in.YearEnd, Nation: in.Nation,
		CreatedAt: now.UTC().Truncate(time.Second),
	}
	res, err := tx.ExecContext(ctx, `INSERT INTO sites
		(public_id, name, kind, address_line1, address_line2, town, postcode,
		 landlord_name, landlord_address, year_end, nation, created_at)
		VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
		s.PublicID, s.Name, s.Kind, s.AddressLine1, s.AddressLine2, s.Town, s.Postcode,
		s.LandlordName, s.LandlordAddress, s.YearEnd, s.Nation, sqldb.At(now))
	if err != nil {
		return Site{}, fmt.Errorf("insert site: %w", err)
	}
	if s.ID, err = res.LastInsertId(); err != nil {
		return Site{}, fmt.Errorf("insert site: %w", err)
	}
	return s, nil
}

const siteColumns = `s.id, s.public_id, s.name, s.kind, s.address_line1, s.address_line2, s.town, s.postcode,
	s.landlord_name, s.landlord_address, s.year_end, s.nation, s.archived_at, s.created_at`

func scanSite(r sqldb.Scanner, extra ...any) (Site, error) {
	var s Site
	dest := append([]any{&s.ID, &s.PublicID, &s.Name, &s.Kind,
		&s.AddressLine1, &s.AddressLine2, &s.Town, &s.Postcode,
		&s.LandlordName, &s.LandlordAddress, &s.YearEnd, &s.Nation, sqldb.Into(&s.ArchivedAt), sqldb.Into(&s.CreatedAt)}, extra...)
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

// ListSites returns every site by name, archived ones too, each with its
// units in use and their shares: callers that name sites by id need them
// all. Lists people choose from use FindSites.
func ListSites(ctx context.Context, q sqldb.Querier) ([]SiteSummary, error) {
	out, _, err := FindSites(ctx, q, SiteFilter{Archived: true})
	return out, err
}

// SiteFilter narrows FindSites.
type SiteFilter struct {
	Archived bool // include archived sites, which are left out by default
}

// FindSites returns the sites the filter lets through by name, each with
// its units in use and their shares, and how many sites are archived in
// all (for a "Show archived" link).
func FindSites(ctx context.Context, q sqldb.Querier, filter SiteFilter) ([]SiteSummary, int, error) {
	rows, err := q.QueryContext(ctx, `SELECT `+siteColumns+`,
		(SELECT count(*) FROM units u WHERE u.site_id = s.id AND u.archived_at IS NULL),
		(SELECT coalesce(sum(`+defaultShareOfU+`), 0) FROM units u WHERE u.site_id = s.id AND u.archived_at IS NULL)
		FROM sites s ORDER BY s.name COLLATE NOCASE, s.id`)
	if err != nil {
		return nil, 0, fmt.Errorf("list sites: %w", err)
	}
	defer rows.Close()
	var out []SiteSummary
	archived := 0
	for rows.Next() {
		var sum SiteSummary
		if sum.Site, err = scanSite(rows, &sum.Units, &sum.SharePPM); err != nil {
			return nil, 0, fmt.Errorf("list sites: %w", err)
		}
		if sum.Archived() {
			archived++
			if !filter.Archived {
				continue
			}
		}
		out = append(out, sum)
	}
	if err := rows.Err(); err != nil {
		return nil, 0, fmt.Errorf("list sites: %w", err)
	}
	return out, archived, nil
}
