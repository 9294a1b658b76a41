package tickets

import (
	"context"
	"database/sql"
	"fmt"
	"time"

	"porch/sqldb"
)

// Event is one change in a ticket's timeline.
type Event struct {
	ID        int64
	TicketID  int64
	ActorID   int64 // 0 for Porch itself (the daily job)
	ActorName string
	Kind      string // raised, status, priority, assigned, visit, quote, ...
	Detail    string // what changed, in words
	Public    bool   // the resident sees it in their history
	CreatedAt time.Time
}

// By names who made the change.
func (e Event) By() string {
	if e.ActorID == 0 {
		return "Porch"
	}
	return e.ActorName
}

// logEvent adds an entry to a ticket's timeline.
func logEvent(ctx context.Context, tx *sql.Tx, now time.Time, ticketID, actorID int64, kind, detail string, public bool) error {
	if _, err := tx.ExecContext(ctx, `INSERT INTO ticket_events (ticket_id, actor_id, kind, detail, public, created_at)
		VALUES (?, ?, ?, ?, ?, ?)`, ticketID, nullID(actorID), kind, detail, public, sqldb.At(now)); err != nil {
		return fmt.Errorf("log ticket event: %w", err)
	}
	return nil
}

// Events returns the ticket's timeline, oldest first; with staff false,
// only the changes the resident sees.
func Events(ctx context.Context, q sqldb.Querier, ticketID int64, staff bool) ([]Event, error) {
	out, err := sqldb.QueryAll(ctx, q, func(sc sqldb.Scanner) (Event, error) {
		var e Event
		err := sc.Scan(&e.ID, &e.TicketID, &e.ActorID, &e.ActorName, &e.Kind, &e.Detail, &e.Public, sqldb.Into(&e.CreatedAt))
		return e, err
	}, `SELECT e.id, e.ticket_id, coalesce(e.actor_id, 0), coalesce(p.full_name, ''), e.kind, e.detail, e.public, e.created_at
		FROM ticket_events e LEFT JOIN people p ON p.id = e.actor_id
		WHERE e.ticket_id = ? AND (? OR e.public = 1) ORDER BY e.id`, ticketID, staff)
	if err != nil {
		return nil, fmt.Errorf("ticket events: %w", err)
	}
	return out, nil
}
