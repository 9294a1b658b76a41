package handlers

import (
	"slices"
	"strings"
	"time"

	"porch/estate"
)

// UnitRoles is one unit a person is linked to, with every role they hold
// there.
type UnitRoles struct {
	UnitPublicID string
	UnitName     string
	SiteName     string
	Roles        []string
	Since        time.Time // the earliest of those links
}

// GroupUnits folds a person's links into one entry per unit, in order.
func GroupUnits(links []estate.PersonUnit) []UnitRoles {
	var out []UnitRoles
	at := map[int64]int{}
	for _, l := range links {
		i, ok := at[l.UnitID]
		if !ok {
			i = len(out)
			at[l.UnitID] = i
			out = append(out, UnitRoles{UnitPublicID: l.UnitPublicID, UnitName: l.UnitName, SiteName: l.SiteName, Since: l.Start})
		}
		if !slices.Contains(out[i].Roles, l.Role) {
			out[i].Roles = append(out[i].Roles, l.Role)
		}
		if l.Start.Before(out[i].Since) {
			out[i].Since = l.Start
		}
	}
	return out
}

// RoleList joins the roles for display: "leaseholder and occupier".
func (u UnitRoles) RoleList() string { return JoinAnd(u.Roles) }

// RoleTitle is RoleList starting with a capital: "Leaseholder".
func (u UnitRoles) RoleTitle() string { return Capitalise(u.RoleList()) }

func Capitalise(s string) string {
	if s == "" {
		return s
	}
	return strings.ToUpper(s[:1]) + s[1:]
}

func JoinAnd(items []string) string {
	switch len(items) {
	case 0:
		return ""
	case 1:
		return items[0]
	}
	return strings.Join(items[:len(items)-1], ", ") + " and " + items[len(items)-1]
}

// Plural is one when n is 1 and many otherwise.
func Plural(n int, one, many string) string {
	if n == 1 {
		return one
	}
	return many
}

func NonBlankLines(lines ...string) []string {
	var out []string
	for _, l := range lines {
		if l = strings.TrimSpace(l); l != "" {
			out = append(out, l)
		}
	}
	return out
}

// FirstName is how pages and emails greet a person.
func FirstName(p estate.Person) string { return p.GreetingName() }
