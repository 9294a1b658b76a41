package money

import (
	"time"

	"github.com/labstack/echo/v4"

	"porch/handlers"
	"porch/pdf"
	"porch/sqldb"
)

// pdfHeading is the branding of a document of the unit dated on, who it
// is addressed to, and the unit's label, as pdfHeadingOf gives them for
// the person asking.
func (s *handler) pdfHeading(c echo.Context, u moneyUnit, on time.Time) (pdf.Brand, pdf.Party, string, error) {
	return s.pdfHeadingOf(c, handlers.OrgOf(c).DB.Read(), u.PublicID, on, handlers.IdentityOf(c).Person.DisplayName())
}

// pdfHeadingOf is the organisation's branding and PayeeOf's addressee
// and unit label, read through q.
func (s *handler) pdfHeadingOf(c echo.Context, q sqldb.Querier, unitPublicID string, on time.Time, fallback string) (pdf.Brand, pdf.Party, string, error) {
	brand, err := s.PDFBrand(c)
	if err != nil {
		return brand, pdf.Party{}, "", err
	}
	payee, unitLabel, err := handlers.PayeeOf(c.Request().Context(), q, unitPublicID, on, fallback)
	return brand, payee, unitLabel, err
}
