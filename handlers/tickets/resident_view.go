package tickets

import (
	"net/http"
	"time"

	"github.com/labstack/echo/v4"

	"porch/errs"
	"porch/handlers"
	"porch/tickets"
)

// residentBadges are a request's statuses as its resident reads them; one
// waiting for them stands out.
var residentBadges = handlers.Badges{
	tickets.StatusOpen:             {Label: tickets.ResidentStatusLabel(tickets.StatusOpen)},
	tickets.StatusInProgress:       {Label: tickets.ResidentStatusLabel(tickets.StatusInProgress), Class: "ok"},
	tickets.StatusAwaitingResident: {Label: tickets.ResidentStatusLabel(tickets.StatusAwaitingResident), Class: "warn"},
	tickets.StatusResolved:         {Label: tickets.ResidentStatusLabel(tickets.StatusResolved), Class: "ok"},
	tickets.StatusClosed:           {Label: tickets.ResidentStatusLabel(tickets.StatusClosed)},
}

// ownRequest is one of the person's requests as their pages show it.
type ownRequest struct{ tickets.Ticket }

// Badge is the request's status as a badge.
func (r ownRequest) Badge() handlers.Badge { return residentBadges.Of(r.Status) }

// AwaitingMe reports whether the request waits for the resident's answer.
func (r ownRequest) AwaitingMe() bool { return r.Status == tickets.StatusAwaitingResident }

// URL is the request's page.
func (r ownRequest) URL() string { return requestURL(r.Ticket) }

// requestPage is a request's page: the request, its photos, the thread and
// history the resident may see, and the forms they may use.
type requestPage struct {
	Req      ownRequest
	Photos   []tickets.StoredPhoto // sent with the request itself
	Thread   []threadEntry
	Events   []tickets.Event
	CanReply bool
	Answer   bool      // resolved and inside the window: "Is it fixed?"
	Until    time.Time // the last moment to reopen it
	Notice   string
	Error    string // why an answer was refused
	Reply    residentReply
	Reason   string // the reopen form as typed
	Errors   errs.Fields
}

// residentReply is the reply form as typed.
type residentReply struct {
	Body   string
	Photos photoField
}

// threadEntry is a message with who wrote it, as the resident reads it.
type threadEntry struct {
	tickets.Message
	Author string
	Mine   bool
}

// requestNotice is the confirmation after a change, chosen by a key in the
// redirect so no free text travels in the URL.
func requestNotice(key string, t tickets.Ticket) string {
	switch key {
	case "sent":
		return "Request " + t.Ref() + " sent. We will reply here, and email you when we do."
	case "replied":
		return "Your message was sent."
	case "confirmed":
		return "Thank you for confirming it is fixed. This request is now closed."
	case "reopened":
		return "Request " + t.Ref() + " is open again. We will look at it and reply here."
	}
	return ""
}

// takesReplies reports whether the resident may still write on the
// request: not once it is closed, nor once it was resolved longer ago than
// they may reopen it (the daily job is about to close it).
func takesReplies(t tickets.Ticket, now time.Time) bool {
	return t.Status != tickets.StatusClosed && (t.Status != tickets.StatusResolved || t.CanReopen(now))
}

// errClosed refuses a reply to a request that no longer takes them.
var errClosed = errs.E(errs.Conflict, "This request is closed. If the problem is back, raise a new request.")

// ownTicket is the request of the path, when the signed-in person raised
// it. Any other, even one on their own home, is the same NotFound as one
// that does not exist, and the attempt is logged.
func (s *handler) ownTicket(c echo.Context) (tickets.Ticket, error) {
	t, err := tickets.GetOwn(c.Request().Context(), handlers.OrgOf(c).DB.Read(), c.Param("id"), handlers.IdentityOf(c).Person.ID)
	if errs.Is(err, errs.NotFound) {
		s.Deny(c, "request not raised by the person")
	}
	return t, err
}

// loadRequest reads what the request's page shows.
func (s *handler) loadRequest(c echo.Context, t tickets.Ticket) (*requestPage, error) {
	ctx, q := c.Request().Context(), handlers.OrgOf(c).DB.Read()
	now := s.Now()
	p := &requestPage{Req: ownRequest{t}, CanReply: takesReplies(t, now), Errors: errs.Fields{},
		Answer: t.Status == tickets.StatusResolved && t.CanReopen(now), Until: t.ReopenUntil()}
	photos, err := tickets.Photos(ctx, q, t.ID, false)
	if err != nil {
		return nil, err
	}
	p.Photos = tickets.RequestPhotos(photos)
	msgs, err := tickets.Thread(ctx, q, t.ID, false)
	if err != nil {
		return nil, err
	}
	me, org := handlers.IdentityOf(c).Person.ID, handlers.OrgOf(c).Settings.Name
	for _, m := range msgs {
		e := threadEntry{Message: m, Author: m.AuthorName, Mine: m.AuthorID == me}
		switch {
		case e.Mine:
			e.Author = "You"
		case m.Staff:
			e.Author = m.AuthorName + ", " + org
		}
		p.Thread = append(p.Thread, e)
	}
	if p.Events, err = tickets.Events(ctx, q, t.ID, false); err != nil {
		return nil, err
	}
	return p, nil
}

// showRequest shows one of the person's requests.
func (s *handler) showRequest(c echo.Context) error {
	t, err := s.ownTicket(c)
	if err != nil {
		return err
	}
	p, err := s.loadRequest(c, t)
	if err != nil {
		return err
	}
	p.Notice = requestNotice(c.QueryParam("done"), t)
	return s.showPage(c, http.StatusOK, p, "")
}

// showPage renders the request's page, or the block an htmx form swaps.
func (s *handler) showPage(c echo.Context, status int, p *requestPage, block string) error {
	return s.Render(c, status, handlers.View{Page: "requests_ticket", Title: "Request " + p.Req.Ref() + ": " + p.Req.Title,
		Data: p, Block: block})
}

// PhotoField is the reply form's photos field.
func (p *requestPage) PhotoField() photoField { return p.Reply.Photos }

// Closed reports whether the request is closed, or resolved with the time
// to reopen it passed (the daily job closes it).
func (p *requestPage) Closed() bool {
	return p.Req.Status == tickets.StatusClosed || p.Req.Status == tickets.StatusResolved && !p.Answer
}
