package tickets

import (
	"context"
	"database/sql"
	"net/url"
	"strings"
	"time"

	"github.com/labstack/echo/v4"

	"porch/auth"
	"porch/errs"
	"porch/estate"
	"porch/handlers"
	"porch/sqldb"
	"porch/tickets"
	"porch/views"
)

// deskURL is the address of the staff's list of tickets.
const deskURL = "/admin/tickets"

// deskRoutes registers the staff's desk of tickets: everyone on staff may
// look; replying, assigning, booking visits, closing and raising need
// WorkTickets.
func (s *handler) deskRoutes(e *echo.Echo) {
	s.Blocks("admin_tickets", "ticket-list", "ticket-row")
	s.Blocks("admin_ticket", "ticket-head", "ticket-thread", "ticket-visit", "ticket-timeline")
	s.Blocks("admin_ticket_new", "ticket-new")
	g := s.Admin(e, "/tickets", auth.SeePeople)
	g.GET("", s.deskList)
	g.GET("/:id", s.deskTicket)
	g.GET("/:id/photos/:photo", s.deskPhoto)
	g.GET("/:id/photos/:photo/thumb", s.deskThumb)
	w := g.Needing(auth.WorkTickets)
	w.GET("/new", s.deskNew)
	w.POST("/new", s.deskRaise)
	w.POST("/close", s.deskBulkClose)
	w.POST("/:id/status", s.deskStatus)
	w.POST("/:id/priority", s.deskPriority)
	w.POST("/:id/assignee", s.deskAssign)
	w.POST("/:id/reply", s.deskReply)
	w.POST("/:id/visit", s.deskVisit)
	w.POST("/:id/visit/cancel", s.deskCancelVisit)
	s.AllowUploads(deskURL+"/new", deskURL+"/:id/reply")
}

// choice is one option of a select or radio group, for the options
// template function.
type choice struct{ Value, Label string }

// choices are what the desk's selects offer: statuses, priorities and the
// staff a ticket can be given to.
type choices struct {
	Statuses, Priorities []choice
	Assignees            []tickets.Assignee
}

// loadChoices reads the staff who may take tickets.
func loadChoices(ctx context.Context, q sqldb.Querier) (*choices, error) {
	as, err := tickets.Assignees(ctx, q)
	if err != nil {
		return nil, err
	}
	ch := &choices{Assignees: as}
	for _, st := range tickets.Statuses {
		ch.Statuses = append(ch.Statuses, choice{st, tickets.StatusLabel(st)})
	}
	for _, p := range tickets.Priorities {
		ch.Priorities = append(ch.Priorities, choice{p, tickets.PriorityLabel(p)})
	}
	return ch, nil
}

// canWork reports whether the signed-in member of staff may change tickets.
func canWork(c echo.Context) bool {
	id := handlers.IdentityOf(c)
	return id != nil && auth.Allows(id.Scope.StaffRole, auth.WorkTickets)
}

// ticketURL is the address of a ticket's page.
func ticketURL(publicID string) string { return deskURL + "/" + publicID }

// backTo is where a plain post returns: the same-origin path the form
// came from (the filtered list, or the ticket's page), else the ticket.
func backTo(c echo.Context, publicID string) string {
	back := handlers.SafeNext(c.FormValue("back"))
	if back == "" || back == "/" || !strings.HasPrefix(back, deskURL) {
		return ticketURL(publicID)
	}
	return back
}

// withDone adds what was done to an address, for the notice its page shows.
func withDone(addr, key string) string {
	u, err := url.Parse(addr)
	if err != nil {
		return addr
	}
	q := u.Query()
	q.Set("done", key)
	u.RawQuery = q.Encode()
	return u.String()
}

// tellResident queues the named email to the resident who raised t, when
// there is one with an email address who has not turned off updates on
// their requests, inside tx: mail about a change that did not commit is
// never sent.
func (s *handler) tellResident(ctx context.Context, c echo.Context, tx *sql.Tx, t tickets.Ticket, template string, m residentMail) error {
	if t.RaisedBy == 0 || t.RaisedByEmail == "" {
		return nil
	}
	if wants, err := estate.Wants(ctx, tx, t.RaisedBy, estate.MailRequests); err != nil || !wants {
		return err
	}
	m.Name, m.Ref, m.Title = t.RaisedByName, t.Ref(), t.Title
	m.URL = s.OrgURL(c) + "/requests/" + t.PublicID
	return s.QueueMail(ctx, c, tx, template, t.RaisedByEmail, t.RaisedByName, m)
}

// residentMail is what the emails to a resident about their request show.
type residentMail struct {
	Name, Ref, Title string
	URL              string // the request's page in the portal
	Body             string // a reply's text
	Appointment      string // "Tue 14 Jan 2026, 8:00–12:00"
	Contractor       string
	ReopenUntil      string // the last day they may reopen a resolved request
	Cancelled        string // the visit called off
}

// queryOf is the query of a same-origin address.
func queryOf(addr string) url.Values {
	u, err := url.Parse(addr)
	if err != nil {
		return url.Values{}
	}
	return u.Query()
}

// message is a refusal's message for the field key, or its first.
func message(f errs.Fields, key string) string {
	if m := f[key]; m != "" {
		return m
	}
	for _, m := range f {
		return m
	}
	return ""
}

// dateText is the calendar day of an instant in the UK, in words.
func dateText(t time.Time) string { return views.Date(estate.UKDate(t)) }

// changedTicket tells the page that the ticket changed, so its timeline
// fetches itself again.
func changedTicket(c echo.Context) { c.Response().Header().Set("HX-Trigger", "ticket-changed") }
