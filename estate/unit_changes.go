package estate

import (
	"context"
	"database/sql"
	"fmt"
	"slices"
	"strconv"
	"strings"
	"time"
	"unicode"
	"unicode/utf8"

	"porch/errs"
	"porch/sqldb"
)

// UnitChanges compares two versions of a unit.
func UnitChanges(a, b Unit) Changes {
	var c Changes
	c.add("name", a.Name, b.Name)
	c.add("address_line1", a.AddressLine1, b.AddressLine1)
	c.add("address_line2", a.AddressLine2, b.AddressLine2)
	c.add("town", a.Town, b.Town)
	c.add("postcode", a.Postcode, b.Postcode)
	c.add("floor", a.Floor, b.Floor)
	c.add("kind", a.Kind, b.Kind)
	c.add("bedrooms", strconv.Itoa(a.Bedrooms), strconv.Itoa(b.Bedrooms))
	c.add("share", a.Share(), b.Share())
	return c
}

// InputOf is the unit's form as it stands, for editing.
func (u Unit) InputOf() UnitInput {
	return UnitInput{Name: u.Name, AddressLine1: u.AddressLine1, AddressLine2: u.AddressLine2, Town: u.Town,
		Postcode: u.Postcode, Floor: u.Floor, Kind: u.Kind, Bedrooms: strconv.Itoa(u.Bedrooms),
		Share: strings.TrimSuffix(u.Share(), "%")}
}

// UpdateUnit validates in and changes the unit, returning it as it is now
// and what changed. Its share may not take the site's units in use over
// 100%; below 100% is allowed, so shares can be corrected one unit at a
// time (a bulk demand waits until they total exactly 100%).
func UpdateUnit(ctx context.Context, tx *sql.Tx, unitID int64, in UnitInput) (Unit, Changes, error) {
	old, err := GetUnitByID(ctx, tx, unitID)
	if err != nil {
		return Unit{}, nil, err
	}
	if old.Archived() {
		return Unit{}, nil, errs.E(errs.Invalid, old.Name+" is archived and cannot be changed.")
	}
	site, err := getSiteByID(ctx, tx, old.SiteID)
	if err != nil {
		return Unit{}, nil, err
	}
	f, bedrooms, ppm := in.validate(site)
	if err := checkUnitName(ctx, tx, f, site.ID, in.Name, unitID); err != nil {
		return Unit{}, nil, err
	}
	if err := checkShare(ctx, tx, f, site.ID, unitID, ppm); err != nil {
		return Unit{}, nil, err
	}
	if err := f.Err(); err != nil {
		return Unit{}, nil, err
	}
	u := old
	u.Name, u.AddressLine1, u.AddressLine2, u.Town, u.Postcode = in.Name, in.AddressLine1, in.AddressLine2, in.Town, in.Postcode
	u.Floor, u.Kind, u.Bedrooms, u.SharePPM = in.Floor, in.Kind, bedrooms, ppm
	if _, err := tx.ExecContext(ctx, `UPDATE units SET name = ?, address_line1 = ?, address_line2 = ?, town = ?,
		postcode = ?, floor = ?, kind = ?, bedrooms = ? WHERE id = ?`,
		u.Name, u.AddressLine1, u.AddressLine2, u.Town, u.Postcode, u.Floor, u.Kind, u.Bedrooms, u.ID); err != nil {
		return Unit{}, nil, fmt.Errorf("update unit: %w", err)
	}
	// The share is written only when it changed, so a unit taken out of
	// the default schedule on its grid stays out when its details are
	// edited. A site with units always has a default; the unit's own
	// creation time only stands in for a database written otherwise.
	if u.SharePPM != old.SharePPM {
		if err := setDefaultShare(ctx, tx, site.ID, u.ID, u.SharePPM, old.CreatedAt); err != nil {
			return Unit{}, nil, err
		}
	}
	return u, UnitChanges(old, u), nil
}

// ArchiveUnit takes a unit out of use: it leaves the site's list, its
// share no longer counts, and its account and history stay. A unit with
// people linked today or later is refused.
func ArchiveUnit(ctx context.Context, tx *sql.Tx, unitID int64, now time.Time) (Unit, error) {
	u, err := GetUnitByID(ctx, tx, unitID)
	if err != nil {
		return u, err
	}
	if u.Archived() {
		return u, errs.E(errs.Invalid, u.Name+" is already archived.")
	}
	names, err := occupiedUnits(ctx, tx, `u.id = ?`, unitID, now)
	if err != nil {
		return u, err
	}
	if len(names) > 0 {
		return u, errs.E(errs.Invalid, u.Name+" cannot be archived while people live in or own it. End their occupancies first.")
	}
	return u, setArchived(ctx, tx, "units", unitID, &u.ArchivedAt, now)
}

// MaxUnitRange is the most units one range adds.
const MaxUnitRange = 500

// UnitRange is the form that adds a numbered run of units at once, "Flat 1"
// to "Flat 28". Field names in validation errors: prefix, from, to, floor,
// kind, and form for names the site already has.
type UnitRange struct {
	Prefix   string // "Flat"; a space is put before the number after a letter or digit
	From, To string // whole numbers as typed
	Floor    string
	Kind     string
}

// check validates the range in place and returns the names it makes.
func (r *UnitRange) check(site Site) ([]string, errs.Fields) {
	f := errs.Fields{}
	if site.Kind == KindLettings {
		f.Add("form", "Add a lettings portfolio's homes one at a time: each needs its own address.")
	}
	r.Prefix = strings.Join(strings.Fields(r.Prefix), " ")
	if len(r.Prefix) > 100 {
		f.Add("prefix", "Keep the prefix to 100 characters or fewer.")
	}
	from, fromErr := rangeNumber(f, "from", r.From)
	to, toErr := rangeNumber(f, "to", r.To)
	switch {
	case fromErr || toErr:
	case to < from:
		f.Add("to", "The last number cannot be below the first.")
	case to-from+1 > MaxUnitRange:
		f.Add("to", fmt.Sprintf("Add at most %d units at once.", MaxUnitRange))
	}
	checkFloorKind(f, &r.Floor, &r.Kind)
	if len(f) > 0 {
		return nil, f
	}
	sep := ""
	if last, _ := utf8.DecodeLastRuneInString(r.Prefix); unicode.IsLetter(last) || unicode.IsDigit(last) {
		sep = " "
	}
	names := make([]string, 0, to-from+1)
	for n := from; n <= to; n++ {
		names = append(names, r.Prefix+sep+strconv.Itoa(n))
	}
	return names, f
}

// rangeNumber reads one end of a range; bad reports a message added.
func rangeNumber(f errs.Fields, field, s string) (n int, bad bool) {
	n, err := strconv.Atoi(strings.TrimSpace(s))
	if err != nil || n < 0 || n > 99999 {
		f.Add(field, "Enter a whole number from 0 to 99999.")
		return 0, true
	}
	return n, false
}

// PreviewUnits checks a range against the site without writing, tidying
// it in place: the names it would add, or why it cannot.
func PreviewUnits(ctx context.Context, q sqldb.Querier, siteID int64, r *UnitRange) ([]string, error) {
	site, err := getSiteByID(ctx, q, siteID)
	if err != nil {
		return nil, err
	}
	names, f := r.check(site)
	if err := f.Err(); err != nil {
		return nil, err
	}
	taken := map[string]bool{}
	rows, err := q.QueryContext(ctx, `SELECT lower(name) FROM units WHERE site_id = ?`, siteID)
	if err != nil {
		return nil, fmt.Errorf("unit names: %w", err)
	}
	defer rows.Close()
	for rows.Next() {
		var n string
		if err := rows.Scan(&n); err != nil {
			return nil, fmt.Errorf("unit names: %w", err)
		}
		taken[n] = true
	}
	if err := rows.Err(); err != nil {
		return nil, fmt.Errorf("unit names: %w", err)
	}
	var clash []string
	for _, n := range names {
		if taken[strings.ToLower(n)] {
			clash = append(clash, n)
		}
	}
	if len(clash) > 0 {
		f.Add("form", fmt.Sprintf("%s already %s on %s, so none of the range was added. Choose other numbers or another prefix.",
			listNames(clash), plural(len(clash), "exists", "exist"), site.Name))
		return nil, f.Err()
	}
	return names, nil
}

// CreateUnits adds a numbered run of units to a block, all or none: if any
// name is taken, nothing is added and the error names them. The new units
// have no share yet.
func CreateUnits(ctx context.Context, tx *sql.Tx, siteID int64, r UnitRange, now time.Time) ([]Unit, error) {
	names, err := PreviewUnits(ctx, tx, siteID, &r)
	if err != nil {
		return nil, err
	}
	site, err := getSiteByID(ctx, tx, siteID)
	if err != nil {
		return nil, err
	}
	out := make([]Unit, 0, len(names))
	for _, n := range names {
		u, err := insertUnit(ctx, tx, site, UnitInput{Name: n, Floor: r.Floor, Kind: r.Kind}, 0, 0, now)
		if err != nil {
			return nil, err
		}
		out = append(out, u)
	}
	return out, nil
}

// RestoreUnit brings an archived unit back into use, with the share it
// had, unless that share would take the site's units in use over 100%.
func RestoreUnit(ctx context.Context, tx *sql.Tx, unitID int64) (Unit, error) {
	u, err := GetUnitByID(ctx, tx, unitID)
	if err != nil {
		return u, err
	}
	if !u.Archived() {
		return u, errs.E(errs.Invalid, u.Name+" is not archived.")
	}
	f := errs.Fields{}
	if err := checkShare(ctx, tx, f, u.SiteID, u.ID, u.SharePPM); err != nil {
		return u, err
	}
	if msg, ok := f["share"]; ok {
		return u, errs.E(errs.Invalid, u.Name+" had a share of "+u.Share()+". "+msg+" Lower another unit's share first.")
	}
	if _, err := tx.ExecContext(ctx, `UPDATE units SET archived_at = NULL WHERE id = ?`, unitID); err != nil {
		return u, fmt.Errorf("restore unit: %w", err)
	}
	u.ArchivedAt = time.Time{}
	return u, nil
}

// ArchivedUnits returns the site's archived units in natural order.
func ArchivedUnits(ctx context.Context, q sqldb.Querier, siteID int64) ([]Unit, error) {
	out, err := sqldb.QueryAll(ctx, q, scanUnit, `SELECT `+unitColumns+` WHERE u.site_id = ? AND u.archived_at IS NOT NULL`, siteID)
	if err != nil {
		return nil, fmt.Errorf("archived units: %w", err)
	}
	slices.SortStableFunc(out, func(a, b Unit) int { return naturalCompare(a.Name, b.Name) })
	return out, nil
}
