package handlers

import (
	"context"
	"database/sql"
	"strings"
	"time"

	"github.com/labstack/echo/v4"

	"porch/auth"
	"porch/errs"
	"porch/estate"
)

// InvitationMail is the page data of the invitation email template.
type InvitationMail struct {
	Name    string // the person's first name
	Welcome string // the organisation's welcome text, plain paragraphs
	Subject string
	Link    string // absolute URL of the invitation
	Expires time.Time
}

// queueInvitation puts the invitation email for p, with the organisation's
// welcome email, in the outbox inside tx.
func (s *Kit) queueInvitation(ctx context.Context, c echo.Context, tx *sql.Tx, p estate.Person, token string, expires time.Time) error {
	w, err := estate.GetWelcomeEmail(ctx, tx)
	if err != nil {
		return err
	}
	return s.QueueWelcome(ctx, c, tx, w, p, s.OrgURL(c)+"/invite/"+token, expires)
}

// QueueWelcome puts the invitation email with the welcome email w, its
// placeholders filled for p, and the link in the outbox inside tx.
func (s *Kit) QueueWelcome(ctx context.Context, c echo.Context, tx *sql.Tx, w estate.WelcomeEmail, p estate.Person, link string, expires time.Time) error {
	return s.QueueMail(ctx, c, tx, "invitation", p.Email, p.DisplayName(), s.Invitation(c, w, FirstName(p), link, expires))
}

// Invitation is the invitation email's page for someone called name: the
// welcome email w (the default where blank) with its placeholders filled.
func (s *Kit) Invitation(c echo.Context, w estate.WelcomeEmail, name, link string, expires time.Time) InvitationMail {
	org := OrgOf(c).Settings.Name
	w = w.OrDefault(org).Fill(estate.WelcomeValues{FirstName: name, OrgName: org, PortalLink: s.OrgURL(c)})
	return InvitationMail{Name: name, Welcome: strings.TrimSpace(w.Text), Subject: strings.TrimSpace(w.Subject), Link: link, Expires: expires}
}

// SendInvitation invites p to the portal inside tx on behalf of the member
// of staff by: a new link (any earlier one stops working) and its email
// in the outbox. No password is ever sent; the link signs them in.
func (s *Kit) SendInvitation(ctx context.Context, c echo.Context, tx *sql.Tx, by int64, p estate.Person) error {
	now := s.Now()
	token, err := s.Keys.CreateInvitation(ctx, tx, now, p.ID, p.Email, &by)
	if err != nil {
		return err
	}
	return s.queueInvitation(ctx, c, tx, p, token, now.Add(auth.InviteTTL))
}

// MayManageAccess refuses (403) any change to p's access that the role
// matrix does not give the actor (auth.MayManage): staff look after
// residents and owners only, managers anyone but administrators. So
// nobody can sign out, lock out or void the invitation of someone more
// trusted than themselves. p's role is read inside the transaction.
func MayManageAccess(ctx context.Context, tx *sql.Tx, actor *Identity, p estate.Person) error {
	role, err := estate.StaffRole(ctx, tx, p.ID)
	if err != nil && !errs.Is(err, errs.NotFound) {
		return err
	}
	if !auth.MayManage(actor.Scope.StaffRole, role) {
		return errs.E(errs.Forbidden, auth.ManageStaff.Refusal())
	}
	return nil
}

// InvitePerson sends (or re-sends) p their invitation to the portal inside
// tx on behalf of actor, audited: the people screens and the landlords'
// list both invite through it. A new invitation voids any earlier link, so
// re-sending one is as much a change of access as signing someone out: the
// actor's rank must allow it. Someone with no email address or with portal
// access turned off is refused with the reason.
func (s *Kit) InvitePerson(ctx context.Context, c echo.Context, tx *sql.Tx, actor *Identity, p estate.Person) error {
	if err := MayManageAccess(ctx, tx, actor, p); err != nil {
		return err
	}
	switch {
	case p.Email == "":
		return Refuse("Add an email address for " + p.FullName + " before inviting them: the invitation is sent by email.")
	case !p.PortalEnabled:
		return Refuse("Portal access is turned off for " + p.FullName + ". Turn it on before sending an invitation.")
	}
	before, err := estate.PortalAccessOf(ctx, tx, p.ID)
	if err != nil {
		return err
	}
	if err := s.SendInvitation(ctx, c, tx, actor.Person.ID, p); err != nil {
		return err
	}
	detail := "sent to " + p.Email
	if before.Invited {
		detail = "re-sent to " + p.Email
	}
	return s.AuditTx(ctx, c, tx, &actor.Person.ID, "auth.invited", p.PublicID, detail)
}
