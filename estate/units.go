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
	Floor        string // "Ground", "3", "Basement"; "" when not given
	Kind         string // a UnitKind* value
	Bedrooms     int
	SharePPM     int64     // share of the site's default apportionment schedule in millionths
	Market       string    // MarketLetting, MarketSale or "" (see units.market)
	ArchivedAt   time.Time // zero while the unit is in use
	CreatedAt    time.Time
}

// Unit kinds: what a unit is, as the units table allows.
const (
	UnitKindFlat       = "flat"
	UnitKindHouse      = "house"
	UnitKindMaisonette = "maisonette"
	UnitKindStudio     = "studio"
	UnitKindCommercial = "commercial"
	UnitKindParking    = "parking"
	UnitKindStorage    = "storage"
)

// UnitKinds lists the unit kinds in the order forms offer them, with their
// names for people.
var UnitKinds = []struct{ Value, Label string }{
	{UnitKindFlat, "Flat"}, {UnitKindHouse, "House"}, {UnitKindMaisonette, "Maisonette"},
	{UnitKindStudio, "Studio"}, {UnitKindCommercial, "Commercial unit"},
	{UnitKindParking, "Parking space"}, {UnitKindStorage, "Storage"},
}

// UnitKindLabel names a unit kind for people.
func UnitKindLabel(kind string) string {
	for _, k := range UnitKinds {
		if k.Value == kind {
			return k.Label
		}
	}
	return kind
}

// KindLabel names the unit's kind for people.
func (u Unit) KindLabel() string { return UnitKindLabel(u.Kind) }

// Archived reports whether the unit has been taken out of use.
func (u Unit) Archived() bool { return !u.ArchivedAt.IsZero() }

// Share formats the unit's apportionment as a percentage.
func (u Unit) Share() string { return FormatSharePPM(u.SharePPM) }

// UnitInput is the unit form. Field names in validation errors: name,
// address_line1, address_line2, town, postcode, floor, kind, bedrooms,
// share.
type UnitInput struct {
	Name         string
	AddressLine1 string
	AddressLine2 string
	Town         string
	Postcode     string
	Floor        string
	Kind         string // a UnitKind* value; blank means a flat
	Bedrooms     string // whole number; blank means 0 (a studio, or not known)
	Share        string // percentage such as "2.5" or "12.3456"; blank means 0
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
	checkFloorKind(f, &in.Floor, &in.Kind)
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

// checkFloorKind trims the floor and checks the kind, blank being a flat.
func checkFloorKind(f errs.Fields, floor, kind *string) {
	*floor = strings.Join(strings.Fields(*floor), " ")
	if len(*floor) > 40 {
		f.Add("floor", "Keep the floor to 40 characters or fewer.")
	}
	if *kind = strings.TrimSpace(*kind); *kind == "" {
		*kind = UnitKindFlat
	}
	if !slices.ContainsFunc(UnitKinds, func(k struct{ Value, Label string }) bool { return k.Value == *kind }) {
		f.Add("kind", "Choose what kind of unit this is.")
	}
}

// checkUnitName refuses a name another unit of the site has, archived or
// not, ignoring case; self is the unit being renamed, or 0.
func checkUnitName(ctx context.Context, tx *sql.Tx, f errs.Fields, siteID int64, name string, self int64) error {
	if _, ok := f["name"]; ok {
		return nil
	}
	var one int
	err := tx.QueryRowContext(ctx, `SELECT 1 FROM units WHERE site_id = ? AND name = ? COLLATE NOCASE AND id != ?`,
		siteID, name, self).Scan(&one)
	switch {
	case err == nil:
		f.Add("name", "A unit with this name already exists on this site.")
	case !errors.Is(err, sql.ErrNoRows):
		return fmt.Errorf("check unit name: %w", err)
	}
	return nil
}

// checkShare refuses a share that would take the units in use of the site
// over 100% of its default schedule; self is the unit whose share is
// replaced, or 0.
func checkShare(ctx context.Context, tx *sql.Tx, f errs.Fields, siteID, self, ppm int64) error {
	if _, ok := f["share"]; ok || ppm == 0 {
		return nil
	}
	var total int64
	if err := tx.QueryRowContext(ctx, `SELECT coalesce(sum(sh.share_ppm), 0) FROM apportionment_shares sh
		JOIN apportionments a ON a.id = sh.apportionment_id AND a.is_default = 1 JOIN units u ON u.id = sh.unit_id
		WHERE a.site_id = ? AND u.id != ? AND u.archived_at IS NULL`, siteID, self).Scan(&total); err != nil {
		return fmt.Errorf("sum shares: %w", err)
	}
	if total+ppm > FullSharePPM {
		f.Add("share", fmt.Sprintf("The other units already have %s, so this unit can have at most %s.",
			FormatSharePPM(total), FormatSharePPM(FullSharePPM-total)))
	}
	return nil
}

// CreateUnit validates in and adds a unit to the site. The unit's name must
// be new within the site, and the shares of the site's units in use may not
// add up to more than 100%.
func CreateUnit(ctx context.Context, tx *sql.Tx, siteID int64, in UnitInput, now time.Time) (Unit, error) {
	site, err := getSiteByID(ctx, tx, siteID)
	if err != nil {
		return Unit{}, err
	}
	f, bedrooms, ppm := in.validate(site)
	if err := checkUnitName(ctx, tx, f, siteID, in.Name, 0); err != nil {
		return Unit{}, err
	}
	if err := checkShare(ctx, tx, f, siteID, 0, ppm); err != nil {
		return Unit{}, err
	}
	if err := f.Err(); err != nil {
		return Unit{}, err
	}
	return insertUnit(ctx, tx, site, in, bedrooms, ppm, now)
}

// insertUnit writes a unit whose input has been checked. The unit joins
// its site's default schedule with its share, 0% when it has none yet, so
// a bulk demand names it until it is given one.
func insertUnit(ctx context.Context, tx *sql.Tx, site Site, in UnitInput, bedrooms int, ppm int64, now time.Time) (Unit, error) {
	u := Unit{
		PublicID: sqldb.NewPublicID(), SiteID: site.ID, SitePublicID: site.PublicID, SiteName: site.Name, SiteKind: site.Kind,
		Name: in.Name, AddressLine1: in.AddressLine1, AddressLine2: in.AddressLine2, Town: in.Town, Postcode: in.Postcode,
		Floor: in.Floor, Kind: in.Kind, Bedrooms: bedrooms, SharePPM: ppm, CreatedAt: now.UTC().Truncate(time.Second),
	}
	if site.Kind == KindLettings {
		u.Market = MarketLetting
	}
	res, err := tx.ExecContext(ctx, `INSERT INTO units (public_id, site_id, name, address_line1, address_line2,
		town, postcode, floor, kind, bedrooms, market, created_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
		u.PublicID, u.SiteID, u.Name, u.AddressLine1, u.AddressLine2, u.Town, u.Postcode,
		u.Floor, u.Kind, u.Bedrooms, u.Market, sqldb.At(now))
	if err != nil {
		return Unit{}, fmt.Errorf("insert unit: %w", err)
	}
	if u.ID, err = res.LastInsertId(); err != nil {
		return Unit{}, fmt.Errorf("insert unit: %w", err)
	}
	return u, setDefaultShare(ctx, tx, site.ID, u.ID, ppm, now)
}

const unitColumns = `u.id, u.public_id, u.site_id, s.public_id, s.name, s.kind, u.name, u.address_line1,
	u.address_line2, u.town, u.postcode, u.floor, u.kind, u.bedrooms, ` + defaultShareOfU + `, u.market, u.archived_at, u.created_at
	FROM units u JOIN sites s ON s.id = u.site_id`

// defaultShareOfU is the share of unit u in its site's default schedule,
// 0 when it is not part of it.
const defaultShareOfU = `coalesce((SELECT sh.share_ppm FROM apportionment_shares sh
	JOIN apportionments a ON a.id = sh.apportionment_id AND a.is_default = 1 WHERE sh.unit_id = u.id), 0)`

func scanUnit(r sqldb.Scanner) (Unit, error) {
	var u Unit
	err := r.Scan(&u.ID, &u.PublicID, &u.SiteID, &u.SitePublicID, &u.SiteName, &u.SiteKind, &u.Name,
		&u.AddressLine1, &u.AddressLine2, &u.Town, &u.Postcode, &u.Floor, &u.Kind, &u.Bedrooms, &u.SharePPM,
		&u.Market, sqldb.Into(&u.ArchivedAt), sqldb.Into(&u.CreatedAt))
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

// ListUnits returns the units in use of a site in natural order, so "Flat
// 2" comes before "Flat 10". Archived units are left out: they take no
// share of a demand and are offered nowhere, though their accounts stay.
func ListUnits(ctx context.Context, q sqldb.Querier, siteID int64) ([]Unit, error) {
	out, err := sqldb.QueryAll(ctx, q, scanUnit, `SELECT `+unitColumns+` WHERE u.site_id = ? AND u.archived_at IS NULL`, siteID)
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
