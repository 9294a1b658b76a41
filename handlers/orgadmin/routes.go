// Package orgadmin serves the administrators' screens about the portal
// itself: the addresses it is reached at (its subdomain and custom
// hostnames, asked for here and switched on by the operator) and the
// audit log, read as sentences, filtered and exported.
package orgadmin

import (
	"github.com/labstack/echo/v4"

	"porch/auth"
	"porch/handlers"
)

// handler serves this feature's pages with the shared kit.
type handler struct{ *handlers.Kit }

// Routes registers this feature's routes, all for those who may configure
// the portal.
func Routes(e *echo.Echo, k *handlers.Kit) {
	s := &handler{k}
	k.Blocks("admin_addresses", "addresses-screen")
	k.Blocks("admin_audit", "audit-results")
	a := s.Admin(e, "/settings/addresses", auth.ConfigurePortal)
	a.GET("", s.addressesPage)
	a.POST("", s.requestHostname)
	a.POST("/withdraw", s.withdrawHostname)
	l := s.Admin(e, "/settings/audit", auth.ConfigurePortal)
	l.GET("", s.auditPage)
	s.Admin(e, "/settings/audit.csv", auth.ConfigurePortal).GET("", s.auditCSV)
}
