package estate

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"slices"
	"time"

	"porch/errs"
	"porch/sqldb"
)

// NewOccupancy is a lease, tenancy, ownership or occupation to record.
type NewOccupancy struct {
	Role   string
	Start  time.Time
	End    *time.Time // nil: open-ended
	People []int64    // its parties; several for a joint holding
	Terms
}

// CreateOccupancy records a new occupancy of the unit. Field names in
// validation errors: role, start_date, end_date, person and the terms'
// fields. A person cannot hold the same role at a unit twice over
// overlapping dates, and a unit has one paying occupancy (its leaseholder
// or tenant) at a time: the next one begins after the last ends.
func CreateOccupancy(ctx context.Context, tx *sql.Tx, now time.Time, unitID int64, in NewOccupancy) (Occupancy, error) {
	var unitName, siteKind string
	err := tx.QueryRowContext(ctx, `SELECT u.name, s.kind FROM units u JOIN sites s ON s.id = u.site_id WHERE u.id = ?`,
		unitID).Scan(&unitName, &siteKind)
	if errors.Is(err, sql.ErrNoRows) {
		return Occupancy{}, errs.E(errs.NotFound, "Unit not found.")
	}
	if err != nil {
		return Occupancy{}, fmt.Errorf("unit of occupancy: %w", err)
	}
	f := errs.Fields{}
	if !validRole(in.Role) {
		f.Add("role", "Choose leaseholder, tenant, owner or occupier.")
	}
	o := Occupancy{UnitID: unitID, Role: in.Role, Start: dateOnly(in.Start), Terms: in.Terms.normalise(in.Role)}
	checkDates(f, in.Start, in.End, &o)
	o.Terms.check(f)
	people := slices.Compact(slices.Sorted(slices.Values(in.People)))
	if len(people) == 0 || people[0] == 0 {
		f.Add("person", "Choose who holds it.")
	}
	if err := f.Err(); err != nil {
		return Occupancy{}, err
	}
	for _, p := range people {
		if err := canHold(ctx, tx, unitID, p, o.Role, o.Start, o.End, 0); err != nil {
			return Occupancy{}, err
		}
	}
	if Billable(o.Role, siteKind) {
		if err := onePayer(ctx, tx, unitID, unitName, o, 0); err != nil {
			return Occupancy{}, err
		}
	}
	o.PublicID = sqldb.NewPublicID()
	res, err := tx.ExecContext(ctx, `INSERT INTO occupancies (public_id, unit_id, role, start_date, end_date, `+termColumns+`,
		created_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
		append(append([]any{o.PublicID, unitID, o.Role, sqldb.FormatDate(o.Start), endArg(o.End)}, o.Terms.args()...),
			sqldb.At(now))...)
	if err != nil {
		return Occupancy{}, fmt.Errorf("insert occupancy: %w", err)
	}
	o.ID, _ = res.LastInsertId()
	for _, p := range people {
		if _, err := tx.ExecContext(ctx, `INSERT INTO occupancy_parties (occupancy_id, person_id) VALUES (?, ?)`, o.ID, p); err != nil {
			return Occupancy{}, fmt.Errorf("insert party: %w", err)
		}
	}
	return GetOccupancyByID(ctx, tx, o.ID)
}

// checkDates validates a start and optional end, setting them on o.
func checkDates(f errs.Fields, start time.Time, end *time.Time, o *Occupancy) {
	if start.IsZero() {
		f.Add("start_date", "Enter the date this began.")
	}
	if end != nil {
		e := dateOnly(*end)
		o.End = &e
		if !start.IsZero() && e.Before(o.Start) {
			f.Add("end_date", "The end date must be on or after the start date.")
		}
	}
}

func endArg(end *time.Time) any {
	if end == nil {
		return nil // NULL while open-ended
	}
	return sqldb.FormatDate(*end)
}

// overlaps selects occupancies o whose dates meet start..end; it binds
// end, end, start.
const overlaps = `(? IS NULL OR o.start_date <= ?) AND (o.end_date IS NULL OR o.end_date >= ?)`

// canHold refuses a person who already holds role at the unit over some
// of the dates, in an occupancy other than except.
func canHold(ctx context.Context, q sqldb.Querier, unitID, personID int64, role string, start time.Time, end *time.Time, except int64) error {
	var name string
	err := q.QueryRowContext(ctx, `SELECT full_name FROM people WHERE id = ?`, personID).Scan(&name)
	if errors.Is(err, sql.ErrNoRows) {
		return errs.E(errs.NotFound, "Person not found.")
	}
	if err != nil {
		return fmt.Errorf("person: %w", err)
	}
	var one int
	e := endArg(end)
	err = q.QueryRowContext(ctx, `SELECT 1 FROM occupancies o JOIN occupancy_parties l ON l.occupancy_id = o.id
		WHERE o.unit_id = ? AND l.person_id = ? AND o.role = ? AND o.id <> ? AND `+overlaps,
		unitID, personID, role, except, e, e, sqldb.FormatDate(start)).Scan(&one)
	switch {
	case err == nil:
		return errs.Fields{"person": fmt.Sprintf("%s is already %s here for some of those dates.", name, article(role))}.Err()
	case !errors.Is(err, sql.ErrNoRows):
		return fmt.Errorf("check occupancy: %w", err)
	}
	return nil
}

// onePayer refuses a paying occupancy over dates another one of the unit
// (other than except) already covers: the unit's charges go to one
// account at a time.
func onePayer(ctx context.Context, q sqldb.Querier, unitID int64, unitName string, o Occupancy, except int64) error {
	e := endArg(o.End)
	var start string
	var names sql.NullString
	err := q.QueryRowContext(ctx, `SELECT o.start_date, (SELECT group_concat(p.full_name, ' and ') FROM occupancy_parties l
			JOIN people p ON p.id = l.person_id WHERE l.occupancy_id = o.id)
		FROM occupancies o WHERE o.unit_id = ? AND o.role = ? AND o.id <> ? AND `+overlaps+` LIMIT 1`,
		unitID, o.Role, except, e, e, sqldb.FormatDate(o.Start)).Scan(&start, &names)
	switch {
	case errors.Is(err, sql.ErrNoRows):
		return nil
	case err != nil:
		return fmt.Errorf("check payer: %w", err)
	}
	return errs.Fields{"start_date": fmt.Sprintf("%s already has %s from %s (%s). End that first, or use Change of %s.",
		unitName, article(o.Role), sqldb.ParseDate(start).Format("2 January 2006"), names.String, o.Role)}.Err()
}

// EndOccupancy ends a current occupancy, for all its parties, on end, the
// last day it applies. The field name in validation errors is end_date;
// ending one that has already ended is a Conflict.
func EndOccupancy(ctx context.Context, tx *sql.Tx, occID int64, end time.Time) error {
	var start string
	var ended sql.NullString
	err := tx.QueryRowContext(ctx, `SELECT start_date, end_date FROM occupancies WHERE id = ?`, occID).Scan(&start, &ended)
	if errors.Is(err, sql.ErrNoRows) {
		return errs.E(errs.NotFound, "Lease or tenancy not found.")
	}
	if err != nil {
		return fmt.Errorf("get occupancy: %w", err)
	}
	if ended.Valid {
		return errs.E(errs.Conflict, "This has already ended.")
	}
	switch {
	case end.IsZero():
		return errs.Fields{"end_date": "Enter the last day this applied."}.Err()
	case sqldb.FormatDate(end) < start:
		return errs.Fields{"end_date": "The end date must be on or after the start date, " +
			sqldb.ParseDate(start).Format("2 January 2006") + "."}.Err()
	}
	if _, err := tx.ExecContext(ctx, `UPDATE occupancies SET end_date = ? WHERE id = ?`, sqldb.FormatDate(end), occID); err != nil {
		return fmt.Errorf("end occupancy: %w", err)
	}
	return nil
}

// ChangeOccupier ends a current occupancy on lastDay and starts the next
// one the day after, in one step: a flat sold, a tenant replaced. The new
// occupancy has the old one's role unless next names another. The old
// account keeps its balance; the new one starts at zero.
func ChangeOccupier(ctx context.Context, tx *sql.Tx, now time.Time, occID int64, lastDay time.Time, next NewOccupancy) (Occupancy, error) {
	old, err := GetOccupancyByID(ctx, tx, occID)
	if err != nil {
		return Occupancy{}, err
	}
	if next.Role == "" {
		next.Role = old.Role
	}
	if err := EndOccupancy(ctx, tx, occID, lastDay); err != nil {
		return Occupancy{}, err
	}
	next.Start = dateOnly(lastDay).AddDate(0, 0, 1)
	return CreateOccupancy(ctx, tx, now, old.UnitID, next)
}

// UpdateTerms saves the terms of a lease or tenancy and returns what
// changed, for the audit log.
func UpdateTerms(ctx context.Context, tx *sql.Tx, occID int64, t Terms) (Changes, error) {
	old, err := GetOccupancyByID(ctx, tx, occID)
	if err != nil {
		return nil, err
	}
	t = t.normalise(old.Role)
	f := errs.Fields{}
	t.check(f)
	if err := f.Err(); err != nil {
		return nil, err
	}
	changes := termChanges(old.Terms, t)
	if len(changes) == 0 {
		return nil, nil
	}
	if _, err := tx.ExecContext(ctx, `UPDATE occupancies SET lease_start = ?, lease_years = ?, ground_rent = ?, rent = ?,
		rent_frequency = ?, deposit = ?, term_months = ? WHERE id = ?`, append(t.args(), occID)...); err != nil {
		return nil, fmt.Errorf("update terms: %w", err)
	}
	return changes, nil
}

// AddParty makes the person a joint holder of the occupancy and returns
// the new party's id.
func AddParty(ctx context.Context, tx *sql.Tx, occID, personID int64) (int64, error) {
	o, err := GetOccupancyByID(ctx, tx, occID)
	if err != nil {
		return 0, err
	}
	if err := canHold(ctx, tx, o.UnitID, personID, o.Role, o.Start, o.End, 0); err != nil {
		return 0, err
	}
	res, err := tx.ExecContext(ctx, `INSERT INTO occupancy_parties (occupancy_id, person_id) VALUES (?, ?)`, occID, personID)
	if err != nil {
		return 0, fmt.Errorf("insert party: %w", err)
	}
	return res.LastInsertId()
}

// RemoveParty takes a joint holder off an occupancy; the last one cannot
// be removed (the occupancy is ended instead, keeping its history).
func RemoveParty(ctx context.Context, tx *sql.Tx, partyID int64) error {
	var occID, n int64
	err := tx.QueryRowContext(ctx, `SELECT l.occupancy_id, (SELECT count(*) FROM occupancy_parties x WHERE x.occupancy_id = l.occupancy_id)
		FROM occupancy_parties l WHERE l.id = ?`, partyID).Scan(&occID, &n)
	if errors.Is(err, sql.ErrNoRows) {
		return errs.E(errs.NotFound, "Link not found.")
	}
	if err != nil {
		return fmt.Errorf("get party: %w", err)
	}
	if n < 2 {
		return errs.E(errs.Conflict, "A lease or tenancy needs at least one holder: end it instead.")
	}
	if _, err := tx.ExecContext(ctx, `DELETE FROM occupancy_parties WHERE id = ?`, partyID); err != nil {
		return fmt.Errorf("remove party: %w", err)
	}
	return nil
}
