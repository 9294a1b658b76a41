package tickets

import (
	"context"
	"database/sql"
	"fmt"
	"net/http"

	"github.com/labstack/echo/v4"

	"porch/errs"
	"porch/handlers"
	"porch/tickets"
)

// categoriesURL is the address of the categories screen.
const categoriesURL = "/admin/tickets/categories"

// categoriesPage is the list of categories with the forms that change it.
type categoriesPage struct {
	Active, Retired []tickets.Category
	// AddName and AddError are the add form as typed, with its message.
	AddName, AddError string
	// RenameID names the category whose rename was refused, with the name
	// as typed and the message.
	RenameID, RenameName, RenameError string
	Notice                            string
	Error                             string // why a retire or restore was refused
}

// NameOf is the name a category's rename field shows: as typed when its
// rename was refused, else its name.
func (p *categoriesPage) NameOf(c tickets.Category) string {
	if c.PublicID == p.RenameID {
		return p.RenameName
	}
	return c.Name
}

// RenameErrorOf is the message next to a category's rename field.
func (p *categoriesPage) RenameErrorOf(c tickets.Category) string {
	if c.PublicID == p.RenameID {
		return p.RenameError
	}
	return ""
}

// categoryNotice is the confirmation after a change, chosen by a key in
// the redirect so no free text travels in the URL.
func categoryNotice(key string) string {
	switch key {
	case "added":
		return "Category added. Every site allows it; change that on a site's page."
	case "renamed":
		return "Category renamed."
	case "retired":
		return "Category retired. Residents can no longer choose it; requests already filed under it keep it."
	case "restored":
		return "Category restored on the sites that allowed it before."
	}
	return ""
}

// loadCategories reads the list, active categories first.
func (s *handler) loadCategories(c echo.Context) (*categoriesPage, error) {
	all, err := tickets.ListCategories(c.Request().Context(), handlers.OrgOf(c).DB.Read())
	if err != nil {
		return nil, err
	}
	p := &categoriesPage{}
	for _, cat := range all {
		if cat.Retired() {
			p.Retired = append(p.Retired, cat)
		} else {
			p.Active = append(p.Active, cat)
		}
	}
	return p, nil
}

// show renders the screen, or only its block for htmx.
func (s *handler) showCategories(c echo.Context, status int, p *categoriesPage, block string) error {
	return s.Render(c, status, handlers.View{Page: "admin_ticket_categories", Title: "Request categories", Data: p, Block: block})
}

// categoriesPage shows the categories; managers get the forms.
func (s *handler) categoriesPage(c echo.Context) error {
	p, err := s.loadCategories(c)
	if err != nil {
		return err
	}
	p.Notice = categoryNotice(c.QueryParam("done"))
	return s.showCategories(c, http.StatusOK, p, "")
}

// addCategory adds a category at the end of the list.
func (s *handler) addCategory(c echo.Context) error {
	name := c.FormValue("name")
	return s.categoryChange(c, "added", func(p *categoriesPage, f errs.Fields) {
		p.AddName, p.AddError = name, f["name"]
	}, func(ctx context.Context, tx *sql.Tx) (string, string, string, error) {
		cat, err := tickets.AddCategory(ctx, tx, name, s.Now())
		return "ticket_category.added", cat.PublicID, fmt.Sprintf("name: %q", cat.Name), err
	})
}

// renameCategory renames the category of the path.
func (s *handler) renameCategory(c echo.Context) error {
	name, id := c.FormValue("name"), c.Param("cat")
	return s.categoryChange(c, "renamed", func(p *categoriesPage, f errs.Fields) {
		p.RenameID, p.RenameName, p.RenameError = id, name, f["name"]
	}, func(ctx context.Context, tx *sql.Tx) (string, string, string, error) {
		old, now, err := tickets.RenameCategory(ctx, tx, id, name)
		return "ticket_category.renamed", id, fmt.Sprintf("name: %q → %q", old.Name, now.Name), err
	})
}

// retireCategory takes the category out of residents' choices;
// restoreCategory puts it back.
func (s *handler) retireCategory(c echo.Context) error {
	return s.categoryChange(c, "retired", nil, func(ctx context.Context, tx *sql.Tx) (string, string, string, error) {
		cat, err := tickets.RetireCategory(ctx, tx, c.Param("cat"), s.Now())
		return "ticket_category.retired", c.Param("cat"), fmt.Sprintf("%q retired", cat.Name), err
	})
}

func (s *handler) restoreCategory(c echo.Context) error {
	return s.categoryChange(c, "restored", nil, func(ctx context.Context, tx *sql.Tx) (string, string, string, error) {
		cat, err := tickets.RestoreCategory(ctx, tx, c.Param("cat"))
		return "ticket_category.restored", c.Param("cat"), fmt.Sprintf("%q restored", cat.Name), err
	})
}

// categoryChange runs a change with its audit entry. A refusal with field
// messages goes to refused (or, with none, to the top of the screen) and
// re-renders the screen with 422; a conflict is shown at the top too.
// Success goes back to the screen with the notice of key.
func (s *handler) categoryChange(c echo.Context, key string, refused func(*categoriesPage, errs.Fields),
	do func(ctx context.Context, tx *sql.Tx) (string, string, string, error)) error {
	err := s.WriteAudited(c, do)
	if e, ok := errs.As(err); ok && (e.Code == errs.Invalid || e.Code == errs.Conflict) {
		p, lerr := s.loadCategories(c)
		if lerr != nil {
			return lerr
		}
		if refused != nil && e.Fields != nil {
			refused(p, e.Fields)
		} else {
			p.Error = e.Message
		}
		return s.showCategories(c, http.StatusUnprocessableEntity, p, handlers.FormBlock(c, "categories-screen"))
	}
	if err != nil {
		return err
	}
	return handlers.Done(c, categoriesURL+"?done="+key, "categories-screen", func() error {
		p, err := s.loadCategories(c)
		if err != nil {
			return err
		}
		p.Notice = categoryNotice(key)
		return s.showCategories(c, http.StatusOK, p, "categories-screen")
	})
}
