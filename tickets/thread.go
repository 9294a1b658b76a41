package tickets

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"strings"
	"time"

	"porch/errs"
	"porch/sqldb"
)

// MaxMessageLen is the longest message, in characters.
const MaxMessageLen = 5000

// Message is one entry in a ticket's thread, with its photos.
type Message struct {
	ID         int64
	PublicID   string
	TicketID   int64
	AuthorID   int64
	AuthorName string
	Staff      bool // written by the organisation's staff
	Internal   bool // a note between staff, never shown to the resident
	Body       string
	CreatedAt  time.Time
	Photos     []StoredPhoto
}

// StoredPhoto is a photo or document recorded against a ticket.
type StoredPhoto struct {
	ID        int64
	PublicID  string
	TicketID  int64
	MessageID int64 // 0 for the request's own photos
	Photo
	Internal  bool // attached to an internal note
	CreatedAt time.Time
}

// IsImage reports whether the file is shown as a picture.
func (p StoredPhoto) IsImage() bool { return p.Ref.IsImage() }

// Reply is a message as written.
type Reply struct {
	AuthorID int64
	Staff    bool
	Internal bool
	Body     string
	Photos   []Photo
}

// AddMessage adds a message to the thread. A resident's reply to a ticket
// awaiting them puts it back in progress; a closed ticket takes no more
// replies from its resident (they raise a new request). Field names in
// errors: body, photos.
func AddMessage(ctx context.Context, tx *sql.Tx, now time.Time, t Ticket, r Reply) (Message, error) {
	r.Body = strings.TrimSpace(strings.ReplaceAll(r.Body, "\r\n", "\n"))
	f := errs.Fields{}
	switch {
	case r.Body == "" && len(r.Photos) == 0:
		f.Add("body", "Write a message or add a photo.")
	case len([]rune(r.Body)) > MaxMessageLen:
		f.Add("body", fmt.Sprintf("Keep the message to %d characters or fewer.", MaxMessageLen))
	}
	if len(r.Photos) > MaxPhotos {
		f.Add("photos", fmt.Sprintf("Add up to %d photos at a time.", MaxPhotos))
	}
	if err := f.Err(); err != nil {
		return Message{}, err
	}
	if r.Internal && !r.Staff {
		return Message{}, errs.E(errs.Forbidden, "Only staff write internal notes.")
	}
	if !r.Staff && t.Status == StatusClosed {
		return Message{}, errs.E(errs.Conflict, "This request is closed. If the problem is back, raise a new request.")
	}
	m := Message{PublicID: sqldb.NewPublicID(), TicketID: t.ID, AuthorID: r.AuthorID, Staff: r.Staff, Internal: r.Internal,
		Body: r.Body, CreatedAt: now}
	res, err := tx.ExecContext(ctx, `INSERT INTO ticket_messages (public_id, ticket_id, author_id, staff, internal, body, created_at)
		VALUES (?, ?, ?, ?, ?, ?, ?)`, m.PublicID, t.ID, r.AuthorID, r.Staff, r.Internal, m.Body, sqldb.At(now))
	if err != nil {
		return Message{}, fmt.Errorf("add ticket message: %w", err)
	}
	if m.ID, err = res.LastInsertId(); err != nil {
		return Message{}, fmt.Errorf("add ticket message: %w", err)
	}
	if err := addPhotos(ctx, tx, now, t.ID, m.ID, r.AuthorID, r.Photos); err != nil {
		return Message{}, err
	}
	if !r.Staff && t.Status == StatusAwaitingResident {
		if err := changeStatus(ctx, tx, now, t, StatusInProgress, r.AuthorID, "The resident replied"); err != nil {
			return Message{}, err
		}
	}
	return m, touch(ctx, tx, t.ID, now)
}

const photoCols = `p.id, p.public_id, p.ticket_id, coalesce(p.message_id, 0), p.hash, p.type, p.size, p.thumb, p.name,
	coalesce(m.internal, 0), p.created_at`

func scanPhoto(sc sqldb.Scanner) (StoredPhoto, error) {
	var p StoredPhoto
	err := sc.Scan(&p.ID, &p.PublicID, &p.TicketID, &p.MessageID, &p.Hash, &p.Type, &p.Size, &p.Thumb, &p.Name,
		&p.Internal, sqldb.Into(&p.CreatedAt))
	return p, err
}

// Photos returns the ticket's files, oldest first; with staff false, none
// attached to an internal note.
func Photos(ctx context.Context, q sqldb.Querier, ticketID int64, staff bool) ([]StoredPhoto, error) {
	out, err := sqldb.QueryAll(ctx, q, scanPhoto, `SELECT `+photoCols+` FROM ticket_photos p
		LEFT JOIN ticket_messages m ON m.id = p.message_id
		WHERE p.ticket_id = ? AND (? OR coalesce(m.internal, 0) = 0) ORDER BY p.id`, ticketID, staff)
	if err != nil {
		return nil, fmt.Errorf("ticket photos: %w", err)
	}
	return out, nil
}

// GetPhoto finds one of a ticket's files by its public id. The caller has
// already checked the person may see the ticket; a resident is also
// refused a file on an internal note (NotFound, like any other).
func GetPhoto(ctx context.Context, q sqldb.Querier, ticketID int64, publicID string, staff bool) (StoredPhoto, error) {
	none := errs.E(errs.NotFound, "There is no photo at this address.")
	if !sqldb.ValidPublicID(publicID) {
		return StoredPhoto{}, none
	}
	p, err := scanPhoto(q.QueryRowContext(ctx, `SELECT `+photoCols+` FROM ticket_photos p
		LEFT JOIN ticket_messages m ON m.id = p.message_id
		WHERE p.public_id = ? AND p.ticket_id = ?`, publicID, ticketID))
	if errors.Is(err, sql.ErrNoRows) || err == nil && p.Internal && !staff {
		return StoredPhoto{}, none
	}
	if err != nil {
		return StoredPhoto{}, fmt.Errorf("get ticket photo: %w", err)
	}
	return p, nil
}

// Thread returns the ticket's messages, oldest first, each with its
// photos; with staff false, without internal notes.
func Thread(ctx context.Context, q sqldb.Querier, ticketID int64, staff bool) ([]Message, error) {
	msgs, err := sqldb.QueryAll(ctx, q, func(sc sqldb.Scanner) (Message, error) {
		var m Message
		err := sc.Scan(&m.ID, &m.PublicID, &m.TicketID, &m.AuthorID, &m.AuthorName, &m.Staff, &m.Internal, &m.Body, sqldb.Into(&m.CreatedAt))
		return m, err
	}, `SELECT m.id, m.public_id, m.ticket_id, m.author_id, p.full_name, m.staff, m.internal, m.body, m.created_at
		FROM ticket_messages m JOIN people p ON p.id = m.author_id
		WHERE m.ticket_id = ? AND (? OR m.internal = 0) ORDER BY m.id`, ticketID, staff)
	if err != nil {
		return nil, fmt.Errorf("ticket thread: %w", err)
	}
	photos, err := Photos(ctx, q, ticketID, staff)
	if err != nil {
		return nil, err
	}
	at := map[int64]int{}
	for i, m := range msgs {
		at[m.ID] = i
	}
	for _, p := range photos {
		if i, ok := at[p.MessageID]; ok {
			msgs[i].Photos = append(msgs[i].Photos, p)
		}
	}
	return msgs, nil
}

// RequestPhotos returns the photos sent with the request itself.
func RequestPhotos(ps []StoredPhoto) []StoredPhoto {
	var out []StoredPhoto
	for _, p := range ps {
		if p.MessageID == 0 {
			out = append(out, p)
		}
	}
	return out
}
