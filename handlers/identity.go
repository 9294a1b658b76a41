package handlers

import (
	"context"
	"database/sql"
	"net/http"
	"net/url"
	"strings"

	"github.com/labstack/echo/v4"

	"porch/auth"
	"porch/errs"
	"porch/estate"
)

const keyIdentity = "porch.identity"

// identity is the signed-in person of a request.
type identity struct {
	Person  estate.Person
	Session auth.Session
	Scope   auth.Scope
}

// identityOf returns the signed-in person, or nil.
func identityOf(c echo.Context) *identity {
	id, _ := c.Get(keyIdentity).(*identity)
	return id
}

// loadIdentity recognises a signed-in person from the session and device
// cookies. Anything wrong with them simply leaves the request anonymous.
func (s *server) loadIdentity(next echo.HandlerFunc) echo.HandlerFunc {
	return func(c echo.Context) error {
		o := orgOf(c)
		if o == nil {
			return next(c)
		}
		ctx := c.Request().Context()
		now := s.Now()
		sessTok := s.cookies.read(c, cookieSession, o.Slug)
		devTok := s.cookies.read(c, cookieDevice, o.Slug)
		if sessTok == "" {
			return next(c)
		}
		sess, err := s.Keys.LoadSession(ctx, o.DB.Read(), now, sessTok, devTok, s.SessionPolicy)
		if errs.Is(err, errs.Unauthorized) {
			s.cookies.clear(c, cookieSession)
			return next(c)
		}
		if err != nil {
			return err
		}
		person, err := estate.GetPersonByID(ctx, o.DB.Read(), sess.PersonID)
		if err != nil {
			return err
		}
		scope, err := auth.LoadScope(ctx, o.DB.Read(), sess.PersonID, now)
		if err != nil {
			return err
		}
		if auth.NeedsTouch(now, sess) {
			if err := o.DB.Write(ctx, func(tx *sql.Tx) error { return auth.TouchSession(ctx, tx, now, sess) }); err != nil {
				return err
			}
		}
		c.Set(keyIdentity, &identity{Person: person, Session: sess, Scope: scope})
		return next(c)
	}
}

// requireSignedIn sends anonymous visitors to the sign-in page, then back.
func (s *server) requireSignedIn(next echo.HandlerFunc) echo.HandlerFunc {
	return func(c echo.Context) error {
		if identityOf(c) != nil {
			return next(c)
		}
		target := "/sign-in"
		if c.Request().Method == http.MethodGet {
			target += "?next=" + url.QueryEscape(c.Request().URL.RequestURI())
		}
		return s.redirect(c, target)
	}
}

// requireStaff lets only the organisation's staff through; anyone else gets
// a 403 page and the refusal is written to the audit log.
func (s *server) requireStaff(next echo.HandlerFunc) echo.HandlerFunc {
	return s.requireSignedIn(func(c echo.Context) error {
		id := identityOf(c)
		if id.Scope.IsStaff() {
			return next(c)
		}
		s.deny(c, "not staff")
		return errs.E(errs.Forbidden, "This part of the portal is for our staff. If you think you should have access, contact us.")
	})
}

// deny logs and audits a refused access.
func (s *server) deny(c echo.Context, why string) {
	o := orgOf(c)
	var pid *int64
	if id := identityOf(c); id != nil {
		pid = &id.Person.ID
	}
	s.Logger.Warn("access denied", "org", o.Slug, "req_id", requestIDOf(c), "person", pid, "path", logPath(c.Request()), "why", why, "ip", c.RealIP())
	_ = s.audit(c, "access.denied", c.Request().Method+" "+logPath(c.Request()), why)
}

// audit writes an audit entry for the current request in its own
// transaction. Never pass codes, tokens or passwords in detail.
func (s *server) audit(c echo.Context, action, object, detail string) error {
	o := orgOf(c)
	var pid *int64
	if id := identityOf(c); id != nil {
		pid = &id.Person.ID
	}
	ctx := c.Request().Context()
	return o.DB.Write(ctx, func(tx *sql.Tx) error { return s.auditTx(ctx, c, tx, pid, action, object, detail) })
}

// auditTx writes an audit entry inside tx, for a person who may not be
// signed in yet (personID may be nil).
func (s *server) auditTx(ctx context.Context, c echo.Context, tx *sql.Tx, personID *int64, action, object, detail string) error {
	return estate.Audit(ctx, tx, estate.AuditEntry{PersonID: personID, IP: c.RealIP(), Action: action, Object: object, Detail: detail}, s.Now())
}

// signIn starts a new session for personID on the device (registering the
// browser as a new device when deviceID is 0), sets the cookies, and
// records the sign-in. It runs inside the caller's transaction.
func (s *server) signIn(c echo.Context, tx *sql.Tx, personID, deviceID int64, how string) error {
	ctx := c.Request().Context()
	o := orgOf(c)
	now := s.Now()
	if deviceID == 0 {
		dev, tok, err := s.Keys.NewDevice(ctx, tx, now, personID, c.Request().UserAgent())
		if err != nil {
			return err
		}
		deviceID = dev.ID
		if err := s.cookies.write(c, cookieDevice, o.Slug, tok, deviceCookieAge); err != nil {
			return err
		}
	} else if err := auth.SeeDevice(ctx, tx, now, deviceID); err != nil {
		return err
	}
	tok, err := s.Keys.StartSession(ctx, tx, now, personID, deviceID, s.SessionPolicy)
	if err != nil {
		return err
	}
	if err := s.cookies.write(c, cookieSession, o.Slug, tok, 0); err != nil {
		return err
	}
	s.Logger.Info("signed in", "org", o.Slug, "req_id", requestIDOf(c), "person", personID, "how", how, "ip", c.RealIP())
	return s.auditTx(ctx, c, tx, &personID, "auth.sign_in", "person", how)
}

// redirect answers a form post: 303 to target, or HX-Redirect for htmx.
func (s *server) redirect(c echo.Context, target string) error {
	if c.Request().Header.Get("HX-Request") == "true" {
		c.Response().Header().Set("HX-Redirect", target)
		return c.NoContent(http.StatusNoContent)
	}
	return c.Redirect(http.StatusSeeOther, target)
}

// safeNext keeps a post-sign-in destination on this site.
func safeNext(next string) string {
	if next == "" || !strings.HasPrefix(next, "/") || strings.HasPrefix(next, "//") || strings.HasPrefix(next, "/\\") {
		return "/"
	}
	return next
}
