package account

import (
	"database/sql"
	"fmt"
	"net/http"

	"github.com/labstack/echo/v4"

	"porch/auth"
	"porch/errs"
	"porch/estate"
	"porch/handlers"
)

// emailCodeForm is the form for a code of an email change: the one sent
// to the current address (Reauth) or the one sent to the new address.
type emailCodeForm struct {
	Email   string // the new address
	Current string // the address the person signs in with now
	Waiting bool
	Restart bool
	Errors  map[string]string
}

// The pages of the two codes, with the form block each swaps.
var (
	reauthView  = handlers.View{Page: "profile_reauth", Title: "Confirm it is you", Block: "profile-reauth-form"}
	newCodeView = handlers.View{Page: "profile_email", Title: "Confirm your new email", Block: "profile-email-code-form"}
)

// showCodeForm renders a code page whole, or, with msg, its form again
// with the error.
func (s *handler) showCodeForm(c echo.Context, v handlers.View, f emailCodeForm, status int, msg string) error {
	if msg == "" {
		v.Block = ""
	} else {
		f.Errors = map[string]string{"code": msg}
	}
	v.Data = f
	return s.Render(c, status, v)
}

// pendingCode fills in the address the browser's live code of purpose went
// to, and whether one is waiting.
func (s *handler) pendingCode(c echo.Context, purpose string, f *emailCodeForm) (string, error) {
	o := handlers.OrgOf(c)
	tok := s.Cookies.Read(c, handlers.CookiePending, o.Slug)
	if tok == "" {
		return "", nil
	}
	sentTo, waiting, err := s.Keys.PendingEmail(c.Request().Context(), o.DB.Read(), s.Now(), purpose, tok)
	f.Waiting = waiting
	return sentTo, err
}

// profileReauthPage asks for the code sent to the current address.
func (s *handler) profileReauthPage(c echo.Context) error {
	f := emailCodeForm{Email: c.QueryParam("email"), Current: handlers.IdentityOf(c).Person.Email}
	if _, err := s.pendingCode(c, auth.PurposeReauth, &f); err != nil {
		return err
	}
	if emailProblem(f.Email) != "" {
		f.Waiting = false
	}
	return s.showCodeForm(c, reauthView, f, http.StatusOK, "")
}

// profileReauthPost checks the code sent to the current address. A right
// code signs this browser in afresh (a new session token, as at any
// sign-in) and sends the new address its own code.
func (s *handler) profileReauthPost(c echo.Context) error {
	ctx := c.Request().Context()
	o := handlers.OrgOf(c)
	id := handlers.IdentityOf(c)
	f := emailCodeForm{Email: c.FormValue("email"), Current: id.Person.Email, Waiting: true}
	code := normaliseCode(c.FormValue("code"))
	if emailProblem(f.Email) != "" {
		f.Restart = true
		return s.showCodeForm(c, reauthView, f, http.StatusUnprocessableEntity, "The new address was lost on the way. Start again from your profile.")
	}
	if !sixDigits(code) {
		return s.showCodeForm(c, reauthView, f, http.StatusUnprocessableEntity, msgCodeFormat)
	}
	tok := s.Cookies.Read(c, handlers.CookiePending, o.Slug)
	newToken := auth.NewToken()
	var msg string
	var refused emailChangeRefusal
	err := o.DB.Write(ctx, func(tx *sql.Tx) error {
		r, err := s.Keys.CheckCode(ctx, tx, s.Now(), auth.PurposeReauth, tok, code)
		if err != nil {
			return err
		}
		if r.Outcome == auth.CodeOK && r.PersonID != id.Person.ID {
			r.Outcome = auth.CodeExpired // asked for by someone else signed in on this browser
		}
		if r.Outcome != auth.CodeOK {
			msg, f.Restart, err = s.codeFailure(ctx, c, tx, auth.PurposeReauth, r)
			return err
		}
		if err := auth.EndSession(ctx, tx, s.Now(), id.Session.ID); err != nil {
			return err
		}
		if err := s.signIn(c, tx, id.Person.ID, id.Session.DeviceID, "code to confirm a change"); err != nil {
			return err
		}
		if refused, err = s.checkNewEmail(ctx, c, tx, f.Email); err != nil || refused.msg != "" {
			return err
		}
		return s.mailNewEmailCode(ctx, c, tx, f.Email, newToken)
	})
	switch {
	case err != nil:
		return err
	case msg != "":
		return s.showCodeForm(c, reauthView, f, http.StatusUnprocessableEntity, msg)
	case refused.msg != "":
		f.Restart = true
		return s.showCodeForm(c, reauthView, f, refused.status, refused.msg)
	}
	if err := s.Cookies.Write(c, handlers.CookiePending, o.Slug, newToken, auth.CodeTTL); err != nil {
		return err
	}
	s.KickMail()
	return handlers.Redirect(c, "/profile/email/confirm")
}

// profileEmailCodePage asks for the code sent to the new address.
func (s *handler) profileEmailCodePage(c echo.Context) error {
	var f emailCodeForm
	var err error
	if f.Email, err = s.pendingCode(c, auth.PurposeEmailChange, &f); err != nil {
		return err
	}
	return s.showCodeForm(c, newCodeView, f, http.StatusOK, "")
}

// profileEmailCodePost checks the code and changes the sign-in address,
// then signs out every other session and device. As with sign-in codes,
// the transaction commits on a wrong code so that the try is counted.
func (s *handler) profileEmailCodePost(c echo.Context) error {
	ctx := c.Request().Context()
	o := handlers.OrgOf(c)
	id := handlers.IdentityOf(c)
	now := s.Now()
	tok := s.Cookies.Read(c, handlers.CookiePending, o.Slug)
	f := emailCodeForm{Waiting: true}
	code := normaliseCode(c.FormValue("code"))
	if !sixDigits(code) {
		var err error
		if f.Email, err = s.pendingCode(c, auth.PurposeEmailChange, &f); err != nil {
			return err
		}
		f.Waiting = true
		return s.showCodeForm(c, newCodeView, f, http.StatusUnprocessableEntity, msgCodeFormat)
	}
	var msg string
	err := o.DB.Write(ctx, func(tx *sql.Tx) error {
		r, err := s.Keys.CheckCode(ctx, tx, now, auth.PurposeEmailChange, tok, code)
		if err != nil {
			return err
		}
		f.Email = r.Email
		if r.Outcome == auth.CodeOK && r.PersonID != id.Person.ID {
			r.Outcome = auth.CodeExpired // asked for by someone else signed in on this browser
		}
		if r.Outcome != auth.CodeOK {
			msg, f.Restart, err = s.codeFailure(ctx, c, tx, auth.PurposeEmailChange, r)
			return err
		}
		if err := estate.ChangeEmail(ctx, tx, id.Person.ID, r.Email, now); err != nil {
			return err
		}
		others, err := auth.SignOutOthers(ctx, tx, now, id.Person.ID, id.Session.ID, id.Session.DeviceID)
		if err != nil {
			return err
		}
		// Tell the old address, so a change nobody asked for is noticed.
		if id.Person.Email != "" {
			if err := s.QueueMail(ctx, c, tx, "email_changed", id.Person.Email, id.Person.DisplayName(),
				emailChangedMail{Name: handlers.FirstName(id.Person), NewEmail: r.Email, SignedOut: others}); err != nil {
				return err
			}
		}
		return s.AuditTx(ctx, c, tx, &id.Person.ID, "auth.email_changed", id.Person.PublicID,
			fmt.Sprintf("from %s to %s; %d other devices signed out", id.Person.Email, r.Email, others))
	})
	if de, ok := errs.As(err); ok && de.Fields["email"] != "" {
		// Someone else took the address after the code was sent.
		f.Restart = true
		return s.showCodeForm(c, newCodeView, f, http.StatusUnprocessableEntity, de.Fields["email"])
	}
	if err != nil {
		return err
	}
	if msg != "" {
		return s.showCodeForm(c, newCodeView, f, http.StatusUnprocessableEntity, msg)
	}
	s.KickMail()
	handlers.Log(c).Info("sign-in email changed", "person", id.Person.ID, "ip", c.RealIP())
	s.Cookies.Clear(c, handlers.CookiePending)
	return handlers.Redirect(c, "/profile?done=email_changed#"+blockEmail)
}
