package ledger

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

// DebtorNote is a manager's note on a debtor account and the date of the
// next thing to do about it, for chasing what it owes.
type DebtorNote struct {
	Note       string
	NextAction time.Time // zero: none set
}

// MaxDebtorNote is the longest note kept, in characters.
const MaxDebtorNote = 1000

type noteKey struct{ unit, occ int64 }

// DebtorNotes returns every debtor account's note, by unit and
// occupancy (0: the unit's own account).
func DebtorNotes(ctx context.Context, q sqldb.Querier) (map[noteKey]DebtorNote, error) {
	type row struct {
		k noteKey
		n DebtorNote
	}
	rows, err := sqldb.QueryAll(ctx, q, func(s sqldb.Scanner) (row, error) {
		var r row
		var next string
		err := s.Scan(&r.k.unit, &r.k.occ, &r.n.Note, &next)
		r.n.NextAction = sqldb.ParseDate(next)
		return r, err
	}, `SELECT unit_id, coalesce(occupancy_id, 0), note, coalesce(next_action, '') FROM debtor_notes`)
	if err != nil {
		return nil, fmt.Errorf("debtor notes: %w", err)
	}
	out := make(map[noteKey]DebtorNote, len(rows))
	for _, r := range rows {
		out[r.k] = r.n
	}
	return out, nil
}

// GetDebtorNote returns the note on one account; empty when it has none.
func GetDebtorNote(ctx context.Context, q sqldb.Querier, unitID, occupancyID int64) (DebtorNote, error) {
	var n DebtorNote
	var next string
	err := q.QueryRowContext(ctx, `SELECT note, coalesce(next_action, '') FROM debtor_notes
		WHERE unit_id = ? AND coalesce(occupancy_id, 0) = ?`, unitID, occupancyID).Scan(&n.Note, &next)
	if errors.Is(err, sql.ErrNoRows) {
		return n, nil
	}
	n.NextAction = sqldb.ParseDate(next)
	return n, err
}

// SaveDebtorNote checks and stores the note on an account of the unit
// (occupancyID 0: its own), replacing the one before; by is who wrote
// it. It returns the note as it was. Refusals name the fields "note" and
// "next_action".
func SaveDebtorNote(ctx context.Context, tx *sql.Tx, now time.Time, by, unitID, occupancyID int64, n DebtorNote) (DebtorNote, error) {
	n.Note = strings.TrimSpace(strings.ReplaceAll(n.Note, "\r", ""))
	f := errs.Fields{}
	if len([]rune(n.Note)) > MaxDebtorNote {
		f.Add("note", fmt.Sprintf("Keep the note to %d characters or fewer.", MaxDebtorNote))
	}
	if !n.NextAction.IsZero() && (n.NextAction.Before(minDate) || !n.NextAction.Before(maxDate)) {
		f.Add("next_action", "Enter a date between 2000 and 2099.")
	}
	if err := f.Err(); err != nil {
		return DebtorNote{}, err
	}
	if _, err := accountFor(ctx, tx, unitID, occupancyID, now); occupancyID != 0 && err != nil {
		return DebtorNote{}, err
	}
	old, err := GetDebtorNote(ctx, tx, unitID, occupancyID)
	if err != nil {
		return DebtorNote{}, err
	}
	var next any
	if !n.NextAction.IsZero() {
		next = sqldb.FormatDate(n.NextAction)
	}
	res, err := tx.ExecContext(ctx, `UPDATE debtor_notes SET note = ?, next_action = ?, updated_by = ?, updated_at = ?
		WHERE unit_id = ? AND coalesce(occupancy_id, 0) = ?`, n.Note, next, nullID(by), sqldb.At(now), unitID, occupancyID)
	if err != nil {
		return DebtorNote{}, fmt.Errorf("save debtor note: %w", err)
	}
	if changed, _ := res.RowsAffected(); changed == 0 {
		if _, err := tx.ExecContext(ctx, `INSERT INTO debtor_notes (unit_id, occupancy_id, note, next_action, updated_by, updated_at)
			VALUES (?, ?, ?, ?, ?, ?)`, unitID, nullID(occupancyID), n.Note, next, nullID(by), sqldb.At(now)); err != nil {
			return DebtorNote{}, fmt.Errorf("save debtor note: %w", err)
		}
	}
	return old, nil
}
