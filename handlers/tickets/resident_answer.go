package tickets

import (
	"context"
	"database/sql"
	"fmt"
	"net/http"

	"github.com/labstack/echo/v4"

	"porch/errs"
	"porch/handlers"
	"porch/tickets"
)

// replyToRequest adds the resident's message, with its photos, to their
// request's thread and tells the staff side. A closed request takes no
// more: the page says to raise a new one.
func (s *handler) replyToRequest(c echo.Context) error {
	mp, err := s.ReadMultipart(c, "photos", tickets.MaxPhotos)
	if err != nil {
		return err
	}
	t, err := s.ownTicket(c)
	if err != nil {
		return err
	}
	reply := residentReply{Body: c.FormValue("body")}
	if !takesReplies(t, s.Now()) {
		return s.refuseAnswer(c, t, http.StatusConflict, reply, "", errs.Fields{"form": errClosed.Message}, "")
	}
	if reply.Photos, err = s.takePhotos(c, mp); err != nil {
		return err
	}
	me := handlers.IdentityOf(c).Person.ID
	r := tickets.Reply{AuthorID: me, Body: reply.Body, Photos: reply.Photos.photos()}
	if reply.Photos.Error != "" {
		return s.refuseAnswer(c, t, http.StatusUnprocessableEntity, reply, "", errs.Fields{"photos": reply.Photos.Error}, "reply-form")
	}
	err = s.WriteAudited(c, func(ctx context.Context, tx *sql.Tx) (string, string, string, error) {
		if _, err := tickets.AddMessage(ctx, tx, s.Now(), t, r); err != nil {
			return "", "", "", err
		}
		if err := s.mailStaff(ctx, c, tx, t, mailReplied, r.Body, len(r.Photos)); err != nil {
			return "", "", "", err
		}
		return "ticket.replied", t.PublicID, fmt.Sprintf("%s: the resident replied with %d photos", t.Ref(), len(r.Photos)), nil
	})
	if refused, status, f := answerRefused(err); refused {
		return s.refuseAnswer(c, t, status, reply, "", f, "reply-form")
	}
	return s.answered(c, t, err, "replied")
}

// confirmRequest is the resident saying their resolved request is fixed.
func (s *handler) confirmRequest(c echo.Context) error {
	t, err := s.ownTicket(c)
	if err != nil {
		return err
	}
	err = s.WriteAudited(c, func(ctx context.Context, tx *sql.Tx) (string, string, string, error) {
		_, err := tickets.Confirm(ctx, tx, s.Now(), t, handlers.IdentityOf(c).Person.ID)
		return "ticket.confirmed", t.PublicID, t.Ref() + ": the resident confirmed it is fixed", err
	})
	if refused, status, f := answerRefused(err); refused {
		return s.refuseAnswer(c, t, status, residentReply{}, "", f, "")
	}
	return s.answered(c, t, err, "confirmed")
}

// reopenRequest is the resident saying their resolved request is not
// fixed: their reason joins the thread and the staff side hears of it.
func (s *handler) reopenRequest(c echo.Context) error {
	t, err := s.ownTicket(c)
	if err != nil {
		return err
	}
	reason := c.FormValue("reason")
	err = s.WriteAudited(c, func(ctx context.Context, tx *sql.Tx) (string, string, string, error) {
		now, err := tickets.Reopen(ctx, tx, s.Now(), t, handlers.IdentityOf(c).Person.ID, reason)
		if err != nil {
			return "", "", "", err
		}
		if err := s.mailStaff(ctx, c, tx, now, mailReopened, reason, 0); err != nil {
			return "", "", "", err
		}
		return "ticket.reopened", t.PublicID, t.Ref() + ": reopened by the resident", nil
	})
	if refused, status, f := answerRefused(err); refused {
		return s.refuseAnswer(c, t, status, residentReply{}, reason, f, "")
	}
	return s.answered(c, t, err, "reopened")
}

// answerRefused sorts a refusal of a reply or an answer: field messages
// (422), or a request no longer open to it (409, the message at the top).
func answerRefused(err error) (bool, int, errs.Fields) {
	e, ok := errs.As(err)
	switch {
	case !ok:
		return false, 0, nil
	case e.Code == errs.Invalid:
		f := errs.Fields{}
		refusedFields(err, f)
		return true, http.StatusUnprocessableEntity, f
	case e.Code == errs.Conflict:
		return true, http.StatusConflict, errs.Fields{"form": e.Message}
	}
	return false, 0, nil
}

// refuseAnswer shows the request's page again with what was typed and why
// it was refused; an htmx reply gets only its form back.
func (s *handler) refuseAnswer(c echo.Context, t tickets.Ticket, status int, reply residentReply, reason string, f errs.Fields, block string) error {
	p, err := s.loadRequest(c, t)
	if err != nil {
		return err
	}
	p.Reply, p.Reason, p.Errors = reply, reason, f
	p.Error = f["form"]
	if block != "" {
		block = handlers.FormBlock(c, block)
	}
	return s.showPage(c, status, p, block)
}

// answered ends a change that worked: back to the request's page with
// the notice of key, the mail sent at once.
func (s *handler) answered(c echo.Context, t tickets.Ticket, err error, key string) error {
	if err != nil {
		return err
	}
	s.KickMail()
	return handlers.Redirect(c, requestURL(t)+"?done="+key)
}
