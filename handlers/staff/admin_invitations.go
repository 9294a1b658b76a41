package staff

import (
	"context"
	"database/sql"
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
	w = w.OrDefault(handlers.OrgOf(c).Settings.Name)
	return s.QueueMail(ctx, c, tx, "invitation", p.Email, p.DisplayName(), invitationMail{
		Name: handlers.FirstName(p), Welcome: w.Text, Subject: w.Subject,
		Link: s.OrgURL(c) + "/invite/" + token, Expires: expires,
	})
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
