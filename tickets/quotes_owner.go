package tickets

import (
	"context"
	"database/sql"
	"fmt"
	"strings"
	"time"

	"porch/errs"
	"porch/estate"
	"porch/sqldb"
)

// Owner is a current owner of a let home, as a quote is sent to them.
type Owner struct {
	ID    int64
	Name  string
	Email string
}

// ownerOn is the condition for a current owner link of the unit, on the
// UK date of now.
const ownerOn = `l.role = 'owner' AND l.start_date <= ? AND (l.end_date IS NULL OR l.end_date >= ?)`

// CurrentOwners returns the people who own the unit on now's date.
func CurrentOwners(ctx context.Context, q sqldb.Querier, unitID int64, now time.Time) ([]Owner, error) {
	day := sqldb.FormatDate(estate.UKDate(now))
	out, err := sqldb.QueryAll(ctx, q, func(sc sqldb.Scanner) (Owner, error) {
		var o Owner
		err := sc.Scan(&o.ID, &o.Name, &o.Email)
		return o, err
	}, `SELECT DISTINCT p.id, p.full_name, coalesce(p.email, '') FROM unit_people l JOIN people p ON p.id = l.person_id
		WHERE l.unit_id = ? AND `+ownerOn+` ORDER BY p.full_name COLLATE NOCASE, p.id`, unitID, day, day)
	if err != nil {
		return nil, fmt.Errorf("owners of unit: %w", err)
	}
	return out, nil
}

// MayDecide reports whether the person owns, on now's date, the home the
// quote is about: only they see it and answer it.
func MayDecide(ctx context.Context, q sqldb.Querier, quote Quote, personID int64, now time.Time) (bool, error) {
	if personID == 0 || quote.UnitID == 0 {
		return false, nil
	}
	day := sqldb.FormatDate(estate.UKDate(now))
	var n int
	if err := q.QueryRowContext(ctx, `SELECT count(*) FROM unit_people l WHERE l.unit_id = ? AND l.person_id = ? AND `+ownerOn,
		quote.UnitID, personID, day, day).Scan(&n); err != nil {
		return false, fmt.Errorf("owner of quote: %w", err)
	}
	return n > 0, nil
}

// ForOwner returns the quotes on the homes the person owns on now's date,
// those awaiting them first and then the rest newest first; withdrawn
// quotes are left out, as they never had to answer them.
func ForOwner(ctx context.Context, q sqldb.Querier, personID int64, now time.Time) ([]Quote, error) {
	return ownerQuotes(ctx, q, personID, now, `q.status <> 'withdrawn'`)
}

// PendingForOwner returns the quotes awaiting the person's answer across
// the homes they own on now's date, oldest first.
func PendingForOwner(ctx context.Context, q sqldb.Querier, personID int64, now time.Time) ([]Quote, error) {
	return ownerQuotes(ctx, q, personID, now, `q.status = 'pending'`)
}

func ownerQuotes(ctx context.Context, q sqldb.Querier, personID int64, now time.Time, where string) ([]Quote, error) {
	day := sqldb.FormatDate(estate.UKDate(now))
	out, err := sqldb.QueryAll(ctx, q, scanQuote, `SELECT `+quoteCols+quoteFrom+`
		WHERE `+where+` AND t.unit_id IN (SELECT l.unit_id FROM unit_people l WHERE l.person_id = ? AND `+ownerOn+`)
		ORDER BY q.status = 'pending' DESC, CASE WHEN q.status = 'pending' THEN q.id ELSE -q.id END`, personID, day, day)
	if err != nil {
		return nil, fmt.Errorf("owner's quotes: %w", err)
	}
	return out, nil
}

// Decide is the owner's answer to a quote: approve, or reject with a
// comment saying why (field name: comment). Only a current owner of the
// ticket's home may answer, and only while the quote is pending; anyone
// else is told there is no such quote. An approval of a ticket still
// open moves it to in progress, as the work may now be ordered; a
// rejection leaves the ticket as it is, for the manager to find another
// quote. Either way the answer joins the ticket's timeline for staff.
func Decide(ctx context.Context, tx *sql.Tx, now time.Time, quote Quote, ownerID int64, approve bool, comment string) (Quote, error) {
	ok, err := MayDecide(ctx, tx, quote, ownerID, now)
	if err != nil {
		return quote, err
	}
	if !ok {
		return quote, noQuote
	}
	if !quote.Pending() {
		return quote, errs.E(errs.Conflict, "This quote has been answered or withdrawn already.")
	}
	comment = strings.TrimSpace(strings.ReplaceAll(comment, "\r\n", "\n"))
	switch {
	case !approve && comment == "":
		return quote, errs.Fields{"comment": "Say why you are rejecting the quote, so we can find another way forward."}.Err()
	case len([]rune(comment)) > MaxCommentLen:
		return quote, errs.Fields{"comment": fmt.Sprintf("Keep the comment to %d characters or fewer.", MaxCommentLen)}.Err()
	}
	status, verb := QuoteRejected, "rejected"
	if approve {
		status, verb = QuoteApproved, "approved"
	}
	res, err := tx.ExecContext(ctx, `UPDATE ticket_quotes SET status = ?, decided_by = ?, comment = ?, decided_at = ?
		WHERE id = ? AND status = 'pending'`, status, ownerID, comment, sqldb.At(now), quote.ID)
	if err != nil {
		return quote, fmt.Errorf("decide quote: %w", err)
	}
	if n, _ := res.RowsAffected(); n != 1 {
		return quote, errs.E(errs.Conflict, "This quote has been answered or withdrawn already.")
	}
	detail := "Owner " + verb + " the quote: " + quote.Describe()
	if comment != "" {
		detail += ". “" + comment + "”"
	}
	if err := logEvent(ctx, tx, now, quote.TicketID, ownerID, "quote", detail, false); err != nil {
		return quote, err
	}
	t, err := Get(ctx, tx, quote.TicketPublicID)
	if err != nil {
		return quote, err
	}
	if approve && t.Status == StatusOpen {
		if err := changeStatus(ctx, tx, now, t, StatusInProgress, ownerID, "the owner approved the quote"); err != nil {
			return quote, err
		}
	} else if err := touch(ctx, tx, t.ID, now); err != nil {
		return quote, err
	}
	return GetQuote(ctx, tx, quote.PublicID)
}
