package demo

import (
	"context"
	"database/sql"
	"fmt"
	"time"

	"porch/estate"
	"porch/sqldb"
	"porch/tickets"
)

// demoTicketWork records who works a demo ticket and the contractor's
// visit (w.visit days from today, the whole day when it has no hours), at
// when, through the functions the desk's screens call.
func demoTicketWork(ctx context.Context, tx *sql.Tx, when, today time.Time, t tickets.Ticket, w work, staff map[string]int64) error {
	actor := staff[w.assignee]
	if w.assignee != "" {
		var pub string
		if err := tx.QueryRowContext(ctx, `SELECT public_id FROM people WHERE id = ?`, actor).Scan(&pub); err != nil {
			return fmt.Errorf("assignee %s: %w", w.assignee, err)
		}
		var err error
		if t, err = tickets.Assign(ctx, tx, when, t, pub, actor); err != nil {
			return fmt.Errorf("assign to %s: %w", w.assignee, err)
		}
	}
	if w.contractor == "" {
		return nil
	}
	date := today.AddDate(0, 0, w.visit)
	// The visit was booked at when, for a day on or after it.
	booked := estate.UKDate(when)
	if date.Before(booked) {
		booked = date
	}
	if _, _, err := tickets.SetVisit(ctx, tx, when, booked, t, tickets.Visit{Contractor: w.contractor,
		Date: sqldb.FormatDate(date), From: w.from, To: w.to}, actor); err != nil {
		return fmt.Errorf("book %s: %w", w.contractor, err)
	}
	return nil
}
