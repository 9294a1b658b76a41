package tickets

import (
	"github.com/labstack/echo/v4"

	"porch/auth"
)

// quoteRoutes registers the owner approval of quotes: the panel staff
// work a ticket's quotes in, and the owner's own pages where they answer
// them. Staff who see people may read the panel; asking and withdrawing,
// like any other work on a ticket, need WorkTickets.
func (s *handler) quoteRoutes(e *echo.Echo) {
	s.Blocks("owner_approval_desk", quotesBlock)
	g := s.Admin(e, "/tickets", auth.SeePeople)
	g.GET("/:id/quotes", s.quotesPanel)
	g.GET("/:id/quotes/:quote/document", s.quoteDocument)
	m := g.Needing(auth.WorkTickets)
	m.POST("/:id/quotes", s.askQuote)
	m.POST("/:id/quotes/:quote/withdraw", s.withdrawQuote)
	s.AllowUploads("/admin/tickets/:id/quotes")

	o := s.Person(e, approvalsURL)
	o.GET("", s.approvals)
	o.GET("/:quote", s.approval)
	o.POST("/:quote", s.decide)
	o.GET("/:quote/document", s.approvalDocument)
	o.GET("/:quote/photos/:photo", s.approvalPhoto)
	o.GET("/:quote/photos/:photo/:size", s.approvalPhoto)
}
