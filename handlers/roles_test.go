package handlers_test

import (
	"net/http"
	"net/http/httptest"
	"slices"
	"strings"
	"testing"

	"github.com/labstack/echo/v4"

	"porch/auth"
	"porch/estate"
	"porch/handlers"
	"porch/internal/webtest"
)

// adminRoute is one staff route of the application with the permission
// it declared.
type adminRoute struct {
	method, path string
	perm         auth.Permission
}

// adminRoutes lists every /admin route of the application from echo's
// own route table, failing for any that declared no permission: a route
// registered around Kit.Admin is caught here.
func adminRoutes(t *testing.T, e *echo.Echo) []adminRoute {
	t.Helper()
	var out []adminRoute
	used := map[auth.Permission]bool{}
	for _, rt := range e.Routes() {
		if rt.Method == echo.RouteNotFound || (rt.Path != "/admin" && !strings.HasPrefix(rt.Path, "/admin/")) {
			continue
		}
		p, ok := handlers.RoutePermission(rt)
		if !ok {
			t.Errorf("%s %s declares no permission of the role matrix", rt.Method, rt.Path)
			continue
		}
		used[p] = true
		out = append(out, adminRoute{rt.Method, rt.Path, p})
	}
	for _, p := range auth.Permissions() {
		// ManageStaff is checked per person acted on (auth.MayManage),
		// behind routes that need ManageResidents.
		if !used[p] && p != auth.ManageStaff {
			t.Errorf("no route needs %s: is the matrix out of date?", p)
		}
	}
	if len(out) < 50 {
		t.Fatalf("found only %d /admin routes", len(out))
	}
	slices.SortFunc(out, func(a, b adminRoute) int { return strings.Compare(a.path+a.method, b.path+b.method) })
	return out
}

// fillParams puts ids of the ledger book into a route's path parameters,
// so routes reach their handlers with real objects where there are some;
// elsewhere an id that does not exist (a 404 is still "allowed").
func fillParams(lb *webtest.LedgerBook, path string) string {
	ids := map[string]string{
		"people": lb.Ppl.Alice.PublicID, "units": lb.Ppl.FlatA.PublicID,
		"sites": lb.Ppl.FlatA.SitePublicID, "banks": lb.BankID(), ":provider": "stripe", "properties": lb.Ppl.FlatA.PublicID,
	}
	parts := strings.Split(path, "/")
	for i, part := range parts {
		if !strings.HasPrefix(part, ":") {
			continue
		}
		parts[i] = "nosuchthing00000"
		if id, ok := ids[part]; ok {
			parts[i] = id
		} else if id, ok := ids[parts[i-1]]; ok {
			parts[i] = id
		}
	}
	return strings.Join(parts, "/")
}

// TestEveryAdminRouteFollowsTheMatrix walks every /admin route and method
// as each staff role and as a resident: a 403 exactly when the matrix
// refuses the route's permission, and neither a 403 nor a server error
// when it allows it. Read-only members post nothing at all.
func TestEveryAdminRouteFollowsTheMatrix(t *testing.T) {
	t.Parallel()
	lb := webtest.NewLedgerBook(t)
	f := lb.F
	routes := adminRoutes(t, f.Echo)
	browsers := map[string]*webtest.Browser{"": f.Browser("acme." + webtest.Base)}
	browsers[""].SignInAs("acme", lb.Ppl.Bob)
	for _, role := range estate.StaffRoles {
		browsers[role] = f.Browser("acme." + webtest.Base)
		browsers[role].SignInAs("acme", f.AddStaffAs("acme", "Member "+role, role+"@acme.example", role))
	}
	changes := func() int {
		return lb.Count(`SELECT (SELECT count(*) FROM journals) + (SELECT count(*) FROM invitations) + (SELECT count(*) FROM mail_outbox)`)
	}

	for _, role := range append(slices.Clone(estate.StaffRoles), "") {
		b := browsers[role]
		before := changes()
		for _, rt := range routes {
			path := fillParams(lb, rt.path)
			var rec *httptest.ResponseRecorder
			switch rt.method {
			case http.MethodGet:
				rec = b.Get(path)
			case http.MethodPost:
				rec = b.Post(path, nil)
			default:
				t.Fatalf("%s %s: the walk knows only GET and POST", rt.method, rt.path)
			}
			allowed := auth.Allows(role, rt.perm)
			switch {
			case !allowed && rec.Code != http.StatusForbidden:
				t.Errorf("%q %s %s (%s): %d, want 403", role, rt.method, path, rt.perm, rec.Code)
			case allowed && (rec.Code == http.StatusForbidden || rec.Code >= 500):
				t.Errorf("%q %s %s (%s): %d: %.300s", role, rt.method, path, rt.perm, rec.Code, rec.Body.String())
			case role == estate.StaffRoleReadOnly && rt.method == http.MethodPost && rec.Code != http.StatusForbidden:
				t.Errorf("read-only POST %s: %d", path, rec.Code)
			}
		}
		if role == estate.StaffRoleReadOnly && changes() != before {
			t.Error("a read-only member changed something")
		}
	}
	if b := browsers[estate.StaffRoleStaff]; b.SignedInAs() == "" {
		t.Error("the walk signed a member of staff out")
	}
}
