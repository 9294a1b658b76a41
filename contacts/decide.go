package contacts

import (
	"context"
	"database/sql"
	"maps"
	"slices"
	"strings"
	"time"

	"porch/errs"
	"porch/estate"
)

// Decision is a change the office decided, with the person as their
// record stands afterwards.
type Decision struct {
	Change
	Person  estate.Person
	Applied estate.Changes // what approving changed on the record
}

// MaxReason bounds the reason given for a rejection.
const MaxReason = 500

// decidable reads the waiting change for a decision by decider, and the
// person it is for as their record is now: nobody decides a change to
// their own details.
func decidable(ctx context.Context, tx *sql.Tx, publicID string, decider int64) (Change, estate.Person, error) {
	ch, err := GetWaiting(ctx, tx, publicID)
	if err != nil {
		return ch, estate.Person{}, err
	}
	if ch.PersonID == decider {
		return ch, estate.Person{}, errs.E(errs.Forbidden, "Someone else in the office must decide a change to your own details.")
	}
	p, err := estate.GetPersonByID(ctx, tx, ch.PersonID)
	return ch, p, err
}

// Approve applies a waiting change through estate.UpdatePerson, over the
// record as it is now (Decision.Moved says whether the detail changed
// since the person asked), and closes it. A value the record can no
// longer take (the person was archived) is refused with the reason.
func Approve(ctx context.Context, tx *sql.Tx, publicID string, decider int64, now time.Time) (Decision, error) {
	ch, p, err := decidable(ctx, tx, publicID, decider)
	if err != nil {
		return Decision{}, err
	}
	d := Decision{Change: ch}
	if d.Person, d.Applied, err = estate.UpdatePerson(ctx, tx, p.ID, withValue(p, ch.Field, ch.New)); err != nil {
		if bad, ok := errs.As(err); ok && bad.Code == errs.Invalid {
			msg := bad.Message
			if keys := slices.Sorted(maps.Keys(bad.Fields)); len(keys) > 0 {
				msg = bad.Fields[keys[0]] // one field at a time: the same one every time
			}
			return Decision{}, errs.E(errs.Invalid, "This change cannot be applied: "+msg)
		}
		return Decision{}, err
	}
	return d, closeChange(ctx, tx, ch.ID, "approved", &decider, "", now)
}

// Reject closes a waiting change without applying it, with the reason the
// person is told (required, on the field "reason").
func Reject(ctx context.Context, tx *sql.Tx, publicID string, decider int64, reason string, now time.Time) (Decision, error) {
	reason = strings.TrimSpace(strings.ReplaceAll(reason, "\r\n", "\n"))
	switch {
	case reason == "":
		return Decision{}, errs.Fields{"reason": "Say why, so we can tell them."}.Err()
	case len(reason) > MaxReason:
		return Decision{}, errs.Fields{"reason": "Keep the reason to 500 characters or fewer."}.Err()
	}
	ch, p, err := decidable(ctx, tx, publicID, decider)
	if err != nil {
		return Decision{}, err
	}
	return Decision{Change: ch, Person: p}, closeChange(ctx, tx, ch.ID, "rejected", &decider, reason, now)
}

// Withdraw closes one of the person's own waiting changes at their
// request. Another person's change answers NotFound, as one that does not
// exist.
func Withdraw(ctx context.Context, tx *sql.Tx, personID int64, publicID string, now time.Time) (Change, error) {
	ch, err := GetWaiting(ctx, tx, publicID)
	if err != nil {
		return ch, err
	}
	if ch.PersonID != personID {
		return Change{}, errs.E(errs.NotFound, "This change is no longer waiting: it was decided or withdrawn.")
	}
	return ch, closeChange(ctx, tx, ch.ID, "withdrawn", nil, "", now)
}
