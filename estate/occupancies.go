package estate

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"slices"
	"strings"
	"time"

	"porch/errs"
	"porch/sqldb"
)

// Occupancy is one lease, tenancy, ownership or occupation of a unit over
// a period of dates, held by one person or jointly by several. When it is
// the one that pays the unit's charges (see Billable), the unit's debtor
// account in its dates is its own: a buyer starts at zero and a seller
// keeps what they owed.
type Occupancy struct {
	ID       int64
	PublicID string
	UnitID   int64
	Role     string
	Start    time.Time
	End      *time.Time // the last day; nil while current
	Terms
	Parties []Party
}

// Party is a person holding an occupancy; PartyID is the id the person's
// link to the unit has always had.
type Party struct {
	PartyID        int64
	PersonID       int64
	PersonPublicID string
	FullName       string
	Email          string
}

// Names lists the parties' names, "A and B" for a joint holding.
func (o Occupancy) Names() string {
	names := make([]string, len(o.Parties))
	for i, p := range o.Parties {
		names[i] = p.FullName
	}
	switch len(names) {
	case 0:
		return ""
	case 1:
		return names[0]
	}
	return strings.Join(names[:len(names)-1], ", ") + " and " + names[len(names)-1]
}

// Current reports whether the occupancy is in force on the day.
func (o Occupancy) Current(day time.Time) bool {
	d := sqldb.FormatDate(day)
	return sqldb.FormatDate(o.Start) <= d && (o.End == nil || sqldb.FormatDate(*o.End) >= d)
}

// HasParty reports whether the person holds the occupancy.
func (o Occupancy) HasParty(personID int64) bool {
	return slices.ContainsFunc(o.Parties, func(p Party) bool { return p.PersonID == personID })
}

// Billable reports whether an occupancy of role at a site of kind is the
// one the unit's charges are demanded from: the leaseholder of a flat in
// a block, the tenant of a let home. Owners and occupiers are not.
func Billable(role, siteKind string) bool {
	return (siteKind == KindBlock && role == RoleLeaseholder) || (siteKind == KindLettings && role == RoleTenant)
}

// billableSQL is Billable over the columns o.role and s.kind.
const billableSQL = `((s.kind = 'block' AND o.role = 'leaseholder') OR (s.kind = 'lettings' AND o.role = 'tenant'))`

const occupancyCols = `o.id, o.public_id, o.unit_id, o.role, o.start_date, o.end_date, o.lease_start,
	coalesce(o.lease_years, 0), o.ground_rent, o.rent, o.rent_frequency, o.deposit, coalesce(o.term_months, 0)`

func scanOccupancy(s interface{ Scan(...any) error }) (Occupancy, error) {
	var o Occupancy
	var start string
	var end, leaseStart sql.NullString
	err := s.Scan(&o.ID, &o.PublicID, &o.UnitID, &o.Role, &start, &end, &leaseStart, &o.LeaseYears, &o.GroundRent,
		&o.Rent, &o.RentFrequency, &o.Deposit, &o.TermMonths)
	o.Start = sqldb.ParseDate(start)
	o.End = nullDate(end)
	o.LeaseStart = nullDate(leaseStart)
	return o, err
}

// GetOccupancy returns the occupancy with that public id, with its parties.
func GetOccupancy(ctx context.Context, q sqldb.Querier, publicID string) (Occupancy, error) {
	return getOccupancy(ctx, q, `o.public_id = ?`, publicID)
}

// GetOccupancyByID returns the occupancy with that id, with its parties.
func GetOccupancyByID(ctx context.Context, q sqldb.Querier, id int64) (Occupancy, error) {
	return getOccupancy(ctx, q, `o.id = ?`, id)
}

func getOccupancy(ctx context.Context, q sqldb.Querier, where string, arg any) (Occupancy, error) {
	o, err := scanOccupancy(q.QueryRowContext(ctx, `SELECT `+occupancyCols+` FROM occupancies o WHERE `+where, arg))
	if errors.Is(err, sql.ErrNoRows) {
		return o, errs.E(errs.NotFound, "Lease or tenancy not found.")
	}
	if err != nil {
		return o, fmt.Errorf("get occupancy: %w", err)
	}
	all := []Occupancy{o}
	if err := withParties(ctx, q, all); err != nil {
		return o, err
	}
	return all[0], nil
}

// OccupanciesOfUnit returns every occupancy of the unit, current and past,
// the newest first, each with its parties.
func OccupanciesOfUnit(ctx context.Context, q sqldb.Querier, unitID int64) ([]Occupancy, error) {
	rows, err := q.QueryContext(ctx, `SELECT `+occupancyCols+` FROM occupancies o WHERE o.unit_id = ?
		ORDER BY o.start_date DESC, o.id DESC`, unitID)
	if err != nil {
		return nil, fmt.Errorf("occupancies: %w", err)
	}
	var out []Occupancy
	for rows.Next() {
		o, err := scanOccupancy(rows)
		if err != nil {
			rows.Close()
			return nil, fmt.Errorf("occupancies: %w", err)
		}
		out = append(out, o)
	}
	rows.Close()
	if err := rows.Err(); err != nil {
		return nil, fmt.Errorf("occupancies: %w", err)
	}
	return out, withParties(ctx, q, out)
}

// withParties fills in the parties of each occupancy, in the order they
// were added.
func withParties(ctx context.Context, q sqldb.Querier, occ []Occupancy) error {
	if len(occ) == 0 {
		return nil
	}
	at := make(map[int64]int, len(occ))
	for i, o := range occ {
		at[o.ID] = i
	}
	rows, err := q.QueryContext(ctx, `SELECT l.occupancy_id, l.id, p.id, p.public_id, p.full_name, coalesce(p.email, '')
		FROM occupancy_parties l JOIN people p ON p.id = l.person_id
		JOIN occupancies o ON o.id = l.occupancy_id
		WHERE o.unit_id = ? ORDER BY l.id`, occ[0].UnitID)
	if err != nil {
		return fmt.Errorf("parties: %w", err)
	}
	defer rows.Close()
	for rows.Next() {
		var occID int64
		var p Party
		if err := rows.Scan(&occID, &p.PartyID, &p.PersonID, &p.PersonPublicID, &p.FullName, &p.Email); err != nil {
			return fmt.Errorf("parties: %w", err)
		}
		if i, ok := at[occID]; ok {
			occ[i].Parties = append(occ[i].Parties, p)
		}
	}
	return rows.Err()
}

// PayerOn returns the occupancy whose account a unit's entry dated day is
// charged to: the billable occupancy in force that day; when the unit was
// between occupancies, the one that had just ended; when the day is before
// any, the first. Zero when the unit has never had one: the entry then
// stays on the unit itself.
func PayerOn(ctx context.Context, q sqldb.Querier, unitID int64, day time.Time) (int64, error) {
	d := sqldb.FormatDate(day)
	var id int64
	err := q.QueryRowContext(ctx, `SELECT o.id FROM occupancies o JOIN units u ON u.id = o.unit_id
		JOIN sites s ON s.id = u.site_id
		WHERE o.unit_id = ?1 AND `+billableSQL+`
		ORDER BY CASE WHEN o.start_date <= ?2 AND (o.end_date IS NULL OR o.end_date >= ?2) THEN 0
		              WHEN o.start_date <= ?2 THEN 1 ELSE 2 END,
		         CASE WHEN o.start_date <= ?2 THEN o.start_date END DESC, o.start_date, o.id
		LIMIT 1`, unitID, d).Scan(&id)
	if errors.Is(err, sql.ErrNoRows) {
		return 0, nil
	}
	if err != nil {
		return 0, fmt.Errorf("payer: %w", err)
	}
	return id, nil
}

// AccountsOfPerson returns the billable occupancies of the unit the person
// holds or held, oldest first: the accounts that are theirs.
func AccountsOfPerson(ctx context.Context, q sqldb.Querier, unitID, personID int64) ([]int64, error) {
	out, err := sqldb.QueryAll(ctx, q, scanID, `SELECT o.id FROM occupancies o JOIN occupancy_parties l ON l.occupancy_id = o.id
		JOIN units u ON u.id = o.unit_id JOIN sites s ON s.id = u.site_id
		WHERE o.unit_id = ? AND l.person_id = ? AND `+billableSQL+` ORDER BY o.start_date, o.id`, unitID, personID)
	if err != nil {
		return nil, fmt.Errorf("accounts of person: %w", err)
	}
	return out, nil
}

func scanID(s sqldb.Scanner) (int64, error) {
	var id int64
	err := s.Scan(&id)
	return id, err
}

// AccountOfPersonOn is the person's billable occupancy of the unit in force
// on the day, else their latest; 0 when they hold none that pays. A
// payment they make for the unit goes to it.
func AccountOfPersonOn(ctx context.Context, q sqldb.Querier, unitID, personID int64, day time.Time) (int64, error) {
	var id int64
	err := q.QueryRowContext(ctx, `SELECT o.id FROM occupancies o JOIN occupancy_parties l ON l.occupancy_id = o.id
		JOIN units u ON u.id = o.unit_id JOIN sites s ON s.id = u.site_id
		WHERE o.unit_id = ?1 AND l.person_id = ?2 AND `+billableSQL+`
		ORDER BY CASE WHEN o.start_date <= ?3 AND (o.end_date IS NULL OR o.end_date >= ?3) THEN 0 ELSE 1 END,
		         o.start_date DESC, o.id DESC LIMIT 1`, unitID, personID, sqldb.FormatDate(day)).Scan(&id)
	if errors.Is(err, sql.ErrNoRows) {
		return 0, nil
	}
	if err != nil {
		return 0, fmt.Errorf("account of person: %w", err)
	}
	return id, nil
}
