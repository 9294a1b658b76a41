package demo

import (
	"context"
	"database/sql"
	"fmt"
	"time"

	"porch/sqldb"
	"porch/tickets"
)

// demoTicketWork records who works a demo ticket and the contractor's
// visit (w.visit days from today), with their entries on its timeline at
// when, as the desk's screens record them. The tickets domain has no
// functions for these yet; when the desk adds them (assigning a ticket,
// booking its visit), this is the one place to call them instead.
func demoTicketWork(ctx context.Context, tx *sql.Tx, when, today time.Time, t tickets.Ticket, w work, staff map[string]int64) error {
	actor := staff[w.assignee]
	if w.assignee != "" {
		var name string
		if err := tx.QueryRowContext(ctx, `SELECT full_name FROM people WHERE id = ?`, actor).Scan(&name); err != nil {
			return fmt.Errorf("assignee %s: %w", w.assignee, err)
		}
		if _, err := tx.ExecContext(ctx, `UPDATE tickets SET assignee_id = ? WHERE id = ?`, actor, t.ID); err != nil {
			return fmt.Errorf("assign: %w", err)
		}
		if err := workEvent(ctx, tx, when, t.ID, actor, "assigned", "Assigned to "+name, false); err != nil {
			return err
		}
	}
	if w.contractor == "" {
		return nil
	}
	visit := tickets.Appointment{From: w.from, To: w.to}
	var date any
	if w.from != "" {
		visit.Date = today.AddDate(0, 0, w.visit)
		date = sqldb.FormatDate(visit.Date)
	}
	if _, err := tx.ExecContext(ctx, `UPDATE tickets SET contractor = ?, appointment_date = ?, appointment_from = ?, appointment_to = ?
		WHERE id = ?`, w.contractor, date, visit.From, visit.To, t.ID); err != nil {
		return fmt.Errorf("book visit: %w", err)
	}
	detail := "Contractor: " + w.contractor
	if visit.Booked() {
		detail += ", booked for " + visit.String()
	}
	return workEvent(ctx, tx, when, t.ID, actor, "visit", detail, true)
}

// workEvent adds an entry to a ticket's timeline.
func workEvent(ctx context.Context, tx *sql.Tx, when time.Time, ticketID, actor int64, kind, detail string, public bool) error {
	var by any
	if actor != 0 {
		by = actor
	}
	if _, err := tx.ExecContext(ctx, `INSERT INTO ticket_events (ticket_id, actor_id, kind, detail, public, created_at)
		VALUES (?, ?, ?, ?, ?, ?)`, ticketID, by, kind, detail, public, sqldb.At(when)); err != nil {
		return fmt.Errorf("ticket event: %w", err)
	}
	return nil
}
