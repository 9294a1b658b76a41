package sales

import (
	"net/http"
	"strings"

	"github.com/labstack/echo/v4"

	"porch/estate"
	"porch/handlers"
	"porch/owners"
)

// saleRow is a property for sale in the list, with its sellers.
type saleRow struct {
	owners.SaleProperty
	Sellers string // the current owners' names
}

// URL is the sale's page.
func (r saleRow) URL() string { return salesURL + "/" + r.UnitPublicID }

type salesPage struct {
	Rows []saleRow
}

// list shows every property marked for sale with its offers and the next
// viewing booked.
func (s *handler) list(c echo.Context) error {
	ctx := c.Request().Context()
	q := handlers.OrgOf(c).DB.Read()
	props, err := owners.SaleProperties(ctx, q, s.Now())
	if err != nil {
		return err
	}
	p := salesPage{}
	for _, sp := range props {
		people, err := estate.PeopleOfUnit(ctx, q, sp.UnitID, s.Today())
		if err != nil {
			return err
		}
		var names []string
		for _, pp := range people {
			if pp.Role == estate.RoleOwner {
				names = append(names, pp.FullName)
			}
		}
		p.Rows = append(p.Rows, saleRow{SaleProperty: sp, Sellers: strings.Join(names, ", ")})
	}
	return s.Render(c, http.StatusOK, handlers.View{Page: "admin_sales", Title: "Sales", Data: p, Wide: true})
}
