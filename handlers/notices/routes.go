// Package notices serves notices: the manager posts them to sites, drafts,
// schedules, edits and withdraws them and chooses which sites' residents
// see notices at all; residents read the notices of their buildings.
package notices

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
	k.Blocks("admin_notice", "notice-form", "notice-preview")
	s.adminRoutes(e)
	s.residentRoutes(e)
}

// adminRoutes: all staff read the notices; posting them needs
// PostNotices, and switching a site's notices off, a setting of the
// site, ManageEstate.
func (s *handler) adminRoutes(e *echo.Echo) {
	g := s.Admin(e, "/notices", auth.SeePeople)
	g.GET("", s.listPage)
	g.GET("/new", s.newPage)
	g.GET("/:id", s.editPage)
	g.GET("/:id/attachment", s.staffAttachment)
	m := g.Needing(auth.PostNotices)
	m.POST("", s.create)
	m.POST("/preview", s.preview)
	m.POST("/:id", s.update)
	m.POST("/:id/withdraw", s.withdraw)
	s.AllowUploads("/admin/notices", "/admin/notices/:id")
}

// residentRoutes: a signed-in person reads the notices of the sites of
// their homes.
func (s *handler) residentRoutes(e *echo.Echo) {
	r := s.Person(e, "/notices")
	r.GET("", s.residentList)
	r.GET("/:id", s.residentNotice)
	r.GET("/:id/attachment", s.residentAttachment)
}
