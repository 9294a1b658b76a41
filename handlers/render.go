package handlers

import (
	"fmt"
	"net/http"

	"github.com/labstack/echo/v4"

	"porch/auth"
	"porch/views"
)

// pageData fills the fields every page needs: branding, request id.
func (s *Kit) pageData(c echo.Context, title string, page any) *views.Data {
	d := &views.Data{
		Title:     title,
		RequestID: RequestID(c),
		Dev:       s.Dev,
		Path:      c.Request().URL.Path,
		Page:      page,
		Theme:     views.ThemeFor(""),
	}
	if id := IdentityOf(c); id != nil {
		d.User = &views.User{Name: id.Person.DisplayName(), IsStaff: id.Scope.IsStaff(), IsOwner: id.Scope.OwnsProperties(), Allows: allows(id.Scope.StaffRole)}
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

// allows answers views.User.Can for a staff role.
func allows(role string) func(string) (bool, error) {
	return func(key string) (bool, error) {
		p, ok := auth.PermissionByKey(key)
		if !ok {
			return false, fmt.Errorf("handlers: no permission %q in the role matrix", key)
		}
		return auth.Allows(role, p), nil
	}
}

// View is one response of the HTML layer: a page of views/templates/pages,
// whole or in part.
type View struct {
	Page  string // the page template's name
	Title string
	Data  any  // the page's own data
	Wide  bool // the broad main column of the staff screens

	// Block, when set, is what any partial htmx request gets, whichever
	// element it targets: a form answering for itself.
	Block string
	// Retarget sends Block only to an htmx request that targets an
	// element, and swaps it for the block's own element.
	Retarget bool
}

// Blocks declares the blocks of a page that an htmx request may swap on
// their own: each is a template defined by the page and the id of the
// element it renders. A feature declares its pages' blocks when it
// registers its routes; a page or block that does not exist stops the
// server from starting.
func (s *Kit) Blocks(page string, blocks ...string) {
	if !s.Views.Has(page) {
		panic(fmt.Sprintf("handlers: no page template %q", page))
	}
	if s.blocks[page] == nil {
		s.blocks[page] = map[string]bool{}
	}
	for _, b := range blocks {
		if !s.Views.HasBlock(page, b) {
			panic(fmt.Sprintf("handlers: page %q defines no block %q", page, b))
		}
		s.blocks[page][b] = true
	}
}

// Render writes v, choosing what the request needs: for a partial htmx
// request that targets one of the page's declared blocks, that block (or
// v.Block, when set); for another partial request, the page's content;
// for anything else, the whole page in the layout. It is the one way a
// handler answers with HTML.
func (s *Kit) Render(c echo.Context, status int, v View) error {
	c.Response().Header().Set("Cache-Control", "private, no-store")
	title := v.Title
	if status == http.StatusUnprocessableEntity {
		// Read first when the page loads again after a refused form.
		title = "Error: " + title
	}
	d := s.pageData(c, title, v.Data)
	d.Wide = v.Wide
	ch, err := s.Views.Chrome(d)
	if err != nil {
		return err
	}
	setPagePolicy(c.Response().Header(), ch.StyleHash)
	hx := HX(c)
	block := ""
	switch {
	case !hx.Partial():
	case v.Retarget:
		if hx.Target != "" {
			block = v.Block
			Retarget(c, block)
		}
	case v.Block != "":
		block = v.Block
	case s.blocks[v.Page][hx.Target]:
		block = hx.Target
	}
	if block == "" {
		return s.Views.Page(c.Response(), status, v.Page, hx.Partial(), d)
	}
	if !s.blocks[v.Page][block] {
		return fmt.Errorf("handlers: page %q declares no block %q", v.Page, block)
	}
	return s.Views.Fragment(c.Response(), status, v.Page, block, d)
}
