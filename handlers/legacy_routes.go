package handlers

import "github.com/labstack/echo/v4"

// Features lists the capabilities still served from this package, in the
// order they are registered.
var Features = []Feature{
	func(e *echo.Echo, k *Kit) { k.paymentRoutes(e) },
}
