package handlers

import (
	"net/http"

	"github.com/labstack/echo/v4"
)

// HXRequest is what htmx says about a request in its headers.
type HXRequest struct {
	Request        bool   // HX-Request: sent by htmx
	Boosted        bool   // HX-Boosted: a boosted link or form, a navigation
	HistoryRestore bool   // HX-History-Restore-Request: Back to a page htmx no longer holds
	Target         string // HX-Target: the id of the element to swap, if it has one
}

// HX reads the htmx headers of the request.
func HX(c echo.Context) HXRequest {
	h := c.Request().Header
	return HXRequest{
		Request:        h.Get("HX-Request") == "true",
		Boosted:        h.Get("HX-Boosted") == "true",
		HistoryRestore: h.Get("HX-History-Restore-Request") == "true",
		Target:         h.Get("HX-Target"),
	}
}

// Partial reports whether the request wants a fragment: an htmx request
// that is neither a boosted navigation nor a history restore, which both
// need the whole page.
func (h HXRequest) Partial() bool { return h.Request && !h.Boosted && !h.HistoryRestore }

// Swaps is the id of the element a partial request will swap, or "" for a
// request that wants a whole page.
func (h HXRequest) Swaps() string {
	if !h.Partial() {
		return ""
	}
	return h.Target
}

// Retarget makes an htmx response replace the whole element with the id,
// whatever the request targeted.
func Retarget(c echo.Context, id string) {
	h := c.Response().Header()
	h.Set("HX-Retarget", "#"+id)
	h.Set("HX-Reswap", "outerHTML")
}

// Redirect answers a form post: 303 to target, or HX-Redirect for htmx.
func Redirect(c echo.Context, target string) error {
	if HX(c).Request {
		c.Response().Header().Set("HX-Redirect", target)
		return c.NoContent(http.StatusNoContent)
	}
	return c.Redirect(http.StatusSeeOther, target)
}

// FormBlock is the block a refused form is answered with: the form's own
// block when the request swaps just that form, else "" for the whole
// screen.
func FormBlock(c echo.Context, block string) string {
	if HX(c).Swaps() != block {
		return ""
	}
	return block
}

// Done answers a change made on a screen of blocks that worked: a plain
// post is sent to url (the screen, with what was done in its query); an
// htmx request gets the whole screen again from show, in place of the
// element screen.
func Done(c echo.Context, url, screen string, show func() error) error {
	if HX(c).Swaps() == "" {
		return Redirect(c, url)
	}
	Retarget(c, screen)
	return show()
}
