package contacts

import (
	"context"
	"database/sql"
	"fmt"
	"time"

	"porch/errs"
	"porch/estate"
	"porch/sqldb"
)

// MsgLocked is the field message for a detail the organisation's rules
// keep out of the portal.
const MsgLocked = "You cannot change this here. Contact us and we will change it for you."

// Request is what a person saved on their profile: a value for each field
// the form sent, by field name (FieldKeys). A field left out is left as it
// is.
type Request map[string]string

// Outcome is what saving a Request did.
type Outcome struct {
	Person  estate.Person  // the record after the changes saved at once
	Applied estate.Changes // saved at once
	Asked   []Change       // now waiting for the office
}

// Submit saves the person's own changes to their details under the
// organisation's rules, all or nothing: a detail whose rule is Immediate
// is saved through estate.UpdatePerson; one whose rule is Confirm waits
// for the office (replacing any change to it already waiting); one that
// is Locked is refused with MsgLocked on its field, however the request
// was made. Any refusal, or any value the person form would refuse, saves
// nothing at all. A value equal to the record's is no change, and leaves
// a change to it that is waiting as it is.
func Submit(ctx context.Context, tx *sql.Tx, personID int64, req Request, rules Rules, now time.Time) (Outcome, error) {
	before, err := estate.GetPersonByID(ctx, tx, personID)
	if err != nil {
		return Outcome{}, err
	}
	if before.Archived() {
		return Outcome{}, errs.E(errs.Invalid, "Your record is archived: contact us to change your details.")
	}
	cur := before.Input()
	proposed := cur
	for key, v := range req {
		f, ok := fieldOf(key)
		if !ok {
			return Outcome{}, errs.E(errs.Invalid, "Only your name, phone numbers, correspondence address and preferred contact method can be changed here.")
		}
		f.set(&proposed, v)
	}
	refused := errs.Fields{}
	tidy, err := proposed.Check()
	if err != nil {
		bad, ok := errs.As(err)
		if !ok || bad.Code != errs.Invalid {
			return Outcome{}, err
		}
		for k, msg := range bad.Fields {
			if _, sent := req[k]; sent { // another field's fault is not theirs to mend
				refused.Add(k, msg)
			}
		}
	}
	next := cur // saved at once
	var atOnce []string
	type wish struct {
		f field
		v string
	}
	var wishes []wish // waiting for the office
	for _, f := range fields {
		if _, sent := req[f.key]; !sent {
			continue
		}
		v := f.get(tidy)
		if v == f.get(cur) {
			continue
		}
		switch rules.Of(f.group) {
		case Immediate:
			f.set(&next, v)
			atOnce = append(atOnce, f.key)
		case Confirm:
			wishes = append(wishes, wish{f, v})
		default:
			refused.Add(f.key, MsgLocked)
		}
	}
	if err := refused.Err(); err != nil {
		return Outcome{}, err
	}
	out := Outcome{Person: before}
	if next != cur {
		if out.Person, out.Applied, err = estate.UpdatePerson(ctx, tx, personID, next); err != nil {
			return Outcome{}, err
		}
		// A detail saved at once ends a change to it still waiting, asked
		// for while its rule was Confirm.
		for _, key := range atOnce {
			if err := endWaiting(ctx, tx, personID, key, now); err != nil {
				return Outcome{}, err
			}
		}
	}
	for _, w := range wishes {
		ch, err := ask(ctx, tx, before, w.f, w.v, now)
		if err != nil {
			return Outcome{}, err
		}
		out.Asked = append(out.Asked, ch)
	}
	return out, nil
}

// Ask puts a change to one of the person's details before the office, as
// the profile does for a detail whose rule is Confirm; for the demo and
// for tests that need one waiting. The value is checked as the person
// form checks it.
func Ask(ctx context.Context, tx *sql.Tx, personID int64, key, value string, now time.Time) (Change, error) {
	p, err := estate.GetPersonByID(ctx, tx, personID)
	if err != nil {
		return Change{}, err
	}
	f, ok := fieldOf(key)
	if !ok {
		return Change{}, errs.E(errs.Invalid, "Unknown detail "+key+".")
	}
	tidy, err := withValue(p, key, value).Check()
	if err != nil {
		return Change{}, err
	}
	return ask(ctx, tx, p, f, f.get(tidy), now)
}

// ask records the change to f that p asked for, in place of any already
// waiting.
func ask(ctx context.Context, tx *sql.Tx, p estate.Person, f field, v string, now time.Time) (Change, error) {
	if err := endWaiting(ctx, tx, p.ID, f.key, now); err != nil {
		return Change{}, err
	}
	ch := Change{PublicID: sqldb.NewPublicID(), PersonID: p.ID, PersonPublicID: p.PublicID, PersonName: p.FullName,
		PersonEmail: p.Email, Field: f.key, Old: f.get(p.Input()), New: v, Current: f.get(p.Input()),
		RequestedAt: now.UTC()}
	res, err := tx.ExecContext(ctx, `INSERT INTO contact_changes (public_id, person_id, field, old_value, new_value, requested_at)
		VALUES (?, ?, ?, ?, ?, ?)`, ch.PublicID, p.ID, f.key, ch.Old, ch.New, sqldb.At(now))
	if err != nil {
		return Change{}, fmt.Errorf("ask contact change: %w", err)
	}
	ch.ID, err = res.LastInsertId()
	return ch, err
}

// endWaiting marks the person's change to the field that is waiting, if
// any, as replaced.
func endWaiting(ctx context.Context, tx *sql.Tx, personID int64, key string, now time.Time) error {
	if _, err := tx.ExecContext(ctx, `UPDATE contact_changes SET decided_at = ?, outcome = 'replaced'
		WHERE person_id = ? AND field = ? AND decided_at IS NULL`, sqldb.At(now), personID, key); err != nil {
		return fmt.Errorf("replace contact change: %w", err)
	}
	return nil
}
