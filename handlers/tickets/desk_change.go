package tickets

import (
	"context"
	"database/sql"
	"errors"
	"net/http"
	"strconv"
	"strings"

	"github.com/labstack/echo/v4"

	"porch/errs"
	"porch/handlers"
	"porch/tickets"
)

// errUnchanged rolls back a change that changed nothing, so it leaves no
// audit entry.
var errUnchanged = errors.New("tickets: nothing changed")

// change is one of the changes the selects of a ticket's row and header
// make: it returns the ticket after it and the audit detail, "" when the
// ticket had that value already.
type change func(ctx context.Context, tx *sql.Tx, t tickets.Ticket, actor int64) (tickets.Ticket, string, error)

// deskStatus moves the ticket to another status; resolving it tells the
// resident, who may confirm or reopen it for 14 days.
func (s *handler) deskStatus(c echo.Context) error {
	status := c.FormValue("status")
	return s.deskChange(c, "status", func(ctx context.Context, tx *sql.Tx, t tickets.Ticket, actor int64) (tickets.Ticket, string, error) {
		after, err := tickets.SetStatus(ctx, tx, s.Now(), t, status, actor)
		if err != nil || after.Status == t.Status {
			return after, "", err
		}
		if after.Status == tickets.StatusResolved {
			err = s.tellResident(ctx, c, tx, after, "ticket_resolved", residentMail{ReopenUntil: dateText(after.ReopenUntil())})
		}
		return after, tickets.StatusLabel(t.Status) + " → " + tickets.StatusLabel(after.Status), err
	})
}

// deskPriority changes how soon the ticket needs work.
func (s *handler) deskPriority(c echo.Context) error {
	priority := c.FormValue("priority")
	return s.deskChange(c, "priority", func(ctx context.Context, tx *sql.Tx, t tickets.Ticket, actor int64) (tickets.Ticket, string, error) {
		after, err := tickets.SetPriority(ctx, tx, s.Now(), t, priority, actor)
		if err != nil || after.Priority == t.Priority {
			return after, "", err
		}
		return after, tickets.PriorityLabel(t.Priority) + " → " + tickets.PriorityLabel(after.Priority), nil
	})
}

// deskAssign gives the ticket to a member of staff, or to nobody.
func (s *handler) deskAssign(c echo.Context) error {
	to := c.FormValue("assignee")
	return s.deskChange(c, "assignee", func(ctx context.Context, tx *sql.Tx, t tickets.Ticket, actor int64) (tickets.Ticket, string, error) {
		after, err := tickets.Assign(ctx, tx, s.Now(), t, to, actor)
		if err != nil || after.AssigneeID == t.AssigneeID {
			return after, "", err
		}
		return after, orNobody(t.AssigneeName) + " → " + orNobody(after.AssigneeName), nil
	})
}

func orNobody(name string) string {
	if name == "" {
		return "nobody"
	}
	return name
}

// deskChange runs a change to the ticket of the path with its audit
// entry, and answers where the change was made: the row of the list or
// the ticket's header for htmx, else back to the page the form was on. A
// refused value is shown next to the select (422), nothing saved.
func (s *handler) deskChange(c echo.Context, key string, do change) error {
	ctx := c.Request().Context()
	t, err := tickets.Get(ctx, handlers.OrgOf(c).DB.Read(), c.Param("id"))
	if err != nil {
		return err
	}
	actor := handlers.IdentityOf(c).Person.ID
	err = s.WriteAudited(c, func(ctx context.Context, tx *sql.Tx) (string, string, string, error) {
		_, detail, err := do(ctx, tx, t, actor)
		if err == nil && detail == "" {
			// The value it had already: nothing to record.
			return "", "", "", errUnchanged
		}
		return "ticket." + key, t.PublicID, t.Ref() + ": " + detail, err
	})
	if errors.Is(err, errUnchanged) {
		err = nil
	}
	refused := ""
	if f, ok := handlers.FieldsOf(err); ok {
		refused, err = message(f, key), nil
	}
	if err != nil {
		return err
	}
	s.KickMail()
	status := http.StatusOK
	if refused != "" {
		status = http.StatusUnprocessableEntity
	}
	target := handlers.HX(c).Swaps()
	switch {
	case target == "t-"+t.PublicID:
		return s.showRow(c, status, t.PublicID, refused)
	case target == "ticket-head":
		changedTicket(c)
		p, err := s.loadTicket(c, t.PublicID, false)
		if err != nil {
			return err
		}
		p.HeadError = refused
		return s.Render(c, status, handlers.View{Page: "admin_ticket", Title: p.Ticket.Ref(), Data: p, Wide: true, Block: "ticket-head"})
	case refused != "":
		p, err := s.loadTicket(c, t.PublicID, true)
		if err != nil {
			return err
		}
		p.HeadError = refused
		return s.showTicket(c, status, p)
	}
	return handlers.Redirect(c, withDone(backTo(c, t.PublicID), key))
}

// showRow renders one row of the list afresh.
func (s *handler) showRow(c echo.Context, status int, publicID, refused string) error {
	ctx, q := c.Request().Context(), handlers.OrgOf(c).DB.Read()
	t, err := tickets.Get(ctx, q, publicID)
	if err != nil {
		return err
	}
	ch, err := loadChoices(ctx, q)
	if err != nil {
		return err
	}
	row := ticketRow{Ticket: t, Choices: ch, CanWork: true, Back: backTo(c, t.PublicID), Error: refused, Now: s.Now()}
	return s.Render(c, status, handlers.View{Page: "admin_tickets", Title: "Requests", Data: row, Wide: true, Block: "ticket-row"})
}

// deskBulkClose closes the ticked tickets, each audited, and comes back
// to the same list with how many it closed.
func (s *handler) deskBulkClose(c echo.Context) error {
	form, err := c.FormParams()
	if err != nil {
		return err
	}
	ids := form["ids"]
	back := handlers.SafeNext(c.FormValue("back"))
	if !strings.HasPrefix(back, deskURL) {
		back = deskURL
	}
	if len(ids) == 0 {
		return s.bulkAnswer(c, back, 0, "Tick the requests to close first.")
	}
	var closed []tickets.Ticket
	err = handlers.OrgOf(c).DB.Write(c.Request().Context(), func(tx *sql.Tx) error {
		ctx := c.Request().Context()
		closed, err = tickets.BulkClose(ctx, tx, s.Now(), ids, handlers.IdentityOf(c).Person.ID)
		if err != nil {
			return err
		}
		for _, t := range closed {
			if err := s.LedgerAudit(ctx, c, tx, "ticket.status", t.PublicID,
				t.Ref()+": "+tickets.StatusLabel(t.Status)+" → "+tickets.StatusLabel(tickets.StatusClosed)+" (closed from the list)"); err != nil {
				return err
			}
		}
		return nil
	})
	if e, ok := errs.As(err); ok && e.Code == errs.NotFound {
		return s.bulkAnswer(c, back, 0, "One of the requests ticked is no longer there; nothing was closed.")
	}
	if err != nil {
		return err
	}
	return s.bulkAnswer(c, back, len(closed), "")
}

// bulkAnswer answers a bulk close: the list again for htmx, with the
// count or the refusal; a plain post goes back to the list it came from.
func (s *handler) bulkAnswer(c echo.Context, back string, n int, refused string) error {
	if !handlers.HX(c).Partial() && refused == "" {
		return handlers.Redirect(c, withDone(back, "closed")+"&n="+strconv.Itoa(n))
	}
	p, err := s.loadList(c, readFilter(queryOf(back)))
	if err != nil {
		return err
	}
	status := http.StatusOK
	if refused != "" {
		p.Error, status = refused, http.StatusUnprocessableEntity
	} else {
		p.Notice = listNotice(map[string][]string{"done": {"closed"}, "n": {strconv.Itoa(n)}})
	}
	if handlers.HX(c).Partial() {
		handlers.Retarget(c, "ticket-list")
		return s.Render(c, status, handlers.View{Page: "admin_tickets", Title: "Requests", Data: p, Wide: true, Block: "ticket-list"})
	}
	return s.showList(c, status, p)
}
