package owners

import (
	"context"
	"database/sql"
	"errors"
	"fmt"

	"porch/errs"
	"porch/sqldb"
)

// A member of staff's photo is the one owners see on their contact's card
// (staff.photo_hash): a photo in the organisation's file store, put there
// (re-encoded, its metadata dropped) before the row names it.

// notStaff is the answer for someone who is not a member of staff.
func notStaff() error { return errs.E(errs.NotFound, "Not a member of staff.") }

// StaffPhoto returns the hash of the member of staff's photo in the file
// store, "" when they have none; NotFound when they are not staff.
func StaffPhoto(ctx context.Context, q sqldb.Querier, personID int64) (string, error) {
	var hash string
	err := q.QueryRowContext(ctx, `SELECT photo_hash FROM staff WHERE person_id = ?`, personID).Scan(&hash)
	if errors.Is(err, sql.ErrNoRows) {
		return "", notStaff()
	}
	if err != nil {
		return "", fmt.Errorf("staff photo: %w", err)
	}
	return hash, nil
}

// SetStaffPhoto gives the member of staff the photo hash names (already in
// the file store), or takes theirs away when hash is "". It returns the
// hash they had; NotFound when they are not staff.
func SetStaffPhoto(ctx context.Context, tx *sql.Tx, personID int64, hash string) (string, error) {
	old, err := StaffPhoto(ctx, tx, personID)
	if err != nil {
		return "", err
	}
	if _, err := tx.ExecContext(ctx, `UPDATE staff SET photo_hash = ? WHERE person_id = ?`, hash, personID); err != nil {
		return old, fmt.Errorf("set staff photo: %w", err)
	}
	return old, nil
}

// StaffWithPhotos are the members of staff who have a photo, by person id.
func StaffWithPhotos(ctx context.Context, q sqldb.Querier) (map[int64]bool, error) {
	ids, err := sqldb.QueryAll(ctx, q, func(r sqldb.Scanner) (int64, error) {
		var id int64
		return id, r.Scan(&id)
	}, `SELECT person_id FROM staff WHERE photo_hash != ''`)
	if err != nil {
		return nil, fmt.Errorf("staff photos: %w", err)
	}
	out := make(map[int64]bool, len(ids))
	for _, id := range ids {
		out[id] = true
	}
	return out, nil
}
