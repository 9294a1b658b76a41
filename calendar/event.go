// Package calendar is each site's calendar of planned works, inspections,
// fire alarm tests, cleaning and meetings, who each event affects, and
// the private feed that puts a person's events (and their requests'
// appointments) in their phone's calendar.
package calendar

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"strings"
	"time"

	"porch/errs"
	"porch/estate"
	"porch/sqldb"
)

// Kinds of event, in the order a form offers them.
var Kinds = []string{"works", "inspection", "fire_alarm", "cleaning", "meeting", "other"}

// KindLabel is a kind in words.
func KindLabel(k string) string {
	return map[string]string{"works": "Planned works", "inspection": "Inspection", "fire_alarm": "Fire alarm test",
		"cleaning": "Cleaning", "meeting": "Meeting", "other": "Other"}[k]
}

// Event is one planned event at a site.
type Event struct {
	ID           int64
	PublicID     string
	SiteID       int64
	SitePublicID string
	SiteName     string
	Kind         string
	Title        string
	Description  string
	AllDay       bool
	Start, End   time.Time // for an all-day event, UK midnights opening its first day and closing its last
	WholeSite    bool
	Units        []Unit // the units it affects when not the whole site
	Sequence     int
	CancelledAt  time.Time
	CreatedAt    time.Time
	UpdatedAt    time.Time
}

// Unit is a unit an event affects.
type Unit struct {
	ID             int64
	PublicID, Name string
}

// KindLabel is the event's kind in words.
func (e Event) KindLabel() string { return KindLabel(e.Kind) }

// Cancelled reports whether the event was called off.
func (e Event) Cancelled() bool { return !e.CancelledAt.IsZero() }

// LastDay is the UK date of an all-day event's last day.
func (e Event) LastDay() time.Time { return estate.UKDate(e.End.Add(-time.Minute)) }

// When is the event's time in words, in UK time: "Mon 9 Mar 2026, all
// day", "Mon 9 – Fri 13 Mar 2026", "Thu 12 Mar 2026, 10:00–10:30".
func (e Event) When() string {
	s, end := e.Start.In(estate.UK), e.End.In(estate.UK)
	if e.AllDay {
		last := e.LastDay()
		if last.Equal(estate.UKDate(e.Start)) {
			return s.Format("Mon 2 Jan 2006") + ", all day"
		}
		return s.Format("Mon 2 Jan") + " – " + last.Format("Mon 2 Jan 2006")
	}
	if estate.UKDate(e.Start).Equal(estate.UKDate(e.End)) {
		return s.Format("Mon 2 Jan 2006, 15:04") + "–" + end.Format("15:04")
	}
	return s.Format("Mon 2 Jan 2006, 15:04") + " – " + end.Format("Mon 2 Jan 2006, 15:04")
}

// Affects says who the event is for, in words.
func (e Event) Affects() string {
	if e.WholeSite {
		return "All of " + e.SiteName
	}
	names := make([]string, len(e.Units))
	for i, u := range e.Units {
		names[i] = u.Name
	}
	return strings.Join(names, ", ") + ", " + e.SiteName
}

const eventCols = `e.id, e.public_id, e.site_id, s.public_id, s.name, e.kind, e.title, e.description, e.all_day, e.starts_at, e.ends_at,
	e.whole_site, e.sequence, e.cancelled_at, e.created_at, e.updated_at`

const eventFrom = ` FROM site_events e JOIN sites s ON s.id = e.site_id`

func scanEvent(sc sqldb.Scanner) (Event, error) {
	var e Event
	err := sc.Scan(&e.ID, &e.PublicID, &e.SiteID, &e.SitePublicID, &e.SiteName, &e.Kind, &e.Title, &e.Description, &e.AllDay, sqldb.Into(&e.Start),
		sqldb.Into(&e.End), &e.WholeSite, &e.Sequence, sqldb.Into(&e.CancelledAt), sqldb.Into(&e.CreatedAt), sqldb.Into(&e.UpdatedAt))
	return e, err
}

var noEvent = errs.E(errs.NotFound, "There is no event at this address.")

// Get finds an event by its public id, with the units it affects.
func Get(ctx context.Context, q sqldb.Querier, publicID string) (Event, error) {
	if !sqldb.ValidPublicID(publicID) {
		return Event{}, noEvent
	}
	e, err := scanEvent(q.QueryRowContext(ctx, `SELECT `+eventCols+eventFrom+` WHERE e.public_id = ?`, publicID))
	if errors.Is(err, sql.ErrNoRows) {
		return Event{}, noEvent
	}
	if err != nil {
		return Event{}, fmt.Errorf("get event: %w", err)
	}
	es := []Event{e}
	err = withUnits(ctx, q, es)
	return es[0], err
}

// withUnits fills in the units of the events not for their whole site.
func withUnits(ctx context.Context, q sqldb.Querier, es []Event) error {
	at := map[int64]int{}
	var ids []int64
	for i, e := range es {
		if !e.WholeSite {
			at[e.ID] = i
			ids = append(ids, e.ID)
		}
	}
	if len(ids) == 0 {
		return nil
	}
	type row struct {
		event int64
		unit  Unit
	}
	rows, err := sqldb.QueryAll(ctx, q, func(sc sqldb.Scanner) (row, error) {
		var r row
		err := sc.Scan(&r.event, &r.unit.ID, &r.unit.PublicID, &r.unit.Name)
		return r, err
	}, `SELECT eu.event_id, u.id, u.public_id, u.name FROM site_event_units eu JOIN units u ON u.id = eu.unit_id
		WHERE eu.event_id IN (SELECT value FROM json_each(?)) ORDER BY u.name COLLATE NOCASE`, sqldb.IDList(ids))
	if err != nil {
		return fmt.Errorf("event units: %w", err)
	}
	for _, r := range rows {
		es[at[r.event]].Units = append(es[at[r.event]].Units, r.unit)
	}
	return nil
}
