package handlers

import (
	"errors"
	"fmt"
	"net/http"

	"github.com/labstack/echo/v4"

	"porch/errs"
)

// errorPage is what the error template shows.
type errorPage struct {
	Status  int
	Heading string
	Message string
	Fields  map[string]string
	ShowID  bool
}

var StatusOf = map[errs.Code]int{
	errs.Invalid:      http.StatusUnprocessableEntity,
	errs.NotFound:     http.StatusNotFound,
	errs.Forbidden:    http.StatusForbidden,
	errs.Unauthorized: http.StatusUnauthorized,
	errs.Conflict:     http.StatusConflict,
	errs.TooMany:      http.StatusTooManyRequests,
	errs.Unavailable:  http.StatusServiceUnavailable,
	errs.Internal:     http.StatusInternalServerError,
}

var headingOf = map[int]string{
	http.StatusBadRequest:            "That request could not be understood",
	http.StatusUnauthorized:          "Please sign in",
	http.StatusForbidden:             "You do not have access to this page",
	http.StatusNotFound:              "Page not found",
	http.StatusMethodNotAllowed:      "That action is not available here",
	http.StatusConflict:              "That could not be done",
	http.StatusRequestEntityTooLarge: "That upload is too large",
	http.StatusUnprocessableEntity:   "Please check what you entered",
	http.StatusTooManyRequests:       "Too many attempts",
	http.StatusServiceUnavailable:    "Temporarily unavailable",
	http.StatusInternalServerError:   "Sorry, something went wrong",
}

// handleError is the one place errors become responses. Domain errors show
// their client-safe message; anything else is logged with the request id
// and shown as a plain apology that quotes the id.
func (s *Kit) handleError(err error, c echo.Context) {
	if c.Response().Committed {
		return
	}
	p := errorPage{}
	var he *echo.HTTPError
	var mbe *http.MaxBytesError
	switch de, ok := errs.As(err); {
	case ok:
		p.Status = StatusOf[de.Code]
		p.Message = de.Message
		p.Fields = de.Fields
	case errors.As(err, &mbe):
		p.Status = http.StatusRequestEntityTooLarge
		Log(c).Warn("request body too large", "path", LogPath(c.Request()), "limit", mbe.Limit)
		p.Message = fmt.Sprintf("The file or form you sent is larger than Porch accepts: the limit is %d MB.", mbe.Limit>>20)
	case errors.As(err, &he) && he.Code < 500:
		p.Status = he.Code
		switch he.Code {
		case http.StatusNotFound:
			p.Message = "There is no page at this address. It may have moved, or the link may be mistyped."
		case http.StatusMethodNotAllowed:
			p.Message = "This page cannot be used that way."
		default:
			p.Message = http.StatusText(he.Code) + "."
		}
	default:
		p.Status = http.StatusInternalServerError
	}
	if p.Status == 0 {
		p.Status = http.StatusInternalServerError
	}
	if p.Status >= 500 {
		attrs := []any{"path", LogPath(c.Request()), "err", err}
		if p.Status == http.StatusInternalServerError {
			Log(c).Error("internal error", attrs...)
			p.Message = "Porch could not finish this request. Nothing you had already saved was lost. Please try again; if it keeps happening, contact us and quote the reference below."
		} else {
			Log(c).Warn("service unavailable", attrs...)
		}
		p.ShowID = true
	}
	p.Heading = headingOf[p.Status]
	if p.Heading == "" {
		p.Heading = http.StatusText(p.Status)
	}

	if c.Request().Method == http.MethodHead {
		_ = c.NoContent(p.Status)
		return
	}
	if HX(c).Partial() {
		// Replace the main column: the fragment the request targeted may
		// not exist for an error.
		h := c.Response().Header()
		h.Set("HX-Retarget", "#main")
		h.Set("HX-Reswap", "innerHTML")
	}
	if p.Status == http.StatusServiceUnavailable {
		c.Response().Header().Set("Retry-After", "30")
	}
	if rerr := s.Render(c, p.Status, View{Page: "error", Title: p.Heading, Data: p}); rerr != nil {
		Log(c).Error("rendering error page", "err", rerr)
		_ = c.String(p.Status, p.Heading+"\n")
	}
}
