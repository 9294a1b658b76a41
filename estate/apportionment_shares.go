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

// ShareRow is a unit in use of a site with its share of one schedule.
type ShareRow struct {
	UnitID       int64
	UnitPublicID string
	Name         string
	Floor        string
	Kind         string
	In           bool  // part of the schedule: it has a share, perhaps 0%
	SharePPM     int64 // 0 when not In
}

// Share is the unit's share as a percentage, or "" when it is not in the
// schedule.
func (r ShareRow) Share() string {
	if !r.In {
		return ""
	}
	return FormatSharePPM(r.SharePPM)
}

// Input is the share as a form shows it: the percentage without its sign,
// blank when the unit is not in the schedule.
func (r ShareRow) Input() string { return strings.TrimSuffix(r.Share(), "%") }

// KindLabel names the unit's kind for people.
func (r ShareRow) KindLabel() string { return UnitKindLabel(r.Kind) }

// ApportionmentShares returns every unit in use of the schedule's site in
// natural order, each with its share of the schedule, if it has one.
func ApportionmentShares(ctx context.Context, q sqldb.Querier, a Apportionment) ([]ShareRow, error) {
	out, err := sqldb.QueryAll(ctx, q, func(r sqldb.Scanner) (ShareRow, error) {
		var s ShareRow
		var ppm sql.NullInt64
		err := r.Scan(&s.UnitID, &s.UnitPublicID, &s.Name, &s.Floor, &s.Kind, &ppm)
		s.In, s.SharePPM = ppm.Valid, ppm.Int64
		return s, err
	}, `SELECT u.id, u.public_id, u.name, u.floor, u.kind, sh.share_ppm FROM units u
		LEFT JOIN apportionment_shares sh ON sh.unit_id = u.id AND sh.apportionment_id = ?
		WHERE u.site_id = ? AND u.archived_at IS NULL ORDER BY u.id`, a.ID, a.SiteID)
	if err != nil {
		return nil, fmt.Errorf("apportionment shares: %w", err)
	}
	slices.SortStableFunc(out, func(x, y ShareRow) int { return naturalCompare(x.Name, y.Name) })
	return out, nil
}

// Members keeps the rows of the units that are part of the schedule: those
// a demand split by it is shared among.
func Members(rows []ShareRow) []ShareRow {
	return slices.DeleteFunc(slices.Clone(rows), func(r ShareRow) bool { return !r.In })
}

// ShareGrid is a site's units in use against its schedules in use: Shares[i][j]
// is unit i's row of schedule j.
type ShareGrid struct {
	Schedules []Apportionment
	Units     []ShareRow // the first schedule's rows, for the units' names
	Shares    [][]ShareRow
}

// SiteShareGrid reads every share of the site's schedules in use, the
// default first, so one unit's shares can be read across.
func SiteShareGrid(ctx context.Context, q sqldb.Querier, siteID int64) (ShareGrid, error) {
	var g ShareGrid
	all, err := ListApportionments(ctx, q, siteID)
	if err != nil {
		return g, err
	}
	g.Schedules = slices.DeleteFunc(all, Apportionment.Archived)
	cols := make([][]ShareRow, len(g.Schedules))
	for j, a := range g.Schedules {
		if cols[j], err = ApportionmentShares(ctx, q, a); err != nil {
			return g, err
		}
	}
	if len(cols) == 0 {
		return g, nil
	}
	g.Units = cols[0]
	g.Shares = make([][]ShareRow, len(g.Units))
	for i := range g.Units {
		g.Shares[i] = make([]ShareRow, len(cols))
		for j := range cols {
			g.Shares[i][j] = cols[j][i]
		}
	}
	return g, nil
}

// SharesInput is a schedule's shares as typed: each unit's public id with
// a percentage, blank for a unit that is not part of the schedule. Units
// it leaves out keep their shares.
type SharesInput map[string]string

// ShareField is the field name of a unit's share in validation errors:
// "share." and its public id. The schedule's total is under "total", and
// anything else under "form".
func ShareField(unitPublicID string) string { return "share." + unitPublicID }

// SharesCheck is what a schedule's shares would be with an input applied.
type SharesCheck struct {
	Rows     []ShareRow // every unit in use, with its share as typed where it parsed
	SharePPM int64      // the members' shares added up
	Fields   errs.Fields
}

// Total is the shares added up, as a percentage.
func (c SharesCheck) Total() string { return FormatSharePPM(c.SharePPM) }

// Whole reports shares that total exactly 100%.
func (c SharesCheck) Whole() bool { return c.SharePPM == FullSharePPM }

// Gap says how far the shares are from 100%, "" when they are not.
func (c SharesCheck) Gap() string { return ShareGap(c.SharePPM) }

// CheckShares works out the schedule's shares with in applied, without
// writing, and what is wrong with them: a share that is not a percentage
// (under ShareField), a unit that is not one of the site's units in use
// ("form"), or a total other than exactly 100% ("total").
func CheckShares(ctx context.Context, q sqldb.Querier, a Apportionment, in SharesInput) (SharesCheck, error) {
	rows, err := ApportionmentShares(ctx, q, a)
	if err != nil {
		return SharesCheck{}, err
	}
	return checkShares(a, rows, in), nil
}

// checkShares applies in to rows, which it changes, and checks the result.
func checkShares(a Apportionment, rows []ShareRow, in SharesInput) SharesCheck {
	c := SharesCheck{Fields: errs.Fields{}}
	byID := make(map[string]int, len(rows))
	for i, r := range rows {
		byID[r.UnitPublicID] = i
	}
	var unknown int
	for pub, text := range in {
		i, ok := byID[pub]
		if !ok {
			unknown++
			continue
		}
		text = strings.TrimSpace(text)
		if text == "" {
			rows[i].In, rows[i].SharePPM = false, 0
			continue
		}
		ppm, err := ParseSharePercent(text)
		if err != nil {
			e, _ := errs.As(err)
			c.Fields.Add(ShareField(pub), e.Message)
			continue
		}
		rows[i].In, rows[i].SharePPM = true, ppm
	}
	if unknown > 0 {
		c.Fields.Add("form", fmt.Sprintf("%d of the units given %s not in use on this site: it may have changed since the page was loaded. Load the page again.",
			unknown, plural(unknown, "is", "are")))
	}
	for _, r := range rows {
		c.SharePPM += r.SharePPM
	}
	if gap := c.Gap(); gap != "" && len(c.Fields) == 0 {
		c.Fields.Add("total", fmt.Sprintf("The %s shares total %s, %s. Correct them so they total exactly 100%%, then save.",
			a.Name, c.Total(), gap))
	}
	c.Rows = rows
	return c
}

// SaveShares sets a schedule's shares from in, all or none: every share
// must be a percentage, every unit one of the site's units in use, and the
// schedule must total exactly 100% afterwards. It returns each unit's
// change (field: the unit's name; "" for a unit not in the schedule).
func SaveShares(ctx context.Context, tx *sql.Tx, apportionmentID int64, in SharesInput) (Changes, error) {
	a, err := getApportionment(ctx, tx, `a.id = ?`, apportionmentID)
	if err != nil {
		return nil, err
	}
	if a.Archived() {
		return nil, errs.E(errs.Invalid, "The "+a.Name+" schedule is archived: restore it before changing its shares.")
	}
	before, err := ApportionmentShares(ctx, tx, a)
	if err != nil {
		return nil, err
	}
	c := checkShares(a, slices.Clone(before), in)
	if err := c.Fields.Err(); err != nil {
		return nil, err
	}
	var changes Changes
	for i, r := range c.Rows {
		old := before[i]
		if old.In == r.In && old.SharePPM == r.SharePPM {
			continue
		}
		changes.add(r.Name, old.Share(), r.Share())
		if err := setShare(ctx, tx, a.ID, r.UnitID, r.In, r.SharePPM); err != nil {
			return nil, err
		}
	}
	return changes, nil
}

// setShare writes a unit's share of a schedule, or takes the unit out of
// it.
func setShare(ctx context.Context, tx *sql.Tx, apportionmentID, unitID int64, in bool, ppm int64) error {
	var err error
	if in {
		_, err = tx.ExecContext(ctx, `INSERT INTO apportionment_shares (apportionment_id, unit_id, share_ppm) VALUES (?, ?, ?)
			ON CONFLICT (apportionment_id, unit_id) DO UPDATE SET share_ppm = excluded.share_ppm`, apportionmentID, unitID, ppm)
	} else {
		_, err = tx.ExecContext(ctx, `DELETE FROM apportionment_shares WHERE apportionment_id = ? AND unit_id = ?`, apportionmentID, unitID)
	}
	if err != nil {
		return fmt.Errorf("set share: %w", err)
	}
	return nil
}

// setDefaultShare writes a unit's share of its site's default schedule,
// creating the schedule for the site's first unit: the one share the unit
// form and the import edit.
func setDefaultShare(ctx context.Context, tx *sql.Tx, siteID, unitID, ppm int64, now time.Time) error {
	id, err := ensureDefaultApportionment(ctx, tx, siteID, now)
	if err != nil {
		return err
	}
	return setShare(ctx, tx, id, unitID, true, ppm)
}
