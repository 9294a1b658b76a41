package handlers

import (
	"context"
	"mime"
	"net/http"
	"strconv"
	"strings"
	"time"

	"github.com/labstack/echo/v4"

	"porch/errs"
	"porch/estate"
	"porch/pdf"
)

// sendAttachment answers with a file to save, never to show inline, and
// never to be cached by anyone but the person's own browser session.
func SendAttachment(c echo.Context, ctype, filename string, body []byte) error {
	h := c.Response().Header()
	h.Set("Content-Disposition", mime.FormatMediaType("attachment", map[string]string{"filename": filename}))
	h.Set("Cache-Control", "private, no-store")
	h.Set("Content-Length", strconv.Itoa(len(body)))
	return c.Blob(http.StatusOK, ctype, body)
}

// attachmentName reduces a name to lower-case letters, digits and single
// hyphens, so it is safe in a header and on any file system.
func AttachmentName(name string) string {
	var b strings.Builder
	dash := false
	for _, r := range strings.ToLower(name) {
		switch {
		case r >= 'a' && r <= 'z', r >= '0' && r <= '9':
			if dash && b.Len() > 0 {
				b.WriteByte('-')
			}
			b.WriteRune(r)
			dash = false
		default:
			dash = true
		}
	}
	if b.Len() == 0 {
		return "download"
	}
	return b.String()
}

// pdfBrand is the organisation's branding for its documents.
func (s *Kit) PDFBrand(c echo.Context) (pdf.Brand, error) {
	o := OrgOf(c)
	st := o.Settings
	b := pdf.Brand{Name: st.Name, LegalName: st.LegalName, AddressLines: st.AddressLines(), Phone: st.ContactPhone,
		Email: st.ContactEmail, Colour: st.PrimaryColour, PortalURL: s.OrgURL(c)}
	if st.HasLogo() {
		data, ctype, err := estate.GetLogo(c.Request().Context(), o.DB.Read())
		switch {
		case err == nil:
			b.Logo, b.LogoType = data, ctype
		case !errs.Is(err, errs.NotFound):
			return b, err
		}
	}
	return b, nil
}

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

func NonBlankLines(lines ...string) []string {
	var out []string
	for _, l := range lines {
		if l = strings.TrimSpace(l); l != "" {
			out = append(out, l)
		}
	}
	return out
}
