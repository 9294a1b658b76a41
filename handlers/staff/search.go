package staff

import (
	"net/http"
	"strings"

	"github.com/labstack/echo/v4"

	"porch/auth"
	"porch/estate"
	"porch/handlers"
)

// searchPage is the staff search: the box on every admin page asks it as
// you type and shows its results under the box; without JavaScript the
// box's form opens it as a page of its own.
type searchPage struct {
	Q       string
	Results estate.SearchResults
}

// adminSearch finds people, units, sites, and for staff who may see the
// accounts, invoices by number and payments by reference.
func (s *handler) adminSearch(c echo.Context) error {
	q := strings.TrimSpace(c.QueryParam("q"))
	if r := []rune(q); len(r) > handlers.MaxSearch {
		q = string(r[:handlers.MaxSearch])
	}
	p := searchPage{Q: q}
	if q != "" {
		withMoney := auth.Allows(handlers.IdentityOf(c).Scope.StaffRole, auth.SeeAccounts)
		var err error
		if p.Results, err = estate.Search(c.Request().Context(), handlers.OrgOf(c).DB.Read(), q, withMoney); err != nil {
			return err
		}
	}
	return s.Render(c, http.StatusOK, handlers.View{Page: "admin_search", Title: "Search", Data: p, Wide: true})
}
