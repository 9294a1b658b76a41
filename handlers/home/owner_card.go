package home

import (
	"github.com/labstack/echo/v4"

	"porch/auth"
	"porch/estate"
	"porch/handlers"
)

// ownerPortalUnit reports whether the person holds the unit only as the
// owner of a property the agency lets or sells: it belongs on the owner
// portal's card, not among the homes whose accounts they read.
func ownerPortalUnit(s auth.Scope, u handlers.UnitRoles) bool {
	return len(u.Roles) == 1 && u.Roles[0] == estate.RoleOwner && s.OwnsProperty(u.UnitPublicID)
}

// propertiesCard fills the way to the owner portal: the properties the
// organisation shows the person as their owner.
func (s *handler) propertiesCard(c echo.Context, p *residentHomePage) error {
	id := handlers.IdentityOf(c)
	if !id.Scope.OwnsProperties() {
		return nil
	}
	var err error
	p.Properties, err = id.Scope.Properties(c.Request().Context(), handlers.OrgOf(c).DB.Read())
	return err
}
