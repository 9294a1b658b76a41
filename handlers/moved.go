package handlers

import (
	"net/http"

	"github.com/labstack/echo/v4"

	"porch/errs"
)

// movedTo answers a request for a former address of a renamed
// organisation (porch org rename): reading (GET, HEAD) is sent permanently
// to the same path and query on its current address, built from the
// configuration like every absolute link. Anything else is refused with
// the new address to use: a form posted to the old address would be
// refused there anyway as coming from another site.
func (s *Kit) movedTo(c echo.Context, slug string) error {
	req := c.Request()
	target := s.PortalURL(slug) + req.URL.EscapedPath()
	if req.URL.EscapedPath() == "" {
		target += "/"
	}
	if req.URL.RawQuery != "" {
		target += "?" + req.URL.RawQuery
	}
	if req.Method != http.MethodGet && req.Method != http.MethodHead {
		return errs.E(errs.Conflict, "This portal has moved to "+s.PortalURL(slug)+"/. Open it there and try again.")
	}
	// Kept a day at most, so a browser follows the organisation should it
	// be renamed again (even back to this name).
	c.Response().Header().Set("Cache-Control", "max-age=86400")
	return c.Redirect(http.StatusMovedPermanently, target)
}
