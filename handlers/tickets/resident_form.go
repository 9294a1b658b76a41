package tickets

import (
	"context"
	"net/http"

	"github.com/labstack/echo/v4"

	"porch/errs"
	"porch/estate"
	"porch/handlers"
	"porch/tickets"
)

// requestForm is the form that raises a request, as shown and as typed.
type requestForm struct {
	Homes       []estate.PersonUnit // the homes the person may report for
	Unit        string              // the chosen home's public id
	Location    string
	Category    string // the chosen category's public id
	Categories  []tickets.Category
	Title       string
	Description string
	MayEnter    bool
	AccessNotes string
	Photos      photoField
	Errors      errs.Fields
}

// HomeChoices are the person's homes for the select shown when they have
// several.
func (f *requestForm) HomeChoices() []choice {
	out := make([]choice, len(f.Homes))
	for i, h := range f.Homes {
		out[i] = choice{h.UnitPublicID, h.UnitName + ", " + h.SiteName}
	}
	return out
}

// CategoryChoices are the categories allowed on the chosen home's site.
func (f *requestForm) CategoryChoices() []choice {
	out := make([]choice, len(f.Categories))
	for i, c := range f.Categories {
		out[i] = choice{c.PublicID, c.Name}
	}
	return out
}

// LocationChoices say where the problem is.
func (f *requestForm) LocationChoices() []choice {
	return []choice{{tickets.LocationHome, "In my home"},
		{tickets.LocationCommunal, "In a communal area (stairs, lift, car park, garden…)"}}
}

// Limits are the fields' lengths, for their maxlength attributes.
func (f *requestForm) Limits() map[string]int {
	return map[string]int{"title": tickets.MaxTitleLen, "description": tickets.MaxDescriptionLen,
		"access_notes": tickets.MaxAccessNotesLen}
}

// home is the chosen home.
func (f *requestForm) home() (estate.PersonUnit, bool) {
	for _, h := range f.Homes {
		if h.UnitPublicID == f.Unit {
			return h, true
		}
	}
	return estate.PersonUnit{}, false
}

// chooseHome settles which home the form is for: the one asked for when
// it is one of the person's, the only one when they have one and none was
// asked for. Anything else is refused on the unit field and logged, since
// the form only offers the person's own.
func (s *handler) chooseHome(c echo.Context, f *requestForm, asked string) {
	f.Unit = asked
	if _, ok := f.home(); ok {
		return
	}
	if asked == "" && len(f.Homes) == 1 {
		f.Unit = f.Homes[0].UnitPublicID
		return
	}
	if asked != "" {
		s.Deny(c, "request for a unit that is not the person's home")
	}
	f.Unit = ""
	f.Errors.Add("unit", "Choose which of your homes the problem is about.")
}

// loadCategories fills the categories of the chosen home's site; a
// category chosen that the site does not offer then shows as unchosen.
func (f *requestForm) loadCategories(ctx context.Context, c echo.Context) error {
	f.Categories = nil
	h, ok := f.home()
	if !ok {
		return nil
	}
	cats, err := tickets.AllowedForSite(ctx, handlers.OrgOf(c).DB.Read(), h.SiteID)
	if err != nil {
		return err
	}
	f.Categories = cats
	return nil
}

// categoryID is the chosen category's id, or 0 when it is not one the
// site offers (tickets.Raise then says so on the field).
func (f *requestForm) categoryID(ctx context.Context, c echo.Context) (int64, error) {
	if f.Category == "" {
		return 0, nil
	}
	cat, err := tickets.GetCategory(ctx, handlers.OrgOf(c).DB.Read(), f.Category)
	if errs.Is(err, errs.NotFound) {
		f.Errors.Add("category", "Choose one of the categories listed for this building.")
		return 0, nil
	}
	return cat.ID, err
}

// newRequest shows the form: for the home in the query (the category
// field follows it), else the person's first home.
func (s *handler) newRequest(c echo.Context) error {
	f := &requestForm{Homes: homesOf(handlers.IdentityOf(c).Scope), Location: tickets.LocationHome, Errors: errs.Fields{}}
	if len(f.Homes) == 0 {
		return s.showForm(c, http.StatusOK, f)
	}
	f.Unit = f.Homes[0].UnitPublicID
	if u := c.QueryParam("unit"); u != "" {
		s.chooseHome(c, f, u)
		if f.Unit == "" {
			f.Unit = f.Homes[0].UnitPublicID
		}
		f.Errors = errs.Fields{}
	}
	f.Category = c.QueryParam("category")
	if err := f.loadCategories(c.Request().Context(), c); err != nil {
		return err
	}
	return s.showForm(c, http.StatusOK, f)
}

// showForm renders the form page; a form that answers an htmx post of
// itself gets only the form.
func (s *handler) showForm(c echo.Context, status int, f *requestForm) error {
	title := "Report a problem"
	if len(f.Homes) == 0 {
		title = "No home to report for"
	}
	return s.Render(c, status, handlers.View{Page: "requests_new", Title: title, Data: f,
		Block: handlers.FormBlock(c, "request-form")})
}

// PhotoField is the form's photos field.
func (f *requestForm) PhotoField() photoField { return f.Photos }

// problem is one message of a refused form's summary, with the id of the
// field it is about ("" for none).
type problem struct{ ID, Message string }

// requestFields are the form's fields in page order, by name and id.
var requestFields = []struct{ name, id string }{{"form", ""}, {"unit", "request-unit"}, {"location", "request-location"},
	{"category", "request-category"}, {"title", "request-title"}, {"description", "request-description"},
	{"photos", "photos"}, {"access_notes", "request-access-notes"}}

// Problems are the form's messages in page order, for the summary above it.
func (f *requestForm) Problems() []problem {
	var out []problem
	for _, fl := range requestFields {
		msg, ok := f.Errors[fl.name]
		if !ok {
			continue
		}
		id := fl.id
		if fl.name == "unit" && len(f.Homes) < 2 {
			id = ""
		}
		out = append(out, problem{id, msg})
	}
	return out
}
