package tickets

import (
	"context"
	"database/sql"
	"net/http"

	"github.com/labstack/echo/v4"

	"porch/errs"
	"porch/handlers"
	"porch/tickets"
)

// docField is the ask form's file input; keptField carries a document
// stored by a refused post back with the form.
const (
	docField  = "document"
	keptField = "kept_document"
)

// askQuote asks the owner of the ticket's home to approve a quote, with
// its document (a PDF or a photo) when one is chosen, and emails them a
// link to it. A refusal shows the panel again with the messages next to
// the fields and what was typed; a document already stored rides along.
func (s *handler) askQuote(c echo.Context) error {
	t, err := s.ticketParam(c)
	if err != nil {
		return err
	}
	mp, err := s.ReadMultipart(c, docField, 1)
	if err != nil {
		return err
	}
	form := quoteForm{Amount: c.FormValue("amount"), Supplier: c.FormValue("supplier"), Errors: errs.Fields{}}
	kept, problem, err := s.StoreUploads(c, mp.Files)
	if err != nil {
		return err
	}
	if len(kept) == 0 {
		kept = s.KeptFiles(c, keptField)
	}
	if len(kept) > 1 {
		kept = kept[:1]
	}
	form.Kept = kept
	if problem == "" {
		problem = mp.Problem
	}
	if problem != "" {
		form.Errors.Add(docField, problem)
	}
	// An amount that cannot be read keeps its own message and goes to the
	// domain as nothing, which refuses it with the other fields' messages.
	amount, aerr := handlers.ParseMoney(form.Amount)
	if e, ok := errs.As(aerr); ok {
		form.Errors.Add("amount", e.Message)
	}
	var doc tickets.Photo
	if len(kept) == 1 {
		doc = tickets.Photo{Ref: kept[0].Ref, Name: kept[0].Name}
	}
	if problem == "" {
		err = s.WriteAudited(c, func(ctx context.Context, tx *sql.Tx) (string, string, string, error) {
			asked, err := tickets.RequestQuote(ctx, tx, s.Now(), t, amount, form.Supplier, doc, handlers.IdentityOf(c).Person.ID)
			if err != nil {
				return "", "", "", err
			}
			if err := s.mailOwners(ctx, c, tx, t, asked); err != nil {
				return "", "", "", err
			}
			return "ticket.quote_asked", asked.PublicID, t.Ref() + ": " + asked.Describe(), nil
		})
		if e, ok := errs.As(err); ok && e.Code == errs.Invalid && e.Fields != nil {
			for k, v := range e.Fields {
				form.Errors.Add(k, v)
			}
			err = nil
		}
		if err != nil && !isRefusal(err) {
			return err
		}
	}
	if len(form.Errors) > 0 || err != nil {
		return s.quoteRefused(c, t, form, err)
	}
	s.KickMail()
	return s.quoteDone(c, t, "asked")
}

// withdrawQuote takes back a quote the owner has not answered.
func (s *handler) withdrawQuote(c echo.Context) error {
	t, q, err := s.ticketQuote(c)
	if err != nil {
		return err
	}
	err = s.WriteAudited(c, func(ctx context.Context, tx *sql.Tx) (string, string, string, error) {
		q, err := tickets.WithdrawQuote(ctx, tx, s.Now(), q, handlers.IdentityOf(c).Person.ID)
		return "ticket.quote_withdrawn", q.PublicID, t.Ref() + ": " + q.Describe(), err
	})
	if isRefusal(err) {
		return s.quoteRefused(c, t, quoteForm{}, err)
	}
	if err != nil {
		return err
	}
	return s.quoteDone(c, t, "withdrawn")
}

// isRefusal reports whether err is a refusal the panel explains rather
// than a failure.
func isRefusal(err error) bool {
	e, ok := errs.As(err)
	return ok && (e.Code == errs.Invalid || e.Code == errs.Conflict)
}

// quoteRefused shows the panel again with 422: the form as typed, and
// why at the top when the refusal was not about a field.
func (s *handler) quoteRefused(c echo.Context, t tickets.Ticket, form quoteForm, err error) error {
	p, lerr := s.loadQuotePanel(c, t)
	if lerr != nil {
		return lerr
	}
	p.Form = form
	if e, ok := errs.As(err); ok && e.Fields == nil {
		p.Error = e.Message
	}
	return s.showQuotes(c, http.StatusUnprocessableEntity, p)
}

// quoteDone answers a change that worked: a plain post goes to the
// ticket's page; htmx gets the panel again with the notice.
func (s *handler) quoteDone(c echo.Context, t tickets.Ticket, key string) error {
	return handlers.Done(c, ticketURL(t.PublicID)+"?done=quote_"+key, quotesBlock, func() error {
		p, err := s.loadQuotePanel(c, t)
		if err != nil {
			return err
		}
		p.Notice = quoteNotice(key)
		return s.showQuotes(c, http.StatusOK, p)
	})
}
