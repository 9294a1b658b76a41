package money

import (
	"net/http"

	"github.com/labstack/echo/v4"

	"porch/auth"
	"porch/errs"
	"porch/handlers"
	"porch/views"
)

// moneyRoutes registers the resident and owner money screens: a person's
// accounts, statements, invoices and receipts, and their downloads. Every
// object is reached through the person's scope.
func (s *handler) moneyRoutes(e *echo.Echo) {
	g := s.Person(e, "/money")
	g.GET("", s.moneyHome)
	g.GET("/", s.moneyHome)
	g.GET("/units/:id/statement", s.moneyStatement)
	g.GET("/units/:id/statement.pdf", s.moneyStatementPDF)
	g.GET("/units/:id/statement.csv", s.moneyStatementCSV)
	g.GET("/units/:id/invoices", s.moneyInvoices)
	g.GET("/invoices/:file", s.moneyInvoicePDF)
	g.GET("/receipts/:file", s.moneyReceiptPDF)
}

// moneyNotFound is the one answer for a unit, invoice or receipt that is
// missing or outside the person's scope, so neither can be told apart.
var moneyNotFound = errs.E(errs.NotFound, "There is no page at this address.")

// moneyUnit is a unit whose account the person may read, as the money
// screens show it.
type moneyUnit struct{ auth.MoneyUnit }

// moneyUnits wraps the units auth lets the person read.
func moneyUnits(us []auth.MoneyUnit) []moneyUnit {
	out := make([]moneyUnit, len(us))
	for i, u := range us {
		out[i] = moneyUnit{u}
	}
	return out
}

// moneyUnitParam resolves the :id of a money URL through the person's
// scope. A unit they were never linked to, or only as an occupier, is not
// found; the refusal is logged.
func (s *handler) moneyUnitParam(c echo.Context) (moneyUnit, error) {
	return s.moneyUnitByPublicID(c, c.Param("id"))
}

func (s *handler) moneyUnitByPublicID(c echo.Context, publicID string) (moneyUnit, error) {
	u, err := handlers.IdentityOf(c).Scope.MoneyUnit(publicID, s.Today())
	if err != nil {
		s.Deny(c, "unit not in scope")
		return moneyUnit{}, moneyNotFound
	}
	return moneyUnit{u}, nil
}

// moneyUnitByID finds the person's moneyUnit for an object's unit, through
// the scope.
func (s *handler) moneyUnitByID(c echo.Context, unitID int64, why string) (moneyUnit, error) {
	u, err := handlers.IdentityOf(c).Scope.MoneyUnitOf(unitID, s.Today())
	if err != nil {
		s.Deny(c, why)
		return moneyUnit{}, moneyNotFound
	}
	return moneyUnit{u}, nil
}

// readableUnits are the units whose accounts the person may read now.
func (s *handler) readableUnits(c echo.Context) []moneyUnit {
	return moneyUnits(handlers.IdentityOf(c).Scope.ReadableMoneyUnits(s.Today()))
}

// PeriodsText says which dates the person may read: "14 March 2024 to
// 31 December 2025", or "14 March 2024 onwards".
func (u moneyUnit) PeriodsText() string {
	var parts []string
	for _, p := range u.Spans {
		if p.To.IsZero() {
			parts = append(parts, views.Date(p.From)+" onwards")
		} else {
			parts = append(parts, views.Date(p.From)+" to "+views.Date(p.To))
		}
	}
	return handlers.JoinAnd(parts)
}

// moneyCard is one unit on the money home page, with its balance (none
// for a home the person has left).
type moneyCard struct {
	moneyUnit
	handlers.AccountBalance
}

type moneyHomePage struct {
	Current  []moneyCard
	Left     []moneyCard
	Units    []moneyUnit // both, for the picker
	Currency string
}

// moneyHome lists the person's accounts: each current unit with its
// balance and overdue invoices, then the units they have left. Its unit
// picker (?unit=&show=) leads to a unit's statement or invoices without
// script.
func (s *handler) moneyHome(c echo.Context) error {
	if pick := c.QueryParam("unit"); pick != "" {
		u, err := s.moneyUnitByPublicID(c, pick)
		if err != nil {
			return err
		}
		tab := "statement"
		if c.QueryParam("show") == "invoices" {
			tab = "invoices"
		}
		return c.Redirect(http.StatusSeeOther, "/money/units/"+u.PublicID+"/"+tab)
	}
	p := moneyHomePage{Currency: handlers.OrgCurrency(c), Units: s.readableUnits(c)}
	for _, u := range p.Units {
		if !u.Current {
			p.Left = append(p.Left, moneyCard{moneyUnit: u})
			continue
		}
		card, err := s.moneyCardOf(c, u)
		if err != nil {
			return err
		}
		p.Current = append(p.Current, card)
	}
	return s.Render(c, http.StatusOK, handlers.View{Page: "money", Title: "Your account", Data: p})
}

// moneyCardOf reads a current unit's balance and overdue invoices.
func (s *handler) moneyCardOf(c echo.Context, u moneyUnit) (moneyCard, error) {
	b, err := handlers.BalanceOf(c.Request().Context(), handlers.OrgOf(c).DB.Read(), u.MoneyUnit, s.Today(), handlers.OrgCurrency(c))
	return moneyCard{moneyUnit: u, AccountBalance: b}, err
}
