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

// approvalsURL is the owner's list of quotes.
const approvalsURL = "/approvals"

// approvalURL is one quote's page for its owner.
func approvalURL(q tickets.Quote) string { return approvalsURL + "/" + q.PublicID }

// approvalsPage is an owner's quotes: those awaiting them, then those
// they or a joint owner have answered.
type approvalsPage struct {
	Pending, Decided []tickets.Quote
}

// approvalPage is one quote as its owner reads and answers it.
type approvalPage struct {
	Quote  tickets.Quote
	Ticket tickets.Ticket
	Photos []tickets.StoredPhoto // sent with the request itself
	// ApproveComment and RejectComment are the comments as typed in each
	// form, Errors their messages (approve_comment, reject_comment).
	ApproveComment, RejectComment string
	Errors                        errs.Fields
	Notice                        string
}

// URL is the quote's page.
func (p *approvalPage) URL() string { return approvalURL(p.Quote) }

// noApproval is the one answer for a quote that is missing or not the
// person's to answer, so neither can be told from the other.
var noApproval = errs.E(errs.NotFound, "There is no page at this address.")

// approvals lists the quotes of the homes the person owns.
func (s *handler) approvals(c echo.Context) error {
	all, err := tickets.ForOwner(c.Request().Context(), handlers.OrgOf(c).DB.Read(), handlers.IdentityOf(c).Person.ID, s.Now())
	if err != nil {
		return err
	}
	p := &approvalsPage{}
	for _, q := range all {
		if q.Pending() {
			p.Pending = append(p.Pending, q)
		} else {
			p.Decided = append(p.Decided, q)
		}
	}
	return s.Render(c, http.StatusOK, handlers.View{Page: "owner_approvals", Title: "Quotes to approve", Data: p})
}

// ownQuote finds the quote of the path for a current owner of its home.
// Anyone else, staff included, gets the answer for a missing quote, and
// the refusal is logged.
func (s *handler) ownQuote(c echo.Context) (tickets.Quote, error) {
	ctx, q := c.Request().Context(), handlers.OrgOf(c).DB.Read()
	quote, err := tickets.GetQuote(ctx, q, c.Param("quote"))
	if errs.Is(err, errs.NotFound) {
		return quote, noApproval
	}
	if err != nil {
		return quote, err
	}
	ok, err := tickets.MayDecide(ctx, q, quote, handlers.IdentityOf(c).Person.ID, s.Now())
	if err != nil {
		return quote, err
	}
	if !ok {
		s.Deny(c, "quote not on a home the person owns")
		return quote, noApproval
	}
	return quote, nil
}

// loadApproval reads the quote of the path with its ticket.
func (s *handler) loadApproval(c echo.Context) (*approvalPage, error) {
	quote, err := s.ownQuote(c)
	if err != nil {
		return nil, err
	}
	ctx, q := c.Request().Context(), handlers.OrgOf(c).DB.Read()
	t, err := tickets.Get(ctx, q, quote.TicketPublicID)
	if err != nil {
		return nil, err
	}
	photos, err := tickets.Photos(ctx, q, t.ID, false)
	if err != nil {
		return nil, err
	}
	return &approvalPage{Quote: quote, Ticket: t, Photos: tickets.RequestPhotos(photos), Errors: errs.Fields{}}, nil
}

func (s *handler) showApproval(c echo.Context, status int, p *approvalPage) error {
	return s.Render(c, status, handlers.View{Page: "owner_approval", Title: "Quote for " + p.Ticket.UnitName, Data: p})
}

// approval shows one quote to its owner, with the forms to answer it
// while it is pending and their answer after.
func (s *handler) approval(c echo.Context) error {
	p, err := s.loadApproval(c)
	if err != nil {
		return err
	}
	switch c.QueryParam("done") {
	case "approved":
		p.Notice = "Thank you. You approved the quote; we will book the work and keep your tenant informed."
	case "rejected":
		p.Notice = "Thank you. You rejected the quote; we will be in touch about what happens next."
	}
	return s.showApproval(c, http.StatusOK, p)
}

// decide records the owner's answer, tells staff by email and shows the
// page again. A rejection without a comment is refused next to its field.
func (s *handler) decide(c echo.Context) error {
	p, err := s.loadApproval(c)
	if err != nil {
		return err
	}
	decision := c.FormValue("decision")
	if decision != "approve" && decision != "reject" {
		return echo.NewHTTPError(http.StatusBadRequest, "Choose to approve or to reject the quote.")
	}
	approve := decision == "approve"
	field := "reject_comment"
	if approve {
		field = "approve_comment"
	}
	comment := c.FormValue("comment")
	err = s.WriteAudited(c, func(ctx context.Context, tx *sql.Tx) (string, string, string, error) {
		q, err := tickets.Decide(ctx, tx, s.Now(), p.Quote, handlers.IdentityOf(c).Person.ID, approve, comment)
		if err != nil {
			return "", "", "", err
		}
		if err := s.mailDecision(ctx, c, tx, q); err != nil {
			return "", "", "", err
		}
		return "ticket.quote_" + q.Status, q.PublicID, q.TicketRef() + ": " + q.Describe(), nil
	})
	if e, ok := errs.As(err); ok && e.Code == errs.Invalid {
		if approve {
			p.ApproveComment = comment
		} else {
			p.RejectComment = comment
		}
		p.Errors.Add(field, e.Fields["comment"])
		return s.showApproval(c, http.StatusUnprocessableEntity, p)
	}
	if e, ok := errs.As(err); ok && e.Code == errs.Conflict {
		if p, err = s.loadApproval(c); err != nil {
			return err
		}
		p.Notice = e.Message
		return s.showApproval(c, http.StatusConflict, p)
	}
	if err != nil {
		return err
	}
	s.KickMail()
	verdict := "rejected"
	if approve {
		verdict = "approved"
	}
	return handlers.Redirect(c, p.URL()+"?done="+verdict)
}

// approvalDocument serves the quote's document to its owner.
func (s *handler) approvalDocument(c echo.Context) error {
	q, err := s.ownQuote(c)
	if err != nil {
		return err
	}
	return s.sendQuoteDoc(c, q)
}

// approvalPhoto serves one of the request's own photos to the owner of
// the quote's home, or its thumbnail; photos added later in the thread
// stay between the resident and staff.
func (s *handler) approvalPhoto(c echo.Context) error {
	quote, err := s.ownQuote(c)
	if err != nil {
		return err
	}
	ctx, o := c.Request().Context(), handlers.OrgOf(c)
	p, err := tickets.GetPhoto(ctx, o.DB.Read(), quote.TicketID, c.Param("photo"), false)
	if err != nil {
		return err
	}
	if p.MessageID != 0 || !p.IsImage() {
		return errs.E(errs.NotFound, "There is no photo at this address.")
	}
	get := s.Files.Get
	switch c.Param("size") {
	case "":
	case "thumb":
		get = s.Files.Thumb
	default:
		return errs.E(errs.NotFound, "There is no photo at this address.")
	}
	b, err := get(ctx, o.DB, p.Hash)
	if err != nil {
		return err
	}
	return handlers.SendFile(c, b, p.Name)
}
