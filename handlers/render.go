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

// hxTarget is the id of the element an htmx request will swap, or "" for a
// plain request.
func HXTarget(c echo.Context) string {
	if !IsPartial(c) {
		return ""
	}
	return c.Request().Header.Get("HX-Target")
}

// renderPage writes a page (or its content block for htmx); wide pages use
// the broad main column of the admin screens.
func (s *Kit) RenderPage(c echo.Context, status int, page, title string, data any, wide bool) error {
	c.Response().Header().Set("Cache-Control", "private, no-store")
	d := s.PageData(c, title, data)
	d.Wide = wide
	return s.Views.Page(c.Response(), status, page, IsPartial(c), d)
}

// renderAdmin writes an admin screen.
func (s *Kit) RenderAdmin(c echo.Context, status int, page, title string, data any) error {
	return s.RenderPage(c, status, page, title, data, true)
}

// renderBlock writes one named block of a page: the fragment an htmx
// request targets.
func (s *Kit) RenderBlock(c echo.Context, status int, page, block, title string, data any) error {
	c.Response().Header().Set("Cache-Control", "private, no-store")
	d := s.PageData(c, title, data)
	d.Wide = true
	return s.Views.Fragment(c.Response(), status, page, block, d)
}

// retarget makes an htmx response replace the whole element with the id,
// whatever the request targeted.
func Retarget(c echo.Context, id string) {
	h := c.Response().Header()
	h.Set("HX-Retarget", "#"+id)
	h.Set("HX-Reswap", "outerHTML")
}

// renderScreen writes an admin screen or, for an htmx request that targets
// an element, the screen's block in place of the element of the block's id.
func (s *Kit) RenderScreen(c echo.Context, status int, page, block, title string, data any) error {
	if HXTarget(c) != "" {
		Retarget(c, block)
		return s.RenderBlock(c, status, page, block, title, data)
	}
	return s.RenderAdmin(c, status, page, title, data)
}

// renderForm answers a form that could not be done: the whole page, or for
// htmx only the fragment the form swaps for itself.
func (s *Kit) RenderForm(c echo.Context, status int, page, block, title string, data any) error {
	if !IsPartial(c) {
		return s.Render(c, status, page, title, data)
	}
	c.Response().Header().Set("Cache-Control", "private, no-store")
	return s.Views.Fragment(c.Response(), status, page, block, s.PageData(c, title, data))
}
