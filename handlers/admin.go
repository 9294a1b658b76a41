package handlers

import (
	"net/http"

	"github.com/labstack/echo/v4"

	"porch/estate"
)

// staffRoutes registers the staff home and the people screens under
// /admin.
func (s *Kit) staffRoutes(e *echo.Echo) {
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

// booksRoutes registers the ledger screens: accounts, demands, receipts,
// schedules and reports.
func (s *Kit) booksRoutes(e *echo.Echo) {
	lg := s.Admin(e, "/ledger", s.EnsureLedger)
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
	lg.GET("/schedules", s.ledgerSchedules)
	lg.POST("/schedules", s.ledgerCreateSchedule)
	lg.POST("/schedules/run", s.ledgerRunSchedules)
	lg.GET("/schedules/:id", s.ledgerSchedule)
	lg.POST("/schedules/:id/active", s.ledgerScheduleActive)
	lg.GET("/journals", s.ledgerJournals)
}

// lettingsRoutes registers the lettings client-money screens: landlords,
// their fees, expenses, payouts, floats and statements, and suppliers.
func (s *Kit) lettingsRoutes(e *echo.Echo) {
	lg := s.Admin(e, "/ledger", s.EnsureLedger, s.requireClientMoney)
	lg.GET("/owners", s.ledgerOwners)
	lg.GET("/owners/:id", s.ledgerOwner)
	lg.POST("/owners/:id/fee", s.ledgerOwnerFee)
	lg.POST("/owners/:id/expense", s.ledgerOwnerExpense)
	lg.POST("/owners/:id/payout", s.ledgerOwnerPayout)
	lg.POST("/owners/:id/float", s.ledgerOwnerFloat)
	lg.POST("/owners/:id/deductions", s.ledgerOwnerSchedule)
	lg.POST("/owners/:id/deductions/:deduction/cancel", s.ledgerOwnerCancelDeduction)
	lg.GET("/owners/:id/statement", s.ledgerOwnerStatement)
	lg.GET("/owners/:id/statement.pdf", s.ledgerOwnerStatementPDF)
	lg.GET("/suppliers", s.ledgerSuppliers)
	lg.POST("/suppliers/pay", s.ledgerPaySupplier)
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
