package owners

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"slices"
	"strings"
	"time"
	"unicode"

	"porch/errs"
	"porch/estate"
	"porch/sqldb"
)

// The roles a member of staff has on a property (unit_staff.role): its
// property manager looks after a letting; a sale has a negotiator, who
// deals with the buyers, and a valuer, who priced it.
const (
	RolePropertyManager = "property_manager"
	RoleNegotiator      = "negotiator"
	RoleValuer          = "valuer"
)

// TeamRoles lists the property roles in the order forms offer them.
var TeamRoles = []string{RolePropertyManager, RoleNegotiator, RoleValuer}

// TeamRoleLabel names a property role for people.
func TeamRoleLabel(role string) string {
	switch role {
	case RolePropertyManager:
		return "Property manager"
	case RoleNegotiator:
		return "Negotiator"
	case RoleValuer:
		return "Valuer"
	}
	return role
}

// StaffLink is a member of staff linked to a property in a role.
type StaffLink struct {
	UnitID         int64
	Role           string
	PersonID       int64
	PersonPublicID string
	FullName       string
	LinkedAt       time.Time
	Staff          bool // still a member of staff; a link outlives a departure but shows nowhere to owners
}

// RoleLabel is the link's role as people call it.
func (l StaffLink) RoleLabel() string { return TeamRoleLabel(l.Role) }

// LinkStaff links the member of staff personID to the unit in role. Linking
// someone already linked in that role links them again: linked_at moves to
// now, so they become the one owners see. It reports whether the link
// existed. Field names in validation errors: person, role.
func LinkStaff(ctx context.Context, tx *sql.Tx, now time.Time, unitID, personID int64, role string) (again bool, err error) {
	f := errs.Fields{}
	if !slices.Contains(TeamRoles, role) {
		f.Add("role", "Choose property manager, negotiator or valuer.")
	}
	if _, err := estate.StaffRole(ctx, tx, personID); errs.Is(err, errs.NotFound) {
		f.Add("person", "Choose a current member of staff.")
	} else if err != nil {
		return false, err
	}
	if err := f.Err(); err != nil {
		return false, err
	}
	if _, err := estate.GetUnitByID(ctx, tx, unitID); err != nil {
		return false, err
	}
	var n int
	if err := tx.QueryRowContext(ctx, `SELECT count(*) FROM unit_staff WHERE unit_id = ? AND role = ? AND person_id = ?`,
		unitID, role, personID).Scan(&n); err != nil {
		return false, fmt.Errorf("link staff: %w", err)
	}
	_, err = tx.ExecContext(ctx, `INSERT INTO unit_staff (unit_id, role, person_id, linked_at) VALUES (?, ?, ?, ?)
		ON CONFLICT (unit_id, role, person_id) DO UPDATE SET linked_at = excluded.linked_at`,
		unitID, role, personID, sqldb.At(now))
	if err != nil {
		return false, fmt.Errorf("link staff: %w", err)
	}
	return n > 0, nil
}

// UnlinkStaff removes the member of staff's link to the unit in role;
// NotFound when there is none.
func UnlinkStaff(ctx context.Context, tx *sql.Tx, unitID, personID int64, role string) error {
	res, err := tx.ExecContext(ctx, `DELETE FROM unit_staff WHERE unit_id = ? AND role = ? AND person_id = ?`, unitID, role, personID)
	if err != nil {
		return fmt.Errorf("unlink staff: %w", err)
	}
	if n, _ := res.RowsAffected(); n == 0 {
		return errs.E(errs.NotFound, "That member of staff is not linked to this property in that role.")
	}
	return nil
}

// UnitStaff lists the staff linked to the unit, by role (in TeamRoles'
// order), the most recently linked first within each.
func UnitStaff(ctx context.Context, q sqldb.Querier, unitID int64) ([]StaffLink, error) {
	out, err := sqldb.QueryAll(ctx, q, func(r sqldb.Scanner) (StaffLink, error) {
		var l StaffLink
		err := r.Scan(&l.UnitID, &l.Role, &l.PersonID, &l.PersonPublicID, &l.FullName, sqldb.Into(&l.LinkedAt), &l.Staff)
		return l, err
	}, `SELECT us.unit_id, us.role, p.id, p.public_id, p.full_name, us.linked_at, s.person_id IS NOT NULL
		FROM unit_staff us JOIN people p ON p.id = us.person_id LEFT JOIN staff s ON s.person_id = us.person_id
		WHERE us.unit_id = ?
		ORDER BY CASE us.role WHEN 'property_manager' THEN 0 WHEN 'negotiator' THEN 1 ELSE 2 END, us.linked_at DESC, p.id DESC`, unitID)
	if err != nil {
		return nil, fmt.Errorf("unit staff: %w", err)
	}
	return out, nil
}

// TeamContact is the one member of staff an owner sees on a property's
// page: who to call about it.
type TeamContact struct {
	PersonPublicID string
	Name           string
	Role           string // RolePropertyManager, RoleNegotiator or RoleValuer
	Phone          string // "" when none is recorded
	Email          string
	HasPhoto       bool
}

// RoleLabel is the contact's role on the property as people call it.
func (c TeamContact) RoleLabel() string { return TeamRoleLabel(c.Role) }

// PhotoURL is where the contact's photo is served, to the owners of the
// properties they are linked to and to staff.
func (c TeamContact) PhotoURL() string { return StaffPhotoURL(c.PersonPublicID) }

// StaffPhotoURL is the address of the photo of the member of staff with
// that public id.
func StaffPhotoURL(personPublicID string) string { return "/owner/team/" + personPublicID + "/photo" }

// Initials are the first letters of the contact's first and last names,
// shown when there is no photo.
func (c TeamContact) Initials() string { return Initials(c.Name) }

// Initials are the upper-case first letters of a name's first and last
// words: "Daniel Okonjo" is "DO", "Cher" is "C".
func Initials(name string) string {
	words := strings.FieldsFunc(name, func(r rune) bool { return !unicode.IsLetter(r) && r != '\'' })
	if len(words) == 0 {
		return ""
	}
	first := func(w string) string {
		for _, r := range w {
			if unicode.IsLetter(r) {
				return string(unicode.ToUpper(r))
			}
		}
		return ""
	}
	if len(words) == 1 {
		return first(words[0])
	}
	return first(words[0]) + first(words[len(words)-1])
}

// cardRoles are the roles whose members an owner sees for a property of
// each market, in order of preference: the first role with anyone linked
// wins, and within it the member linked last.
var cardRoles = map[string][]string{
	estate.MarketLetting: {RolePropertyManager},
	estate.MarketSale:    {RoleNegotiator, RoleValuer},
}

// TeamCard is the member of staff an owner of the unit sees: for a letting
// the property manager linked most recently; for a sale the negotiator
// linked most recently, or when no negotiator is, the valuer linked most
// recently. Only current members of staff count. It is nil when nobody is
// linked, and for a unit of neither market.
func TeamCard(ctx context.Context, q sqldb.Querier, unitID int64, market string) (*TeamContact, error) {
	for _, role := range cardRoles[market] {
		var c TeamContact
		var photo string
		err := q.QueryRowContext(ctx, `SELECT p.public_id, p.full_name, p.phone, coalesce(p.email, ''), s.photo_hash
			FROM unit_staff us JOIN staff s ON s.person_id = us.person_id JOIN people p ON p.id = us.person_id
			WHERE us.unit_id = ? AND us.role = ?
			ORDER BY us.linked_at DESC, p.id DESC LIMIT 1`, unitID, role).
			Scan(&c.PersonPublicID, &c.Name, &c.Phone, &c.Email, &photo)
		if errors.Is(err, sql.ErrNoRows) {
			continue
		}
		if err != nil {
			return nil, fmt.Errorf("team card: %w", err)
		}
		c.Role, c.HasPhoto = role, photo != ""
		return &c, nil
	}
	return nil, nil
}

// LinkedToAny reports whether the member of staff personID is linked, in
// any role, to any of the units.
func LinkedToAny(ctx context.Context, q sqldb.Querier, personID int64, unitIDs []int64) (bool, error) {
	for _, u := range unitIDs {
		var n int
		if err := q.QueryRowContext(ctx, `SELECT count(*) FROM unit_staff WHERE unit_id = ? AND person_id = ?`, u, personID).Scan(&n); err != nil {
			return false, fmt.Errorf("staff linked: %w", err)
		}
		if n > 0 {
			return true, nil
		}
	}
	return false, nil
}
