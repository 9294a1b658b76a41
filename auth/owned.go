package auth

import (
	"context"
	"slices"

	"porch/estate"
	"porch/owners"
	"porch/sqldb"
)

// Property is a property the person owns as the owner portal shows it:
// their current link as its owner, and what the organisation lets them
// see of it.
type Property struct {
	estate.PersonUnit
	View owners.View
}

// ownedLinks are the person's current links as an owner of a property the
// agency lets or sells, one per unit.
func (s Scope) ownedLinks() []estate.PersonUnit {
	var out []estate.PersonUnit
	seen := map[int64]bool{}
	for _, l := range s.Current {
		if l.Role == estate.RoleOwner && l.Market != "" && !seen[l.UnitID] {
			seen[l.UnitID] = true
			out = append(out, l)
		}
	}
	return out
}

// Properties lists the properties the person owns today that the
// organisation shows in owners' portals, each with its widgets, in the
// order of their links. It reads the settings once and each property's
// override.
func (s Scope) Properties(ctx context.Context, q sqldb.Querier) ([]Property, error) {
	links := s.ownedLinks()
	if len(links) == 0 {
		return nil, nil
	}
	set, err := owners.LoadSettings(ctx, q)
	if err != nil {
		return nil, err
	}
	var out []Property
	for _, l := range links {
		o, err := owners.LoadOverride(ctx, q, l.UnitID)
		if err != nil {
			return nil, err
		}
		if v := owners.Resolve(set, o, l.Market); v.Shown {
			out = append(out, Property{PersonUnit: l, View: v})
		}
	}
	return out, nil
}

// Property returns the property with that public id if the person owns it
// today and the organisation shows it to them; otherwise NotFound, the
// same answer as for an address that does not exist.
func (s Scope) Property(ctx context.Context, q sqldb.Querier, publicID string) (Property, error) {
	for _, l := range s.ownedLinks() {
		if l.UnitPublicID != publicID {
			continue
		}
		set, err := owners.LoadSettings(ctx, q)
		if err != nil {
			return Property{}, err
		}
		o, err := owners.LoadOverride(ctx, q, l.UnitID)
		if err != nil {
			return Property{}, err
		}
		if v := owners.Resolve(set, o, l.Market); v.Shown {
			return Property{PersonUnit: l, View: v}, nil
		}
	}
	return Property{}, notInScope
}

// OwnsProperty reports whether the person owns the unit with that public
// id today as a property the agency lets or sells, shown or not.
func (s Scope) OwnsProperty(publicID string) bool {
	return slices.ContainsFunc(s.ownedLinks(), func(l estate.PersonUnit) bool { return l.UnitPublicID == publicID })
}

// OwnsProperties reports whether the person owns any property the agency
// lets or sells, shown or not: whether the owner portal is theirs at all.
func (s Scope) OwnsProperties() bool { return len(s.ownedLinks()) > 0 }
