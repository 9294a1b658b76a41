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
	"porch/sqldb"
)

// inviteToken is the token in the invitation link. Logs never see it:
// logPath masks invitation paths.
func inviteToken(c echo.Context) string { return c.Param("token") }

var (
	errInviteAccessOff = errs.E(errs.Forbidden, "Your access to this portal has been turned off, so this invitation cannot be used. If you think this is a mistake, contact us.")
	errInviteMoved     = errs.E(errs.Conflict, "This invitation was sent to an email address that is no longer on your account. Ask us to send a new one, or sign in with your current email address.")
)

// checkInvitation finds the person a live invitation is for. The person
// must still be allowed in, at the address the invitation went to. The
// invitation is returned even when refused, for the audit log.
func (s *handler) checkInvitation(ctx context.Context, q sqldb.Querier, now time.Time, token string) (auth.Invitation, estate.Person, error) {
	inv, err := s.Keys.InvitationByToken(ctx, q, now, token)
	if inv.PersonID == 0 {
		if err == nil {
			err = auth.ErrInviteUnknown
		}
		return inv, estate.Person{}, err
	}
	p, perr := estate.GetPersonByID(ctx, q, inv.PersonID)
	switch {
	case perr != nil:
		return inv, p, perr
	case !p.PortalEnabled:
		return inv, p, errInviteAccessOff
	case err != nil:
		return inv, p, err
	case !strings.EqualFold(p.Email, inv.Email):
		return inv, p, errInviteMoved
	}
	return inv, p, nil
}

type invitePage struct {
	FirstName  string
	Token      string
	Expires    time.Time
	SignedInAs string // another person already signed in on this browser
}

type inviteErrorPage struct {
	Heading string
	Message string
}

// inviteRefused shows why a link does not work, with the way forward; any
// other error goes to the central handler.
func (s *handler) inviteRefused(c echo.Context, err error) error {
	de, ok := errs.As(err)
	if !ok || de.Code == errs.Internal {
		return err
	}
	status := handlers.StatusOf[de.Code]
	heading := "This invitation cannot be used"
	if errs.Is(err, errs.NotFound) {
		heading = "Invitation not found"
	}
	c.Response().Header().Set("Referrer-Policy", "no-referrer")
	return s.Render(c, status, handlers.View{Page: "invite_error", Title: heading, Data: inviteErrorPage{Heading: heading, Message: de.Message}})
}

// invitePage shows the "Accept invitation" button. It only reads the
// invitation: mail scanners open links, and must not use them up.
func (s *handler) invitePage(c echo.Context) error {
	ctx := c.Request().Context()
	inv, p, err := s.checkInvitation(ctx, handlers.OrgOf(c).DB.Read(), s.Now(), inviteToken(c))
	if err != nil {
		return s.inviteRefused(c, err)
	}
	page := invitePage{FirstName: handlers.FirstName(p), Token: inviteToken(c), Expires: inv.ExpiresAt}
	if id := handlers.IdentityOf(c); id != nil && id.Person.ID != p.ID {
		page.SignedInAs = id.Person.DisplayName()
	}
	h := c.Response().Header()
	h.Set("Referrer-Policy", "no-referrer")
	h.Set("X-Robots-Tag", "noindex")
	return s.Render(c, http.StatusOK, handlers.View{Page: "invite", Title: "Accept your invitation", Data: page})
}

// acceptInvite uses the invitation up and signs this browser in as its
// person, in one transaction: of two clicks only one succeeds.
func (s *handler) acceptInvite(c echo.Context) error {
	ctx := c.Request().Context()
	o := handlers.OrgOf(c)
	now := s.Now()
	// A token that matches no invitation is refused from the read side:
	// guessing costs the writer nothing and leaves no row behind, only a
	// log line (the per-client limit bounds how many).
	if inv, _, err := s.checkInvitation(ctx, o.DB.Read(), now, inviteToken(c)); inv.PersonID == 0 {
		handlers.Log(c).Warn("invitation refused: unknown token", "ip", c.RealIP())
		return s.inviteRefused(c, err)
	}
	var refusedFor *int64
	var signedIn int64
	err := o.DB.Write(ctx, func(tx *sql.Tx) error {
		inv, p, err := s.checkInvitation(ctx, tx, now, inviteToken(c))
		if inv.PersonID != 0 {
			refusedFor = &inv.PersonID
		}
		if err != nil {
			return err
		}
		if err := auth.AcceptInvitation(ctx, tx, now, inv.ID); err != nil {
			return err
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
		if err := s.signIn(c, tx, p.ID, deviceID, "invitation"); err != nil {
			return err
		}
		signedIn = p.ID
		return s.AuditTx(ctx, c, tx, &p.ID, "auth.invite_accepted", p.PublicID, "")
	})
	if err == nil {
		dest, err := landing(ctx, o.DB.Read(), signedIn, "")
		if err != nil {
			return err
		}
		return handlers.Redirect(c, dest)
	}
	// Refusals of a real invitation (expired, used, access off) are
	// audited against its person; a token that stopped matching between
	// the two reads is only logged, like any unknown one.
	if de, ok := errs.As(err); ok && de.Code != errs.Internal && refusedFor != nil {
		handlers.Log(c).Warn("invitation refused", "person", refusedFor, "ip", c.RealIP(), "why", de.Message)
		if aerr := o.DB.Write(ctx, func(tx *sql.Tx) error {
			return s.AuditTx(ctx, c, tx, refusedFor, "auth.invite_refused", "invitation", de.Message)
		}); aerr != nil {
			return aerr
		}
	}
	return s.inviteRefused(c, err)
}

// knownDevice returns the id of this browser's device when it is already
// registered to the person, so accepting on it does not add a duplicate;
// otherwise 0, and signIn registers the browser.
func (s *handler) knownDevice(ctx context.Context, c echo.Context, q sqldb.Querier, personID int64) (int64, error) {
	tok := s.Cookies.Read(c, handlers.CookieDevice, handlers.OrgOf(c).Slug)
	if tok == "" {
		return 0, nil
	}
	d, err := s.Keys.DeviceByToken(ctx, q, tok)
	switch {
	case errs.Is(err, errs.NotFound):
		return 0, nil
	case err != nil:
		return 0, err
	case d.PersonID != personID:
		return 0, nil
	}
	return d.ID, nil
}
