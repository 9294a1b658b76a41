// Package properties serves the set-up of properties for the owner
// portal: whether the agency lets or sells each one, the staff linked to
// it, what its owners see of it (the organisation's settings and each
// property's override), and the linked staff's photos as owners see them.
package properties

import (
	"github.com/labstack/echo/v4"

	"porch/auth"
	"porch/handlers"
)

// handler serves this feature's pages with the shared kit.
type handler struct{ *handlers.Kit }

// Routes registers this feature's routes: every member of staff may see
// a property's set-up; changing it is part of running the estate
// (ManageEstate); the organisation's settings are its managers'
// (ChangeSettings). A staff photo is served to any signed-in person the
// photo route itself allows.
func Routes(e *echo.Echo, k *handlers.Kit) {
	s := &handler{k}
	k.Blocks("admin_property", "property-screen")
	k.Blocks("admin_owner_portal", "owner-portal-settings")

	g := s.Admin(e, "/properties", auth.SeePeople)
	g.GET("/:unit", s.propertyPage)
	m := g.Needing(auth.ManageEstate)
	m.POST("/:unit/market", s.saveMarket)
	m.POST("/:unit/staff", s.linkStaff)
	m.POST("/:unit/staff/remove", s.unlinkStaff)
	m.POST("/:unit/portal", s.saveOverride)

	st := s.Admin(e, "/settings/owner-portal", auth.ChangeSettings)
	st.GET("", s.settingsPage)
	st.POST("", s.saveSettings)

	s.Person(e, "/owner/team").GET("/:id/photo", s.staffPhoto)
}
