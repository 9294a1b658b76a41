package tickets

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

// SetPriority is staff changing how soon a ticket needs work. Only staff
// see the change in the timeline.
func SetPriority(ctx context.Context, tx *sql.Tx, now time.Time, t Ticket, priority string, actorID int64) (Ticket, error) {
	if !slices.Contains(Priorities, priority) {
		return t, errs.Fields{"priority": "Choose a priority."}.Err()
	}
	if t.Priority == priority {
		return t, nil
	}
	if _, err := tx.ExecContext(ctx, `UPDATE tickets SET priority = ?, updated_at = ? WHERE id = ?`,
		priority, sqldb.At(now), t.ID); err != nil {
		return t, fmt.Errorf("set ticket priority: %w", err)
	}
	detail := "Priority " + PriorityLabel(t.Priority) + " → " + PriorityLabel(priority)
	if err := logEvent(ctx, tx, now, t.ID, actorID, "priority", detail, false); err != nil {
		return t, err
	}
	return Get(ctx, tx, t.PublicID)
}

// Assignee is a member of staff a ticket can be given to.
type Assignee struct {
	ID       int64
	PublicID string
	Name     string
}

// Value and Label make an assignee a choice in a select.
func (a Assignee) Value() string { return a.PublicID }
func (a Assignee) Label() string { return a.Name }

// Assignees lists the staff who may take a ticket, by name: everyone on
// staff but read-only members, who change nothing, and archived people.
func Assignees(ctx context.Context, q sqldb.Querier) ([]Assignee, error) {
	out, err := sqldb.QueryAll(ctx, q, func(sc sqldb.Scanner) (Assignee, error) {
		var a Assignee
		return a, sc.Scan(&a.ID, &a.PublicID, &a.Name)
	}, `SELECT p.id, p.public_id, p.full_name FROM staff s JOIN people p ON p.id = s.person_id
		WHERE s.role <> 'read_only' AND p.archived_at IS NULL ORDER BY p.full_name COLLATE NOCASE, p.id`)
	if err != nil {
		return nil, fmt.Errorf("ticket assignees: %w", err)
	}
	return out, nil
}

// Assign gives the ticket to the member of staff with the public id, or
// to nobody for "". Anyone Assignees does not list is refused.
func Assign(ctx context.Context, tx *sql.Tx, now time.Time, t Ticket, personPublicID string, actorID int64) (Ticket, error) {
	var to Assignee
	if personPublicID != "" {
		all, err := Assignees(ctx, tx)
		if err != nil {
			return t, err
		}
		i := slices.IndexFunc(all, func(a Assignee) bool { return a.PublicID == personPublicID })
		if i < 0 {
			return t, errs.Fields{"assignee": "Choose a member of staff who works requests."}.Err()
		}
		to = all[i]
	}
	if to.ID == t.AssigneeID {
		return t, nil
	}
	if _, err := tx.ExecContext(ctx, `UPDATE tickets SET assignee_id = ?, updated_at = ? WHERE id = ?`,
		nullID(to.ID), sqldb.At(now), t.ID); err != nil {
		return t, fmt.Errorf("assign ticket: %w", err)
	}
	detail := "Assigned to " + to.Name
	switch {
	case to.ID == 0:
		detail = "Unassigned from " + t.AssigneeName
	case t.AssigneeID != 0:
		detail = "Reassigned from " + t.AssigneeName + " to " + to.Name
	}
	if err := logEvent(ctx, tx, now, t.ID, actorID, "assigned", detail, false); err != nil {
		return t, err
	}
	return Get(ctx, tx, t.PublicID)
}

// MaxContractorLen is the longest contractor's name, in characters.
const MaxContractorLen = 120

// Visit is a contractor's visit as the form sends it: a date (YYYY-MM-DD)
// and optionally a window of hours (HH:MM).
type Visit struct {
	Contractor     string
	Date, From, To string
}

// check reads the visit, refusing a date before today, an hour that is
// not HH:MM and a window that ends before it starts. Field names:
// contractor, date, from, to.
func (v *Visit) check(today time.Time) (Appointment, error) {
	v.Contractor = strings.Join(strings.Fields(v.Contractor), " ")
	f := errs.Fields{}
	f.Text("contractor", v.Contractor, MaxContractorLen, "contractor's name", "")
	var a Appointment
	date, err := time.Parse(sqldb.DateLayout, strings.TrimSpace(v.Date))
	switch {
	case strings.TrimSpace(v.Date) == "":
		f.Add("date", "Enter the date of the visit.")
	case err != nil:
		f.Add("date", "Enter the date as a day, month and year, such as 2026-01-14.")
	case sqldb.FormatDate(date) < sqldb.FormatDate(today):
		f.Add("date", "The visit cannot be in the past: enter today or a later date.")
	default:
		a.Date = date
	}
	a.From, a.To = strings.TrimSpace(v.From), strings.TrimSpace(v.To)
	for field, hm := range map[string]string{"from": a.From, "to": a.To} {
		if _, err := time.Parse("15:04", hm); hm != "" && (err != nil || len(hm) != 5) {
			f.Add(field, "Enter a time of day as hours and minutes, such as 08:00.")
		}
	}
	if f["from"] == "" && f["to"] == "" && a.From != "" && a.To != "" && a.From >= a.To {
		f.Add("to", "The visit must end after it starts.")
	}
	return a, f.Err()
}

// SetVisit books a contractor's visit, or changes the one booked. The
// resident sees it in their request's history; changed reports whether
// anything changed, so they are told only then.
func SetVisit(ctx context.Context, tx *sql.Tx, now, today time.Time, t Ticket, v Visit, actorID int64) (_ Ticket, changed bool, err error) {
	a, err := v.check(today)
	if err != nil {
		return t, false, err
	}
	if t.Contractor == v.Contractor && t.Appointment.Booked() && t.Appointment == a {
		return t, false, nil
	}
	if _, err := tx.ExecContext(ctx, `UPDATE tickets SET contractor = ?, appointment_date = ?, appointment_from = ?,
		appointment_to = ?, updated_at = ? WHERE id = ?`, v.Contractor, sqldb.FormatDate(a.Date), a.From, a.To,
		sqldb.At(now), t.ID); err != nil {
		return t, false, fmt.Errorf("book ticket visit: %w", err)
	}
	detail := "Visit booked for " + a.String()
	if t.Appointment.Booked() {
		detail = "Visit moved to " + a.String()
	}
	if v.Contractor != "" {
		detail += " (" + v.Contractor + ")"
	}
	if err := logEvent(ctx, tx, now, t.ID, actorID, "visit", detail, true); err != nil {
		return t, false, err
	}
	t, err = Get(ctx, tx, t.PublicID)
	return t, true, err
}

// ClearVisit cancels the booked visit; the contractor's name stays.
func ClearVisit(ctx context.Context, tx *sql.Tx, now time.Time, t Ticket, actorID int64) (Ticket, error) {
	if !t.Appointment.Booked() {
		return t, nil
	}
	if _, err := tx.ExecContext(ctx, `UPDATE tickets SET appointment_date = NULL, appointment_from = '', appointment_to = '',
		updated_at = ? WHERE id = ?`, sqldb.At(now), t.ID); err != nil {
		return t, fmt.Errorf("cancel ticket visit: %w", err)
	}
	if err := logEvent(ctx, tx, now, t.ID, actorID, "visit", "Visit on "+t.Appointment.String()+" cancelled", true); err != nil {
		return t, err
	}
	return Get(ctx, tx, t.PublicID)
}

// BulkClose closes each ticket named by public id that is not closed
// already, each change in its own timeline, and returns those it closed.
// An unknown id refuses the lot.
func BulkClose(ctx context.Context, tx *sql.Tx, now time.Time, publicIDs []string, actorID int64) ([]Ticket, error) {
	var closed []Ticket
	seen := map[string]bool{}
	for _, id := range publicIDs {
		if seen[id] {
			continue
		}
		seen[id] = true
		t, err := Get(ctx, tx, id)
		if err != nil {
			return nil, err
		}
		if t.Status == StatusClosed {
			continue
		}
		if err := changeStatus(ctx, tx, now, t, StatusClosed, actorID, "closed with others from the list"); err != nil {
			return nil, err
		}
		closed = append(closed, t)
	}
	return closed, nil
}

// RaiseFor is staff raising a request: on behalf of a resident (n.RaisedBy)
// who lives in n.UnitID today, or, with no resident, for a communal area
// of the site. The unit must be on the site and the resident one of its
// current occupants (not its landlord). Field names as Raise's, and
// resident.
func RaiseFor(ctx context.Context, tx *sql.Tx, now time.Time, n New, staffID int64) (Ticket, error) {
	n.CreatedBy = staffID
	if n.RaisedBy == 0 {
		n.UnitID, n.Location = 0, LocationCommunal
		return Raise(ctx, tx, now, n)
	}
	var site int64
	err := tx.QueryRowContext(ctx, `SELECT site_id FROM units WHERE id = ?`, n.UnitID).Scan(&site)
	if errors.Is(err, sql.ErrNoRows) || err == nil && site != n.SiteID {
		return Ticket{}, errs.Fields{"unit": "Choose a home on this site."}.Err()
	}
	if err != nil {
		return Ticket{}, fmt.Errorf("raise ticket: %w", err)
	}
	day := sqldb.FormatDate(now)
	var links int
	if err := tx.QueryRowContext(ctx, `SELECT count(*) FROM unit_people WHERE unit_id = ? AND person_id = ?
		AND role <> 'owner' AND start_date <= ? AND (end_date IS NULL OR end_date >= ?)`,
		n.UnitID, n.RaisedBy, day, day).Scan(&links); err != nil {
		return Ticket{}, fmt.Errorf("raise ticket: %w", err)
	}
	if links == 0 {
		return Ticket{}, errs.Fields{"resident": "Choose someone who lives in this home today."}.Err()
	}
	if n.Location == "" {
		n.Location = LocationHome
	}
	return Raise(ctx, tx, now, n)
}

// Resident is someone a member of staff can raise a request for: a
// current occupant (not the landlord) of a unit of the site.
type Resident struct {
	UnitID                 int64
	UnitPublicID, UnitName string
	PersonID               int64
	PersonPublicID, Name   string
	Role                   string
}

// Residents lists the site's current occupants on the day, by unit and
// name, in one query.
func Residents(ctx context.Context, q sqldb.Querier, siteID int64, day time.Time) ([]Resident, error) {
	d := sqldb.FormatDate(day)
	out, err := sqldb.QueryAll(ctx, q, func(sc sqldb.Scanner) (Resident, error) {
		var r Resident
		return r, sc.Scan(&r.UnitID, &r.UnitPublicID, &r.UnitName, &r.PersonID, &r.PersonPublicID, &r.Name, &r.Role)
	}, `SELECT u.id, u.public_id, u.name, p.id, p.public_id, p.full_name, l.role
		FROM unit_people l JOIN units u ON u.id = l.unit_id JOIN people p ON p.id = l.person_id
		WHERE u.site_id = ? AND u.archived_at IS NULL AND l.role <> 'owner'
			AND l.start_date <= ? AND (l.end_date IS NULL OR l.end_date >= ?)
		ORDER BY u.name COLLATE NOCASE, u.id, p.full_name COLLATE NOCASE, p.id`, siteID, d, d)
	if err != nil {
		return nil, fmt.Errorf("residents of site: %w", err)
	}
	return out, nil
}
