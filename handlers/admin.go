package handlers

import (
	"net/http"

	"github.com/labstack/echo/v4"

	"porch/estate"
)

// adminRoutes registers the staff screens under /admin, and the pages a
// signed-in resident or owner reaches from them: the invitation link and
// their own units.
func (s *Kit) adminRoutes(e *echo.Echo) {
	e.GET("/invite/:token", s.invitePage, s.RequireOrg)
	e.POST("/invite/:token", s.acceptInvite, s.RequireOrg)
	e.GET("/units/:id", s.residentUnit, s.RequireOrg, s.RequireSignedIn)

	g := e.Group("/admin", s.RequireOrg, s.RequireStaff)
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

	// ledger
	lg := g.Group("/ledger", s.EnsureLedger)
	lg.GET("", s.ledgerHome)
	lg.GET("/", s.ledgerHome)
	lg.GET("/banks", s.ledgerBanks, s.RequireManager)
	lg.POST("/banks", s.ledgerAddBank, s.RequireManager)
	lg.GET("/charges", s.ledgerCharges)
	lg.POST("/charges", s.ledgerAddCharge)
	lg.GET("/units", s.ledgerUnits)
	lg.GET("/units/:id", s.ledgerUnit)
	lg.POST("/units/:id/demand", s.ledgerUnitDemand)
	lg.POST("/units/:id/receipt", s.ledgerUnitReceipt)
	lg.POST("/units/:id/credit", s.ledgerUnitCredit)
	lg.POST("/units/:id/reverse", s.ledgerUnitReverse)
	lg.GET("/trial-balance", s.ledgerTrialBalance)
	lg.GET("/sites/:id/demand", s.ledgerBulk)
	lg.POST("/sites/:id/demand", s.ledgerBulkDemand)
	lg.GET("/owners", s.ledgerOwners, s.requireClientMoney)
	lg.GET("/owners/:id", s.ledgerOwner, s.requireClientMoney)
	lg.POST("/owners/:id/fee", s.ledgerOwnerFee, s.requireClientMoney)
	lg.POST("/owners/:id/expense", s.ledgerOwnerExpense, s.requireClientMoney)
	lg.POST("/owners/:id/payout", s.ledgerOwnerPayout, s.requireClientMoney)
	lg.POST("/owners/:id/float", s.ledgerOwnerFloat, s.requireClientMoney)
	lg.POST("/owners/:id/deductions", s.ledgerOwnerSchedule, s.requireClientMoney)
	lg.POST("/owners/:id/deductions/:deduction/cancel", s.ledgerOwnerCancelDeduction, s.requireClientMoney)
	lg.GET("/owners/:id/statement", s.ledgerOwnerStatement, s.requireClientMoney)
	lg.GET("/owners/:id/statement.pdf", s.ledgerOwnerStatementPDF, s.requireClientMoney)
	lg.GET("/suppliers", s.ledgerSuppliers, s.requireClientMoney)
	lg.POST("/suppliers/pay", s.ledgerPaySupplier, s.requireClientMoney)
	lg.GET("/schedules", s.ledgerSchedules)
	lg.POST("/schedules", s.ledgerCreateSchedule)
	lg.POST("/schedules/run", s.ledgerRunSchedules)
	lg.GET("/schedules/:id", s.ledgerSchedule)
	lg.POST("/schedules/:id/active", s.ledgerScheduleActive)
	lg.GET("/journals", s.ledgerJournals)
}

// hxTarget is the id of the element an htmx request will swap, or "" for a
// plain request.
func HXTarget(c echo.Context) string {
	if !IsPartial(c) {
		return ""
	}
	return c.Request().Header.Get("HX-Target")
}

// renderPage writes a page (or its content block for htmx); wide pages use
// the broad main column of the admin screens.
func (s *Kit) RenderPage(c echo.Context, status int, page, title string, data any, wide bool) error {
	c.Response().Header().Set("Cache-Control", "private, no-store")
	d := s.PageData(c, title, data)
	d.Wide = wide
	return s.Views.Page(c.Response(), status, page, IsPartial(c), d)
}

// renderAdmin writes an admin screen.
func (s *Kit) RenderAdmin(c echo.Context, status int, page, title string, data any) error {
	return s.RenderPage(c, status, page, title, data, true)
}

// renderBlock writes one named block of a page: the fragment an htmx
// request targets.
func (s *Kit) RenderBlock(c echo.Context, status int, page, block, title string, data any) error {
	c.Response().Header().Set("Cache-Control", "private, no-store")
	d := s.PageData(c, title, data)
	d.Wide = true
	return s.Views.Fragment(c.Response(), status, page, block, d)
}

// retarget makes an htmx response replace the whole element with the id,
// whatever the request targeted.
func Retarget(c echo.Context, id string) {
	h := c.Response().Header()
	h.Set("HX-Retarget", "#"+id)
	h.Set("HX-Reswap", "outerHTML")
}

// renderScreen writes an admin screen or, for an htmx request that targets
// an element, the screen's block in place of the element of the block's id.
func (s *Kit) RenderScreen(c echo.Context, status int, page, block, title string, data any) error {
	if HXTarget(c) != "" {
		Retarget(c, block)
		return s.RenderBlock(c, status, page, block, title, data)
	}
	return s.RenderAdmin(c, status, page, title, data)
}

type dashboardPage struct {
	Counts        estate.EstateCounts
	Audit         []estate.AuditRecord
	WelcomeCustom bool // the organisation wrote its own welcome email
}

// adminDashboard is the staff home: the size of the estate, where to go
// next, and what happened lately.
func (s *Kit) adminDashboard(c echo.Context) error {
	ctx := c.Request().Context()
	q := OrgOf(c).DB.Read()
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
	return s.RenderAdmin(c, http.StatusOK, "admin", "Admin", p)
}
