// Package tickets serves the staff's side of residents' requests: their
// set-up (the categories a request is filed under; which of them residents
// may pick on each site is among the site's settings) and the desk where
// staff work them.
package tickets

import (
	"github.com/labstack/echo/v4"

	"porch/auth"
	"porch/handlers"
)

// handler serves this feature's pages with the shared kit.
type handler struct{ *handlers.Kit }

// Routes registers this feature's routes.
func Routes(e *echo.Echo, k *handlers.Kit) {
	s := &handler{k}
	k.Blocks("admin_ticket_categories", "categories-screen")
	s.routes(e)
	s.residentRoutes(e)
	s.quoteRoutes(e)
	s.deskRoutes(e)
}

// routes registers the screens: everyone on staff may look; changing the
// categories, like the rest of the estate's set-up, needs ManageEstate.
// Which of them a site's residents may pick is among the site's settings
// (handlers/sites).
func (s *handler) routes(e *echo.Echo) {
	g := s.Admin(e, "/tickets", auth.SeePeople)
	g.GET("/categories", s.categoriesPage)
	m := g.Needing(auth.ManageEstate)
	m.POST("/categories", s.addCategory)
	m.POST("/categories/:cat", s.renameCategory)
	m.POST("/categories/:cat/retire", s.retireCategory)
	m.POST("/categories/:cat/restore", s.restoreCategory)
}
