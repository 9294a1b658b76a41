package estate

import (
	"context"
	"fmt"

	"porch/sqldb"
)

// Holding is one of a person's leases, tenancies, ownerships or
// occupations, current, past or to come, with its unit.
type Holding struct {
	Occupancy
	UnitPublicID string
	UnitName     string
	SiteName     string
	SiteKind     string
}

// Billable reports whether the holding pays its unit's charges, and so
// has an account of its own.
func (h Holding) Billable() bool { return Billable(h.Role, h.SiteKind) }

// HoldingsOfPerson returns everything the person holds or held, those
// still running first, then the most recent.
func HoldingsOfPerson(ctx context.Context, q sqldb.Querier, personID int64) ([]Holding, error) {
	rows, err := q.QueryContext(ctx, `SELECT `+occupancyCols+`, u.public_id, u.name, s.name, s.kind
		FROM occupancies o JOIN occupancy_parties l ON l.occupancy_id = o.id
		JOIN units u ON u.id = o.unit_id JOIN sites s ON s.id = u.site_id
		WHERE l.person_id = ? ORDER BY o.end_date IS NULL DESC, coalesce(o.end_date, o.start_date) DESC, o.id DESC`, personID)
	if err != nil {
		return nil, fmt.Errorf("holdings: %w", err)
	}
	defer rows.Close()
	var out []Holding
	for rows.Next() {
		var h Holding
		var extra struct{ unit, uname, sname, kind string }
		o, err := scanOccupancy(scanWith(rows, &extra.unit, &extra.uname, &extra.sname, &extra.kind))
		if err != nil {
			return nil, fmt.Errorf("holdings: %w", err)
		}
		h.Occupancy, h.UnitPublicID, h.UnitName, h.SiteName, h.SiteKind = o, extra.unit, extra.uname, extra.sname, extra.kind
		out = append(out, h)
	}
	return out, rows.Err()
}

// extraScanner scans a row into the destinations it is given followed by
// more, so an occupancy's scan serves a query with further columns.
type extraScanner struct {
	s    interface{ Scan(...any) error }
	more []any
}

func scanWith(s interface{ Scan(...any) error }, more ...any) extraScanner {
	return extraScanner{s, more}
}

// Scan implements the scanner scanOccupancy reads.
func (e extraScanner) Scan(dest ...any) error { return e.s.Scan(append(dest, e.more...)...) }
