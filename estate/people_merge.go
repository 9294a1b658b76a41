package estate

import (
	"context"
	"database/sql"
	"fmt"
	"strings"

	"porch/errs"
)

// mergeMoves are the columns that say who did something, or whose home or
// payment it was: a duplicate's rows are moved to the person kept.
var mergeMoves = map[string]bool{
	"audit_log.person_id": true, "invitations.invited_by": true, "journals.created_by": true,
	"bank_imports.imported_by": true, "bank_lines.matched_by": true, "bank_reconciliations.by_person": true,
	"payment_settings.updated_by": true, "provider_events.reviewed_by": true,
	"scheduled_deductions.created_by": true, "occupancy_parties.person_id": true, "payments.person_id": true,
	"invoice_deliveries.person_id": true, "contact_changes.decided_by": true,
}

// mergeDrops are the duplicate's sign-in records, which end with it: its
// codes, sessions, devices and invitations, and the changes to its
// details it asked for (the audit log keeps what was decided).
var mergeDrops = []string{"auth_codes.person_id", "sessions.person_id", "devices.person_id", "invitations.person_id",
	"contact_changes.person_id"}

// MergePeople folds the person dropID, a duplicate, into keepID: their
// homes, payments and history move to the person kept, blank details of
// the kept person are filled from the duplicate's, and the duplicate is
// removed, signed out of everything. Refused, with nothing changed, when
// either is on the staff, when the two hold the same role at the same home
// over the same dates, or when the duplicate is a landlord with accounts or
// a Direct Debit mandate (merging those is not supported: it would mix two
// sets of client money). Returns what changed on the kept person.
func MergePeople(ctx context.Context, tx *sql.Tx, keepID, dropID int64) (Person, Changes, error) {
	if keepID == dropID {
		return Person{}, nil, errs.Fields{"duplicate": "Choose someone other than this person."}.Err()
	}
	keep, err := GetPersonByID(ctx, tx, keepID)
	if err != nil {
		return Person{}, nil, err
	}
	drop, err := GetPersonByID(ctx, tx, dropID)
	if err != nil {
		return Person{}, nil, err
	}
	for _, p := range []Person{keep, drop} {
		if _, err := StaffRole(ctx, tx, p.ID); err == nil {
			return Person{}, nil, errs.Fields{"duplicate": p.FullName + " is on the staff: staff records are not merged."}.Err()
		} else if !errs.Is(err, errs.NotFound) {
			return Person{}, nil, err
		}
	}
	if err := checkMergeable(ctx, tx, drop); err != nil {
		return Person{}, nil, err
	}
	var clash int
	if err := tx.QueryRowContext(ctx, `SELECT count(*) FROM unit_people a JOIN unit_people b
		ON a.unit_id = b.unit_id AND a.role = b.role
		WHERE a.person_id = ? AND b.person_id = ?
		  AND (a.end_date IS NULL OR a.end_date >= b.start_date) AND (b.end_date IS NULL OR b.end_date >= a.start_date)`,
		keepID, dropID).Scan(&clash); err != nil {
		return Person{}, nil, fmt.Errorf("merge: compare homes: %w", err)
	}
	if clash > 0 {
		return Person{}, nil, errs.Fields{"duplicate": "Both are linked to the same home in the same role for some of the same dates: end one of those links first."}.Err()
	}
	for _, col := range mergeDrops {
		table, column, _ := strings.Cut(col, ".")
		if _, err := tx.ExecContext(ctx, `DELETE FROM `+table+` WHERE `+column+` = ?`, dropID); err != nil {
			return Person{}, nil, fmt.Errorf("merge: %s: %w", col, err)
		}
	}
	for col := range mergeMoves {
		table, column, _ := strings.Cut(col, ".")
		if _, err := tx.ExecContext(ctx, `UPDATE `+table+` SET `+column+` = ? WHERE `+column+` = ?`, keepID, dropID); err != nil {
			return Person{}, nil, fmt.Errorf("merge: %s: %w", col, err)
		}
	}
	after := keep
	fill := func(dst *string, src string) {
		if strings.TrimSpace(*dst) == "" {
			*dst = src
		}
	}
	fill(&after.Title, drop.Title)
	fill(&after.Email, drop.Email)
	fill(&after.Phone, drop.Phone)
	fill(&after.OtherPhone, drop.OtherPhone)
	fill(&after.CorrespondenceAddress, drop.CorrespondenceAddress)
	if _, err := tx.ExecContext(ctx, `DELETE FROM people WHERE id = ?`, dropID); err != nil {
		return Person{}, nil, fmt.Errorf("merge: remove the duplicate: %w", err)
	}
	var changes Changes
	changes.add("merged", "", drop.DisplayName()+" ("+drop.PublicID+")")
	changes.add("title", keep.Title, after.Title)
	changes.add("email", keep.Email, after.Email)
	changes.add("phone", keep.Phone, after.Phone)
	changes.add("other_phone", keep.OtherPhone, after.OtherPhone)
	changes.add("correspondence_address", keep.CorrespondenceAddress, after.CorrespondenceAddress)
	var email any
	if after.Email != "" {
		email = after.Email
	}
	if _, err := tx.ExecContext(ctx, `UPDATE people SET title = ?, email = ?, phone = ?, other_phone = ?, correspondence_address = ?
		WHERE id = ?`, after.Title, email, after.Phone, after.OtherPhone, after.CorrespondenceAddress, keepID); err != nil {
		return Person{}, nil, fmt.Errorf("merge: update the person kept: %w", err)
	}
	return after, changes, nil
}

// checkMergeable refuses a duplicate that something other than the
// columns merging handles refers to: a landlord's accounts, a mandate, or
// a table added later that merging does not know yet.
func checkMergeable(ctx context.Context, tx *sql.Tx, drop Person) error {
	rows, err := tx.QueryContext(ctx, `SELECT m.name, f."from" FROM sqlite_master m, pragma_foreign_key_list(m.name) f
		WHERE m.type = 'table' AND f."table" = 'people' ORDER BY 1, 2`)
	if err != nil {
		return fmt.Errorf("merge: references: %w", err)
	}
	var others []string
	for rows.Next() {
		var table, column string
		if err := rows.Scan(&table, &column); err != nil {
			rows.Close()
			return err
		}
		col := table + "." + column
		if !mergeMoves[col] && !strings.Contains(strings.Join(mergeDrops, " "), col) {
			others = append(others, col)
		}
	}
	rows.Close()
	if err := rows.Err(); err != nil {
		return err
	}
	for _, col := range others {
		table, column, _ := strings.Cut(col, ".")
		var n int
		if err := tx.QueryRowContext(ctx, `SELECT count(*) FROM `+table+` WHERE `+column+` = ?`, drop.ID).Scan(&n); err != nil {
			return fmt.Errorf("merge: %s: %w", col, err)
		}
		if n > 0 {
			what := map[string]string{"postings.owner_id": "is a landlord with accounts", "scheduled_deductions.owner_id": "is a landlord with scheduled deductions",
				"mandates.person_id": "has a Direct Debit mandate", "staff.person_id": "is on the staff"}[col]
			if what == "" {
				what = "has records (" + table + ") that merging does not move"
			}
			return errs.Fields{"duplicate": drop.FullName + " " + what + ": they cannot be merged here."}.Err()
		}
	}
	return nil
}
