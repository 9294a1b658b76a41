package lettings

import (
	"database/sql"
	"net/http"

	"github.com/labstack/echo/v4"

	"porch/auth"
	"porch/errs"
	"porch/estate"
	"porch/handlers"
)

// "Email sign-in details" on the landlords' list is the portal invitation,
// sent exactly as from the People screens (handlers.Kit.InvitePerson): a
// link that signs them in, never a password.

// inviteRoutes registers the invitation from the landlords' list.
func (s *handler) inviteRoutes(e *echo.Echo) {
	s.Admin(e, "/ledger", auth.ManageResidents, s.EnsureLedger).POST("/owners/:id/invite", s.ledgerOwnerInvite)
}

// inviteCell is a landlord's "Email sign-in details" button with what
// pressing it did.
type inviteCell struct {
	PublicID, Name, Email string
	Sent                  bool   // the invitation was just sent
	Error                 string // why it was not
}

// CellID is the id of the landlord's invitation cell.
func (c inviteCell) CellID() string { return "invite-" + c.PublicID }

// InviteCell is the landlord's invitation button on the list; Invited
// marks the one just sent by a plain post.
func (r ownerRow) InviteCell() inviteCell {
	return inviteCell{PublicID: r.PublicID, Name: r.Name, Email: r.Email, Sent: r.Invited}
}

// ledgerOwnerInvite emails the landlord of the path their invitation to
// the portal. htmx gets the landlord's cell back with a confirmation or
// the reason it was not sent; a plain post goes back to the list.
func (s *handler) ledgerOwnerInvite(c echo.Context) error {
	ctx := c.Request().Context()
	p, err := estate.GetPerson(ctx, handlers.OrgOf(c).DB.Read(), c.Param("id"))
	if err != nil {
		return err
	}
	err = handlers.OrgOf(c).DB.Write(ctx, func(tx *sql.Tx) error {
		return s.InvitePerson(ctx, c, tx, handlers.IdentityOf(c), p)
	})
	refused, isRefusal := errs.As(err)
	if isRefusal && refused.Code == errs.Forbidden {
		s.Deny(c, "may not invite "+p.PublicID)
	}
	if err != nil && (!isRefusal || refused.Code != errs.Invalid || !handlers.HX(c).Request) {
		return err
	}
	cell := inviteCell{PublicID: p.PublicID, Name: p.FullName, Email: p.Email}
	status := http.StatusOK
	if err != nil {
		status, cell.Error = http.StatusUnprocessableEntity, refused.Message
	} else {
		s.KickMail()
		cell.Sent = true
		if !handlers.HX(c).Request {
			return handlers.Redirect(c, "/admin/ledger/owners?invited="+p.PublicID)
		}
	}
	return s.Render(c, status, handlers.View{Page: "admin_ledger_owners", Title: "Landlords and client money", Data: cell, Wide: true, Block: "owner-invite"})
}
