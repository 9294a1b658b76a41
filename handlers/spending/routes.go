// Package spending serves a block's own spending: the invoices its
// suppliers send, recorded with their PDF against a budget head and
// schedule, approved onto the block's expenditure or rejected, and paid
// from the site's client bank account.
package spending

import (
	"github.com/labstack/echo/v4"

	"porch/auth"
	"porch/handlers"
)

// handler serves this feature's pages with the shared kit.
type handler struct{ *handlers.Kit }

// spendingURL is where the supplier invoices live.
const spendingURL = "/admin/spending"

// Routes registers this feature's routes. Supplier invoices are client
// money: seeing them needs auth.SeeClientMoney, recording, approving,
// rejecting and paying them auth.MoveClientMoney.
func Routes(e *echo.Echo, k *handlers.Kit) {
	s := &handler{k}
	k.Blocks("admin_spending", "spending-list")
	k.Blocks("admin_spending_new", "spending-new")
	k.AllowUploads(spendingURL + "/sites/:site/new")

	g := s.Admin(e, "/spending", auth.SeeClientMoney, s.EnsureLedger)
	g.GET("", s.list)
	g.GET("/invoices/:invoice/file", s.file)

	move := g.Needing(auth.MoveClientMoney)
	move.GET("/sites/:site/new", s.newForm)
	move.POST("/sites/:site/new", s.record)
	move.POST("/invoices/:invoice/approve", s.approve)
	move.POST("/invoices/:invoice/reject", s.reject)
	move.POST("/invoices/:invoice/pay", s.pay)
}
