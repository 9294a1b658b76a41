package account

import (
	"context"
	"database/sql"
	"net/http"
	"strings"
	"time"

	"github.com/labstack/echo/v4"

	"porch/auth"
	"porch/errs"
	"porch/estate"
	"porch/handlers"
)

func passwordLimits(email, client string) []auth.Limit {
	return []auth.Limit{
		{Key: "password:email:" + strings.ToLower(email), Max: passwordsPerEmail, Window: throttleWindow},
		{Key: "password:ip:" + client, Max: passwordsPerIP, Window: throttleWindow},
	}
}

// passwordOffered reports whether this browser is a known device whose
// person has a password: only then can password sign-in work here.
func (s *handler) passwordOffered(ctx context.Context, c echo.Context) (bool, error) {
	o := handlers.OrgOf(c)
	tok := s.Cookies.Read(c, handlers.CookieDevice, o.Slug)
	if tok == "" {
		return false, nil
	}
	d, err := s.Keys.DeviceByToken(ctx, o.DB.Read(), tok)
	if errs.Is(err, errs.NotFound) {
		return false, nil
	}
	if err != nil {
		return false, err
	}
	return auth.HasPassword(ctx, o.DB.Read(), d.PersonID)
}

// passwordSignIn signs in with a password, which works only on a device the
// person already verified with a code. The slow hash is checked outside
// any write transaction, so it never holds up the organisation's writes.
func (s *handler) passwordSignIn(c echo.Context, f signInForm, password string) error {
	f.Password = true
	if msg := emailProblem(f.Email); msg != "" {
		f.Errors = map[string]string{"email": msg}
		return s.renderSignIn(c, http.StatusUnprocessableEntity, f)
	}
	if password == "" {
		f.Errors = map[string]string{"password": "Enter your password."}
		return s.renderSignIn(c, http.StatusUnprocessableEntity, f)
	}
	ctx := c.Request().Context()
	o := handlers.OrgOf(c)
	now := s.Now()
	var wait time.Duration
	if err := o.DB.Write(ctx, func(tx *sql.Tx) error {
		var err error
		wait, err = auth.Throttle(ctx, tx, now, passwordLimits(f.Email, handlers.ClientKey(c.RealIP()))...)
		return err
	}); err != nil {
		return err
	}
	if wait > 0 {
		handlers.Log(c).Warn("password sign-in throttled", "ip", c.RealIP(), "wait", wait.Round(time.Second))
		f.Errors = map[string]string{"password": tryAgainIn("Too many sign-in attempts.", wait)}
		return s.renderSignIn(c, http.StatusTooManyRequests, f)
	}
	devTok := s.Cookies.Read(c, handlers.CookieDevice, o.Slug)
	personID, deviceID, ok, err := s.Keys.PasswordSignIn(ctx, o.DB.Read(), f.Email, password, devTok)
	if err != nil {
		return err
	}
	if !ok {
		return s.passwordRefused(c, f)
	}
	err = o.DB.Write(ctx, func(tx *sql.Tx) error {
		// The device may have been signed out while the hash was checked.
		if d, err := s.Keys.DeviceByToken(ctx, tx, devTok); err != nil || d.ID != deviceID {
			if err == nil || errs.Is(err, errs.NotFound) {
				return errs.E(errs.Unauthorized, "This device has been signed out. Sign in with a code.")
			}
			return err
		}
		if old := handlers.IdentityOf(c); old != nil {
			if err := auth.EndSession(ctx, tx, now, old.Session.ID); err != nil {
				return err
			}
		}
		return s.signIn(c, tx, personID, deviceID, "password")
	})
	if err != nil {
		return err
	}
	dest, err := landing(ctx, o.DB.Read(), personID, f.Next)
	if err != nil {
		return err
	}
	return handlers.Redirect(c, dest)
}

// passwordRefused records a failed password sign-in against the person the
// email names, if any, and shows the one message that does not say which
// part was wrong.
func (s *handler) passwordRefused(c echo.Context, f signInForm) error {
	ctx := c.Request().Context()
	o := handlers.OrgOf(c)
	var who *int64
	object := ""
	p, err := estate.FindPersonByEmail(ctx, o.DB.Read(), f.Email)
	switch {
	case err == nil:
		who, object = &p.ID, p.PublicID
	case !errs.Is(err, errs.NotFound):
		return err
	}
	handlers.Log(c).Warn("password sign-in refused", "person", who, "ip", c.RealIP())
	if err := o.DB.Write(ctx, func(tx *sql.Tx) error {
		return s.AuditTx(ctx, c, tx, who, "auth.password_failed", object, "wrong password or unverified device")
	}); err != nil {
		return err
	}
	f.Errors = map[string]string{"password": msgPasswordNo}
	return s.renderSignIn(c, http.StatusUnprocessableEntity, f)
}
