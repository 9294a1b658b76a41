package tickets

import (
	"net/http"

	"github.com/labstack/echo/v4"

	"porch/handlers"
	"porch/tickets"
)

// requestsPage is the person's list of the requests they raised.
type requestsPage struct {
	Requests []ownRequest
	CanRaise bool // they have a home to report a problem in
}

// listRequests shows the requests the person raised, newest first.
func (s *handler) listRequests(c echo.Context) error {
	id := handlers.IdentityOf(c)
	ts, err := tickets.ListOwn(c.Request().Context(), handlers.OrgOf(c).DB.Read(), id.Person.ID)
	if err != nil {
		return err
	}
	p := requestsPage{CanRaise: len(homesOf(id.Scope)) > 0}
	for _, t := range ts {
		p.Requests = append(p.Requests, ownRequest{t})
	}
	return s.Render(c, http.StatusOK, handlers.View{Page: "requests", Title: "Your requests", Data: p})
}
