package tickets

import (
	"context"
	"database/sql"
	"fmt"
	"slices"
	"strings"
	"time"

	"porch/errs"
	"porch/files"
	"porch/sqldb"
)

// Limits of a request's fields, in characters, and of its photos.
const (
	MaxTitleLen       = 120
	MaxDescriptionLen = 5000
	MaxAccessNotesLen = 1000
	MaxPhotos         = 5
)

// Photo is a file stored in the organisation's file store (see files.Put)
// with the name it was uploaded as.
type Photo struct {
	files.Ref
	Name string
}

// New is a request as it is raised: by a resident from one of their units,
// or by staff on a resident's behalf or for a communal area.
type New struct {
	SiteID      int64
	UnitID      int64  // 0 only for a communal ticket raised by staff
	Location    string // LocationHome or LocationCommunal
	CategoryID  int64
	Title       string
	Description string
	MayEnter    bool
	AccessNotes string
	Priority    string // "" for normal
	RaisedBy    int64  // the resident it belongs to; 0 for staff's own communal ticket
	CreatedBy   int64  // who typed it in
	Photos      []Photo
}

// tidy trims the text fields and refuses what cannot be saved, with the
// message under the form's field names: category, title, description,
// location, access_notes, priority, photos.
func (n *New) tidy(ctx context.Context, q sqldb.Querier) error {
	n.Title = strings.Join(strings.Fields(n.Title), " ")
	n.Description = strings.TrimSpace(strings.ReplaceAll(n.Description, "\r\n", "\n"))
	n.AccessNotes = strings.TrimSpace(strings.ReplaceAll(n.AccessNotes, "\r\n", "\n"))
	if n.Priority == "" {
		n.Priority = PriorityNormal
	}
	f := errs.Fields{}
	switch {
	case n.Title == "":
		f.Add("title", "Say in a few words what the problem is.")
	case len([]rune(n.Title)) > MaxTitleLen:
		f.Add("title", fmt.Sprintf("Keep the title to %d characters or fewer; put the detail in the description.", MaxTitleLen))
	}
	f.Text("description", n.Description, MaxDescriptionLen, "description", "Describe the problem: what you see, where, and since when.")
	f.Text("access_notes", n.AccessNotes, MaxAccessNotesLen, "access notes", "")
	switch {
	case n.Location != LocationHome && n.Location != LocationCommunal:
		f.Add("location", "Choose whether the problem is in your home or in a communal area.")
	case n.Location == LocationHome && n.UnitID == 0:
		f.Add("location", "Choose the home the problem is in.")
	}
	if n.RaisedBy != 0 && n.UnitID == 0 {
		f.Add("unit", "Choose the home this request is about.")
	}
	if !slices.Contains(Priorities, n.Priority) {
		f.Add("priority", "Choose a priority.")
	}
	if len(n.Photos) > MaxPhotos {
		f.Add("photos", fmt.Sprintf("Add up to %d photos.", MaxPhotos))
	}
	if n.CategoryID == 0 {
		f.Add("category", "Choose what the problem is about.")
	} else if ok, err := Allowed(ctx, q, n.SiteID, n.CategoryID); err != nil {
		return err
	} else if !ok {
		f.Add("category", "Choose one of the categories listed for this building.")
	}
	return f.Err()
}

// Raise files a new request, with its photos (already in the file store)
// and the first entry of its timeline. The category must be one allowed
// on the site today; that is checked here, whatever the form offered.
func Raise(ctx context.Context, tx *sql.Tx, now time.Time, n New) (Ticket, error) {
	if err := n.tidy(ctx, tx); err != nil {
		return Ticket{}, err
	}
	var number int64
	if err := tx.QueryRowContext(ctx, `SELECT coalesce(max(number), 0) + 1 FROM tickets`).Scan(&number); err != nil {
		return Ticket{}, fmt.Errorf("number ticket: %w", err)
	}
	publicID := sqldb.NewPublicID()
	res, err := tx.ExecContext(ctx, `INSERT INTO tickets (public_id, number, site_id, unit_id, location, category_id,
		title, description, may_enter, access_notes, priority, raised_by, created_by, created_at, updated_at)
		VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
		publicID, number, n.SiteID, nullID(n.UnitID), n.Location, n.CategoryID, n.Title, n.Description, n.MayEnter,
		n.AccessNotes, n.Priority, nullID(n.RaisedBy), n.CreatedBy, sqldb.At(now), sqldb.At(now))
	if err != nil {
		return Ticket{}, fmt.Errorf("raise ticket: %w", err)
	}
	id, err := res.LastInsertId()
	if err != nil {
		return Ticket{}, fmt.Errorf("raise ticket: %w", err)
	}
	if err := addPhotos(ctx, tx, now, id, 0, n.CreatedBy, n.Photos); err != nil {
		return Ticket{}, err
	}
	detail := "Request raised"
	if n.RaisedBy != 0 && n.CreatedBy != n.RaisedBy {
		detail = "Request raised by staff on the resident's behalf"
	}
	if err := logEvent(ctx, tx, now, id, n.CreatedBy, "raised", detail, true); err != nil {
		return Ticket{}, err
	}
	return Get(ctx, tx, publicID)
}

// addPhotos records photos already in the file store against a ticket, or
// against one of its messages when messageID is not 0.
func addPhotos(ctx context.Context, tx *sql.Tx, now time.Time, ticketID, messageID, by int64, photos []Photo) error {
	for _, p := range photos {
		if _, err := tx.ExecContext(ctx, `INSERT INTO ticket_photos (public_id, ticket_id, message_id, hash, type, size, thumb, name, uploaded_by, created_at)
			VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`, sqldb.NewPublicID(), ticketID, nullID(messageID), p.Hash, p.Type, p.Size, p.Thumb,
			p.Name, by, sqldb.At(now)); err != nil {
			return fmt.Errorf("add ticket photo: %w", err)
		}
	}
	return nil
}

// nullID is an id for a nullable column: NULL for 0.
func nullID(id int64) any {
	if id == 0 {
		return nil
	}
	return id
}
