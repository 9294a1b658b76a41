package staff

import (
	"net/http"

	"github.com/labstack/echo/v4"

	"porch/auditlog"
	"porch/auth"
	"porch/contacts"
	"porch/estate"
	"porch/handlers"
	"porch/tickets"
)

// staffRoutes registers the staff home and the people screens under
// /admin.
func (s *handler) staffRoutes(e *echo.Echo) {
	g := s.Admin(e, "", auth.SeePeople)
	g.GET("", s.adminDashboard)
	g.GET("/", s.adminDashboard)
	g.GET("/people", s.adminPeople)
	g.GET("/people/:id", s.adminPerson)
	g.GET("/search", s.adminSearch)
	// Each action also checks the person acted on against the actor's
	// rank (auth.MayManage): staff look after residents only.
	access := g.Needing(auth.ManageResidents)
	access.POST("/people/:id/invite", s.adminInvite)
	access.POST("/people/:id/revoke", s.adminRevokeDevices)
	access.POST("/people/:id/access", s.adminSetAccess)
	access.GET("/people/new", s.adminNewPerson)
	access.POST("/people", s.adminAddPerson)
	access.POST("/people/:id/details", s.adminSavePerson)
	access.POST("/people/:id/archive", s.adminArchivePerson)
	access.POST("/people/:id/merge", s.adminMergePerson)
	settings := g.Needing(auth.ChangeSettings)
	settings.GET("/settings/welcome-email", s.adminWelcomeEmail)
	settings.POST("/settings/welcome-email", s.adminSaveWelcomeEmail)
	settings.POST("/settings/welcome-email/preview", s.adminPreviewWelcomeEmail)
	settings.POST("/settings/welcome-email/test", s.adminTestWelcomeEmail)
	settings.GET("/settings/demand-summaries", s.adminSummaries)
	settings.POST("/settings/demand-summaries", s.adminSaveSummaries)
}

type dashboardPage struct {
	Counts        estate.EstateCounts
	Figures       estate.Dashboard // what needs attention, each a link to its list
	Audit         []auditlog.Entry // the latest entries of the audit log, as sentences
	Tickets       tickets.Counts   // residents' requests that need work
	Changes       int              // changes to contact details waiting for the office
	WelcomeCustom bool             // the organisation wrote its own welcome email
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
	if p.Figures, err = estate.LoadDashboard(ctx, q, s.Now()); err != nil {
		return err
	}
	if p.Tickets, err = tickets.Count(ctx, q, s.Now()); err != nil {
		return err
	}
	if p.Changes, err = contacts.CountWaiting(ctx, q); err != nil {
		return err
	}
	if p.Audit, err = auditlog.Recent(ctx, q, 20); err != nil {
		return err
	}
	w, err := estate.GetWelcomeEmail(ctx, q)
	if err != nil {
		return err
	}
	p.WelcomeCustom = w.Subject != "" || w.Text != ""
	return s.Render(c, http.StatusOK, handlers.View{Page: "admin", Title: "Admin", Data: p, Wide: true})
}
