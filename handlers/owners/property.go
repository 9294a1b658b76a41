package owners

import (
	"net/http"
	"slices"
	"time"

	"github.com/labstack/echo/v4"

	"porch/auth"
	"porch/documents"
	"porch/estate"
	"porch/handlers"
	"porch/owners"
	"porch/tickets"
)

// propertyPage is one property's page in the owner portal: the widgets
// the organisation shows for it, each filled only when shown.
type propertyPage struct {
	Property auth.Property
	Unit     estate.Unit
	Currency string
	Today    time.Time
	Several  bool // the owner has other properties: link back to the portfolio
	Letting  *lettingWidgets
	Sale     *saleWidgets
	Papers   *documents.OwnerShelf // nil when no document widget is shown
	Repairs  *maintenance
	Team     *owners.TeamContact // nil when no member of staff is linked, or the card is not shown
}

// Shows reports whether the page shows the widget with the key.
func (p propertyPage) Shows(key string) bool { return p.Property.View.Shows(key) }

// paperWidgets are the widgets of a property's documents.
var paperWidgets = []string{owners.WidgetCertificates, owners.WidgetInspections, owners.WidgetReports,
	owners.WidgetTenancy, owners.WidgetDocuments}

// maintenance is the requests raised about the property and the quotes
// waiting for the owner's answer.
type maintenance struct {
	Tickets []tickets.Ticket
	Pending []tickets.Quote
}

// property shows one of the owner's properties.
func (s *handler) property(c echo.Context) error {
	pr, err := s.ownedProperty(c)
	if err != nil {
		return err
	}
	ctx, q := c.Request().Context(), handlers.OrgOf(c).DB.Read()
	unit, err := estate.GetUnitByID(ctx, q, pr.UnitID)
	if err != nil {
		return err
	}
	all, err := handlers.IdentityOf(c).Scope.Properties(ctx, q)
	if err != nil {
		return err
	}
	p := propertyPage{Property: pr, Unit: unit, Currency: handlers.OrgCurrency(c), Today: s.Today(), Several: len(all) > 1}
	if pr.Market == estate.MarketLetting {
		if p.Letting, err = s.lettingWidgets(c, pr); err != nil {
			return err
		}
	}
	if pr.Market == estate.MarketSale {
		if p.Sale, err = s.saleWidgets(c, pr); err != nil {
			return err
		}
	}
	if slices.ContainsFunc(paperWidgets, p.Shows) {
		shelf, err := documents.OwnerShelfOf(ctx, q, pr.UnitID, s.Today())
		if err != nil {
			return err
		}
		p.Papers = &shelf
	}
	if p.Shows(owners.WidgetMaintenance) {
		if p.Repairs, err = s.maintenance(c, pr); err != nil {
			return err
		}
	}
	if p.Shows(owners.WidgetTeam) {
		if p.Team, err = owners.TeamCard(ctx, q, pr.UnitID, pr.Market); err != nil {
			return err
		}
	}
	return s.Render(c, http.StatusOK, handlers.View{Page: "owner_property", Title: unit.Name, Data: p})
}

// maintenance reads the property's latest requests and the owner's
// quotes for it still to answer.
func (s *handler) maintenance(c echo.Context, pr auth.Property) (*maintenance, error) {
	ctx, q := c.Request().Context(), handlers.OrgOf(c).DB.Read()
	m := &maintenance{}
	var err error
	if m.Tickets, err = tickets.OfUnit(ctx, q, pr.UnitID, 8); err != nil {
		return nil, err
	}
	pending, err := tickets.PendingForOwner(ctx, q, handlers.IdentityOf(c).Person.ID, s.Now())
	if err != nil {
		return nil, err
	}
	for _, qt := range pending {
		if qt.UnitID == pr.UnitID {
			m.Pending = append(m.Pending, qt)
		}
	}
	return m, nil
}
