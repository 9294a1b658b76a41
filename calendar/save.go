package calendar

import (
	"context"
	"database/sql"
	"fmt"
	"slices"
	"strings"
	"time"

	"porch/errs"
	"porch/estate"
	"porch/sqldb"
)

// Limits of an event, in characters.
const (
	MaxTitleLen       = 150
	MaxDescriptionLen = 5000
)

// Input is an event as the manager's form gives it. For an all-day event
// Start and End are the dates of its first and last days (UTC midnights,
// as dates are kept); otherwise they are moments.
type Input struct {
	SiteID      int64
	Kind        string
	Title       string
	Description string
	AllDay      bool
	Start, End  time.Time
	WholeSite   bool
	UnitIDs     []int64
}

// span is the input's times as stored: an all-day event runs from the UK
// midnight opening its first day to the one closing its last.
func (in Input) span() (time.Time, time.Time) {
	if !in.AllDay {
		return in.Start, in.End
	}
	ukMidnight := func(d time.Time) time.Time {
		return time.Date(d.Year(), d.Month(), d.Day(), 0, 0, 0, 0, estate.UK).UTC()
	}
	return ukMidnight(in.Start), ukMidnight(in.End.AddDate(0, 0, 1))
}

// Check tidies the input and refuses what cannot be saved, under the
// form's field names: kind, title, description, start, end, units.
func (in *Input) Check(ctx context.Context, q sqldb.Querier) error {
	in.Title = strings.Join(strings.Fields(in.Title), " ")
	in.Description = strings.TrimSpace(strings.ReplaceAll(in.Description, "\r\n", "\n"))
	f := errs.Fields{}
	if !slices.Contains(Kinds, in.Kind) {
		f.Add("kind", "Choose what kind of event it is.")
	}
	f.Text("title", in.Title, MaxTitleLen, "title", "Enter a title, such as Roof repairs.")
	f.Text("description", in.Description, MaxDescriptionLen, "description", "")
	switch {
	case in.Start.IsZero():
		f.Add("start", "Enter when it starts.")
	case in.End.IsZero():
		f.Add("end", "Enter when it ends.")
	case in.AllDay && in.End.Before(in.Start):
		f.Add("end", "The last day cannot be before the first.")
	case !in.AllDay && !in.End.After(in.Start):
		f.Add("end", "It must end after it starts.")
	}
	if !in.WholeSite {
		slices.Sort(in.UnitIDs)
		in.UnitIDs = slices.Compact(in.UnitIDs)
		var n int
		if err := q.QueryRowContext(ctx, `SELECT count(*) FROM units WHERE site_id = ? AND archived_at IS NULL
			AND id IN (SELECT value FROM json_each(?))`, in.SiteID, sqldb.IDList(in.UnitIDs)).Scan(&n); err != nil {
			return fmt.Errorf("check event units: %w", err)
		}
		switch {
		case len(in.UnitIDs) == 0:
			f.Add("units", "Choose the homes it affects, or the whole site.")
		case n != len(in.UnitIDs):
			f.Add("units", "Choose homes of this site.")
		}
	}
	return f.Err()
}

// Create plans an event.
func Create(ctx context.Context, tx *sql.Tx, now time.Time, by int64, in Input) (Event, error) {
	if err := in.Check(ctx, tx); err != nil {
		return Event{}, err
	}
	start, end := in.span()
	if !end.After(now) {
		return Event{}, errs.Fields{"end": "This is already over: choose dates still to come."}.Err()
	}
	pub := sqldb.NewPublicID()
	res, err := tx.ExecContext(ctx, `INSERT INTO site_events (public_id, site_id, kind, title, description, all_day, starts_at, ends_at,
		whole_site, created_by, created_at, updated_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
		pub, in.SiteID, in.Kind, in.Title, in.Description, in.AllDay, sqldb.At(start), sqldb.At(end), in.WholeSite, by,
		sqldb.At(now), sqldb.At(now))
	if err != nil {
		return Event{}, fmt.Errorf("create event: %w", err)
	}
	id, err := res.LastInsertId()
	if err != nil {
		return Event{}, fmt.Errorf("create event: %w", err)
	}
	if err := setUnits(ctx, tx, id, in); err != nil {
		return Event{}, err
	}
	return Get(ctx, tx, pub)
}

// Update changes an event that is not cancelled, and reports whether it
// moved (its times changed), which the people it affects are told of.
func Update(ctx context.Context, tx *sql.Tx, now time.Time, publicID string, in Input) (Event, bool, error) {
	old, err := Get(ctx, tx, publicID)
	if err != nil {
		return Event{}, false, err
	}
	if old.Cancelled() {
		return Event{}, false, errs.E(errs.Conflict, "This event was cancelled, so it can no longer be changed.")
	}
	in.SiteID = old.SiteID
	if err := in.Check(ctx, tx); err != nil {
		return Event{}, false, err
	}
	start, end := in.span()
	moved := !start.Equal(old.Start) || !end.Equal(old.End) || in.AllDay != old.AllDay
	if _, err := tx.ExecContext(ctx, `UPDATE site_events SET kind = ?, title = ?, description = ?, all_day = ?, starts_at = ?,
		ends_at = ?, whole_site = ?, sequence = sequence + 1, updated_at = ? WHERE id = ?`, in.Kind, in.Title, in.Description,
		in.AllDay, sqldb.At(start), sqldb.At(end), in.WholeSite, sqldb.At(now), old.ID); err != nil {
		return Event{}, false, fmt.Errorf("update event: %w", err)
	}
	if err := setUnits(ctx, tx, old.ID, in); err != nil {
		return Event{}, false, err
	}
	e, err := Get(ctx, tx, publicID)
	return e, moved, err
}

// Cancel calls an event off. It is kept for the manager; residents and
// their feeds no longer show it.
func Cancel(ctx context.Context, tx *sql.Tx, now time.Time, publicID string) (Event, error) {
	e, err := Get(ctx, tx, publicID)
	if err != nil || e.Cancelled() {
		return e, err
	}
	if _, err := tx.ExecContext(ctx, `UPDATE site_events SET cancelled_at = ?, sequence = sequence + 1, updated_at = ? WHERE id = ?`,
		sqldb.At(now), sqldb.At(now), e.ID); err != nil {
		return Event{}, fmt.Errorf("cancel event: %w", err)
	}
	e.CancelledAt = now
	return e, nil
}

func setUnits(ctx context.Context, tx *sql.Tx, eventID int64, in Input) error {
	if _, err := tx.ExecContext(ctx, `DELETE FROM site_event_units WHERE event_id = ?`, eventID); err != nil {
		return fmt.Errorf("event units: %w", err)
	}
	if in.WholeSite {
		return nil
	}
	if _, err := tx.ExecContext(ctx, `INSERT INTO site_event_units (event_id, unit_id) SELECT ?, value FROM json_each(?)`,
		eventID, sqldb.IDList(in.UnitIDs)); err != nil {
		return fmt.Errorf("event units: %w", err)
	}
	return nil
}
