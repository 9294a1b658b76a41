// Package home serves the organisation's front door: its home page and
// logo, a signed-in person's homes, and, in development, the sent mail.
package home

import (
	"github.com/labstack/echo/v4"

	"porch/handlers"
)

// handler serves this feature's pages with the shared kit.
type handler struct{ *handlers.Kit }

// Routes registers this feature's routes.
func Routes(e *echo.Echo, k *handlers.Kit) {
	s := &handler{k}
	s.homeRoutes(e)
}
