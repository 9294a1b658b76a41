// Package budgets serves a block's budgets: setting a site's budget for a
// service-charge year by head and schedule, raising the year's on-account
// demands from it, the budget against what was spent (on screen, PDF and
// CSV), and the year-end balancing charged or credited to each unit.
package budgets

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
	k.Blocks("admin_budget", "budget-lines", "budget-demand")
	k.Blocks("admin_budget_yearend", "year-end")
	g := s.Admin(e, "/budgets", auth.SeeAccounts, s.EnsureLedger)
	g.GET("", s.list)
	g.GET("/:id", s.show)
	g.GET("/:id/report", s.report)
	g.GET("/:id/report.csv", s.reportCSV)
	g.GET("/:id/report.pdf", s.reportPDF)
	g.GET("/:id/year-end", s.yearEnd)

	set := g.Needing(auth.RaiseDemands)
	set.GET("/new", s.newForm)
	set.POST("/new", s.create)
	set.POST("/:id", s.save)
	set.POST("/:id/demand", s.demand)

	// Posting the year end credits a surplus back to the units: money
	// taken off what they owe, as a credit note is.
	g.Needing(auth.PostMoney).POST("/:id/year-end", s.postYearEnd)
}
