package owners

import (
	"net/http"

	"github.com/labstack/echo/v4"

	"porch/auth"
	"porch/errs"
	"porch/estate"
	"porch/handlers"
	"porch/ledger"
)

// errNoPortal answers someone who owns no property shown in the portal.
var errNoPortal = errs.E(errs.NotFound, "You have no properties in the owner portal. If we let or sell a home for you, contact us and we will set it up.")

// portfolioPage is an owner's properties, each with its figures.
type portfolioPage struct {
	FirstName string
	Currency  string
	Lettings  []portfolioLet
	Sales     []saleSummary
	Funds     ledger.OwnerFunds // all their client money
	TaxYear   ledger.TaxYear
}

// portfolioLet is a let property's line of the portfolio.
type portfolioLet struct {
	auth.Property
	Due     int64 // held for them from it, beyond its float
	Unpaid  int64 // rent its tenants still owe, not yet theirs to pay out
	Arrears int64 // the part of Unpaid past its due date
	Float   int64
}

// NextPayout is what would be paid out for the property now: what is held
// for them less the rent not yet received.
func (l portfolioLet) NextPayout() int64 { return max(l.Due-l.Unpaid, 0) }

// portfolio is the owner portal's front page. An owner of one property
// goes straight to it; an owner of several sees each with its money and
// picks one.
func (s *handler) portfolio(c echo.Context) error {
	props, err := s.ownProperties(c)
	if err != nil {
		return err
	}
	if len(props) == 1 {
		return c.Redirect(http.StatusSeeOther, propertyURL(props[0]))
	}
	ctx, q := c.Request().Context(), handlers.OrgOf(c).DB.Read()
	id := handlers.IdentityOf(c)
	p := portfolioPage{FirstName: handlers.FirstName(id.Person), Currency: handlers.OrgCurrency(c), TaxYear: ledger.TaxYearOf(s.Today())}
	var lets, sales []auth.Property
	for _, pr := range props {
		if pr.Market == estate.MarketLetting {
			lets = append(lets, pr)
		} else {
			sales = append(sales, pr)
		}
	}
	if p.Sales, err = s.saleSummaries(c, sales); err != nil {
		return err
	}
	if len(lets) > 0 {
		if p.Lettings, err = s.letFigures(c, lets); err != nil {
			return err
		}
		if p.Funds, err = ledger.FundsOf(ctx, q, id.Person.ID); err != nil {
			return err
		}
	}
	return s.Render(c, http.StatusOK, handlers.View{Page: "owner_portfolio", Title: "Your properties", Data: p})
}

// letFigures reads each let property's money in two queries.
func (s *handler) letFigures(c echo.Context, lets []auth.Property) ([]portfolioLet, error) {
	ctx, q := c.Request().Context(), handlers.OrgOf(c).DB.Read()
	owner := handlers.IdentityOf(c).Person.ID
	units, err := ledger.LandlordUnits(ctx, q, owner, s.Today())
	if err != nil {
		return nil, err
	}
	owed, err := ledger.RentOwedByUnit(ctx, q, owner, s.Today())
	if err != nil {
		return nil, err
	}
	money := map[int64]ledger.LandlordUnit{}
	for _, u := range units {
		money[u.UnitID] = u
	}
	out := make([]portfolioLet, len(lets))
	for i, pr := range lets {
		m := money[pr.UnitID]
		out[i] = portfolioLet{Property: pr, Due: m.Net, Float: m.Float, Unpaid: owed[pr.UnitID].Unpaid, Arrears: owed[pr.UnitID].Arrears}
	}
	return out, nil
}

// propertyURL is the owner's page of a property.
func propertyURL(p auth.Property) string { return "/owner/properties/" + p.UnitPublicID }
