package tickets

import (
	"context"
	"database/sql"

	"github.com/labstack/echo/v4"

	"porch/estate"
	"porch/handlers"
	"porch/tickets"
)

// quoteMail is what the quote emails say: the quote, its ticket and the
// link to follow.
type quoteMail struct {
	Name     string // whom it greets
	Quote    tickets.Quote
	Ticket   tickets.Ticket
	Amount   string // "£450.00"
	Decision string // "approved" or "rejected", in the decision email
	Path     string // the page the email links to, under the portal's address
}

// mailOwners emails each current owner of the ticket's home with an
// address a link to the quote, queued inside tx so the mail goes only if
// the quote is saved.
func (s *handler) mailOwners(ctx context.Context, c echo.Context, tx *sql.Tx, t tickets.Ticket, q tickets.Quote) error {
	owners, err := tickets.CurrentOwners(ctx, tx, t.UnitID, s.Now())
	if err != nil {
		return err
	}
	for _, o := range owners {
		if o.Email == "" {
			continue
		}
		m := quoteMail{Name: o.Name, Quote: q, Ticket: t, Amount: tickets.Pounds(q.Amount), Path: approvalURL(q)}
		if err := s.QueueMail(ctx, c, tx, "quote_asked", o.Email, o.Name, m); err != nil {
			return err
		}
	}
	return nil
}

// mailDecision tells staff the owner's answer: the ticket's assignee, or
// the organisation's contact address when no one is assigned.
func (s *handler) mailDecision(ctx context.Context, c echo.Context, tx *sql.Tx, q tickets.Quote) error {
	t, err := tickets.Get(ctx, tx, q.TicketPublicID)
	if err != nil {
		return err
	}
	m := quoteMail{Quote: q, Ticket: t, Amount: tickets.Pounds(q.Amount), Decision: q.Status, Path: ticketURL(t.PublicID)}
	to, toName := "", ""
	if t.AssigneeID != 0 {
		p, err := estate.GetPersonByID(ctx, tx, t.AssigneeID)
		if err != nil {
			return err
		}
		to, toName, m.Name = p.Email, p.FullName, handlers.FirstName(p)
	}
	if to == "" {
		set, err := estate.GetSettings(ctx, tx)
		if err != nil {
			return err
		}
		to, toName = set.ContactEmail, set.Name
	}
	if to == "" {
		return nil
	}
	return s.QueueMail(ctx, c, tx, "quote_decided", to, toName, m)
}
