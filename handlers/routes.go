package handlers

import (
	"github.com/labstack/echo/v4"
)

// Feature registers one capability's routes on the application. Each
// package under handlers/ exports one, named Routes.
type Feature func(e *echo.Echo, k *Kit)

// Routes adds routes under a path prefix, each with the same middleware.
// Unlike an echo group it registers no catch-all of its own, so several
// features can share a prefix (/admin, /money) without one feature's
// middleware answering for another's missing pages.
type Routes struct {
	e      *echo.Echo
	prefix string
	mw     []echo.MiddlewareFunc
}

// Under starts routes at prefix, each behind mw (run in order).
func Under(e *echo.Echo, prefix string, mw ...echo.MiddlewareFunc) Routes {
	return Routes{e: e, prefix: prefix, mw: mw}
}

// Group returns routes under a longer prefix, behind more middleware.
func (r Routes) Group(prefix string, mw ...echo.MiddlewareFunc) Routes {
	all := append(append([]echo.MiddlewareFunc{}, r.mw...), mw...)
	return Routes{e: r.e, prefix: r.prefix + prefix, mw: all}
}

// GET adds a GET route; mw runs after the routes' own middleware.
func (r Routes) GET(path string, h echo.HandlerFunc, mw ...echo.MiddlewareFunc) {
	r.e.GET(r.prefix+path, h, append(append([]echo.MiddlewareFunc{}, r.mw...), mw...)...)
}

// POST adds a POST route; mw runs after the routes' own middleware.
func (r Routes) POST(path string, h echo.HandlerFunc, mw ...echo.MiddlewareFunc) {
	r.e.POST(r.prefix+path, h, append(append([]echo.MiddlewareFunc{}, r.mw...), mw...)...)
}

// Org starts routes that exist only inside an organisation.
func (k *Kit) Org(e *echo.Echo, prefix string, mw ...echo.MiddlewareFunc) Routes {
	return Under(e, prefix, append([]echo.MiddlewareFunc{k.RequireOrg}, mw...)...)
}

// Person starts routes for a signed-in person of the organisation.
func (k *Kit) Person(e *echo.Echo, prefix string, mw ...echo.MiddlewareFunc) Routes {
	return Under(e, prefix, append([]echo.MiddlewareFunc{k.RequireOrg, k.RequireSignedIn}, mw...)...)
}

// Admin starts staff routes under /admin+prefix.
func (k *Kit) Admin(e *echo.Echo, prefix string, mw ...echo.MiddlewareFunc) Routes {
	return Under(e, "/admin"+prefix, append([]echo.MiddlewareFunc{k.RequireOrg, k.RequireStaff}, mw...)...)
}
