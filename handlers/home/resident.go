package home

import (
	"net/http"
	"time"

	"github.com/labstack/echo/v4"

	"porch/estate"
	"porch/handlers"
)

type residentHomePage struct {
	FirstName string
	Homes     []handlers.UnitRoles
	IsStaff   bool
}

// residentHome is the front page of a signed-in person: their homes, and
// for staff the way to the admin screens. Everything on it comes from the
// person's own scope.
func (s *handler) residentHome(c echo.Context) error {
	id := handlers.IdentityOf(c)
	// One card per unit of Scope.Units, with every role held there.
	p := residentHomePage{FirstName: handlers.FirstName(id.Person), Homes: handlers.GroupUnits(id.Scope.Current), IsStaff: id.Scope.IsStaff()}
	return s.Render(c, http.StatusOK, handlers.View{Page: "resident_home", Title: "Your homes", Data: p})
}

type residentUnitPage struct {
	Unit  estate.Unit
	Roles []string
	Since time.Time
}

// RoleTitle names the person's roles at the unit: "Leaseholder".
func (p residentUnitPage) RoleTitle() string { return handlers.Capitalise(handlers.JoinAnd(p.Roles)) }

// residentUnit shows one of the person's own units. Any other unit is
// "not found", exactly as for an id that does not exist.
func (s *handler) residentUnit(c echo.Context) error {
	id := handlers.IdentityOf(c)
	if _, err := id.Scope.CurrentUnit(c.Param("id")); err != nil {
		return err
	}
	var mine handlers.UnitRoles
	for _, u := range handlers.GroupUnits(id.Scope.Current) {
		if u.UnitPublicID == c.Param("id") {
			mine = u
		}
	}
	unit, err := estate.GetUnit(c.Request().Context(), handlers.OrgOf(c).DB.Read(), mine.UnitPublicID)
	if err != nil {
		return err
	}
	return s.Render(c, http.StatusOK, handlers.View{Page: "resident_unit", Title: unit.Name, Data: residentUnitPage{Unit: unit, Roles: mine.Roles, Since: mine.Since}})
}
