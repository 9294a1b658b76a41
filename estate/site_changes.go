package estate

import (
	"context"
	"database/sql"
	"fmt"
	"slices"
	"strings"
	"time"

	"porch/errs"
	"porch/sqldb"
)

// Change is one field of a site or unit as it was and as it is now, for
// the audit log.
type Change struct {
	Field, Old, New string
}

// Changes lists what an edit changed.
type Changes []Change

// add records a field when its value changed.
func (c *Changes) add(field, old, new string) {
	if old != new {
		*c = append(*c, Change{field, old, new})
	}
}

// String writes the changes as `name: "Old" → "New"; town: ...`, or
// "no change".
func (c Changes) String() string {
	if len(c) == 0 {
		return "no change"
	}
	parts := make([]string, len(c))
	for i, ch := range c {
		parts[i] = fmt.Sprintf("%s: %q → %q", ch.Field, ch.Old, ch.New)
	}
	return strings.Join(parts, "; ")
}

// SiteChanges compares two versions of a site.
func SiteChanges(a, b Site) Changes {
	var c Changes
	c.add("name", a.Name, b.Name)
	c.add("kind", a.Kind, b.Kind)
	c.add("address_line1", a.AddressLine1, b.AddressLine1)
	c.add("address_line2", a.AddressLine2, b.AddressLine2)
	c.add("town", a.Town, b.Town)
	c.add("postcode", a.Postcode, b.Postcode)
	c.add("landlord_name", a.LandlordName, b.LandlordName)
	c.add("landlord_address", a.LandlordAddress, b.LandlordAddress)
	c.add("year_end", a.YearEnd, b.YearEnd)
	c.add("nation", a.Nation, b.Nation)
	return c
}

// InputOf is the site's form as it stands, for editing.
func (s Site) InputOf() SiteInput {
	return SiteInput{Name: s.Name, Kind: s.Kind, AddressLine1: s.AddressLine1, AddressLine2: s.AddressLine2,
		Town: s.Town, Postcode: s.Postcode, LandlordName: s.LandlordName, LandlordAddress: s.LandlordAddress,
		YearEnd: s.YearEndText(), Nation: s.Nation}
}

// UpdateSite validates in and changes the site, returning it as it is now
// and what changed. A site's kind cannot change once it has units: their
// addresses, shares and accounts were set up for the kind they joined.
func UpdateSite(ctx context.Context, tx *sql.Tx, siteID int64, in SiteInput) (Site, Changes, error) {
	old, err := getSiteByID(ctx, tx, siteID)
	if err != nil {
		return Site{}, nil, err
	}
	f := in.validate()
	if err := checkSiteName(ctx, tx, f, in.Name, siteID); err != nil {
		return Site{}, nil, err
	}
	if _, bad := f["kind"]; !bad && in.Kind != old.Kind {
		var units int
		if err := tx.QueryRowContext(ctx, `SELECT count(*) FROM units WHERE site_id = ?`, siteID).Scan(&units); err != nil {
			return Site{}, nil, fmt.Errorf("count units: %w", err)
		}
		if units > 0 {
			f.Add("kind", "A site's kind cannot change once it has units.")
		}
	}
	if err := f.Err(); err != nil {
		return Site{}, nil, err
	}
	s := old
	s.Name, s.Kind, s.AddressLine1, s.AddressLine2, s.Town, s.Postcode = in.Name, in.Kind, in.AddressLine1, in.AddressLine2, in.Town, in.Postcode
	s.LandlordName, s.LandlordAddress, s.YearEnd, s.Nation = in.LandlordName, in.LandlordAddress, in.YearEnd, in.Nation
	if _, err := tx.ExecContext(ctx, `UPDATE sites SET name = ?, kind = ?, address_line1 = ?, address_line2 = ?,
		town = ?, postcode = ?, landlord_name = ?, landlord_address = ?, year_end = ?, nation = ? WHERE id = ?`,
		s.Name, s.Kind, s.AddressLine1, s.AddressLine2, s.Town, s.Postcode,
		s.LandlordName, s.LandlordAddress, s.YearEnd, s.Nation, s.ID); err != nil {
		return Site{}, nil, fmt.Errorf("update site: %w", err)
	}
	return s, SiteChanges(old, s), nil
}

// currentLinkClause finds the links of a unit that still apply on a day:
// open-ended, or ending on or after it (the end date is the last day).
const currentLinkClause = `(up.end_date IS NULL OR up.end_date >= ?)`

// occupiedUnits names the units matching where (on u) that someone lives in
// or owns on today's UK date, or will: a site or unit with people still
// linked to it stays in use.
func occupiedUnits(ctx context.Context, tx *sql.Tx, where string, id int64, now time.Time) ([]string, error) {
	rows, err := tx.QueryContext(ctx, `SELECT DISTINCT u.name FROM unit_people up JOIN units u ON u.id = up.unit_id
		WHERE `+where+` AND `+currentLinkClause+` `, id, sqldb.FormatDate(UKDate(now)))
	if err != nil {
		return nil, fmt.Errorf("occupied units: %w", err)
	}
	defer rows.Close()
	var names []string
	for rows.Next() {
		var n string
		if err := rows.Scan(&n); err != nil {
			return nil, fmt.Errorf("occupied units: %w", err)
		}
		names = append(names, n)
	}
	slices.SortFunc(names, naturalCompare)
	return names, rows.Err()
}

// ArchiveSite takes the site out of use: it leaves the lists and the bulk
// demand, and keeps its units, accounts and history. A site whose units
// still have people linked today or later is refused, naming them.
func ArchiveSite(ctx context.Context, tx *sql.Tx, siteID int64, now time.Time) (Site, error) {
	s, err := getSiteByID(ctx, tx, siteID)
	if err != nil {
		return s, err
	}
	if s.Archived() {
		return s, errs.E(errs.Invalid, s.Name+" is already archived.")
	}
	names, err := occupiedUnits(ctx, tx, `u.site_id = ?`, siteID, now)
	if err != nil {
		return s, err
	}
	if len(names) > 0 {
		return s, errs.E(errs.Invalid, fmt.Sprintf("%s cannot be archived: %s still %s people living in or owning %s. End their occupancies first.",
			s.Name, listNames(names), plural(len(names), "has", "have"), plural(len(names), "it", "them")))
	}
	return s, setArchived(ctx, tx, "sites", siteID, &s.ArchivedAt, now)
}

// RestoreSite puts an archived site back in use.
func RestoreSite(ctx context.Context, tx *sql.Tx, siteID int64) (Site, error) {
	s, err := getSiteByID(ctx, tx, siteID)
	if err != nil {
		return s, err
	}
	if !s.Archived() {
		return s, errs.E(errs.Invalid, s.Name+" is not archived.")
	}
	if _, err := tx.ExecContext(ctx, `UPDATE sites SET archived_at = NULL WHERE id = ?`, siteID); err != nil {
		return s, fmt.Errorf("restore site: %w", err)
	}
	s.ArchivedAt = time.Time{}
	return s, nil
}

// setArchived stamps a site's or unit's row as archived now.
func setArchived(ctx context.Context, tx *sql.Tx, table string, id int64, at *time.Time, now time.Time) error {
	if _, err := tx.ExecContext(ctx, `UPDATE `+table+` SET archived_at = ? WHERE id = ?`, sqldb.At(now), id); err != nil {
		return fmt.Errorf("archive %s: %w", table, err)
	}
	*at = now.UTC().Truncate(time.Second)
	return nil
}

// listNames writes names as "A, B and C", cut short after ten.
func listNames(names []string) string {
	if len(names) > 10 {
		return strings.Join(names[:10], ", ") + fmt.Sprintf(" and %d more", len(names)-10)
	}
	if len(names) == 1 {
		return names[0]
	}
	return strings.Join(names[:len(names)-1], ", ") + " and " + names[len(names)-1]
}

// plural picks one or many by n.
func plural(n int, one, many string) string {
	if n == 1 {
		return one
	}
	return many
}
