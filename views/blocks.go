package views

// HasBlock reports whether the page defines the named template: a block
// an htmx request may swap on its own.
func (r *Renderer) HasBlock(page, block string) bool {
	t, ok := r.pages[page]
	return ok && t.Lookup(block) != nil
}
