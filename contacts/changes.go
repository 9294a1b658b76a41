package contacts

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"time"

	"porch/errs"
	"porch/sqldb"
)

// Change is a change to one detail a person asked for that waits for the
// office.
type Change struct {
	ID             int64
	PublicID       string
	PersonID       int64
	PersonPublicID string
	PersonName     string // their name as the record says now
	PersonEmail    string
	StaffRole      string // their staff role, "" for residents and owners
	Field          string // a key of fields: "full_name", "phone", ...
	Old            string // the detail when they asked
	New            string // what they asked for
	Current        string // the detail now
	RequestedAt    time.Time
}

// Label names the changed detail: "Correspondence address".
func (c Change) Label() string { return FieldLabel(c.Field) }

// OldLabel, NewLabel and CurrentLabel are the values as people read them.
func (c Change) OldLabel() string     { return ValueLabel(c.Field, c.Old) }
func (c Change) NewLabel() string     { return ValueLabel(c.Field, c.New) }
func (c Change) CurrentLabel() string { return ValueLabel(c.Field, c.Current) }

// Moved reports whether the detail changed since the person asked, for
// example because the office corrected it meanwhile: approving still
// applies the new value, over whatever is there now.
func (c Change) Moved() bool { return c.Current != c.Old }

// changeColumns reads a waiting change with its person. The detail as it
// is now comes from the person's row, by the field's column.
const changeColumns = `c.id, c.public_id, c.person_id, p.public_id, p.full_name, coalesce(p.email, ''),
	coalesce(s.role, ''), c.field, c.old_value, c.new_value,
	CASE c.field WHEN 'title' THEN p.title WHEN 'full_name' THEN p.full_name WHEN 'phone' THEN p.phone
		WHEN 'other_phone' THEN p.other_phone WHEN 'correspondence_address' THEN p.correspondence_address
		WHEN 'preferred_contact' THEN p.preferred_contact END,
	c.requested_at
	FROM contact_changes c JOIN people p ON p.id = c.person_id LEFT JOIN staff s ON s.person_id = p.id`

func scanChange(r sqldb.Scanner) (Change, error) {
	var c Change
	err := r.Scan(&c.ID, &c.PublicID, &c.PersonID, &c.PersonPublicID, &c.PersonName, &c.PersonEmail, &c.StaffRole,
		&c.Field, &c.Old, &c.New, &c.Current, sqldb.Into(&c.RequestedAt))
	return c, err
}

// fieldOrder sorts a person's changes in the profile's order.
const fieldOrder = `CASE c.field WHEN 'title' THEN 1 WHEN 'full_name' THEN 2 WHEN 'phone' THEN 3
	WHEN 'other_phone' THEN 4 WHEN 'correspondence_address' THEN 5 ELSE 6 END`

// Waiting lists every change waiting for the office, oldest first.
func Waiting(ctx context.Context, q sqldb.Querier) ([]Change, error) {
	out, err := sqldb.QueryAll(ctx, q, scanChange, `SELECT `+changeColumns+`
		WHERE c.decided_at IS NULL ORDER BY c.requested_at, c.id`)
	if err != nil {
		return nil, fmt.Errorf("waiting contact changes: %w", err)
	}
	return out, nil
}

// WaitingFor lists the person's own changes waiting for the office, in
// the profile's order.
func WaitingFor(ctx context.Context, q sqldb.Querier, personID int64) ([]Change, error) {
	out, err := sqldb.QueryAll(ctx, q, scanChange, `SELECT `+changeColumns+`
		WHERE c.decided_at IS NULL AND c.person_id = ? ORDER BY `+fieldOrder, personID)
	if err != nil {
		return nil, fmt.Errorf("waiting contact changes: %w", err)
	}
	return out, nil
}

// CountWaiting counts the changes waiting for the office.
func CountWaiting(ctx context.Context, q sqldb.Querier) (int, error) {
	var n int
	if err := q.QueryRowContext(ctx, `SELECT count(*) FROM contact_changes WHERE decided_at IS NULL`).Scan(&n); err != nil {
		return 0, fmt.Errorf("count contact changes: %w", err)
	}
	return n, nil
}

// GetWaiting returns the waiting change with the public id, or NotFound,
// also for one already decided or withdrawn.
func GetWaiting(ctx context.Context, q sqldb.Querier, publicID string) (Change, error) {
	c, err := scanChange(q.QueryRowContext(ctx, `SELECT `+changeColumns+`
		WHERE c.public_id = ? AND c.decided_at IS NULL`, publicID))
	if errors.Is(err, sql.ErrNoRows) {
		return c, errs.E(errs.NotFound, "This change is no longer waiting: it was decided or withdrawn.")
	}
	if err != nil {
		return c, fmt.Errorf("get contact change: %w", err)
	}
	return c, nil
}

// closeChange ends a waiting change with its outcome. Only a change still
// waiting can end, so two people deciding at once cannot both succeed.
func closeChange(ctx context.Context, tx *sql.Tx, id int64, outcome string, by *int64, reason string, now time.Time) error {
	res, err := tx.ExecContext(ctx, `UPDATE contact_changes SET decided_at = ?, outcome = ?, decided_by = ?, reason = ?
		WHERE id = ? AND decided_at IS NULL`, sqldb.At(now), outcome, by, reason, id)
	if err != nil {
		return fmt.Errorf("close contact change: %w", err)
	}
	if n, _ := res.RowsAffected(); n == 0 {
		return errs.E(errs.NotFound, "This change is no longer waiting: it was decided or withdrawn.")
	}
	return nil
}
