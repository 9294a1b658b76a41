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
