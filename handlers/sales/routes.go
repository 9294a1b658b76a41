// Package sales serves the manager's side of selling owners' properties:
// the properties marked for sale, and each one's offers, viewings and the
// viewers' feedback, recorded inline.
package sales

import (
	"github.com/labstack/echo/v4"

	"porch/auth"
	"porch/handlers"
)

// handler serves this feature's pages with the shared kit.
type handler struct{ *handlers.Kit }

// salesURL is the address of the list of properties for sale.
const salesURL = "/admin/sales"

// Routes registers this feature's routes: every member of staff may see
// the sales; recording offers, decisions, viewings and their outcomes is
// part of looking after the estate's properties (ManageEstate), like
// marking a property for sale and linking its owner.
func Routes(e *echo.Echo, k *handlers.Kit) {
	s := &handler{k}
	k.Blocks("admin_sale", saleBlocks...)
	g := s.Admin(e, "/sales", auth.SeePeople)
	g.GET("", s.list)
	g.GET("/:unit", s.page)
	m := g.Needing(auth.ManageEstate)
	m.POST("/:unit/offers", s.recordOffer)
	m.POST("/:unit/offers/:offer", s.decideOffer)
	m.POST("/:unit/viewings", s.bookViewing)
	m.POST("/:unit/viewings/:viewing", s.recordOutcome)
}
