package views

import (
	"fmt"
	"io"
	"sort"
)

// Shared writes one of the templates every page shares (those of
// views/templates/*.html, such as the owner portal's blocks) with data as
// its dot: for a test of a block that another feature's page includes.
func (r *Renderer) Shared(w io.Writer, name string, data any) error {
	names := make([]string, 0, len(r.pages))
	for n := range r.pages {
		names = append(names, n)
	}
	sort.Strings(names)
	for _, n := range names {
		if t := r.pages[n]; t.Lookup(name) != nil {
			return t.ExecuteTemplate(w, name, data)
		}
	}
	return fmt.Errorf("views: no shared template %q", name)
}
