package account

import (
	"context"
	"database/sql"
	"fmt"
	"math"
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

func codeLimits(email, ip string) []auth.Limit {
	return []auth.Limit{
		{Key: "code:email:" + strings.ToLower(email), Max: codesPerEmail, Window: throttleWindow},
		{Key: "code:ip:" + ip, Max: codesPerIP, Window: throttleWindow},
	}
}

func passwordLimits(email, ip string) []auth.Limit {
	return []auth.Limit{
		{Key: "password:email:" + strings.ToLower(email), Max: passwordsPerEmail, Window: throttleWindow},
		{Key: "password:ip:" + ip, Max: passwordsPerIP, Window: throttleWindow},
	}
}

// personRef is a person id for the audit log: nil when nobody is known.
func personRef(id int64) *int64 {
	if id == 0 {
		return nil
	}
	return &id
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

func (s *handler) renderSignIn(c echo.Context, status int, f signInForm) error {
	if !f.Password {
		var err error
		if f.Password, err = s.passwordOffered(c.Request().Context(), c); err != nil {
			return err
		}
	}
	return s.RenderForm(c, status, "sign_in", "sign-in-form", "Sign in", f)
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
		if wait, err = auth.Throttle(ctx, tx, now, codeLimits(f.Email, c.RealIP())...); err != nil || wait > 0 {
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
		s.Logger.Warn("sign-in codes throttled", "org", o.Slug, "req_id", handlers.RequestID(c), "ip", c.RealIP(), "wait", wait.Round(time.Second))
		f.Errors = map[string]string{"email": tryAgainIn("Too many sign-in codes were requested.", wait)}
		return s.renderSignIn(c, http.StatusTooManyRequests, f)
	}
	if err := s.Cookies.Write(c, handlers.CookiePending, o.Slug, token, auth.CodeTTL); err != nil {
		return err
	}
	if mailed {
		s.KickMail()
	}
	return s.Redirect(c, withNext("/sign-in/code", f.Next))
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
	return s.Render(c, http.StatusOK, "sign_in_code", "Enter your code", f)
}

// codeFailure turns a refused code into the form's error, writing the
// audit entry inside tx (which the caller commits, so that wrong tries
// count).
func (s *handler) codeFailure(ctx context.Context, c echo.Context, tx *sql.Tx, purpose string, r auth.CodeResult) (msg string, restart bool, err error) {
	o := handlers.OrgOf(c)
	switch r.Outcome {
	case auth.CodeWrong:
		s.Logger.Info("wrong code", "org", o.Slug, "req_id", handlers.RequestID(c), "purpose", purpose, "person", personRef(r.PersonID), "ip", c.RealIP())
		tries := "tries"
		if r.TriesLeft == 1 {
			tries = "try"
		}
		return fmt.Sprintf("That code is not right. You have %d %s left.", r.TriesLeft, tries), false,
			s.AuditTx(ctx, c, tx, personRef(r.PersonID), "auth.code_failed", purpose, fmt.Sprintf("%d %s left", r.TriesLeft, tries))
	case auth.CodeLocked:
		s.Logger.Warn("code locked after wrong tries", "org", o.Slug, "req_id", handlers.RequestID(c), "purpose", purpose, "person", personRef(r.PersonID), "ip", c.RealIP())
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
		return s.RenderForm(c, http.StatusUnprocessableEntity, "sign_in_code", "sign-in-code-form", "Enter your code", f)
	}
	var msg string
	var turnedOff bool
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
			s.Logger.Warn("sign-in refused: portal access off", "org", o.Slug, "req_id", handlers.RequestID(c), "person", p.ID, "ip", c.RealIP())
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
		return s.RenderForm(c, http.StatusUnprocessableEntity, "sign_in_code", "sign-in-code-form", "Enter your code", f)
	}
	s.Cookies.Clear(c, handlers.CookiePending)
	return s.Redirect(c, handlers.SafeNext(f.Next))
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
		wait, err = auth.Throttle(ctx, tx, now, passwordLimits(f.Email, c.RealIP())...)
		return err
	}); err != nil {
		return err
	}
	if wait > 0 {
		s.Logger.Warn("password sign-in throttled", "org", o.Slug, "req_id", handlers.RequestID(c), "ip", c.RealIP(), "wait", wait.Round(time.Second))
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
	return s.Redirect(c, handlers.SafeNext(f.Next))
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
	s.Logger.Warn("password sign-in refused", "org", o.Slug, "req_id", handlers.RequestID(c), "person", who, "ip", c.RealIP())
	if err := o.DB.Write(ctx, func(tx *sql.Tx) error {
		return s.AuditTx(ctx, c, tx, who, "auth.password_failed", object, "wrong password or unverified device")
	}); err != nil {
		return err
	}
	f.Errors = map[string]string{"password": msgPasswordNo}
	return s.renderSignIn(c, http.StatusUnprocessableEntity, f)
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
		s.Logger.Info("signed out", "org", o.Slug, "req_id", handlers.RequestID(c), "person", id.Person.ID, "ip", c.RealIP())
	}
	s.Cookies.Clear(c, handlers.CookieSession)
	s.Cookies.Clear(c, handlers.CookiePending)
	return s.Redirect(c, "/sign-in?signed_out=1")
}
