package auth

import (
	"context"
	"slices"
	"time"

	"porch/errs"
	"porch/estate"
	"porch/sqldb"
)

// Scope is what a signed-in person may see: the units they are linked to
// now (for everything current) and every unit they were ever linked to (for
// statements of the time they were linked), plus their staff role. Every
// resident and owner query goes through it.
type Scope struct {
	PersonID  int64
	StaffRole string              // "" when not staff
	Current   []estate.PersonUnit // links current today
	History   []estate.PersonUnit // every link, current and past
}

// LoadScope builds the scope of a person on the date today. Every signed-in
// request loads it, so it costs two indexed queries whatever the number of
// units: the person's links (current ones picked from them) and their
// staff role.
func LoadScope(ctx context.Context, q sqldb.Querier, personID int64, today time.Time) (Scope, error) {
	s := Scope{PersonID: personID}
	var err error
	if s.Current, s.History, err = estate.LinksOfPerson(ctx, q, personID, today); err != nil {
		return s, err
	}
	role, err := estate.StaffRole(ctx, q, personID)
	switch {
	case err == nil:
		s.StaffRole = role
	case !errs.Is(err, errs.NotFound):
		return s, err
	}
	return s, nil
}

// IsStaff reports whether the person works for the organisation.
func (s Scope) IsStaff() bool { return s.StaffRole != "" }

// Roles lists the person's current unit roles, each once, in estate.Roles
// order.
func (s Scope) Roles() []string {
	var out []string
	for _, r := range estate.Roles {
		for _, u := range s.Current {
			if u.Role == r {
				out = append(out, r)
				break
			}
		}
	}
	return out
}

// HasRole reports whether the person currently holds role at any unit.
func (s Scope) HasRole(role string) bool { return slices.Contains(s.Roles(), role) }

// notInScope is what a person gets for an object outside their scope: the
// same answer as for one that does not exist, so ids cannot be probed.
var notInScope = errs.E(errs.NotFound, "There is no page at this address.")

// CurrentUnit returns the person's current link to the unit with that
// public id, or NotFound.
func (s Scope) CurrentUnit(publicID string) (estate.PersonUnit, error) {
	for _, u := range s.Current {
		if u.UnitPublicID == publicID {
			return u, nil
		}
	}
	return estate.PersonUnit{}, notInScope
}

// StatementUnit returns the person's links to the unit with that public id,
// current or past, for reading its statement over the periods they were
// linked; NotFound when there were none.
func (s Scope) StatementUnit(publicID string) ([]estate.PersonUnit, error) {
	var out []estate.PersonUnit
	for _, u := range s.History {
		if u.UnitPublicID == publicID {
			out = append(out, u)
		}
	}
	if len(out) == 0 {
		return nil, notInScope
	}
	return out, nil
}

// Units returns the distinct units the person is linked to now, in order.
func (s Scope) Units() []estate.PersonUnit {
	var out []estate.PersonUnit
	seen := map[int64]bool{}
	for _, u := range s.Current {
		if !seen[u.UnitID] {
			seen[u.UnitID] = true
			out = append(out, u)
		}
	}
	return out
}
