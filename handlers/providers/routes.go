// Package providers serves the payment providers' side: the payment
// settings and sealed keys, Stripe's and GoCardless's webhooks, the
// check-now button and the events to review.
package providers

import (
	"github.com/labstack/echo/v4"

	"porch/handlers"
)

// handler serves this feature's pages with the shared kit.
type handler struct{ *handlers.Kit }

// Routes registers this feature's routes.
func Routes(e *echo.Echo, k *handlers.Kit) {
	s := &handler{k}
	k.Blocks("admin_payments", "payment-settings", "stripe-test", "gocardless-test", "provider-sync")
	// The providers check is on both pages: an htmx answer swaps the
	// section, or on the events page the whole screen, so the events it
	// found are listed too.
	k.Blocks("admin_payments_events", "payment-event", "payment-events", "provider-sync")
	k.Blocks("admin_payment", "payment")
	s.routes(e)
	s.paymentRoutes(e)
}
