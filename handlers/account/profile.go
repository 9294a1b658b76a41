package account

import (
	"database/sql"
	"net/http"

	"github.com/labstack/echo/v4"

	"porch/auth"
	"porch/errs"
	"porch/estate"
	"porch/handlers"
)

// profileRoutes registers the signed-in person's own profile: contact
// details, devices, password and sign-in email.
func (s *handler) profileRoutes(e *echo.Echo) {
	g := s.Person(e, "/profile")
	g.GET("", s.profile)
	g.POST("/devices/:id/sign-out", s.profileRevokeDevice)
	g.POST("/password", s.profileSetPassword)
	g.POST("/password/remove", s.profileRemovePassword)
	g.POST("/details", s.profileSaveDetails)
	g.POST("/details/changes/:id/withdraw", s.profileWithdrawChange)
	g.POST("/email", s.profileChangeEmail)
	g.GET("/email/verify", s.profileReauthPage)
	g.POST("/email/verify", s.profileReauthPost)
	g.GET("/email/confirm", s.profileEmailCodePage)
	g.POST("/email/confirm", s.profileEmailCodePost)
}

// deviceRow is one of the person's devices as the profile lists it.
type deviceRow struct {
	auth.Device
	Current bool // the device of this session
}

// profilePage is the profile with the state of each of its forms.
type profilePage struct {
	Person         estate.Person
	Details        contactDetails
	Devices        []deviceRow
	HasPassword    bool
	ConfirmFirst   bool // an email change starts with a code to the current address
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
	p := profilePage{ConfirmFirst: !s.recentlySignedIn(id)}
	// Read again, not from the session: a change saved a moment ago shows.
	var err error
	if p.Person, err = estate.GetPersonByID(ctx, q, id.Person.ID); err != nil {
		return p, err
	}
	if p.Details, err = loadDetails(ctx, q, p.Person); err != nil {
		return p, err
	}
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
		p.EmailNotice = "Your sign-in email is now " + p.Person.Email + ". Any other devices signed in as you have been signed out."
	case "password_set":
		p.PasswordNotice = "Your password has been saved. It works on the devices listed above."
	case "password_removed":
		p.PasswordNotice = "Your password has been removed. Sign in with an emailed code from now on."
	case "device_signed_out":
		p.DevicesNotice = "That device has been signed out."
	default:
		p.Details.Notice = detailsNotice(key)
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
