package estate

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

// UpdatePerson saves the person form over the person with id and returns
// what changed. Portal access is not part of the form (it has its own
// actions), nor is an archived person editable. An email address may
// belong to one person only.
func UpdatePerson(ctx context.Context, tx *sql.Tx, id int64, in PersonInput) (Person, Changes, error) {
	before, err := GetPersonByID(ctx, tx, id)
	if err != nil {
		return Person{}, nil, err
	}
	if before.Archived() {
		return Person{}, nil, errs.E(errs.Invalid, "This person is archived. Restore them before changing their details.")
	}
	f := in.validate()
	if _, ok := f["email"]; !ok && in.Email != "" && !strings.EqualFold(in.Email, before.Email) {
		var one int
		err := tx.QueryRowContext(ctx, `SELECT 1 FROM people WHERE email = ? AND id <> ?`, in.Email, id).Scan(&one)
		switch {
		case err == nil:
			f.Add("email", "Someone else has this email address.")
		case !errors.Is(err, sql.ErrNoRows):
			return Person{}, nil, fmt.Errorf("check email: %w", err)
		}
	}
	if in.Email == "" && before.PortalEnabled && before.Email != "" {
		if n, err := liveDevices(ctx, tx, id); err != nil {
			return Person{}, nil, err
		} else if n > 0 {
			f.Add("email", "They sign in with their email address: turn their portal access off before removing it.")
		}
	}
	if err := f.Err(); err != nil {
		return Person{}, nil, err
	}
	after := before
	after.Kind, after.Title, after.FullName, after.Email = in.Kind, in.Title, in.FullName, in.Email
	after.Phone, after.OtherPhone, after.CorrespondenceAddress = in.Phone, in.OtherPhone, in.CorrespondenceAddress
	after.PreferredContact = in.PreferredContact
	var changes Changes
	changes.add("kind", before.Kind, after.Kind)
	changes.add("title", before.Title, after.Title)
	changes.add("name", before.FullName, after.FullName)
	changes.add("email", before.Email, after.Email)
	changes.add("phone", before.Phone, after.Phone)
	changes.add("other_phone", before.OtherPhone, after.OtherPhone)
	changes.add("correspondence_address", before.CorrespondenceAddress, after.CorrespondenceAddress)
	changes.add("preferred_contact", before.PreferredContact, after.PreferredContact)
	if len(changes) == 0 {
		return after, nil, nil
	}
	var email any // NULL when unknown, as CreatePerson
	if after.Email != "" {
		email = after.Email
	}
	if _, err := tx.ExecContext(ctx, `UPDATE people SET kind = ?, title = ?, full_name = ?, email = ?, phone = ?,
		other_phone = ?, correspondence_address = ?, preferred_contact = ? WHERE id = ?`, after.Kind, after.Title,
		after.FullName, email, after.Phone, after.OtherPhone, after.CorrespondenceAddress, after.PreferredContact, id); err != nil {
		return Person{}, nil, fmt.Errorf("update person: %w", err)
	}
	return after, changes, nil
}

// liveDevices counts the person's signed-in devices.
func liveDevices(ctx context.Context, q sqldb.Querier, personID int64) (int, error) {
	var n int
	if err := q.QueryRowContext(ctx, `SELECT count(*) FROM devices WHERE person_id = ? AND revoked_at IS NULL`, personID).Scan(&n); err != nil {
		return 0, fmt.Errorf("count devices: %w", err)
	}
	return n, nil
}

// ArchivePerson archives someone who has left: they keep their history
// but leave the lists, and lose portal access (invitations withdrawn; the
// caller signs their devices out in the same transaction). Someone still
// linked to a home today or later, or on the staff, cannot be archived:
// end the link or the role first.
func ArchivePerson(ctx context.Context, tx *sql.Tx, id int64, now time.Time) error {
	p, err := GetPersonByID(ctx, tx, id)
	if err != nil {
		return err
	}
	if p.Archived() {
		return nil
	}
	today := sqldb.FormatDate(now.In(UK))
	var homes int
	if err := tx.QueryRowContext(ctx, `SELECT count(*) FROM unit_people WHERE person_id = ?
		AND (end_date IS NULL OR end_date >= ?)`, id, today).Scan(&homes); err != nil {
		return fmt.Errorf("count homes: %w", err)
	}
	if homes > 0 {
		return errs.E(errs.Invalid, fmt.Sprintf("%s is still linked to %d %s. End those links before archiving them.",
			p.FullName, homes, plural(homes, "home", "homes")))
	}
	if _, err := StaffRole(ctx, tx, id); err == nil {
		return errs.E(errs.Invalid, p.FullName+" is on the staff. Remove their staff role before archiving them.")
	} else if !errs.Is(err, errs.NotFound) {
		return err
	}
	if err := SetPortalEnabled(ctx, tx, id, false, now); err != nil {
		return err
	}
	if _, err := tx.ExecContext(ctx, `UPDATE people SET archived_at = ? WHERE id = ?`, sqldb.At(now), id); err != nil {
		return fmt.Errorf("archive person: %w", err)
	}
	return nil
}

// RestorePerson brings an archived person back to the lists. Portal access
// stays off until someone turns it on.
func RestorePerson(ctx context.Context, tx *sql.Tx, id int64) error {
	res, err := tx.ExecContext(ctx, `UPDATE people SET archived_at = NULL WHERE id = ?`, id)
	if err != nil {
		return fmt.Errorf("restore person: %w", err)
	}
	if n, _ := res.RowsAffected(); n == 0 {
		return errs.E(errs.NotFound, "Person not found.")
	}
	return nil
}
