package account

import (
	"database/sql"

	"github.com/labstack/echo/v4"

	"porch/auth"
	"porch/handlers"
)

// signIn starts a new session for personID on the device (registering the
// browser as a new device when deviceID is 0), sets the cookies, and
// records the sign-in. It runs inside the caller's transaction.
func (s *handler) signIn(c echo.Context, tx *sql.Tx, personID, deviceID int64, how string) error {
	ctx := c.Request().Context()
	o := handlers.OrgOf(c)
	now := s.Now()
	if deviceID == 0 {
		dev, tok, err := s.Keys.NewDevice(ctx, tx, now, personID, c.Request().UserAgent())
		if err != nil {
			return err
		}
		deviceID = dev.ID
		if err := s.Cookies.Write(c, handlers.CookieDevice, o.Slug, tok, handlers.DeviceCookieAge); err != nil {
			return err
		}
	} else if err := auth.SeeDevice(ctx, tx, now, deviceID); err != nil {
		return err
	}
	tok, err := s.Keys.StartSession(ctx, tx, now, personID, deviceID, s.SessionPolicy)
	if err != nil {
		return err
	}
	if err := s.Cookies.Write(c, handlers.CookieSession, o.Slug, tok, 0); err != nil {
		return err
	}
	handlers.Log(c).Info("signed in", "person", personID, "how", how, "ip", c.RealIP())
	return s.AuditTx(ctx, c, tx, &personID, "auth.sign_in", "person", how)
}
