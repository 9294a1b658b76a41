package handlers

import (
	"fmt"
	"strings"

	"github.com/labstack/echo/v4"

	"porch/auth"
)

// Feature registers one capability's routes on the application. Each
// package under handlers/ exports one, named Routes.
type Feature func(e *echo.Echo, k *Kit)

// Routes adds routes under a path prefix, each with the same middleware.
// Unlike an echo group it registers no catch-all of its own, so several
// features can share a prefix (/admin, /money) without one feature's
// middleware answering for another's missing pages.
//
// Staff routes (from Kit.Admin) also carry a permission of the role
// matrix: each route is checked against it before any other middleware
// of the feature runs, and the route's name records it so the route
// table says who may use every staff page.
type Routes struct {
	e      *echo.Echo
	prefix string
	mw     []echo.MiddlewareFunc
	kit    *Kit            // set for staff routes
	perm   auth.Permission // the staff routes' permission
}

// adminPrefix is where the staff screens live; only Kit.Admin registers
// routes there.
const adminPrefix = "/admin"

// Under starts routes at prefix, each behind mw (run in order). Staff
// routes go through Kit.Admin instead, which demands a permission.
func Under(e *echo.Echo, prefix string, mw ...echo.MiddlewareFunc) Routes {
	if prefix == adminPrefix || strings.HasPrefix(prefix, adminPrefix+"/") {
		panic("handlers: register " + prefix + " with Kit.Admin and a permission")
	}
	return Routes{e: e, prefix: prefix, mw: mw}
}

// Group returns routes under a longer prefix, behind more middleware.
func (r Routes) Group(prefix string, mw ...echo.MiddlewareFunc) Routes {
	r.prefix += prefix
	r.mw = append(append([]echo.MiddlewareFunc{}, r.mw...), mw...)
	return r
}

// Needing returns the same staff routes with another permission, for the
// routes of a group that do more (or less) than the rest:
// lg.Needing(auth.PostMoney).POST("/units/:id/receipt", ...).
func (r Routes) Needing(p auth.Permission) Routes {
	if r.kit == nil {
		panic("handlers: only staff routes take a permission")
	}
	mustBeValid(p)
	r.perm = p
	return r
}

// GET adds a GET route; mw runs after the routes' own middleware.
func (r Routes) GET(path string, h echo.HandlerFunc, mw ...echo.MiddlewareFunc) {
	r.add(echo.GET, path, h, mw)
}

// POST adds a POST route; mw runs after the routes' own middleware.
func (r Routes) POST(path string, h echo.HandlerFunc, mw ...echo.MiddlewareFunc) {
	r.add(echo.POST, path, h, mw)
}

// add registers one route: for staff routes, the organisation, the
// signed-in member of staff and the permission come first, so a refusal
// happens before a feature's own middleware touches anything.
func (r Routes) add(method, path string, h echo.HandlerFunc, mw []echo.MiddlewareFunc) {
	var all []echo.MiddlewareFunc
	if r.kit != nil {
		all = append(all, r.kit.RequireOrg, r.kit.RequireStaff, r.kit.May(r.perm))
	}
	all = append(append(all, r.mw...), mw...)
	rt := r.e.Add(method, r.prefix+path, h, all...)
	if r.kit != nil {
		rt.Name = permissionRoute + r.perm.Key()
	}
}

// permissionRoute starts the name of every staff route, before its
// permission's key.
const permissionRoute = "permission:"

// RoutePermission is the permission a registered staff route declared,
// read from echo's route table; ok is false for any other route.
func RoutePermission(rt *echo.Route) (p auth.Permission, ok bool) {
	key, found := strings.CutPrefix(rt.Name, permissionRoute)
	if !found {
		return 0, false
	}
	return auth.PermissionByKey(key)
}

// Org starts routes that exist only inside an organisation.
func (k *Kit) Org(e *echo.Echo, prefix string, mw ...echo.MiddlewareFunc) Routes {
	return Under(e, prefix, append([]echo.MiddlewareFunc{k.RequireOrg}, mw...)...)
}

// Person starts routes for a signed-in person of the organisation.
func (k *Kit) Person(e *echo.Echo, prefix string, mw ...echo.MiddlewareFunc) Routes {
	return Under(e, prefix, append([]echo.MiddlewareFunc{k.RequireOrg, k.RequireSignedIn}, mw...)...)
}

// Admin starts staff routes under /admin+prefix, each open to the roles
// the matrix grants perm (change it per route with Needing) and behind
// mw after that.
func (k *Kit) Admin(e *echo.Echo, prefix string, perm auth.Permission, mw ...echo.MiddlewareFunc) Routes {
	mustBeValid(perm)
	return Routes{e: e, prefix: adminPrefix + prefix, mw: mw, kit: k, perm: perm}
}

// mustBeValid stops the server from starting with a staff route whose
// permission is not in the matrix.
func mustBeValid(p auth.Permission) {
	if !p.Valid() {
		panic(fmt.Sprintf("handlers: staff route with unknown permission %v", p))
	}
}
