package sites

import (
	"context"
	"database/sql"
	"net/http"
	"time"

	"github.com/labstack/echo/v4"

	"porch/errs"
	"porch/estate"
	"porch/handlers"
	"porch/ledger"
)

// unitPage is one unit with its edit form.
type unitPage struct {
	Unit          estate.Unit
	Site          estate.Site
	Form          unitForm
	Link          occupancyForm // add a lease, tenancy, ownership or occupation
	Occupancies   []occupancyView
	Unattached    ledger.AccountBalance // charged while the unit had no paying occupancy
	PeopleChoices []handlers.Choice
	Today         string    // for the date fields' defaults
	Day           time.Time // today, as a date
	Notice        string
	Error         string // why archiving was refused
}

// URL is the unit's address on the sites screens.
func (p *unitPage) URL() string {
	return "/admin/sites/" + p.Site.PublicID + "/units/" + p.Unit.PublicID
}

// UnitKinds are the choices of a unit's kind.
func (p *unitPage) UnitKinds() any { return estate.UnitKinds }

// Fragments of the unit page; each is also its element's id.
var unitBlocks = []string{"unit-screen", "unit-edit", "unit-link"}

// loadUnit reads the unit of the path, which must belong to the site of
// the path.
func (s *handler) loadUnit(c echo.Context) (*unitPage, error) {
	ctx := c.Request().Context()
	q := handlers.OrgOf(c).DB.Read()
	u, err := estate.GetUnit(ctx, q, c.Param("unit"))
	if err != nil {
		return nil, err
	}
	if u.SitePublicID != c.Param("id") {
		return nil, errs.E(errs.NotFound, "Unit not found.")
	}
	p := &unitPage{Unit: u, Form: unitForm{UnitInput: u.InputOf()}}
	if p.Site, err = estate.GetSite(ctx, q, u.SitePublicID); err != nil {
		return nil, err
	}
	if err := s.loadOccupancies(ctx, c, p); err != nil {
		return nil, err
	}
	p.Day = s.Today()
	p.Today = p.Day.Format(time.DateOnly)
	p.Link = occupancyForm{Start: p.Today, Errors: errs.Fields{}}
	return p, nil
}

// showUnit writes the unit page, or the named block for htmx.
func (s *handler) showUnit(c echo.Context, status int, p *unitPage, block string) error {
	if block != "unit-edit" {
		if err := s.loadPeopleChoices(c.Request().Context(), handlers.OrgOf(c).DB.Read(), p); err != nil {
			return err
		}
	}
	return s.Render(c, status, handlers.View{Page: "admin_unit", Title: p.Unit.Name + ", " + p.Site.Name, Data: p, Wide: true, Block: block})
}

// unitPage shows a unit.
func (s *handler) unitPage(c echo.Context) error {
	p, err := s.loadUnit(c)
	if err != nil {
		return err
	}
	p.Notice = unitNotice(c.QueryParam("done"))
	return s.showUnit(c, http.StatusOK, p, "")
}

// updateUnit saves the unit's details and share.
func (s *handler) updateUnit(c echo.Context) error {
	p, err := s.loadUnit(c)
	if err != nil {
		return err
	}
	form := readUnit(c)
	err = s.WriteAudited(c, func(ctx context.Context, tx *sql.Tx) (string, string, string, error) {
		_, changes, err := estate.UpdateUnit(ctx, tx, p.Unit.ID, form.UnitInput)
		return "unit.updated", p.Unit.PublicID, p.Unit.Name + ", " + p.Site.Name + ": " + changes.String(), err
	})
	if f, ok := refusal(err, unitFields); ok {
		form.Errors = f
		p.Form = form
		return s.showUnit(c, http.StatusUnprocessableEntity, p, handlers.FormBlock(c, "unit-edit"))
	}
	if err != nil {
		return err
	}
	return s.unitDone(c, "saved")
}

// archiveUnit takes the unit out of use and goes back to its site.
func (s *handler) archiveUnit(c echo.Context) error {
	p, err := s.loadUnit(c)
	if err != nil {
		return err
	}
	err = s.WriteAudited(c, func(ctx context.Context, tx *sql.Tx) (string, string, string, error) {
		_, err := estate.ArchiveUnit(ctx, tx, p.Unit.ID, s.Now())
		return "unit.archived", p.Unit.PublicID, p.Unit.Name + ", " + p.Site.Name + ": " + archived(false).String(), err
	})
	if f, ok := refusal(err, nil); ok {
		p.Error = f["form"]
		return s.showUnit(c, http.StatusUnprocessableEntity, p, handlers.FormBlock(c, "unit-screen"))
	}
	if err != nil {
		return err
	}
	return handlers.Redirect(c, "/admin/sites/"+p.Site.PublicID+"?done=unit-archived")
}

// restoreUnit brings an archived unit back into use.
func (s *handler) restoreUnit(c echo.Context) error {
	p, err := s.loadUnit(c)
	if err != nil {
		return err
	}
	err = s.WriteAudited(c, func(ctx context.Context, tx *sql.Tx) (string, string, string, error) {
		_, err := estate.RestoreUnit(ctx, tx, p.Unit.ID)
		return "unit.restored", p.Unit.PublicID, p.Unit.Name + ", " + p.Site.Name + ": " + archived(true).String(), err
	})
	if f, ok := refusal(err, nil); ok {
		p.Error = f["form"]
		return s.showUnit(c, http.StatusUnprocessableEntity, p, handlers.FormBlock(c, "unit-screen"))
	}
	if err != nil {
		return err
	}
	return s.unitDone(c, "restored")
}
