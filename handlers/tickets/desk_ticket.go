package tickets

import (
	"fmt"
	"net/http"
	"strings"
	"time"

	"github.com/labstack/echo/v4"

	"porch/errs"
	"porch/estate"
	"porch/handlers"
	"porch/tickets"
)

// ticketPage is one ticket as staff work it.
type ticketPage struct {
	Ticket    tickets.Ticket
	Choices   *choices
	CanWork   bool
	HeadError string // why a change in the header was refused

	Photos    []tickets.StoredPhoto // sent with the request itself
	Occupants []estate.UnitPerson   // who lives in the unit today
	Raiser    estate.Person         // who raised it, for their phone numbers; zero for staff's own
	Thread    []tickets.Message
	Events    []tickets.Event
	Reply     replyForm
	Visit     visitForm

	// Quotes is the owner's approval of quotes, on a let home's ticket;
	// nil on any other.
	Quotes *quotePanel

	Notice string
	// ThreadNotice and VisitNotice confirm a change inside the block an
	// htmx request swapped.
	ThreadNotice, VisitNotice string

	today time.Time
}

// URL is the ticket's page.
func (p *ticketPage) URL() string { return ticketURL(p.Ticket.PublicID) }

// replyForm is the reply as typed, with its messages and the photos
// already stored for it.
type replyForm struct {
	Body   string
	Errors errs.Fields
	Kept   []handlers.KeptFile
}

// visitForm is the contractor and appointment as typed, with messages.
type visitForm struct {
	Contractor, Date, From, To string
	Errors                     errs.Fields
}

// visitFormOf is the form filled with the ticket's booked visit.
func visitFormOf(t tickets.Ticket) visitForm {
	v := visitForm{Contractor: t.Contractor, From: t.Appointment.From, To: t.Appointment.To}
	if t.Appointment.Booked() {
		v.Date = t.Appointment.Date.Format("2006-01-02")
	}
	return v
}

// loadTicket reads the ticket of the path with what its header needs and,
// when full, everything else on its page.
func (s *handler) loadTicket(c echo.Context, publicID string, full bool) (*ticketPage, error) {
	ctx, q := c.Request().Context(), handlers.OrgOf(c).DB.Read()
	t, err := tickets.Get(ctx, q, publicID)
	if err != nil {
		return nil, err
	}
	p := &ticketPage{Ticket: t, CanWork: canWork(c), Visit: visitFormOf(t), today: s.Today()}
	if p.Choices, err = loadChoices(ctx, q); err != nil || !full {
		return p, err
	}
	photos, err := tickets.Photos(ctx, q, t.ID, true)
	if err != nil {
		return nil, err
	}
	p.Photos = tickets.RequestPhotos(photos)
	if t.UnitID != 0 {
		if p.Occupants, err = estate.PeopleOfUnit(ctx, q, t.UnitID, s.Today()); err != nil {
			return nil, err
		}
	}
	if t.RaisedBy != 0 {
		if p.Raiser, err = estate.GetPersonByID(ctx, q, t.RaisedBy); err != nil {
			return nil, err
		}
	}
	if p.Thread, err = tickets.Thread(ctx, q, t.ID, true); err != nil {
		return nil, err
	}
	if p.Events, err = tickets.Events(ctx, q, t.ID, true); err != nil {
		return nil, err
	}
	if t.SiteKind == estate.KindLettings && t.UnitID != 0 {
		if p.Quotes, err = s.loadQuotePanel(c, t); err != nil {
			return nil, err
		}
		if key, ok := strings.CutPrefix(c.QueryParam("done"), "quote_"); ok {
			p.Quotes.Notice = quoteNotice(key)
		}
	}
	return p, nil
}

// ticketNotice is the confirmation a plain post comes back with.
func ticketNotice(key string) string {
	switch key {
	case "status", "priority", "assignee":
		return "Saved."
	case "replied":
		return "Reply sent."
	case "noted":
		return "Internal note added. The resident does not see it."
	case "visit":
		return "Visit saved."
	case "visit-cancelled":
		return "Visit cancelled."
	case "raised":
		return "Request raised."
	}
	return ""
}

// deskTicket is a ticket's page.
func (s *handler) deskTicket(c echo.Context) error {
	p, err := s.loadTicket(c, c.Param("id"), true)
	if err != nil {
		return err
	}
	p.Notice = ticketNotice(c.QueryParam("done"))
	return s.showTicket(c, http.StatusOK, p)
}

// showTicket renders the ticket's page, or a block of it for htmx.
func (s *handler) showTicket(c echo.Context, status int, p *ticketPage) error {
	return s.Render(c, status, handlers.View{Page: "admin_ticket", Title: p.Ticket.Ref() + " " + p.Ticket.Title, Data: p, Wide: true})
}

// deskPhoto and deskThumb serve a photo of the ticket of the path, or its
// thumbnail: only one recorded against that very ticket.
func (s *handler) deskPhoto(c echo.Context) error { return s.sendPhoto(c, false) }
func (s *handler) deskThumb(c echo.Context) error { return s.sendPhoto(c, true) }

func (s *handler) sendPhoto(c echo.Context, thumb bool) error {
	ctx, o := c.Request().Context(), handlers.OrgOf(c)
	t, err := tickets.Get(ctx, o.DB.Read(), c.Param("id"))
	if err != nil {
		return err
	}
	p, err := tickets.GetPhoto(ctx, o.DB.Read(), t.ID, c.Param("photo"), true)
	if err != nil {
		return err
	}
	get := s.Files.Get
	if thumb {
		get = s.Files.Thumb
	}
	b, err := get(ctx, o.DB, p.Hash)
	if err != nil {
		return err
	}
	return handlers.SendFile(c, b, p.Name)
}

// StatusText and PriorityText are the ticket's status and priority in words.
func (p *ticketPage) StatusText() string   { return tickets.StatusLabel(p.Ticket.Status) }
func (p *ticketPage) PriorityText() string { return tickets.PriorityLabel(p.Ticket.Priority) }

// Today is the earliest day a visit can be booked for, for the date field.
func (p *ticketPage) Today() string { return p.today.Format("2006-01-02") }

// ReplyHint says who reads a reply.
func (p *ticketPage) ReplyHint() string {
	t := p.Ticket
	switch {
	case t.RaisedBy == 0:
		return "There is no resident on this request: a reply is shown on it but emailed to no one. An internal note is for staff only."
	case t.RaisedByEmail == "":
		return t.RaisedByName + " sees a reply in the portal; there is no email address to send it to. An internal note is for staff only."
	}
	return "A reply is emailed to " + t.RaisedByName + ". An internal note is for staff only and goes in no email."
}

// PhotosHint is the hint of the photos field, counting those kept from
// a refused post.
func (r replyForm) PhotosHint() string { return photosHint(len(r.Kept)) }

func photosHint(kept int) string {
	hint := fmt.Sprintf("Up to %d photos or PDFs.", tickets.MaxPhotos)
	if kept > 0 {
		hint += fmt.Sprintf(" %d already added.", kept)
	}
	return hint
}
