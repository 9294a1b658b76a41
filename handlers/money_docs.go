package handlers

import (
	"context"
	"strings"
	"time"

	"github.com/labstack/echo/v4"

	"porch/estate"
	"porch/pdf"
)

// pdfHeading is the branding of a document of the unit dated on, who it
// is addressed to, and the unit's label, as pdfHeadingOf gives them for
// the person asking.
func (s *Kit) pdfHeading(c echo.Context, u moneyUnit, on time.Time) (pdf.Brand, pdf.Party, string, error) {
	return s.pdfHeadingOf(c, OrgOf(c).DB.Read(), u.PublicID, on, IdentityOf(c).Person.DisplayName())
}

// pdfHeadingOf is the organisation's branding and pdfPayeeOf's addressee
// and unit label, read through q.
func (s *Kit) pdfHeadingOf(c echo.Context, q estate.Querier, unitPublicID string, on time.Time, fallback string) (pdf.Brand, pdf.Party, string, error) {
	brand, err := s.PDFBrand(c)
	if err != nil {
		return brand, pdf.Party{}, "", err
	}
	payee, unitLabel, err := pdfPayeeOf(c.Request().Context(), q, unitPublicID, on, fallback)
	return brand, payee, unitLabel, err
}

// pdfPayeeOf is who a document of the unit dated on is addressed to, and
// the unit's label, read through q (a transaction, when the document goes
// with a change not yet committed). It names the unit's leaseholders on
// that date (the tenants of a let home), or else fallback; the address is
// the unit's.
func pdfPayeeOf(ctx context.Context, q estate.Querier, unitPublicID string, on time.Time, fallback string) (pdf.Party, string, error) {
	unit, err := estate.GetUnit(ctx, q, unitPublicID)
	if err != nil {
		return pdf.Party{}, "", err
	}
	people, err := estate.PeopleOfUnit(ctx, q, unit.ID, on)
	if err != nil {
		return pdf.Party{}, "", err
	}
	liable := []string{estate.RoleLeaseholder}
	if unit.SiteKind == estate.KindLettings {
		liable = append(liable, estate.RoleTenant)
	}
	var names []string
	for _, role := range liable {
		for _, p := range people {
			if p.Role == role {
				names = append(names, strings.TrimSpace(p.Title+" "+p.FullName))
			}
		}
		if len(names) > 0 {
			break
		}
	}
	if len(names) == 0 {
		names = []string{fallback}
	}
	party := pdf.Party{Name: JoinAnd(names)}
	if unit.AddressLine1 != "" {
		party.AddressLines = NonBlankLines(unit.AddressLine1, unit.AddressLine2, unit.Town, unit.Postcode)
	} else {
		site, err := estate.GetSite(ctx, q, unit.SitePublicID)
		if err != nil {
			return pdf.Party{}, "", err
		}
		party.AddressLines = NonBlankLines(unit.Name, site.AddressLine1, site.AddressLine2, site.Town, site.Postcode)
	}
	return party, unit.Name + ", " + unit.SiteName, nil
}
