package handlers

import "github.com/labstack/echo/v4"

// ListFilter is one of a list's named filters, chosen with ?show=: the
// dashboard's figures link to them ("/admin/ledger/units?show=owing").
// Phrase completes "3 of 28 units …" in the list's count line.
type ListFilter struct {
	Key    string
	Phrase string
}

// ShowFilter returns the filter the request's ?show= names among filters.
// An absent or unknown name is no filter: the whole list, as for a link
// from an older page.
func ShowFilter(c echo.Context, filters ...ListFilter) ListFilter {
	show := c.QueryParam("show")
	for _, f := range filters {
		if f.Key == show {
			return f
		}
	}
	return ListFilter{}
}
