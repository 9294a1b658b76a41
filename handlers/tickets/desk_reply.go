package tickets

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"net/http"

	"github.com/labstack/echo/v4"

	"porch/errs"
	"porch/handlers"
	"porch/tickets"
)

// deskReply adds a message to the ticket's thread: a reply the resident
// reads (and is emailed), or with the "Add internal note" button a note
// only staff see, which goes in no email. Up to five photos go with it.
func (s *handler) deskReply(c echo.Context) error {
	mp, err := s.ReadMultipart(c, "photos", tickets.MaxPhotos)
	if err != nil {
		return err
	}
	p, err := s.loadTicket(c, c.Param("id"), false)
	if err != nil {
		return err
	}
	t := p.Ticket
	internal := c.FormValue("kind") == "internal"
	body := c.FormValue("body")
	kept := s.KeptFiles(c, "kept")
	stored, problem, err := s.StoreUploads(c, mp.Files)
	if err != nil {
		return err
	}
	kept = append(kept, stored...)
	f := errs.Fields{}
	if mp.Problem != "" {
		f.Add("photos", mp.Problem)
	}
	if problem != "" {
		f.Add("photos", problem)
	}
	if len(kept) > tickets.MaxPhotos {
		f.Add("photos", fmt.Sprintf("Add up to %d photos at a time.", tickets.MaxPhotos))
		kept = kept[:tickets.MaxPhotos]
	}
	if len(f) == 0 {
		photos := make([]tickets.Photo, len(kept))
		for i, k := range kept {
			photos[i] = tickets.Photo{Ref: k.Ref, Name: k.Name}
		}
		err = s.WriteAudited(c, func(ctx context.Context, tx *sql.Tx) (string, string, string, error) {
			m, err := tickets.AddMessage(ctx, tx, s.Now(), t, tickets.Reply{AuthorID: handlers.IdentityOf(c).Person.ID,
				Staff: true, Internal: internal, Body: body, Photos: photos})
			if err != nil {
				return "", "", "", err
			}
			action := "ticket.noted"
			if !internal {
				action = "ticket.replied"
				if err := s.tellResident(ctx, c, tx, t, "ticket_reply", residentMail{Body: m.Body}); err != nil {
					return "", "", "", err
				}
			}
			// The audit log keeps the size of a message, never its text.
			return action, t.PublicID, fmt.Sprintf("%s: %d characters, %d photos", t.Ref(), len([]rune(m.Body)), len(photos)), nil
		})
		if fe, ok := handlers.FieldsOf(err); ok {
			f, err = fe, nil
		}
		if err != nil {
			return err
		}
	}
	if len(f) > 0 {
		if p, err = s.loadTicket(c, t.PublicID, true); err != nil {
			return err
		}
		p.Reply = replyForm{Body: body, Errors: f, Kept: kept}
		return s.showBlock(c, http.StatusUnprocessableEntity, p, "ticket-thread")
	}
	s.KickMail()
	key := "replied"
	if internal {
		key = "noted"
	}
	if handlers.HX(c).Swaps() != "ticket-thread" {
		return handlers.Redirect(c, ticketURL(t.PublicID)+"?done="+key+"#ticket-thread")
	}
	if p, err = s.loadTicket(c, t.PublicID, true); err != nil {
		return err
	}
	p.ThreadNotice = ticketNotice(key)
	changedTicket(c)
	return s.showBlock(c, http.StatusOK, p, "ticket-thread")
}

// showBlock renders the block of the ticket's page an htmx request swaps,
// or else the whole page.
func (s *handler) showBlock(c echo.Context, status int, p *ticketPage, block string) error {
	return s.Render(c, status, handlers.View{Page: "admin_ticket", Title: p.Ticket.Ref() + " " + p.Ticket.Title, Data: p,
		Wide: true, Block: handlers.FormBlock(c, block)})
}

// deskVisit books the contractor's visit, or changes it, and tells the
// resident when anything changed.
func (s *handler) deskVisit(c echo.Context) error {
	v := tickets.Visit{Contractor: c.FormValue("contractor"), Date: c.FormValue("date"), From: c.FormValue("from"), To: c.FormValue("to")}
	return s.visitChange(c, "visit", func(ctx context.Context, tx *sql.Tx, t tickets.Ticket, actor int64) (tickets.Ticket, string, error) {
		after, changed, err := tickets.SetVisit(ctx, tx, s.Now(), s.Today(), t, v, actor)
		if err != nil || !changed {
			return after, "", err
		}
		err = s.tellResident(ctx, c, tx, after, "ticket_visit", residentMail{Appointment: after.Appointment.String(), Contractor: after.Contractor})
		return after, after.Appointment.String(), err
	}, visitForm{Contractor: v.Contractor, Date: v.Date, From: v.From, To: v.To})
}

// deskCancelVisit cancels the booked visit and tells the resident.
func (s *handler) deskCancelVisit(c echo.Context) error {
	return s.visitChange(c, "visit-cancelled", func(ctx context.Context, tx *sql.Tx, t tickets.Ticket, actor int64) (tickets.Ticket, string, error) {
		after, err := tickets.ClearVisit(ctx, tx, s.Now(), t, actor)
		if err != nil || !t.Appointment.Booked() {
			return after, "", err
		}
		err = s.tellResident(ctx, c, tx, after, "ticket_visit", residentMail{Cancelled: t.Appointment.String()})
		return after, "cancelled " + t.Appointment.String(), err
	}, visitForm{})
}

// visitChange runs a change to the visit with its audit entry and answers
// with the visit block (htmx) or the page; a refusal shows the form as
// typed with its messages (422).
func (s *handler) visitChange(c echo.Context, key string, do change, typed visitForm) error {
	p, err := s.loadTicket(c, c.Param("id"), false)
	if err != nil {
		return err
	}
	t := p.Ticket
	err = s.WriteAudited(c, func(ctx context.Context, tx *sql.Tx) (string, string, string, error) {
		_, detail, err := do(ctx, tx, t, handlers.IdentityOf(c).Person.ID)
		if err == nil && detail == "" {
			return "", "", "", errUnchanged
		}
		return "ticket." + key, t.PublicID, t.Ref() + ": " + detail, err
	})
	if errors.Is(err, errUnchanged) {
		err = nil
	}
	if f, ok := handlers.FieldsOf(err); ok {
		if p, err = s.loadTicket(c, t.PublicID, true); err != nil {
			return err
		}
		typed.Errors = f
		p.Visit = typed
		return s.showBlock(c, http.StatusUnprocessableEntity, p, "ticket-visit")
	}
	if err != nil {
		return err
	}
	s.KickMail()
	if handlers.HX(c).Swaps() != "ticket-visit" {
		return handlers.Redirect(c, ticketURL(t.PublicID)+"?done="+key+"#ticket-visit")
	}
	if p, err = s.loadTicket(c, t.PublicID, true); err != nil {
		return err
	}
	p.VisitNotice = ticketNotice(key)
	changedTicket(c)
	return s.showBlock(c, http.StatusOK, p, "ticket-visit")
}
