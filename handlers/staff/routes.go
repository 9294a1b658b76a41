// Package staff serves the staff home: the dashboard, people with their
// portal access and invitations, the team of staff and their roles, and
// the welcome email.
package staff

import (
	"github.com/labstack/echo/v4"

	"porch/handlers"
)

// handler serves this feature's pages with the shared kit.
type handler struct{ *handlers.Kit }

// Routes registers this feature's routes.
func Routes(e *echo.Echo, k *handlers.Kit) {
	s := &handler{k}
	k.Blocks("admin_people", "people-rows", "person-row")
	k.Blocks("admin_person", "person-access", "person-details")
	k.Blocks("admin_person_new", "person-new")
	k.Blocks("admin_search", "search-results")
	k.Blocks("admin_welcome", "welcome-preview", "welcome-editor")
	k.Blocks("admin_team", "team-screen", "team-row")
	s.staffRoutes(e)
	s.teamRoutes(e)
	s.teamPhotoRoutes(e)
}
