package handlers

import (
	"net/http"
	"time"

	"github.com/labstack/echo/v4"

	"porch/estate"
)

type residentHomePage struct {
	FirstName string
	Homes     []unitRoles
	IsStaff   bool
}

// residentHome is the front page of a signed-in person: their homes, and
// for staff the way to the admin screens. Everything on it comes from the
// person's own scope.
func (s *server) residentHome(c echo.Context) error {
	id := identityOf(c)
	// One card per unit of Scope.Units, with every role held there.
	p := residentHomePage{FirstName: firstName(id.Person), Homes: groupUnits(id.Scope.Current), IsStaff: id.Scope.IsStaff()}
	return s.renderPage(c, http.StatusOK, "resident_home", "Your homes", p, false)
}

type residentUnitPage struct {
	Unit  estate.Unit
	Roles []string
	Since time.Time
}

// RoleTitle names the person's roles at the unit: "Leaseholder".
func (p residentUnitPage) RoleTitle() string { return capitalise(joinAnd(p.Roles)) }

// residentUnit shows one of the person's own units. Any other unit is
// "not found", exactly as for an id that does not exist.
func (s *server) residentUnit(c echo.Context) error {
	id := identityOf(c)
	if _, err := id.Scope.CurrentUnit(c.Param("id")); err != nil {
		return err
	}
	var mine unitRoles
	for _, u := range groupUnits(id.Scope.Current) {
		if u.UnitPublicID == c.Param("id") {
			mine = u
		}
	}
	unit, err := estate.GetUnit(c.Request().Context(), orgOf(c).DB.Read(), mine.UnitPublicID)
	if err != nil {
		return err
	}
	return s.renderPage(c, http.StatusOK, "resident_unit", unit.Name,
		residentUnitPage{Unit: unit, Roles: mine.Roles, Since: mine.Since}, false)
}
