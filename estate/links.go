package estate

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"time"

	"porch/errs"
	"porch/sqldb"
)

// Roles a person can have at a unit.
const (
	RoleLeaseholder = "leaseholder" // owns the lease of a flat in a block
	RoleTenant      = "tenant"      // rents the unit
	RoleOwner       = "owner"       // landlord of a let unit
	RoleOccupier    = "occupier"    // lives there without a tenancy, e.g. family
)

// Roles lists the unit roles in the order forms offer them.
var Roles = []string{RoleLeaseholder, RoleTenant, RoleOwner, RoleOccupier}

func validRole(r string) bool {
	for _, x := range Roles {
		if r == x {
			return true
		}
	}
	return false
}

// Link is a person's role at a unit over a period of dates. End is nil while
// the link is current; otherwise it is the last day the link applied, so a
// sale completing on 1 May ends the seller's link on 30 April and starts the
// buyer's on 1 May.
type Link struct {
	ID       int64
	UnitID   int64
	PersonID int64
	Role     string
	Start    time.Time // a date
	End      *time.Time
}

// LinkPerson records that the person has role at the unit from start (a
// date), until end when given, at the time now: a joint holder when an
// occupancy of that role and those very dates is there already, otherwise
// a new occupancy of their own with no terms yet. Field names in
// validation errors: role, start_date, end_date, person. A person cannot
// hold the same role at the same unit twice over overlapping dates.
func LinkPerson(ctx context.Context, tx *sql.Tx, now time.Time, unitID, personID int64, role string, start time.Time, end *time.Time) (Link, error) {
	l := Link{UnitID: unitID, PersonID: personID, Role: role, Start: dateOnly(start)}
	if end != nil {
		e := dateOnly(*end)
		l.End = &e
	}
	var occID int64
	err := tx.QueryRowContext(ctx, `SELECT id FROM occupancies WHERE unit_id = ? AND role = ? AND start_date = ? AND end_date IS ?`,
		unitID, role, sqldb.FormatDate(l.Start), endArg(l.End)).Scan(&occID)
	switch {
	case err == nil && !start.IsZero():
		if l.ID, err = AddParty(ctx, tx, occID, personID); err != nil {
			return Link{}, err
		}
		return l, nil
	case err != nil && !errors.Is(err, sql.ErrNoRows):
		return Link{}, fmt.Errorf("find occupancy: %w", err)
	}
	o, err := CreateOccupancy(ctx, tx, now, unitID, NewOccupancy{Role: role, Start: start, End: end, People: []int64{personID}})
	if err != nil {
		return Link{}, err
	}
	l.ID = o.Parties[0].PartyID
	return l, nil
}

func article(role string) string {
	if role == RoleOwner || role == RoleOccupier {
		return "an " + role
	}
	return "a " + role
}

// exists returns NotFound with msg unless query finds a row for arg.
func exists(ctx context.Context, q sqldb.Querier, query string, arg any, msg string) error {
	var one int
	err := q.QueryRowContext(ctx, query, arg).Scan(&one)
	if errors.Is(err, sql.ErrNoRows) {
		return errs.E(errs.NotFound, msg)
	}
	if err != nil {
		return fmt.Errorf("lookup: %w", err)
	}
	return nil
}

// EndLink ends the occupancy the link (party) belongs to, for all its
// parties, on end, the last day it applies; see EndOccupancy.
func EndLink(ctx context.Context, tx *sql.Tx, linkID int64, end time.Time) error {
	var occID int64
	err := tx.QueryRowContext(ctx, `SELECT occupancy_id FROM occupancy_parties WHERE id = ?`, linkID).Scan(&occID)
	if errors.Is(err, sql.ErrNoRows) {
		return errs.E(errs.NotFound, "Link not found.")
	}
	if err != nil {
		return fmt.Errorf("get link: %w", err)
	}
	return EndOccupancy(ctx, tx, occID, end)
}

// UnitPerson is a person linked to a unit, as listed on the unit's page.
type UnitPerson struct {
	LinkID         int64
	PersonID       int64
	PersonPublicID string
	Title          string
	FullName       string
	Email          string
	Phone          string
	Role           string
	Start          time.Time
	End            *time.Time
}

// currentOn selects links in force on a date; the date is bound twice.
const currentOn = `l.start_date <= ? AND (l.end_date IS NULL OR l.end_date >= ?)`

// nullDate reads an optional date column.
func nullDate(s sql.NullString) *time.Time {
	if !s.Valid {
		return nil
	}
	t := sqldb.ParseDate(s.String)
	return &t
}

// PeopleOfUnit returns the people linked to the unit on the date on (taken
// as a calendar date in its own location), by role then name.
func PeopleOfUnit(ctx context.Context, q sqldb.Querier, unitID int64, on time.Time) ([]UnitPerson, error) {
	day := sqldb.FormatDate(on)
	rows, err := q.QueryContext(ctx, `SELECT l.id, p.id, p.public_id, p.title, p.full_name, coalesce(p.email, ''),
		p.phone, l.role, l.start_date, l.end_date
		FROM unit_people l JOIN people p ON p.id = l.person_id
		WHERE l.unit_id = ? AND `+currentOn+`
		ORDER BY CASE l.role WHEN 'leaseholder' THEN 1 WHEN 'owner' THEN 2 WHEN 'tenant' THEN 3 ELSE 4 END,
			p.full_name COLLATE NOCASE, l.id`, unitID, day, day)
	if err != nil {
		return nil, fmt.Errorf("people of unit: %w", err)
	}
	defer rows.Close()
	var out []UnitPerson
	for rows.Next() {
		var up UnitPerson
		var start string
		var end sql.NullString
		if err := rows.Scan(&up.LinkID, &up.PersonID, &up.PersonPublicID, &up.Title, &up.FullName, &up.Email,
			&up.Phone, &up.Role, &start, &end); err != nil {
			return nil, fmt.Errorf("people of unit: %w", err)
		}
		up.Start = sqldb.ParseDate(start)
		up.End = nullDate(end)
		out = append(out, up)
	}
	if err := rows.Err(); err != nil {
		return nil, fmt.Errorf("people of unit: %w", err)
	}
	return out, nil
}

// PersonUnit is a unit a person is linked to, with their role there.
type PersonUnit struct {
	LinkID       int64
	UnitID       int64
	UnitPublicID string
	UnitName     string
	SiteID       int64
	SitePublicID string
	SiteName     string
	SiteKind     string
	Market       string // the unit's: MarketLetting, MarketSale or ""
	Role         string
	Start        time.Time
	End          *time.Time
	OccupancyID  int64 // the lease or tenancy the link is a party to
}

// UnitsOfPerson returns the units the person is linked to on the date on;
// links that ended before it, or start after it, are left out.
func UnitsOfPerson(ctx context.Context, q sqldb.Querier, personID int64, on time.Time) ([]PersonUnit, error) {
	day := sqldb.FormatDate(on)
	return personUnits(ctx, q, `l.person_id = ? AND `+currentOn, personID, day, day)
}

// UnitHistoryOfPerson returns every link the person has had, current, past
// and future, so that statements of units they have left stay readable.
func UnitHistoryOfPerson(ctx context.Context, q sqldb.Querier, personID int64) ([]PersonUnit, error) {
	return personUnits(ctx, q, `l.person_id = ?`, personID)
}

// LinksOfPerson returns, from one query, what UnitsOfPerson (current on
// the date on) and UnitHistoryOfPerson return, in the same order: the
// signed-in person's scope needs both on every request. Current is picked
// from the history with the same text comparison of stored dates that
// UnitsOfPerson makes in SQL.
func LinksOfPerson(ctx context.Context, q sqldb.Querier, personID int64, on time.Time) (current, history []PersonUnit, err error) {
	day := sqldb.FormatDate(on)
	err = eachPersonUnit(ctx, q, `l.person_id = ?`, []any{personID}, func(pu PersonUnit, start string, end sql.NullString) {
		history = append(history, pu)
		if start <= day && (!end.Valid || end.String >= day) {
			current = append(current, pu)
		}
	})
	return current, history, err
}

func personUnits(ctx context.Context, q sqldb.Querier, where string, args ...any) ([]PersonUnit, error) {
	var out []PersonUnit
	err := eachPersonUnit(ctx, q, where, args, func(pu PersonUnit, _ string, _ sql.NullString) { out = append(out, pu) })
	return out, err
}

// eachPersonUnit runs the person-units query with where and hands each row
// to fn with its stored start and end dates as text.
func eachPersonUnit(ctx context.Context, q sqldb.Querier, where string, args []any, fn func(pu PersonUnit, start string, end sql.NullString)) error {
	rows, err := q.QueryContext(ctx, `SELECT l.id, u.id, u.public_id, u.name, s.id, s.public_id, s.name, s.kind,
		u.market, l.role, l.start_date, l.end_date, l.occupancy_id
		FROM unit_people l JOIN units u ON u.id = l.unit_id JOIN sites s ON s.id = u.site_id
		WHERE `+where+`
		ORDER BY s.name COLLATE NOCASE, u.id, l.id`, args...)
	if err != nil {
		return fmt.Errorf("units of person: %w", err)
	}
	defer rows.Close()
	for rows.Next() {
		var pu PersonUnit
		var start string
		var end sql.NullString
		if err := rows.Scan(&pu.LinkID, &pu.UnitID, &pu.UnitPublicID, &pu.UnitName, &pu.SiteID, &pu.SitePublicID,
			&pu.SiteName, &pu.SiteKind, &pu.Market, &pu.Role, &start, &end, &pu.OccupancyID); err != nil {
			return fmt.Errorf("units of person: %w", err)
		}
		pu.Start = sqldb.ParseDate(start)
		pu.End = nullDate(end)
		fn(pu, start, end)
	}
	if err := rows.Err(); err != nil {
		return fmt.Errorf("units of person: %w", err)
	}
	return nil
}
