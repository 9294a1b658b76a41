// Package sites serves the estate's set-up screens: sites with their
// landlord and year end, their units (one at a time or a numbered range)
// and a block's apportionment schedules with each unit's share, each
// editable and archivable, so a new organisation can enter its estate
// from nothing.
package sites

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
	k.Blocks("admin_sites", "site-add")
	k.Blocks("admin_site", siteBlocks...)
	k.Blocks("admin_unit", unitBlocks...)
	k.Blocks("admin_import", "import-screen")
	k.Blocks("admin_apportionment", apBlocks...)
	s.routes(e)
	s.settingsRoutes(e)
}

// routes registers the screens: everyone on staff may look, only those
// who may manage the estate change it.
func (s *handler) routes(e *echo.Echo) {
	g := s.Admin(e, "/sites", auth.SeePeople)
	g.GET("", s.sitesList)
	g.GET("/:id", s.sitePage)
	g.GET("/:id/units/:unit", s.unitPage)
	g.GET("/:id/apportionments/:ap", s.apportionmentPage)

	m := g.Needing(auth.ManageEstate)
	m.GET("/import", s.importForm)
	m.GET("/import/template.csv", s.importTemplate)
	m.POST("/import", s.importRun)
	m.POST("", s.createSite)
	m.POST("/:id", s.updateSite)
	m.POST("/:id/archive", s.archiveSite)
	m.POST("/:id/restore", s.restoreSite)
	m.POST("/:id/reminders", s.saveReminders)
	m.POST("/:id/units", s.addUnit)
	m.POST("/:id/units/range", s.addUnitRange)
	m.POST("/:id/units/:unit", s.updateUnit)
	m.POST("/:id/units/:unit/archive", s.archiveUnit)
	m.POST("/:id/units/:unit/restore", s.restoreUnit)
	m.POST("/:id/units/:unit/occupancies", s.addOccupancy)
	m.POST("/:id/units/:unit/occupancies/:occ/terms", s.saveTerms)
	m.POST("/:id/units/:unit/occupancies/:occ/end", s.endOccupancy)
	m.POST("/:id/units/:unit/occupancies/:occ/change", s.changeOccupier)
	m.POST("/:id/units/:unit/occupancies/:occ/parties", s.addJoint)
	m.POST("/:id/units/:unit/occupancies/:occ/parties/:party/remove", s.removeParty)
	m.POST("/:id/apportionments", s.createApportionment)
	m.POST("/:id/apportionments/:ap", s.saveShares)
	m.POST("/:id/apportionments/:ap/name", s.renameApportionment)
	m.POST("/:id/apportionments/:ap/archive", s.archiveApportionment)
	m.POST("/:id/apportionments/:ap/restore", s.restoreApportionment)

	s.Admin(e, "/units", auth.SeePeople).GET("/:unit", s.unitByPublicID)
}
