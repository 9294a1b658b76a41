package account

import (
	"context"
	"database/sql"
	"fmt"
	"net/http"
	"strconv"
	"strings"

	"github.com/labstack/echo/v4"

	"porch/auth"
	"porch/errs"
	"porch/estate"
	"porch/handlers"
)

// normaliseCode drops what people type or paste around the digits.
func normaliseCode(s string) string {
	return strings.Map(func(r rune) rune {
		if r == ' ' || r == '-' || r == '\t' {
			return -1
		}
		return r
	}, s)
}

func sixDigits(s string) bool {
	if len(s) != 6 {
		return false
	}
	_, err := strconv.ParseUint(s, 10, 32)
	return err == nil
}

// codePage is the form for the emailed code, or, when this browser has no
// live code, the way to ask for one.
func (s *handler) codePage(c echo.Context) error {
	ctx := c.Request().Context()
	o := handlers.OrgOf(c)
	f := codeForm{Next: cleanNext(c.QueryParam("next"))}
	if tok := s.Cookies.Read(c, handlers.CookiePending, o.Slug); tok != "" {
		var err error
		if f.Email, f.Waiting, err = s.Keys.PendingEmail(ctx, o.DB.Read(), s.Now(), auth.PurposeSignIn, tok); err != nil {
			return err
		}
	}
	return s.Render(c, http.StatusOK, handlers.View{Page: "sign_in_code", Title: "Enter your code", Data: f})
}

// codeFailure turns a refused code into the form's error, writing the
// audit entry inside tx (which the caller commits, so that wrong tries
// count).
func (s *handler) codeFailure(ctx context.Context, c echo.Context, tx *sql.Tx, purpose string, r auth.CodeResult) (msg string, restart bool, err error) {
	switch r.Outcome {
	case auth.CodeWrong:
		handlers.Log(c).Info("wrong code", "purpose", purpose, "person", personRef(r.PersonID), "ip", c.RealIP())
		tries := "tries"
		if r.TriesLeft == 1 {
			tries = "try"
		}
		return fmt.Sprintf("That code is not right. You have %d %s left.", r.TriesLeft, tries), false,
			s.AuditTx(ctx, c, tx, personRef(r.PersonID), "auth.code_failed", purpose, fmt.Sprintf("%d %s left", r.TriesLeft, tries))
	case auth.CodeLocked:
		handlers.Log(c).Warn("code locked after wrong tries", "purpose", purpose, "person", personRef(r.PersonID), "ip", c.RealIP())
		return msgCodeLocked, true, s.AuditTx(ctx, c, tx, personRef(r.PersonID), "auth.code_locked", purpose, "")
	}
	return msgCodeExpired, true, nil
}

// codePost checks the code and signs the browser in. The transaction
// commits whatever the outcome, so that wrong tries are counted.
func (s *handler) codePost(c echo.Context) error {
	ctx := c.Request().Context()
	o := handlers.OrgOf(c)
	now := s.Now()
	f := codeForm{Next: cleanNext(c.FormValue("next")), Waiting: true}
	tok := s.Cookies.Read(c, handlers.CookiePending, o.Slug)
	code := normaliseCode(c.FormValue("code"))
	if !sixDigits(code) {
		if tok != "" {
			email, _, err := s.Keys.PendingEmail(ctx, o.DB.Read(), now, auth.PurposeSignIn, tok)
			if err != nil {
				return err
			}
			f.Email = email
		}
		f.Errors = map[string]string{"code": msgCodeFormat}
		return s.Render(c, http.StatusUnprocessableEntity, handlers.View{Page: "sign_in_code", Title: "Enter your code", Data: f, Block: "sign-in-code-form"})
	}
	var msg string
	var turnedOff bool
	var signedIn int64 // the person signed in, once the code is right
	err := o.DB.Write(ctx, func(tx *sql.Tx) error {
		r, err := s.Keys.CheckCode(ctx, tx, now, auth.PurposeSignIn, tok, code)
		if err != nil {
			return err
		}
		f.Email = r.Email
		if r.Outcome != auth.CodeOK {
			msg, f.Restart, err = s.codeFailure(ctx, c, tx, auth.PurposeSignIn, r)
			return err
		}
		p, err := estate.GetPersonByID(ctx, tx, r.PersonID)
		if err != nil {
			return err
		}
		if !p.PortalEnabled {
			// Access was turned off after the code was sent.
			turnedOff = true
			handlers.Log(c).Warn("sign-in refused: portal access off", "person", p.ID, "ip", c.RealIP())
			return s.AuditTx(ctx, c, tx, &p.ID, "access.denied", p.PublicID, "sign-in with portal access off")
		}
		// Whoever was signed in on this browser before is signed out.
		if old := handlers.IdentityOf(c); old != nil {
			if err := auth.EndSession(ctx, tx, now, old.Session.ID); err != nil {
				return err
			}
		}
		deviceID, err := s.knownDevice(ctx, c, tx, p.ID)
		if err != nil {
			return err
		}
		signedIn = p.ID
		return s.signIn(c, tx, p.ID, deviceID, "code")
	})
	if err != nil {
		return err
	}
	if turnedOff {
		s.Cookies.Clear(c, handlers.CookiePending)
		return errs.E(errs.Forbidden, "Your access to this portal has been turned off. If you think this is a mistake, contact us.")
	}
	if msg != "" {
		f.Errors = map[string]string{"code": msg}
		return s.Render(c, http.StatusUnprocessableEntity, handlers.View{Page: "sign_in_code", Title: "Enter your code", Data: f, Block: "sign-in-code-form"})
	}
	s.Cookies.Clear(c, handlers.CookiePending)
	dest, err := landing(ctx, handlers.OrgOf(c).DB.Read(), signedIn, f.Next)
	if err != nil {
		return err
	}
	return handlers.Redirect(c, dest)
}
