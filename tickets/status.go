package tickets

import (
	"context"
	"database/sql"
	"fmt"
	"slices"
	"strings"
	"time"

	"porch/errs"
	"porch/sqldb"
)

// changeStatus moves a ticket to status and logs it, with why when given.
// Resolving starts the resident's window to confirm or reopen; leaving
// resolved or closed ends it.
func changeStatus(ctx context.Context, tx *sql.Tx, now time.Time, t Ticket, status string, actorID int64, why string) error {
	if t.Status == status {
		return nil
	}
	var resolved, closed any
	switch status {
	case StatusResolved:
		resolved = sqldb.At(now)
	case StatusClosed:
		closed = sqldb.At(now)
		if !t.ResolvedAt.IsZero() {
			resolved = sqldb.At(t.ResolvedAt)
		}
	}
	if _, err := tx.ExecContext(ctx, `UPDATE tickets SET status = ?, resolved_at = ?, closed_at = ?, updated_at = ? WHERE id = ?`,
		status, resolved, closed, sqldb.At(now), t.ID); err != nil {
		return fmt.Errorf("change ticket status: %w", err)
	}
	detail := StatusLabel(t.Status) + " → " + StatusLabel(status)
	if why != "" {
		detail += ": " + why
	}
	return logEvent(ctx, tx, now, t.ID, actorID, "status", detail, true)
}

// SetStatus is staff moving a ticket to another status.
func SetStatus(ctx context.Context, tx *sql.Tx, now time.Time, t Ticket, status string, actorID int64) (Ticket, error) {
	if !slices.Contains(Statuses, status) {
		return t, errs.Fields{"status": "Choose a status."}.Err()
	}
	if err := changeStatus(ctx, tx, now, t, status, actorID, ""); err != nil {
		return t, err
	}
	return Get(ctx, tx, t.PublicID)
}

// Confirm is the resident saying a resolved ticket is fixed: it closes.
func Confirm(ctx context.Context, tx *sql.Tx, now time.Time, t Ticket, personID int64) (Ticket, error) {
	if err := mayAnswer(t, now, personID); err != nil {
		return t, err
	}
	if err := changeStatus(ctx, tx, now, t, StatusClosed, personID, "the resident confirmed it is fixed"); err != nil {
		return t, err
	}
	return Get(ctx, tx, t.PublicID)
}

// Reopen is the resident saying a resolved ticket is not fixed, within
// ReopenWindow of its resolution. Their reason joins the thread.
func Reopen(ctx context.Context, tx *sql.Tx, now time.Time, t Ticket, personID int64, reason string) (Ticket, error) {
	if err := mayAnswer(t, now, personID); err != nil {
		return t, err
	}
	reason = strings.TrimSpace(reason)
	switch {
	case reason == "":
		return t, errs.Fields{"reason": "Tell us what is still wrong."}.Err()
	case len([]rune(reason)) > MaxMessageLen:
		return t, errs.Fields{"reason": fmt.Sprintf("Keep it to %d characters or fewer.", MaxMessageLen)}.Err()
	}
	if _, err := AddMessage(ctx, tx, now, t, Reply{AuthorID: personID, Body: reason}); err != nil {
		return t, err
	}
	if err := changeStatus(ctx, tx, now, t, StatusOpen, personID, "reopened by the resident"); err != nil {
		return t, err
	}
	return Get(ctx, tx, t.PublicID)
}

// mayAnswer refuses a confirm or reopen from anyone but the resident who
// raised the ticket, for a ticket not resolved, or after the window.
func mayAnswer(t Ticket, now time.Time, personID int64) error {
	switch {
	case t.RaisedBy == 0 || t.RaisedBy != personID:
		return noTicket
	case t.Status != StatusResolved:
		return errs.E(errs.Conflict, "This request is not waiting for you to confirm it is fixed.")
	case !t.CanReopen(now):
		return errs.E(errs.Conflict, "It is more than 14 days since this request was resolved, so it is closed. If the problem is back, raise a new request.")
	}
	return nil
}

// CloseExpired closes every ticket resolved more than ReopenWindow before
// now, as the daily job does, and returns how many it closed.
func CloseExpired(ctx context.Context, tx *sql.Tx, now time.Time) (int, error) {
	ts, err := sqldb.QueryAll(ctx, tx, scanTicket, `SELECT `+ticketCols+ticketFrom+`
		WHERE t.status = 'resolved' AND t.resolved_at <= ?`, sqldb.At(now.Add(-ReopenWindow)))
	if err != nil {
		return 0, fmt.Errorf("expired tickets: %w", err)
	}
	for _, t := range ts {
		if err := changeStatus(ctx, tx, now, t, StatusClosed, 0, "14 days passed without the resident reopening it"); err != nil {
			return 0, err
		}
	}
	return len(ts), nil
}
