package handlers

import (
	"net/http"
	"time"

	"github.com/labstack/echo/v4"

	"porch/estate"
)

type residentHomePage struct {
	FirstName string
	Homes     []UnitRoles
	IsStaff   bool
}

// residentHome is the front page of a signed-in person: their homes, and
// for staff the way to the admin screens. Everything on it comes from the
// person's own scope.
func (s *Kit) residentHome(c echo.Context) error {
	id := IdentityOf(c)
	// One card per unit of Scope.Units, with every role held there.
	p := residentHomePage{FirstName: FirstName(id.Person), Homes: GroupUnits(id.Scope.Current), IsStaff: id.Scope.IsStaff()}
	return s.RenderPage(c, http.StatusOK, "resident_home", "Your homes", p, false)
}

type residentUnitPage struct {
	Unit  estate.Unit
	Roles []string
	Since time.Time
}

// RoleTitle names the person's roles at the unit: "Leaseholder".
func (p residentUnitPage) RoleTitle() string { return Capitalise(JoinAnd(p.Roles)) }

// residentUnit shows one of the person's own units. Any other unit is
// "not found", exactly as for an id that does not exist.
func (s *Kit) residentUnit(c echo.Context) error {
	id := IdentityOf(c)
	if _, err := id.Scope.CurrentUnit(c.Param("id")); err != nil {
		return err
	}
	var mine UnitRoles
	for _, u := range GroupUnits(id.Scope.Current) {
		if u.UnitPublicID == c.Param("id") {
			mine = u
		}
	}
	unit, err := estate.GetUnit(c.Request().Context(), OrgOf(c).DB.Read(), mine.UnitPublicID)
	if err != nil {
		return err
	}
	return s.RenderPage(c, http.StatusOK, "resident_unit", unit.Name,
		residentUnitPage{Unit: unit, Roles: mine.Roles, Since: mine.Since}, false)
}
