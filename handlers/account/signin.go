package account

import (
	"database/sql"
	"fmt"
	"math"
	"net/http"
	"net/url"
	"strings"
	"time"

	"github.com/labstack/echo/v4"

	"porch/auth"
	"porch/errs"
	"porch/estate"
	"porch/handlers"
)

// Rate limits. Codes cost an email each, so they are limited harder than
// password tries, which cost only CPU; per-IP limits are looser because
// several people may share an address (a block's Wi-Fi, an office).
const (
	throttleWindow    = 15 * time.Minute
	codesPerEmail     = 5
	codesPerIP        = 20
	passwordsPerEmail = 10
	passwordsPerIP    = 30
	emailChangesPer   = 5 // email change codes per person
)

// Messages shown next to the code field.
const (
	msgCodeLocked  = "Too many wrong codes. Ask for a new code."
	msgCodeExpired = "That code has expired or was already used. Ask for a new one."
	msgCodeFormat  = "Enter the 6-digit code from the email."
	msgPasswordNo  = "That email and password do not match, or this device has not been verified with a code yet. Use a sign-in code instead."
)

// authRoutes registers sign-in, sign-out and the profile. They exist only
// on an organisation's host.
func (s *handler) authRoutes(e *echo.Echo) {
	g := s.Org(e, "/sign-in")
	g.GET("", s.signInPage)
	g.POST("", s.signInPost)
	g.GET("/code", s.codePage)
	g.POST("/code", s.codePost)
	e.POST("/sign-out", s.signOut, s.RequireOrg)
	s.profileRoutes(e)
	e.GET("/invite/:token", s.invitePage, s.RequireOrg)
	e.POST("/invite/:token", s.acceptInvite, s.RequireOrg)
}

// signInForm is the email (and, on a known device, password) form.
type signInForm struct {
	Next     string
	Email    string
	Password bool // offer password sign-in
	Notice   string
	Errors   map[string]string // by field name: email, password
}

// codeForm is the form for an emailed code.
type codeForm struct {
	Next    string
	Email   string // the address the code was sent to, if known
	Waiting bool   // a code is waiting for this browser
	Restart bool   // the code cannot be used any more: offer a new one
	Errors  map[string]string
}

// codeMail is the page data of the sign_in_code and email_change_code
// emails.
type codeMail struct {
	Code string
	Name string
}

// SignInURL is the way back to the email form, keeping the destination.
func (f codeForm) SignInURL() string { return withNext("/sign-in", f.Next) }

// cleanNext keeps a destination only if it is a path on this site worth
// carrying through the sign-in pages.
func cleanNext(next string) string {
	if len(next) > 1000 || next == "/" || handlers.SafeNext(next) != next {
		return ""
	}
	return next
}

// withNext adds next to path as a query parameter.
func withNext(path, next string) string {
	if next = cleanNext(next); next == "" {
		return path
	}
	return path + "?next=" + url.QueryEscape(next)
}

// emailProblem says what is wrong with an email address typed into a form.
func emailProblem(email string) string {
	switch {
	case email == "":
		return "Enter your email address."
	case !estate.ValidEmail(email):
		return "Enter an email address like name@example.co.uk."
	}
	return ""
}

// tryAgainIn completes a rate-limit message with the wait, in whole
// minutes rounded up.
func tryAgainIn(what string, wait time.Duration) string {
	n := max(1, int(math.Ceil(wait.Minutes())))
	unit := "minutes"
	if n == 1 {
		unit = "minute"
	}
	return fmt.Sprintf("%s Try again in %d %s.", what, n, unit)
}

func codeLimits(email, client string) []auth.Limit {
	return []auth.Limit{
		{Key: "code:email:" + strings.ToLower(email), Max: codesPerEmail, Window: throttleWindow},
		{Key: "code:ip:" + client, Max: codesPerIP, Window: throttleWindow},
	}
}

// personRef is a person id for the audit log: nil when nobody is known.
func personRef(id int64) *int64 {
	if id == 0 {
		return nil
	}
	return &id
}

func (s *handler) renderSignIn(c echo.Context, status int, f signInForm) error {
	if !f.Password {
		var err error
		if f.Password, err = s.passwordOffered(c.Request().Context(), c); err != nil {
			return err
		}
	}
	return s.Render(c, status, handlers.View{Page: "sign_in", Title: "Sign in", Data: f, Block: "sign-in-form"})
}

// signInPage is the email form. Someone already signed in goes on to
// where they were heading.
func (s *handler) signInPage(c echo.Context) error {
	next := c.QueryParam("next")
	if handlers.IdentityOf(c) != nil {
		return c.Redirect(http.StatusSeeOther, handlers.SafeNext(next))
	}
	f := signInForm{Next: cleanNext(next)}
	if c.QueryParam("signed_out") == "1" {
		f.Notice = "You have signed out."
	}
	// The form follows from the address, the device cookie and the
	// organisation's settings: the page cache may keep it.
	handlers.KeepPage(c, time.Time{})
	return s.renderSignIn(c, http.StatusOK, f)
}

// signInPost asks for a code, or signs in with a password. A typed password
// means password sign-in whichever button sent the form: pressing Enter in
// the password field submits with the form's first button.
func (s *handler) signInPost(c echo.Context) error {
	f := signInForm{Next: cleanNext(c.FormValue("next")), Email: strings.TrimSpace(c.FormValue("email"))}
	password := c.FormValue("password")
	if c.FormValue("action") == "password" || password != "" {
		return s.passwordSignIn(c, f, password)
	}
	return s.requestCode(c, f)
}

// requestCode emails a sign-in code. Whether or not the address belongs to
// someone who may sign in, the same work is done and the same answer given
// (a redirect to the code form and a new pending cookie); only a real
// person gets an email.
func (s *handler) requestCode(c echo.Context, f signInForm) error {
	if msg := emailProblem(f.Email); msg != "" {
		f.Errors = map[string]string{"email": msg}
		return s.renderSignIn(c, http.StatusUnprocessableEntity, f)
	}
	ctx := c.Request().Context()
	o := handlers.OrgOf(c)
	now := s.Now()
	token := auth.NewToken()
	var wait time.Duration
	var mailed bool
	err := o.DB.Write(ctx, func(tx *sql.Tx) error {
		var err error
		if wait, err = auth.Throttle(ctx, tx, now, codeLimits(f.Email, handlers.ClientKey(c.RealIP()))...); err != nil || wait > 0 {
			return err
		}
		req := auth.CodeRequest{Purpose: auth.PurposeSignIn, Email: f.Email, BrowserToken: token}
		p, err := estate.FindPersonByEmail(ctx, tx, f.Email)
		switch {
		case err == nil && p.PortalEnabled:
			req.PersonID = &p.ID
		case err != nil && !errs.Is(err, errs.NotFound):
			return err
		}
		code, err := s.Keys.IssueCode(ctx, tx, now, req)
		if err != nil || req.PersonID == nil {
			return err
		}
		if err := s.QueueMail(ctx, c, tx, "sign_in_code", p.Email, p.DisplayName(), codeMail{Code: code, Name: handlers.FirstName(p)}); err != nil {
			return err
		}
		mailed = true
		return s.AuditTx(ctx, c, tx, &p.ID, "auth.code_requested", p.PublicID, "")
	})
	if err != nil {
		return err
	}
	if wait > 0 {
		handlers.Log(c).Warn("sign-in codes throttled", "ip", c.RealIP(), "wait", wait.Round(time.Second))
		f.Errors = map[string]string{"email": tryAgainIn("Too many sign-in codes were requested.", wait)}
		return s.renderSignIn(c, http.StatusTooManyRequests, f)
	}
	if err := s.Cookies.Write(c, handlers.CookiePending, o.Slug, token, auth.CodeTTL); err != nil {
		return err
	}
	if mailed {
		s.KickMail()
	}
	return handlers.Redirect(c, withNext("/sign-in/code", f.Next))
}

// signOut ends the session on the server. The device stays known, so the
// next sign-in here may use a password.
func (s *handler) signOut(c echo.Context) error {
	if id := handlers.IdentityOf(c); id != nil {
		ctx := c.Request().Context()
		o := handlers.OrgOf(c)
		err := o.DB.Write(ctx, func(tx *sql.Tx) error {
			if err := auth.EndSession(ctx, tx, s.Now(), id.Session.ID); err != nil {
				return err
			}
			return s.AuditTx(ctx, c, tx, &id.Person.ID, "auth.sign_out", id.Person.PublicID, "")
		})
		if err != nil {
			return err
		}
		handlers.Log(c).Info("signed out", "person", id.Person.ID, "ip", c.RealIP())
	}
	s.Cookies.Clear(c, handlers.CookieSession)
	s.Cookies.Clear(c, handlers.CookiePending)
	return handlers.Redirect(c, "/sign-in?signed_out=1")
}
