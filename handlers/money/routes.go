// Package money serves residents and owners their accounts: balances,
// statements, invoices and receipts with their downloads, and paying them
// by card or Direct Debit.
package money

import (
	"github.com/labstack/echo/v4"

	"porch/handlers"
)

// handler serves this feature's pages with the shared kit.
type handler struct{ *handlers.Kit }

// Routes registers this feature's routes.
func Routes(e *echo.Echo, k *handlers.Kit) {
	s := &handler{k}
	k.Blocks("money_unit", "money-statement")
	k.Blocks("pay", "pay-form")
	k.Blocks("pay_return", "pay-status")
	s.moneyRoutes(e)
	s.payRoutes(e)
	s.directDebitRoutes(e)
	s.planRoutes(e)
}
