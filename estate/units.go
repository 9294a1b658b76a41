package estate

import (
	"cmp"
	"context"
	"database/sql"
	"errors"
	"fmt"
	"slices"
	"strconv"
	"strings"
	"time"

	"porch/errs"
	"porch/sqldb"
)

// Unit is a flat, house or other letting within a site.
type Unit struct {
	ID           int64
	PublicID     string
	SiteID       int64
	SitePublicID string
	SiteName     string
	SiteKind     string
	Name         string // "Flat 4", "12 Albion Road"; unique within the site
	AddressLine1 string
	AddressLine2 string
	Town         string
	Postcode     string
	Bedrooms     int
	SharePPM     int64 // apportionment of site costs in millionths
	CreatedAt    time.Time
}

// Share formats the unit's apportionment as a percentage.
func (u Unit) Share() string { return FormatSharePPM(u.SharePPM) }

// UnitInput is the unit form. Field names in validation errors: name,
// address_line1, address_line2, town, postcode, bedrooms, share.
type UnitInput struct {
	Name         string
	AddressLine1 string
	AddressLine2 string
	Town         string
	Postcode     string
	Bedrooms     string // whole number; blank means 0 (a studio, or not known)
	Share        string // percentage such as "2.5" or "12.3456"; blank means 0
}

// PPMPerPercent is how many millionths make one percent.
const PPMPerPercent = 10_000

// FullSharePPM is a whole site: 100%.
const FullSharePPM = 100 * PPMPerPercent

// ParseSharePercent reads a percentage such as "2.5", "12.3456" or "100%"
// exactly, without floating point, into millionths. It allows at most four
// decimal places (the precision of a millionth) and values from 0 to 100.
// Its errors carry a message that can be shown next to the field.
func ParseSharePercent(s string) (int64, error) {
	s = strings.TrimSpace(strings.TrimSuffix(strings.TrimSpace(s), "%"))
	if s == "" {
		return 0, errs.E(errs.Invalid, "Enter the share as a percentage, for example 2.5.")
	}
	if strings.HasPrefix(s, "-") {
		return 0, errs.E(errs.Invalid, "The share cannot be negative.")
	}
	whole, frac, _ := strings.Cut(s, ".")
	if whole == "" && frac == "" || !allDigits(whole) || !allDigits(frac) {
		return 0, errs.E(errs.Invalid, "Enter the share as a percentage, for example 2.5.")
	}
	if len(frac) > 4 {
		return 0, errs.E(errs.Invalid, "Give the share to at most 4 decimal places, for example 12.3456.")
	}
	whole = strings.TrimLeft(whole, "0")
	if len(whole) > 3 {
		return 0, errs.E(errs.Invalid, "The share cannot be more than 100%.")
	}
	var ppm int64
	if whole != "" {
		w, err := strconv.ParseInt(whole, 10, 64)
		if err != nil {
			return 0, errs.E(errs.Invalid, "Enter the share as a percentage, for example 2.5.")
		}
		ppm = w * PPMPerPercent
	}
	if frac != "" {
		f, err := strconv.ParseInt(frac+strings.Repeat("0", 4-len(frac)), 10, 64)
		if err != nil {
			return 0, errs.E(errs.Invalid, "Enter the share as a percentage, for example 2.5.")
		}
		ppm += f
	}
	if ppm > FullSharePPM {
		return 0, errs.E(errs.Invalid, "The share cannot be more than 100%.")
	}
	return ppm, nil
}

func allDigits(s string) bool {
	for i := 0; i < len(s); i++ {
		if s[i] < '0' || s[i] > '9' {
			return false
		}
	}
	return true
}

// FormatSharePPM formats millionths as a percentage with no trailing zeros:
// 25000 -> "2.5%", 1000000 -> "100%", 123456 -> "12.3456%".
func FormatSharePPM(ppm int64) string {
	sign := ""
	if ppm < 0 {
		sign, ppm = "-", -ppm
	}
	s := sign + strconv.FormatInt(ppm/PPMPerPercent, 10)
	if frac := ppm % PPMPerPercent; frac != 0 {
		s += "." + strings.TrimRight(fmt.Sprintf("%04d", frac), "0")
	}
	return s + "%"
}

// validate trims and parses in place; bedrooms and ppm are the parsed values.
func (in *UnitInput) validate(site Site) (f errs.Fields, bedrooms int, ppm int64) {
	f = errs.Fields{}
	in.Name = strings.TrimSpace(in.Name)
	switch {
	case in.Name == "":
		f.Add("name", "Enter the unit's name, for example Flat 4 or 12 Albion Road.")
	case len(in.Name) > 120:
		f.Add("name", "Keep the name to 120 characters or fewer.")
	}
	// A let house or flat has its own address; a flat in a block shares the
	// block's, so its address lines are optional.
	address{&in.AddressLine1, &in.AddressLine2, &in.Town, &in.Postcode}.check(f, site.Kind == KindLettings)
	if b := strings.TrimSpace(in.Bedrooms); b != "" {
		n, err := strconv.Atoi(b)
		if err != nil || n < 0 || n > 50 {
			f.Add("bedrooms", "Enter the number of bedrooms as a whole number, 0 for a studio.")
		}
		bedrooms = n
	}
	if s := strings.TrimSpace(in.Share); s != "" {
		p, err := ParseSharePercent(s)
		if err != nil {
			e, _ := errs.As(err)
			f.Add("share", e.Message)
		}
		ppm = p
	}
	return f, bedrooms, ppm
}

// CreateUnit validates in and adds a unit to the site. The unit's name must
// be new within the site, and the shares of all the site's units may not add
// up to more than 100%.
func CreateUnit(ctx context.Context, tx *sql.Tx, siteID int64, in UnitInput, now time.Time) (Unit, error) {
	site, err := getSiteByID(ctx, tx, siteID)
	if err != nil {
		return Unit{}, err
	}
	f, bedrooms, ppm := in.validate(site)
	if _, ok := f["name"]; !ok {
		var one int
		err := tx.QueryRowContext(ctx, `SELECT 1 FROM units WHERE site_id = ? AND name = ? COLLATE NOCASE`,
			siteID, in.Name).Scan(&one)
		switch {
		case err == nil:
			f.Add("name", "A unit with this name already exists on this site.")
		case !errors.Is(err, sql.ErrNoRows):
			return Unit{}, fmt.Errorf("check unit name: %w", err)
		}
	}
	if _, ok := f["share"]; !ok && ppm > 0 {
		var total int64
		if err := tx.QueryRowContext(ctx, `SELECT coalesce(sum(share_ppm), 0) FROM units WHERE site_id = ?`,
			siteID).Scan(&total); err != nil {
			return Unit{}, fmt.Errorf("sum shares: %w", err)
		}
		if total+ppm > FullSharePPM {
			f.Add("share", fmt.Sprintf("The other units already have %s, so this unit can have at most %s.",
				FormatSharePPM(total), FormatSharePPM(FullSharePPM-total)))
		}
	}
	if err := f.Err(); err != nil {
		return Unit{}, err
	}
	u := Unit{
		PublicID: sqldb.NewPublicID(), SiteID: site.ID, SitePublicID: site.PublicID, SiteName: site.Name, SiteKind: site.Kind,
		Name: in.Name, AddressLine1: in.AddressLine1, AddressLine2: in.AddressLine2, Town: in.Town, Postcode: in.Postcode,
		Bedrooms: bedrooms, SharePPM: ppm, CreatedAt: now.UTC().Truncate(time.Second),
	}
	res, err := tx.ExecContext(ctx, `INSERT INTO units (public_id, site_id, name, address_line1, address_line2,
		town, postcode, bedrooms, share_ppm, created_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
		u.PublicID, u.SiteID, u.Name, u.AddressLine1, u.AddressLine2, u.Town, u.Postcode,
		u.Bedrooms, u.SharePPM, sqldb.At(now))
	if err != nil {
		return Unit{}, fmt.Errorf("insert unit: %w", err)
	}
	if u.ID, err = res.LastInsertId(); err != nil {
		return Unit{}, fmt.Errorf("insert unit: %w", err)
	}
	return u, nil
}

const unitColumns = `u.id, u.public_id, u.site_id, s.public_id, s.name, s.kind, u.name, u.address_line1,
	u.address_line2, u.town, u.postcode, u.bedrooms, u.share_ppm, u.created_at
	FROM units u JOIN sites s ON s.id = u.site_id`

func scanUnit(r sqldb.Scanner) (Unit, error) {
	var u Unit
	err := r.Scan(&u.ID, &u.PublicID, &u.SiteID, &u.SitePublicID, &u.SiteName, &u.SiteKind, &u.Name,
		&u.AddressLine1, &u.AddressLine2, &u.Town, &u.Postcode, &u.Bedrooms, &u.SharePPM, sqldb.Into(&u.CreatedAt))
	return u, err
}

// GetUnit returns the unit with the given public id, or NotFound.
func GetUnit(ctx context.Context, q sqldb.Querier, publicID string) (Unit, error) {
	return getUnit(ctx, q, `u.public_id = ?`, publicID)
}

// GetUnitByID returns the unit with the given id, or NotFound.
func GetUnitByID(ctx context.Context, q sqldb.Querier, id int64) (Unit, error) {
	return getUnit(ctx, q, `u.id = ?`, id)
}

func getUnit(ctx context.Context, q sqldb.Querier, where string, arg any) (Unit, error) {
	u, err := scanUnit(q.QueryRowContext(ctx, `SELECT `+unitColumns+` WHERE `+where, arg))
	if errors.Is(err, sql.ErrNoRows) {
		return u, errs.E(errs.NotFound, "Unit not found.")
	}
	if err != nil {
		return u, fmt.Errorf("get unit: %w", err)
	}
	return u, nil
}

// ListUnits returns the units of a site in natural order, so "Flat 2" comes
// before "Flat 10".
func ListUnits(ctx context.Context, q sqldb.Querier, siteID int64) ([]Unit, error) {
	out, err := sqldb.QueryAll(ctx, q, scanUnit, `SELECT `+unitColumns+` WHERE u.site_id = ?`, siteID)
	if err != nil {
		return nil, fmt.Errorf("list units: %w", err)
	}
	slices.SortStableFunc(out, func(a, b Unit) int { return naturalCompare(a.Name, b.Name) })
	return out, nil
}

// naturalCompare orders strings case-insensitively, comparing runs of digits
// by their numeric value.
func naturalCompare(a, b string) int {
	for a != "" && b != "" {
		if isDigit(a[0]) && isDigit(b[0]) {
			da, db := digitRun(a), digitRun(b)
			na, nb := strings.TrimLeft(a[:da], "0"), strings.TrimLeft(b[:db], "0")
			if c := cmp.Compare(len(na), len(nb)); c != 0 {
				return c
			}
			if c := strings.Compare(na, nb); c != 0 {
				return c
			}
			a, b = a[da:], b[db:]
			continue
		}
		if c := cmp.Compare(lowerASCII(a[0]), lowerASCII(b[0])); c != 0 {
			return c
		}
		a, b = a[1:], b[1:]
	}
	return cmp.Compare(len(a), len(b))
}

func isDigit(c byte) bool { return '0' <= c && c <= '9' }

func digitRun(s string) int {
	n := 0
	for n < len(s) && isDigit(s[n]) {
		n++
	}
	return n
}

func lowerASCII(c byte) byte {
	if 'A' <= c && c <= 'Z' {
		return c + 'a' - 'A'
	}
	return c
}
