// Package lettings serves the lettings client-money screens: each
// landlord's money held, fees, expenses, payouts, floats and scheduled
// deductions, landlord statements, and suppliers owed and paid.
package lettings

import (
	"github.com/labstack/echo/v4"

	"porch/handlers"
)

// handler serves this feature's pages with the shared kit.
type handler struct{ *handlers.Kit }

// Routes registers this feature's routes.
func Routes(e *echo.Echo, k *handlers.Kit) {
	s := &handler{k}
	k.Blocks("admin_ledger_owner_statement", "owner-statement")
	k.Blocks("admin_ledger_owners", "owner-rows", "owner-invite")
	k.Blocks("admin_ledger_owner", ownerBlocks...)
	k.Blocks("admin_ledger_suppliers", "suppliers", "supplier-pay")
	s.routes(e)
	s.inviteRoutes(e)
}
