package tickets

import (
	"context"
	"database/sql"

	"github.com/labstack/echo/v4"

	"porch/errs"
	"porch/estate"
	"porch/handlers"
	"porch/tickets"
)

// What a resident did, as the staff's email says it.
const (
	mailRaised   = "new request"
	mailReplied  = "new reply"
	mailReopened = "reopened"
)

// staffMail is the email to the staff side about a resident's request.
type staffMail struct {
	Ref, Title string
	What       string // mailRaised, mailReplied or mailReopened
	From       string // the resident's name
	Where      string
	Category   string
	Body       string // what they wrote
	Photos     int    // how many photos came with it
	Link       string // the request on the manager's screens
}

// Raised, Replied and Reopened say which email it is.
func (m staffMail) Raised() bool   { return m.What == mailRaised }
func (m staffMail) Replied() bool  { return m.What == mailReplied }
func (m staffMail) Reopened() bool { return m.What == mailReopened }

// mailStaff queues, inside tx, the email telling the staff side what the
// resident did on the ticket: to the member of staff it is assigned to,
// else to the organisation's contact address. With neither there is no one
// to write to, and the request waits on the manager's screens.
func (s *handler) mailStaff(ctx context.Context, c echo.Context, tx *sql.Tx, t tickets.Ticket, what, body string, photos int) error {
	to, name, err := staffRecipient(ctx, c, tx, t)
	if err != nil || to == "" {
		return err
	}
	page := staffMail{Ref: t.Ref(), Title: t.Title, What: what, From: handlers.IdentityOf(c).Person.DisplayName(),
		Where: t.Where(), Category: t.CategoryName, Body: body, Photos: photos,
		Link: s.OrgURL(c) + "/admin/tickets/" + t.PublicID}
	return s.QueueMail(ctx, c, tx, "ticket_to_staff", to, name, page)
}

// staffRecipient is who hears about a resident's request: its assignee
// when they have an email and are still current, else the organisation's
// contact address (empty when it has none).
func staffRecipient(ctx context.Context, c echo.Context, tx *sql.Tx, t tickets.Ticket) (to, name string, err error) {
	if t.AssigneeID != 0 {
		p, err := estate.GetPersonByID(ctx, tx, t.AssigneeID)
		switch {
		case err == nil && p.Email != "" && p.ArchivedAt.IsZero():
			return p.Email, p.DisplayName(), nil
		case err != nil && !errs.Is(err, errs.NotFound):
			return "", "", err
		}
	}
	o := handlers.OrgOf(c)
	return o.Settings.ContactEmail, o.Settings.Name, nil
}
