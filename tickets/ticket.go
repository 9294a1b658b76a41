package tickets

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"time"

	"porch/errs"
	"porch/sqldb"
)

// A ticket's statuses, in the order it usually passes through them.
const (
	StatusOpen             = "open"
	StatusInProgress       = "in_progress"
	StatusAwaitingResident = "awaiting_resident"
	StatusResolved         = "resolved"
	StatusClosed           = "closed"
)

// Statuses lists the statuses in order, for filters and menus.
var Statuses = []string{StatusOpen, StatusInProgress, StatusAwaitingResident, StatusResolved, StatusClosed}

// StatusLabel is a status as staff read it; ResidentStatusLabel as the
// resident does ("Awaiting you").
func StatusLabel(s string) string {
	switch s {
	case StatusOpen:
		return "Open"
	case StatusInProgress:
		return "In progress"
	case StatusAwaitingResident:
		return "Awaiting resident"
	case StatusResolved:
		return "Resolved"
	case StatusClosed:
		return "Closed"
	}
	return s
}

// ResidentStatusLabel is a status in the words of the person who raised it.
func ResidentStatusLabel(s string) string {
	if s == StatusAwaitingResident {
		return "Awaiting you"
	}
	return StatusLabel(s)
}

// Priorities, lowest first; a new request is normal.
const (
	PriorityLow    = "low"
	PriorityNormal = "normal"
	PriorityHigh   = "high"
	PriorityUrgent = "urgent"
)

// Priorities lists the priorities, lowest first.
var Priorities = []string{PriorityLow, PriorityNormal, PriorityHigh, PriorityUrgent}

// PriorityLabel is a priority as a word on the page.
func PriorityLabel(p string) string {
	switch p {
	case PriorityLow:
		return "Low"
	case PriorityNormal:
		return "Normal"
	case PriorityHigh:
		return "High"
	case PriorityUrgent:
		return "Urgent"
	}
	return p
}

// Where the problem is.
const (
	LocationHome     = "home"
	LocationCommunal = "communal"
)

// ReopenWindow is how long after a ticket is resolved its resident may
// reopen it; after it, the daily job closes it.
const ReopenWindow = 14 * 24 * time.Hour

// Ticket is a request with the names a page shows beside it.
type Ticket struct {
	ID          int64
	PublicID    string
	Number      int64
	SiteID      int64
	UnitID      int64 // 0 for a communal ticket raised by staff
	Location    string
	CategoryID  int64
	Title       string
	Description string
	MayEnter    bool
	AccessNotes string
	Status      string
	Priority    string
	RaisedBy    int64 // 0 when no resident raised it
	CreatedBy   int64
	AssigneeID  int64
	Contractor  string
	Appointment Appointment
	ResolvedAt  time.Time
	ClosedAt    time.Time
	CreatedAt   time.Time
	UpdatedAt   time.Time

	SitePublicID, SiteName, SiteKind string
	UnitPublicID, UnitName           string
	CategoryName                     string
	RaisedByPublicID, RaisedByName   string
	RaisedByEmail                    string
	AssigneePublicID, AssigneeName   string
}

// Ref is the ticket's number as people quote it.
func (t Ticket) Ref() string { return fmt.Sprintf("#%d", t.Number) }

// Open reports whether the ticket still needs work: not resolved or closed.
func (t Ticket) Open() bool { return t.Status != StatusResolved && t.Status != StatusClosed }

// ReopenUntil is the last moment its resident may reopen a resolved
// ticket; zero unless it is resolved.
func (t Ticket) ReopenUntil() time.Time {
	if t.Status != StatusResolved || t.ResolvedAt.IsZero() {
		return time.Time{}
	}
	return t.ResolvedAt.Add(ReopenWindow)
}

// CanReopen reports whether its resident may still confirm or reopen it.
func (t Ticket) CanReopen(now time.Time) bool {
	u := t.ReopenUntil()
	return !u.IsZero() && now.Before(u)
}

// Where says where the problem is, in words.
func (t Ticket) Where() string {
	if t.Location == LocationCommunal {
		return "Communal area, " + t.SiteName
	}
	return t.UnitName + ", " + t.SiteName
}

const ticketCols = `t.id, t.public_id, t.number, t.site_id, coalesce(t.unit_id, 0), t.location, t.category_id,
	t.title, t.description, t.may_enter, t.access_notes, t.status, t.priority, coalesce(t.raised_by, 0), t.created_by,
	coalesce(t.assignee_id, 0), t.contractor, t.appointment_date, t.appointment_from, t.appointment_to,
	t.resolved_at, t.closed_at, t.created_at, t.updated_at,
	s.public_id, s.name, s.kind, coalesce(u.public_id, ''), coalesce(u.name, ''), c.name,
	coalesce(r.public_id, ''), coalesce(r.full_name, ''), coalesce(r.email, ''),
	coalesce(a.public_id, ''), coalesce(a.full_name, '')`

const ticketFrom = ` FROM tickets t
	JOIN sites s ON s.id = t.site_id
	JOIN ticket_categories c ON c.id = t.category_id
	LEFT JOIN units u ON u.id = t.unit_id
	LEFT JOIN people r ON r.id = t.raised_by
	LEFT JOIN people a ON a.id = t.assignee_id`

func scanTicket(sc sqldb.Scanner) (Ticket, error) {
	var t Ticket
	var apptDate sql.NullString
	err := sc.Scan(&t.ID, &t.PublicID, &t.Number, &t.SiteID, &t.UnitID, &t.Location, &t.CategoryID,
		&t.Title, &t.Description, &t.MayEnter, &t.AccessNotes, &t.Status, &t.Priority, &t.RaisedBy, &t.CreatedBy,
		&t.AssigneeID, &t.Contractor, &apptDate, &t.Appointment.From, &t.Appointment.To,
		sqldb.Into(&t.ResolvedAt), sqldb.Into(&t.ClosedAt), sqldb.Into(&t.CreatedAt), sqldb.Into(&t.UpdatedAt),
		&t.SitePublicID, &t.SiteName, &t.SiteKind, &t.UnitPublicID, &t.UnitName, &t.CategoryName,
		&t.RaisedByPublicID, &t.RaisedByName, &t.RaisedByEmail, &t.AssigneePublicID, &t.AssigneeName)
	if apptDate.Valid {
		t.Appointment.Date = sqldb.ParseDate(apptDate.String)
	}
	return t, err
}

// noTicket is the answer for a ticket that is not there, or not the asker's.
var noTicket = errs.E(errs.NotFound, "There is no request at this address.")

// Get finds a ticket by its public id, for staff.
func Get(ctx context.Context, q sqldb.Querier, publicID string) (Ticket, error) {
	if !sqldb.ValidPublicID(publicID) {
		return Ticket{}, noTicket
	}
	t, err := scanTicket(q.QueryRowContext(ctx, `SELECT `+ticketCols+ticketFrom+` WHERE t.public_id = ?`, publicID))
	if errors.Is(err, sql.ErrNoRows) {
		return Ticket{}, noTicket
	}
	if err != nil {
		return Ticket{}, fmt.Errorf("get ticket: %w", err)
	}
	return t, nil
}

// GetOwn finds a ticket the person raised. Anyone else's ticket, even one
// on their own unit, is NotFound, as is one that does not exist: the
// answer never tells which.
func GetOwn(ctx context.Context, q sqldb.Querier, publicID string, personID int64) (Ticket, error) {
	t, err := Get(ctx, q, publicID)
	if err != nil {
		return Ticket{}, err
	}
	if personID == 0 || t.RaisedBy != personID {
		return Ticket{}, noTicket
	}
	return t, nil
}

// ListOwn returns the tickets the person raised, newest first.
func ListOwn(ctx context.Context, q sqldb.Querier, personID int64) ([]Ticket, error) {
	out, err := sqldb.QueryAll(ctx, q, scanTicket, `SELECT `+ticketCols+ticketFrom+`
		WHERE t.raised_by = ? ORDER BY t.created_at DESC, t.id DESC`, personID)
	if err != nil {
		return nil, fmt.Errorf("list own tickets: %w", err)
	}
	return out, nil
}

// touch records that the ticket changed at now.
func touch(ctx context.Context, tx *sql.Tx, ticketID int64, now time.Time) error {
	if _, err := tx.ExecContext(ctx, `UPDATE tickets SET updated_at = ? WHERE id = ?`, sqldb.At(now), ticketID); err != nil {
		return fmt.Errorf("touch ticket: %w", err)
	}
	return nil
}
