package account

import (
	"context"
	"database/sql"
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"time"

	"github.com/labstack/echo/v4"

	"porch/auth"
	"porch/errs"
	"porch/estate"
	"porch/handlers"
)

// Changing the sign-in email hands the account to whoever holds the new
// address, so a session alone is not enough: the person proves it is them
// by a sign-in within the last reauthWindow, or else by a code sent to
// the address they sign in with now. Then the new address proves it is
// theirs by a code of its own, and once it changes every other session
// and device is signed out.
const reauthWindow = 10 * time.Minute

// emailChangedMail is the page data of the email_changed notice sent to
// the old address.
type emailChangedMail struct {
	Name      string
	NewEmail  string
	SignedOut int // other devices signed out
}

// reauthMail is the page data of the reauth_code email.
type reauthMail struct {
	Code     string
	Name     string
	NewEmail string
}

// recentlySignedIn reports whether the browser's session began recently
// enough to count as proof that the person is at it.
func (s *handler) recentlySignedIn(id *handlers.Identity) bool {
	return s.Now().Sub(id.Session.CreatedAt) < reauthWindow
}

// emailChangeRefusal is why a new address cannot be used now, for the
// form; empty when it can.
type emailChangeRefusal struct {
	status int
	msg    string
}

// checkNewEmail throttles code requests and checks the new address is
// free. The throttle comes before the lookup, so that the answer "someone
// uses this address" cannot be harvested quickly.
func (s *handler) checkNewEmail(ctx context.Context, c echo.Context, tx *sql.Tx, email string) (emailChangeRefusal, error) {
	id := handlers.IdentityOf(c)
	limits := append(codeLimits(email, handlers.ClientKey(c.RealIP())), auth.Limit{
		Key: "email_change:person:" + strconv.FormatInt(id.Person.ID, 10), Max: emailChangesPer, Window: throttleWindow})
	wait, err := auth.Throttle(ctx, tx, s.Now(), limits...)
	if err != nil {
		return emailChangeRefusal{}, err
	}
	if wait > 0 {
		handlers.Log(c).Warn("email change codes throttled", "person", id.Person.ID, "ip", c.RealIP())
		return emailChangeRefusal{http.StatusTooManyRequests, tryAgainIn("Too many codes were requested.", wait)}, nil
	}
	other, err := estate.FindPersonByEmail(ctx, tx, email)
	switch {
	case err == nil && other.ID != id.Person.ID:
		return emailChangeRefusal{http.StatusUnprocessableEntity, estate.MsgEmailTaken}, nil
	case err != nil && !errs.Is(err, errs.NotFound):
		return emailChangeRefusal{}, err
	}
	return emailChangeRefusal{}, nil
}

// mailNewEmailCode sends the code that confirms the new address, bound to
// the browser holding token.
func (s *handler) mailNewEmailCode(ctx context.Context, c echo.Context, tx *sql.Tx, email, token string) error {
	id := handlers.IdentityOf(c)
	code, err := s.Keys.IssueCode(ctx, tx, s.Now(), auth.CodeRequest{Purpose: auth.PurposeEmailChange, Email: email,
		PersonID: &id.Person.ID, BrowserToken: token})
	if err != nil {
		return err
	}
	if err := s.QueueMail(ctx, c, tx, "email_change_code", email, id.Person.DisplayName(),
		codeMail{Code: code, Name: handlers.FirstName(id.Person)}); err != nil {
		return err
	}
	return s.AuditTx(ctx, c, tx, &id.Person.ID, "auth.email_change_requested", id.Person.PublicID, "code sent to "+email)
}

// mailReauthCode sends a code to the person's current address, asking
// them to confirm the change to email.
func (s *handler) mailReauthCode(ctx context.Context, c echo.Context, tx *sql.Tx, email, token string) error {
	id := handlers.IdentityOf(c)
	code, err := s.Keys.IssueCode(ctx, tx, s.Now(), auth.CodeRequest{Purpose: auth.PurposeReauth, Email: id.Person.Email,
		PersonID: &id.Person.ID, BrowserToken: token})
	if err != nil {
		return err
	}
	if err := s.QueueMail(ctx, c, tx, "reauth_code", id.Person.Email, id.Person.DisplayName(),
		reauthMail{Code: code, Name: handlers.FirstName(id.Person), NewEmail: email}); err != nil {
		return err
	}
	return s.AuditTx(ctx, c, tx, &id.Person.ID, "auth.reauth_requested", id.Person.PublicID, "to change the sign-in email to "+email)
}

// profileChangeEmail starts a change of sign-in address: a code to the new
// address when the person signed in recently, otherwise first a code to
// the current one. The address changes only when the new address's code
// comes back, from this browser.
func (s *handler) profileChangeEmail(c echo.Context) error {
	ctx := c.Request().Context()
	o := handlers.OrgOf(c)
	id := handlers.IdentityOf(c)
	email := strings.TrimSpace(c.FormValue("email"))
	refuse := func(status int, msg string) error {
		return s.profileRefused(c, status, blockEmail, func(p *profilePage) {
			p.NewEmail, p.Errors = email, map[string]string{"email": msg}
		})
	}
	if msg := emailProblem(email); msg != "" {
		return refuse(http.StatusUnprocessableEntity, strings.Replace(msg, "your email", "the new email", 1))
	}
	if strings.EqualFold(email, id.Person.Email) {
		return refuse(http.StatusUnprocessableEntity, "That is already your sign-in email address.")
	}
	reauth := !s.recentlySignedIn(id)
	if reauth && id.Person.Email == "" {
		return refuse(http.StatusUnprocessableEntity, "Your account has no email address to confirm this change with. Contact us to change it.")
	}
	token := auth.NewToken()
	var refused emailChangeRefusal
	err := o.DB.Write(ctx, func(tx *sql.Tx) error {
		var err error
		if refused, err = s.checkNewEmail(ctx, c, tx, email); err != nil || refused.msg != "" {
			return err
		}
		if reauth {
			return s.mailReauthCode(ctx, c, tx, email, token)
		}
		return s.mailNewEmailCode(ctx, c, tx, email, token)
	})
	if err != nil {
		return err
	}
	if refused.msg != "" {
		return refuse(refused.status, refused.msg)
	}
	if err := s.Cookies.Write(c, handlers.CookiePending, o.Slug, token, auth.CodeTTL); err != nil {
		return err
	}
	s.KickMail()
	if reauth {
		return handlers.Redirect(c, "/profile/email/verify?email="+url.QueryEscape(email))
	}
	return handlers.Redirect(c, "/profile/email/confirm")
}
