// Package owners serves the owner portal: a landlord's or seller's
// portfolio, each property's page of widgets (its money, tenant, float,
// deductions, statements, documents, certificates, sale, maintenance and
// the agency's contact), their statements for any period and their
// annual summary for a tax return. Every page reads through the person's
// scope in auth: a property they do not own answers as a missing page.
package owners

import (
	"github.com/labstack/echo/v4"

	"porch/auth"
	"porch/handlers"
)

// handler serves this feature's pages with the shared kit.
type handler struct{ *handlers.Kit }

// Routes registers this feature's routes.
func Routes(e *echo.Echo, k *handlers.Kit) {
	s := &handler{k}
	k.Blocks("owner_statement", "landlord-statement")
	g := k.Person(e, "/owner", k.EnsureLedger)
	g.GET("", s.portfolio)
	g.GET("/statement", s.portfolioStatement)
	g.GET("/statement.pdf", s.portfolioStatementPDF)
	g.GET("/tax-year", s.taxYear)
	g.GET("/tax-year.pdf", s.taxYearPDF)
	g.GET("/tax-year.csv", s.taxYearCSV)
	g.GET("/statements/:statement", s.issuedStatement)
	g.GET("/properties/:id", s.property)
	g.GET("/properties/:id/statement", s.propertyStatement)
	g.GET("/properties/:id/statement.pdf", s.propertyStatementPDF)
}

// ownedProperty is the property of the path, if the person owns it today
// and the organisation shows it to them; NotFound otherwise.
func (s *handler) ownedProperty(c echo.Context) (auth.Property, error) {
	return handlers.IdentityOf(c).Scope.Property(c.Request().Context(), handlers.OrgOf(c).DB.Read(), c.Param("id"))
}

// ownProperties are the properties the person owns that are shown to
// them; NotFound when there are none, so the portal is only an owner's.
func (s *handler) ownProperties(c echo.Context) ([]auth.Property, error) {
	ps, err := handlers.IdentityOf(c).Scope.Properties(c.Request().Context(), handlers.OrgOf(c).DB.Read())
	if err == nil && len(ps) == 0 {
		err = errNoPortal
	}
	return ps, err
}
