package staff

import (
	"net/http"

	"github.com/labstack/echo/v4"

	"porch/estate"
	"porch/handlers"
)

// staffRoutes registers the staff home and the people screens under
// /admin.
func (s *handler) staffRoutes(e *echo.Echo) {
	g := s.Admin(e, "")
	g.GET("", s.adminDashboard)
	g.GET("/", s.adminDashboard)
	g.GET("/people", s.adminPeople)
	g.GET("/people/:id", s.adminPerson)
	g.POST("/people/:id/invite", s.adminInvite)
	g.POST("/people/:id/revoke", s.adminRevokeDevices)
	g.POST("/people/:id/access", s.adminSetAccess)
	g.GET("/settings/welcome-email", s.adminWelcomeEmail)
	g.POST("/settings/welcome-email", s.adminSaveWelcomeEmail)
	g.POST("/settings/welcome-email/preview", s.adminPreviewWelcomeEmail)
}

type dashboardPage struct {
	Counts        estate.EstateCounts
	Audit         []estate.AuditRecord
	WelcomeCustom bool // the organisation wrote its own welcome email
}

// adminDashboard is the staff home: the size of the estate, where to go
// next, and what happened lately.
func (s *handler) adminDashboard(c echo.Context) error {
	ctx := c.Request().Context()
	q := handlers.OrgOf(c).DB.Read()
	var p dashboardPage
	var err error
	if p.Counts, err = estate.Counts(ctx, q); err != nil {
		return err
	}
	if p.Audit, err = estate.RecentAudit(ctx, q, 20); err != nil {
		return err
	}
	w, err := estate.GetWelcomeEmail(ctx, q)
	if err != nil {
		return err
	}
	p.WelcomeCustom = w.Subject != "" || w.Text != ""
	return s.Render(c, http.StatusOK, handlers.View{Page: "admin", Title: "Admin", Data: p, Wide: true})
}
