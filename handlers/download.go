package handlers

import (
	"context"
	"mime"
	"net/http"
	"strconv"
	"strings"

	"github.com/labstack/echo/v4"

	"porch/errs"
	"porch/estate"
	"porch/pdf"
)

// SendAttachment answers with a file to save, never to show inline, and
// never to be cached by anyone but the person's own browser session.
func SendAttachment(c echo.Context, ctype, filename string, body []byte) error {
	h := c.Response().Header()
	h.Set("Content-Disposition", mime.FormatMediaType("attachment", map[string]string{"filename": filename}))
	h.Set("Cache-Control", "private, no-store")
	h.Set("Content-Length", strconv.Itoa(len(body)))
	return c.Blob(http.StatusOK, ctype, body)
}

// AttachmentName reduces a name to lower-case letters, digits and single
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

// PDFBrand is the organisation's branding for its documents.
func (s *Kit) PDFBrand(c echo.Context) (pdf.Brand, error) {
	return Brand(c.Request().Context(), OrgOf(c), s.OrgURL(c))
}

// Brand is the organisation's branding for its documents, with its
// portal's address.
func Brand(ctx context.Context, o *Org, portalURL string) (pdf.Brand, error) {
	var logo estate.Logo
	if o.Settings.HasLogo() {
		var err error
		if logo, err = estate.CachedLogo(ctx, o.DB, o.DB.Read()); err != nil && !errs.Is(err, errs.NotFound) {
			return pdf.Brand{}, err
		}
	}
	return pdf.BrandFor(o.Settings, logo.Data, logo.Type, portalURL), nil
}
