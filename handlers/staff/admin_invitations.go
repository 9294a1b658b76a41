package staff

import (
	"context"
	"database/sql"
	"strings"
	"time"

	"github.com/labstack/echo/v4"

	"porch/auth"
	"porch/estate"
	"porch/handlers"
)

// invitationMail is the page data of the invitation email template.
type invitationMail struct {
	Name    string // the person's first name
	Welcome string // the organisation's welcome text, plain paragraphs
	Subject string
	Link    string // absolute URL of the invitation
	Expires time.Time
}

// queueInvitation puts the invitation email for p, with the organisation's
// welcome email, in the outbox inside tx.
func (s *handler) queueInvitation(ctx context.Context, c echo.Context, tx *sql.Tx, p estate.Person, token string, expires time.Time) error {
	w, err := estate.GetWelcomeEmail(ctx, tx)
	if err != nil {
		return err
	}
	return s.queueWelcome(ctx, c, tx, w, p, s.OrgURL(c)+"/invite/"+token, expires)
}

// queueWelcome puts the invitation email with the welcome email w, its
// placeholders filled for p, and the link in the outbox inside tx.
func (s *handler) queueWelcome(ctx context.Context, c echo.Context, tx *sql.Tx, w estate.WelcomeEmail, p estate.Person, link string, expires time.Time) error {
	return s.QueueMail(ctx, c, tx, "invitation", p.Email, p.DisplayName(), s.invitation(c, w, handlers.FirstName(p), link, expires))
}

// invitation is the invitation email's page for someone called name: the
// welcome email w (the default where blank) with its placeholders filled.
func (s *handler) invitation(c echo.Context, w estate.WelcomeEmail, name, link string, expires time.Time) invitationMail {
	org := handlers.OrgOf(c).Settings.Name
	w = w.OrDefault(org).Fill(estate.WelcomeValues{FirstName: name, OrgName: org, PortalLink: s.OrgURL(c)})
	return invitationMail{Name: name, Welcome: strings.TrimSpace(w.Text), Subject: strings.TrimSpace(w.Subject), Link: link, Expires: expires}
}

// sendInvitation invites p to the portal inside tx on behalf of the member
// of staff by: a new link (any earlier one stops working) and its email
// in the outbox. No password is ever sent; the link signs them in.
func (s *handler) sendInvitation(ctx context.Context, c echo.Context, tx *sql.Tx, by int64, p estate.Person) error {
	now := s.Now()
	token, err := s.Keys.CreateInvitation(ctx, tx, now, p.ID, p.Email, &by)
	if err != nil {
		return err
	}
	return s.queueInvitation(ctx, c, tx, p, token, now.Add(auth.InviteTTL))
}
