package handlers

import (
	"github.com/labstack/echo/v4"

	"porch/views"
)

// isPartial reports whether the request wants a fragment: an htmx request
// that is not a boosted navigation.
func IsPartial(c echo.Context) bool {
	h := c.Request().Header
	// A history restore (Back after a pushed URL) must get the whole page.
	return h.Get("HX-Request") == "true" && h.Get("HX-Boosted") != "true" && h.Get("HX-History-Restore-Request") != "true"
}

// pageData fills the fields every page needs: branding, nonce, request id.
func (s *Kit) PageData(c echo.Context, title string, page any) *views.Data {
	nonce, _ := c.Get(keyNonce).(string)
	d := &views.Data{
		Title:     title,
		Nonce:     nonce,
		RequestID: RequestID(c),
		Dev:       s.Dev,
		Path:      c.Request().URL.Path,
		Page:      page,
		Theme:     views.ThemeFor(""),
	}
	if id := IdentityOf(c); id != nil {
		d.User = &views.User{Name: id.Person.DisplayName(), IsStaff: id.Scope.IsStaff()}
	}
	if o := OrgOf(c); o != nil {
		d.Org = &o.Settings
		d.OrgSlug = o.Slug
		d.Theme = views.ThemeFor(o.Settings.PrimaryColour)
		if o.Settings.HasLogo() {
			d.LogoURL = "/branding/logo?v=" + o.Settings.LogoHash
		}
	}
	return d
}

// render writes a page, or its content fragment for an htmx request.
func (s *Kit) Render(c echo.Context, status int, page, title string, data any) error {
	c.Response().Header().Set("Cache-Control", "private, no-store")
	return s.Views.Page(c.Response(), status, page, IsPartial(c), s.PageData(c, title, data))
}
