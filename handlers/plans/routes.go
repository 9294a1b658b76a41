// Package plans serves the managers' side of payment plans for arrears:
// the list of plans and requests, each plan with its decisions (approve or
// decline a request, withdraw an offer, cancel a plan being kept),
// offering a plan for an account's arrears with its schedule previewed,
// and each site's limits for the plans residents ask for themselves.
package plans

import (
	"github.com/labstack/echo/v4"

	"porch/auth"
	"porch/handlers"
)

// handler serves this feature's pages with the shared kit.
type handler struct{ *handlers.Kit }

// listURL is the address of the list of plans.
const listURL = "/admin/plans"

// Routes registers this feature's routes: every member of staff who may
// see accounts may read the plans; deciding, offering and setting the
// sites' limits needs PostMoney.
func Routes(e *echo.Echo, k *handlers.Kit) {
	s := &handler{k}
	k.Blocks("admin_plans", "plan-list")
	k.Blocks("admin_plan", "plan-screen")
	k.Blocks("admin_plan_new", "plan-offer")
	k.Blocks("admin_plan_limits", "limits-screen", "site-limits")

	g := s.Admin(e, "/plans", auth.SeeAccounts, s.EnsureLedger)
	g.GET("", s.list)
	g.GET("/limits", s.limitsPage)
	g.GET("/:id", s.detail)

	m := g.Needing(auth.PostMoney)
	m.GET("/new", s.newOffer)
	m.POST("/new", s.offer)
	m.POST("/:id/approve", s.approve)
	m.POST("/:id/decline", s.decline)
	m.POST("/:id/withdraw", s.withdraw)
	m.POST("/:id/cancel", s.cancel)
	m.POST("/limits/:site", s.saveLimits)
}
