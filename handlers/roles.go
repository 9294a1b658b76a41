package handlers

import (
	"database/sql"
	"net"
	"net/http"
	"net/url"

	"github.com/labstack/echo/v4"

	"porch/auth"
	"porch/errs"
	"porch/ledger"
)

// RequireSignedIn sends anonymous visitors to the sign-in page, then back.
func (s *Kit) RequireSignedIn(next echo.HandlerFunc) echo.HandlerFunc {
	return func(c echo.Context) error {
		if IdentityOf(c) != nil {
			return next(c)
		}
		target := "/sign-in"
		if c.Request().Method == http.MethodGet {
			target += "?next=" + url.QueryEscape(c.Request().URL.RequestURI())
		}
		return Redirect(c, target)
	}
}

// RequireStaff lets only the organisation's staff through; anyone else gets
// a 403 page and the refusal is written to the audit log.
func (s *Kit) RequireStaff(next echo.HandlerFunc) echo.HandlerFunc {
	return s.RequireSignedIn(func(c echo.Context) error {
		id := IdentityOf(c)
		if id.Scope.IsStaff() {
			return next(c)
		}
		s.Deny(c, "not staff")
		return errs.E(errs.Forbidden, "This part of the portal is for our staff. If you think you should have access, contact us.")
	})
}

// Deny logs and audits a refused access.
func (s *Kit) Deny(c echo.Context, why string) {
	var pid *int64
	if id := IdentityOf(c); id != nil {
		pid = &id.Person.ID
	}
	Log(c).Warn("access denied", "person", pid, "path", LogPath(c.Request()), "why", why, "ip", c.RealIP())
	_ = s.Audit(c, "access.denied", c.Request().Method+" "+LogPath(c.Request()), why)
}

// EnsureLedger creates the chart of accounts and the default charge types
// of an organisation whose book has not been opened yet.
func (s *Kit) EnsureLedger(next echo.HandlerFunc) echo.HandlerFunc {
	return func(c echo.Context) error {
		ctx := c.Request().Context()
		o := OrgOf(c)
		_, err := ledger.AccountByCode(ctx, o.DB.Read(), "1100")
		if errs.Is(err, errs.NotFound) {
			err = o.DB.Write(ctx, func(tx *sql.Tx) error { return ledger.EnsureChart(ctx, tx, s.Now()) })
		}
		if err != nil {
			return err
		}
		return next(c)
	}
}

// LoopbackOnly lets through only requests whose connection comes from
// this machine (the TCP peer, never a forwarded header): the development
// pages show every sign-in code, so nobody on the network may read them.
// Anyone else gets the same 404 as for a page that does not exist.
func (s *Kit) LoopbackOnly(next echo.HandlerFunc) echo.HandlerFunc {
	return func(c echo.Context) error {
		host, _, err := net.SplitHostPort(c.Request().RemoteAddr)
		if ip := net.ParseIP(host); err != nil || ip == nil || !ip.IsLoopback() {
			Log(c).Warn("development page refused to a non-local client", "path", LogPath(c.Request()), "peer", c.Request().RemoteAddr)
			return errs.E(errs.NotFound, "There is no page at this address.")
		}
		return next(c)
	}
}

// May lets through members of staff whose role the matrix grants p;
// anyone else gets a 403 page with p's refusal, and the refusal is
// logged and audited. Kit.Admin puts it in front of every staff route.
func (s *Kit) May(p auth.Permission) echo.MiddlewareFunc {
	return func(next echo.HandlerFunc) echo.HandlerFunc {
		return func(c echo.Context) error {
			role := IdentityOf(c).Scope.StaffRole
			if auth.Allows(role, p) {
				return next(c)
			}
			s.Deny(c, role+" lacks "+p.Key())
			return errs.E(errs.Forbidden, p.Refusal())
		}
	}
}
