package tickets

import (
	"net/http"

	"github.com/labstack/echo/v4"

	"porch/errs"
	"porch/estate"
	"porch/handlers"
	"porch/tickets"
)

// quotePanel is the quotes of a ticket as staff work them: the panel
// "desk-ticket-quotes" (views/templates/ticket_quotes.html) that a
// ticket's page includes, with the form that asks the owner to approve
// another.
type quotePanel struct {
	Ticket tickets.Ticket
	Quotes []tickets.Quote
	Owners []tickets.Owner // the home's current owners, who are asked
	Form   quoteForm
	Notice string
	Error  string // why an ask or a withdrawal was refused, shown above the form
	// CanAsk is true when the ticket may take a quote now: a let home with
	// an owner and no quote already waiting for them.
	CanAsk bool
}

// quoteForm is the ask form as typed, with its messages. Kept is the
// document already stored from a refused post, carried in a hidden field
// so it need not be chosen again.
type quoteForm struct {
	Amount, Supplier string
	Kept             []handlers.KeptFile
	Errors           errs.Fields
}

// Lettings reports whether the ticket is about a let home, the only kind
// whose owner approves quotes.
func (p *quotePanel) Lettings() bool {
	return p.Ticket.SiteKind == estate.KindLettings && p.Ticket.UnitID != 0
}

// URL is the panel's own address; the forms post below it.
func (p *quotePanel) URL() string { return quotesURL(p.Ticket) }

// quotesURL is the address of a ticket's quotes panel.
func quotesURL(t tickets.Ticket) string { return ticketURL(t.PublicID) + "/quotes" }

// quoteNotice is the confirmation after a change, chosen by a key.
func quoteNotice(key string) string {
	switch key {
	case "asked":
		return "Quote sent to the owner for approval. They have been emailed a link to it."
	case "withdrawn":
		return "Quote withdrawn. The owner no longer sees it as waiting for them."
	}
	return ""
}

// loadQuotePanel reads the ticket's quotes and its home's owners for the
// panel; the form starts empty.
func (s *handler) loadQuotePanel(c echo.Context, t tickets.Ticket) (*quotePanel, error) {
	ctx, q := c.Request().Context(), handlers.OrgOf(c).DB.Read()
	p := &quotePanel{Ticket: t}
	var err error
	if p.Quotes, err = tickets.QuotesOf(ctx, q, t.ID); err != nil {
		return nil, err
	}
	if !p.Lettings() {
		return p, nil
	}
	if p.Owners, err = tickets.CurrentOwners(ctx, q, t.UnitID, s.Now()); err != nil {
		return nil, err
	}
	p.CanAsk = len(p.Owners) > 0
	for _, qt := range p.Quotes {
		if qt.Pending() {
			p.CanAsk = false
		}
	}
	return p, nil
}

// ticketParam finds the ticket of the path for staff.
func (s *handler) ticketParam(c echo.Context) (tickets.Ticket, error) {
	return tickets.Get(c.Request().Context(), handlers.OrgOf(c).DB.Read(), c.Param("id"))
}

// quotesBlock is the panel's template and the id of its element.
const quotesBlock = "desk-ticket-quotes"

// showQuotes renders the panel: alone for htmx, else on a page of its
// own that leads back to the ticket.
func (s *handler) showQuotes(c echo.Context, status int, p *quotePanel) error {
	return s.Render(c, status, handlers.View{Page: "owner_approval_desk", Title: "Quotes for request " + p.Ticket.Ref(),
		Data: p, Block: quotesBlock, Retarget: true, Wide: true})
}

// quotesPanel shows a ticket's quotes.
func (s *handler) quotesPanel(c echo.Context) error {
	t, err := s.ticketParam(c)
	if err != nil {
		return err
	}
	p, err := s.loadQuotePanel(c, t)
	if err != nil {
		return err
	}
	p.Notice = quoteNotice(c.QueryParam("done"))
	return s.showQuotes(c, http.StatusOK, p)
}

// ticketQuote finds the ticket of the path and its quote :quote; a quote
// of another ticket is not found.
func (s *handler) ticketQuote(c echo.Context) (tickets.Ticket, tickets.Quote, error) {
	t, err := s.ticketParam(c)
	if err != nil {
		return t, tickets.Quote{}, err
	}
	q, err := tickets.GetQuote(c.Request().Context(), handlers.OrgOf(c).DB.Read(), c.Param("quote"))
	if err == nil && q.TicketID != t.ID {
		err = errs.E(errs.NotFound, "There is no quote at this address.")
	}
	return t, q, err
}

// quoteDocument serves a quote's document to staff.
func (s *handler) quoteDocument(c echo.Context) error {
	_, q, err := s.ticketQuote(c)
	if err != nil {
		return err
	}
	return s.sendQuoteDoc(c, q)
}

// sendQuoteDoc answers with the quote's document from the file store.
func (s *handler) sendQuoteDoc(c echo.Context, q tickets.Quote) error {
	if !q.HasDoc() {
		return errs.E(errs.NotFound, "This quote came without a document.")
	}
	b, err := s.Files.Get(c.Request().Context(), handlers.OrgOf(c).DB, q.Doc.Hash)
	if err != nil {
		return err
	}
	return handlers.SendFile(c, b, q.Doc.Name)
}
