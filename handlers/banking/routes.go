// Package banking serves bank reconciliation for a client account:
// statements imported from CSV or OFX, lines matched to receipts, payments
// and payouts, receipts made from unmatched lines, and reconciling to a date.
package banking

import (
	"github.com/labstack/echo/v4"

	"porch/handlers"
)

// handler serves this feature's pages with the shared kit.
type handler struct{ *handlers.Kit }

// Routes registers this feature's routes.
func Routes(e *echo.Echo, k *handlers.Kit) {
	s := &handler{k}
	k.Blocks("admin_bank_reconcile", "bank-reconcile")
	k.Blocks("admin_bank_import", "bank-import")
	k.Blocks("admin_bank_close", "bank-close")
	s.routes(e)
}
