package account

import (
	"database/sql"
	"net/http"
	"strconv"
	"strings"
	"time"

	"github.com/labstack/echo/v4"

	"porch/auth"
	"porch/errs"
	"porch/estate"
	"porch/handlers"
)

// profileRoutes registers the signed-in person's own profile: devices,
// password and sign-in email.
func (s *handler) profileRoutes(e *echo.Echo) {
	g := s.Person(e, "/profile")
	g.GET("", s.profile)
	g.POST("/devices/:id/sign-out", s.profileRevokeDevice)
	g.POST("/password", s.profileSetPassword)
	g.POST("/password/remove", s.profileRemovePassword)
	g.POST("/email", s.profileChangeEmail)
	g.GET("/email/confirm", s.profileEmailCodePage)
	g.POST("/email/confirm", s.profileEmailCodePost)
}

// emailChangedMail is the page data of the email_changed notice sent to
// the old address.
type emailChangedMail struct {
	Name     string
	NewEmail string
}

// deviceRow is one of the person's devices as the profile lists it.
type deviceRow struct {
	auth.Device
	Current bool // the device of this session
}

// profilePage is the profile with the state of each of its forms.
type profilePage struct {
	Person         estate.Person
	Devices        []deviceRow
	HasPassword    bool
	NewEmail       string
	Errors         map[string]string // by field name: email, password, confirm
	EmailNotice    string
	PasswordNotice string
	DevicesNotice  string
}

// Fragments of the profile page, each also the id of its section.
const (
	blockEmail    = "profile-email"
	blockPassword = "profile-password"
	blockDevices  = "profile-devices"
)

// loadProfile reads the signed-in person's profile.
func (s *handler) loadProfile(c echo.Context) (profilePage, error) {
	ctx := c.Request().Context()
	q := handlers.OrgOf(c).DB.Read()
	id := handlers.IdentityOf(c)
	p := profilePage{Person: id.Person}
	devices, err := auth.ListDevices(ctx, q, id.Person.ID)
	if err != nil {
		return p, err
	}
	// This device first, then the rest by when they were last used.
	for _, d := range devices {
		row := deviceRow{Device: d, Current: d.ID == id.Session.DeviceID}
		if row.Current {
			p.Devices = append([]deviceRow{row}, p.Devices...)
		} else {
			p.Devices = append(p.Devices, row)
		}
	}
	p.HasPassword, err = auth.HasPassword(ctx, q, id.Person.ID)
	return p, err
}

// done notices, chosen by a key in the redirect so that no text travels in
// the URL.
func (p *profilePage) setNotice(key string) {
	switch key {
	case "email_changed":
		p.EmailNotice = "Your sign-in email is now " + p.Person.Email + "."
	case "password_set":
		p.PasswordNotice = "Your password has been saved. It works on the devices listed above."
	case "password_removed":
		p.PasswordNotice = "Your password has been removed. Sign in with an emailed code from now on."
	case "device_signed_out":
		p.DevicesNotice = "That device has been signed out."
	}
}

func (s *handler) profile(c echo.Context) error {
	p, err := s.loadProfile(c)
	if err != nil {
		return err
	}
	p.setNotice(c.QueryParam("done"))
	return s.Render(c, http.StatusOK, handlers.View{Page: "profile", Title: "Your profile", Data: p})
}

// profileDone answers a profile form that worked: htmx gets the section
// again with the notice in it, a plain form post a redirect to it.
func (s *handler) profileDone(c echo.Context, key, block string) error {
	if !handlers.HX(c).Partial() {
		return c.Redirect(http.StatusSeeOther, "/profile?done="+key+"#"+block)
	}
	p, err := s.loadProfile(c)
	if err != nil {
		return err
	}
	p.setNotice(key)
	return s.Render(c, http.StatusOK, handlers.View{Page: "profile", Title: "Your profile", Data: p, Block: block})
}

// profileRefused shows a profile form again with its errors.
func (s *handler) profileRefused(c echo.Context, status int, block string, edit func(*profilePage)) error {
	p, err := s.loadProfile(c)
	if err != nil {
		return err
	}
	edit(&p)
	return s.Render(c, status, handlers.View{Page: "profile", Title: "Your profile", Data: p, Block: block})
}

// profileRevokeDevice signs one of the person's own devices out. Signing
// out this browser's own device signs this browser out too.
func (s *handler) profileRevokeDevice(c echo.Context) error {
	ctx := c.Request().Context()
	o := handlers.OrgOf(c)
	id := handlers.IdentityOf(c)
	publicID := c.Param("id")
	var dev auth.Device
	err := o.DB.Write(ctx, func(tx *sql.Tx) error {
		devices, err := auth.ListDevices(ctx, tx, id.Person.ID)
		if err != nil {
			return err
		}
		for _, d := range devices {
			if d.PublicID == publicID {
				dev = d
			}
		}
		if dev.ID == 0 {
			return errs.E(errs.NotFound, "That device is not signed in to your account.")
		}
		if err := auth.RevokeDevice(ctx, tx, s.Now(), id.Person.ID, publicID); err != nil {
			return err
		}
		return s.AuditTx(ctx, c, tx, &id.Person.ID, "auth.device_revoked", publicID, dev.Label)
	})
	if err != nil {
		return err
	}
	handlers.Log(c).Info("device signed out", "person", id.Person.ID, "device", publicID, "ip", c.RealIP())
	if dev.ID == id.Session.DeviceID {
		s.Cookies.Clear(c, handlers.CookieSession)
		s.Cookies.Clear(c, handlers.CookieDevice)
		s.Cookies.Clear(c, handlers.CookiePending)
		return handlers.Redirect(c, "/sign-in?signed_out=1")
	}
	return s.profileDone(c, "device_signed_out", blockDevices)
}

// profileSetPassword sets or changes the person's password.
func (s *handler) profileSetPassword(c echo.Context) error {
	ctx := c.Request().Context()
	o := handlers.OrgOf(c)
	id := handlers.IdentityOf(c)
	pw, confirm := c.FormValue("password"), c.FormValue("confirm")
	fields := map[string]string{}
	if err := auth.ValidatePassword(pw, id.Person.Email); err != nil {
		de, ok := errs.As(err)
		if !ok {
			return err
		}
		for k, v := range de.Fields {
			fields[k] = v
		}
	} else if pw != confirm {
		fields["confirm"] = "The passwords do not match. Type the same password in both boxes."
	}
	if len(fields) > 0 {
		return s.profileRefused(c, http.StatusUnprocessableEntity, blockPassword, func(p *profilePage) { p.Errors = fields })
	}
	err := o.DB.Write(ctx, func(tx *sql.Tx) error {
		had, err := auth.HasPassword(ctx, tx, id.Person.ID)
		if err != nil {
			return err
		}
		if err := auth.SetPassword(ctx, tx, s.Now(), id.Person.ID, id.Person.Email, pw); err != nil {
			return err
		}
		detail := "set"
		if had {
			detail = "changed"
		}
		return s.AuditTx(ctx, c, tx, &id.Person.ID, "auth.password_set", id.Person.PublicID, detail)
	})
	if err != nil {
		return err
	}
	return s.profileDone(c, "password_set", blockPassword)
}

// profileRemovePassword turns password sign-in off for the person.
func (s *handler) profileRemovePassword(c echo.Context) error {
	ctx := c.Request().Context()
	id := handlers.IdentityOf(c)
	err := handlers.OrgOf(c).DB.Write(ctx, func(tx *sql.Tx) error {
		if err := auth.RemovePassword(ctx, tx, id.Person.ID); err != nil {
			return err
		}
		return s.AuditTx(ctx, c, tx, &id.Person.ID, "auth.password_removed", id.Person.PublicID, "")
	})
	if err != nil {
		return err
	}
	return s.profileDone(c, "password_removed", blockPassword)
}

// profileChangeEmail sends a code to a new sign-in address. The address
// changes only when the code comes back, from this browser.
func (s *handler) profileChangeEmail(c echo.Context) error {
	ctx := c.Request().Context()
	o := handlers.OrgOf(c)
	id := handlers.IdentityOf(c)
	now := s.Now()
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
	token := auth.NewToken()
	var wait time.Duration
	var taken bool
	err := o.DB.Write(ctx, func(tx *sql.Tx) error {
		// Throttled before the address is looked up, so that the answer
		// "someone uses this address" cannot be harvested quickly.
		limits := append(codeLimits(email, handlers.ClientKey(c.RealIP())), auth.Limit{
			Key: "email_change:person:" + strconv.FormatInt(id.Person.ID, 10), Max: emailChangesPer, Window: throttleWindow})
		var err error
		if wait, err = auth.Throttle(ctx, tx, now, limits...); err != nil || wait > 0 {
			return err
		}
		other, err := estate.FindPersonByEmail(ctx, tx, email)
		switch {
		case err == nil && other.ID != id.Person.ID:
			taken = true
			return nil
		case err != nil && !errs.Is(err, errs.NotFound):
			return err
		}
		code, err := s.Keys.IssueCode(ctx, tx, now, auth.CodeRequest{Purpose: auth.PurposeEmailChange, Email: email,
			PersonID: &id.Person.ID, BrowserToken: token})
		if err != nil {
			return err
		}
		if err := s.QueueMail(ctx, c, tx, "email_change_code", email, id.Person.DisplayName(),
			codeMail{Code: code, Name: handlers.FirstName(id.Person)}); err != nil {
			return err
		}
		return s.AuditTx(ctx, c, tx, &id.Person.ID, "auth.email_change_requested", id.Person.PublicID, "code sent to "+email)
	})
	switch {
	case err != nil:
		return err
	case taken:
		return refuse(http.StatusUnprocessableEntity, estate.MsgEmailTaken)
	case wait > 0:
		handlers.Log(c).Warn("email change codes throttled", "person", id.Person.ID, "ip", c.RealIP())
		return refuse(http.StatusTooManyRequests, tryAgainIn("Too many codes were requested.", wait))
	}
	if err := s.Cookies.Write(c, handlers.CookiePending, o.Slug, token, auth.CodeTTL); err != nil {
		return err
	}
	s.KickMail()
	return handlers.Redirect(c, "/profile/email/confirm")
}

// emailCodeForm is the form for the code sent to a new address.
type emailCodeForm struct {
	Email   string // the new address
	Waiting bool
	Restart bool
	Errors  map[string]string
}

// profileEmailCodePage asks for the code sent to the new address.
func (s *handler) profileEmailCodePage(c echo.Context) error {
	ctx := c.Request().Context()
	o := handlers.OrgOf(c)
	var f emailCodeForm
	if tok := s.Cookies.Read(c, handlers.CookiePending, o.Slug); tok != "" {
		var err error
		if f.Email, f.Waiting, err = s.Keys.PendingEmail(ctx, o.DB.Read(), s.Now(), auth.PurposeEmailChange, tok); err != nil {
			return err
		}
	}
	return s.Render(c, http.StatusOK, handlers.View{Page: "profile_email", Title: "Confirm your new email", Data: f})
}

// profileEmailCodePost checks the code and changes the sign-in address. As
// with sign-in codes, the transaction commits on a wrong code so that the
// try is counted.
func (s *handler) profileEmailCodePost(c echo.Context) error {
	ctx := c.Request().Context()
	o := handlers.OrgOf(c)
	id := handlers.IdentityOf(c)
	now := s.Now()
	tok := s.Cookies.Read(c, handlers.CookiePending, o.Slug)
	f := emailCodeForm{Waiting: true}
	code := normaliseCode(c.FormValue("code"))
	show := func(status int, msg string) error {
		f.Errors = map[string]string{"code": msg}
		return s.Render(c, status, handlers.View{Page: "profile_email", Title: "Confirm your new email", Data: f, Block: "profile-email-code-form"})
	}
	if !sixDigits(code) {
		if tok != "" {
			email, _, err := s.Keys.PendingEmail(ctx, o.DB.Read(), now, auth.PurposeEmailChange, tok)
			if err != nil {
				return err
			}
			f.Email = email
		}
		return show(http.StatusUnprocessableEntity, msgCodeFormat)
	}
	var msg string
	err := o.DB.Write(ctx, func(tx *sql.Tx) error {
		r, err := s.Keys.CheckCode(ctx, tx, now, auth.PurposeEmailChange, tok, code)
		if err != nil {
			return err
		}
		f.Email = r.Email
		if r.Outcome == auth.CodeOK && r.PersonID != id.Person.ID {
			// Asked for by someone else who was signed in on this browser.
			r.Outcome = auth.CodeExpired
		}
		if r.Outcome != auth.CodeOK {
			msg, f.Restart, err = s.codeFailure(ctx, c, tx, auth.PurposeEmailChange, r)
			return err
		}
		if err := estate.ChangeEmail(ctx, tx, id.Person.ID, r.Email, now); err != nil {
			return err
		}
		// Tell the old address, so a change nobody asked for is noticed.
		if id.Person.Email != "" {
			if err := s.QueueMail(ctx, c, tx, "email_changed", id.Person.Email, id.Person.DisplayName(),
				emailChangedMail{Name: handlers.FirstName(id.Person), NewEmail: r.Email}); err != nil {
				return err
			}
		}
		return s.AuditTx(ctx, c, tx, &id.Person.ID, "auth.email_changed", id.Person.PublicID, "from "+id.Person.Email+" to "+r.Email)
	})
	if de, ok := errs.As(err); ok && de.Fields["email"] != "" {
		// Someone else took the address after the code was sent.
		f.Restart = true
		return show(http.StatusUnprocessableEntity, de.Fields["email"])
	}
	if err != nil {
		return err
	}
	if msg != "" {
		return show(http.StatusUnprocessableEntity, msg)
	}
	s.KickMail()
	handlers.Log(c).Info("sign-in email changed", "person", id.Person.ID, "ip", c.RealIP())
	s.Cookies.Clear(c, handlers.CookiePending)
	return handlers.Redirect(c, "/profile?done=email_changed#"+blockEmail)
}
