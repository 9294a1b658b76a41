package calendar

import (
	"context"
	"fmt"
	"time"

	"porch/estate"
	"porch/sqldb"
)

// upcomingWhere picks the events not cancelled, ending after the first
// argument, at the sites of the second (a JSON array) and for the whole
// site or one of the units of the third.
const upcomingWhere = `
	WHERE e.cancelled_at IS NULL AND e.ends_at > ? AND e.site_id IN (SELECT value FROM json_each(?))
	AND (e.whole_site = 1 OR EXISTS (SELECT 1 FROM site_event_units eu WHERE eu.event_id = e.id
		AND eu.unit_id IN (SELECT value FROM json_each(?))))`

// Upcoming returns the events not cancelled and not over at from, at the
// sites given, that affect the whole site or one of the units given,
// soonest first; limit bounds them (0 for all).
func Upcoming(ctx context.Context, q sqldb.Querier, siteIDs, unitIDs []int64, from time.Time, limit int) ([]Event, error) {
	if len(siteIDs) == 0 {
		return nil, nil
	}
	if limit <= 0 {
		limit = -1
	}
	es, err := sqldb.QueryAll(ctx, q, scanEvent, `SELECT `+eventCols+eventFrom+upcomingWhere+` ORDER BY e.starts_at, e.id LIMIT ?`,
		sqldb.At(from), sqldb.IDList(siteIDs), sqldb.IDList(unitIDs), limit)
	if err != nil {
		return nil, fmt.Errorf("upcoming events: %w", err)
	}
	return es, withUnits(ctx, q, es)
}

// Next is the first event not cancelled and not over at from that
// Upcoming would list, without its units, in one query: for the home
// page. ok is false when nothing is planned.
func Next(ctx context.Context, q sqldb.Querier, siteIDs, unitIDs []int64, from time.Time) (e Event, ok bool, err error) {
	if len(siteIDs) == 0 {
		return Event{}, false, nil
	}
	es, err := sqldb.QueryAll(ctx, q, scanEvent, `SELECT `+eventCols+eventFrom+upcomingWhere+` ORDER BY e.starts_at, e.id LIMIT 1`,
		sqldb.At(from), sqldb.IDList(siteIDs), sqldb.IDList(unitIDs))
	if err != nil || len(es) == 0 {
		return Event{}, false, err
	}
	return es[0], true, nil
}

// List returns the manager's events ending after from, cancelled ones
// included, soonest first.
func List(ctx context.Context, q sqldb.Querier, from time.Time) ([]Event, error) {
	es, err := sqldb.QueryAll(ctx, q, scanEvent, `SELECT `+eventCols+eventFrom+`
		WHERE e.ends_at > ? ORDER BY e.starts_at, e.id`, sqldb.At(from))
	if err != nil {
		return nil, fmt.Errorf("list events: %w", err)
	}
	return es, withUnits(ctx, q, es)
}

// Recipients returns each person, once, linked on the date today to a
// unit the event affects, who has an email address and may use the
// portal.
func Recipients(ctx context.Context, q sqldb.Querier, e Event, today time.Time) ([]estate.Recipient, error) {
	d := sqldb.FormatDate(today)
	out, err := estate.Recipients(ctx, q, estate.MailCalendar, `SELECT DISTINCT p.id, p.full_name, p.email FROM units u
		JOIN unit_people l ON l.unit_id = u.id AND l.start_date <= ? AND (l.end_date IS NULL OR l.end_date >= ?)
		JOIN people p ON p.id = l.person_id
		WHERE u.site_id = ? AND u.archived_at IS NULL
		AND (? OR u.id IN (SELECT unit_id FROM site_event_units WHERE event_id = ?))
		AND `+estate.Emailable+`
		ORDER BY p.full_name, p.id`, d, d, e.SiteID, e.WholeSite, e.ID)
	if err != nil {
		return nil, fmt.Errorf("event recipients: %w", err)
	}
	return out, nil
}
