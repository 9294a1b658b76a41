package sites

import (
	"context"
	"database/sql"
	"net/http"

	"github.com/labstack/echo/v4"

	"porch/errs"
	"porch/estate"
	"porch/handlers"
	"porch/sqldb"
)

// The apportionment section of a block's page: its schedules with their
// totals, and the form that adds one. Each schedule's shares are edited on
// its own page (apportionment.go): a grid of every unit is too long to
// carry on the site's page, which stays light.

// apForm is the form that names a schedule, as typed.
type apForm struct {
	Name   string
	Errors errs.Fields
}

var apFields = []string{"name"}

func readApForm(c echo.Context) apForm {
	return apForm{Name: c.FormValue("name"), Errors: errs.Fields{}}
}

// apURL is the address of a site's schedule.
func apURL(site estate.Site, a estate.Apportionment) string {
	return "/admin/sites/" + site.PublicID + "/apportionments/" + a.PublicID
}

// ApURL is the address of one of the site's schedules, for the page.
func (p *sitePage) ApURL(a estate.Apportionment) string { return apURL(p.Site, a) }

// InUse and ArchivedAps split the site's schedules for the section.
func (p *sitePage) InUse() []estate.Apportionment {
	var out []estate.Apportionment
	for _, a := range p.Apportionments {
		if !a.Archived() {
			out = append(out, a)
		}
	}
	return out
}

// ArchivedAps are the site's archived schedules.
func (p *sitePage) ArchivedAps() []estate.Apportionment {
	var out []estate.Apportionment
	for _, a := range p.Apportionments {
		if a.Archived() {
			out = append(out, a)
		}
	}
	return out
}

// apportionmentsOf reads a block's schedules for its page; a lettings
// site's homes pay their own costs, so it has none to show.
func apportionmentsOf(ctx context.Context, q sqldb.Querier, site estate.Site) ([]estate.Apportionment, error) {
	if !site.IsBlock() {
		return nil, nil
	}
	return estate.ListApportionments(ctx, q, site.ID)
}

// createApportionment adds a schedule to the site and opens its grid, where
// its shares are entered next.
func (s *handler) createApportionment(c echo.Context) error {
	form := readApForm(c)
	var made estate.Apportionment
	p, err := s.siteChange(c, "ap-add", apFields, func(p *sitePage, f errs.Fields) { form.Errors = f; p.NewAp = form },
		func(ctx context.Context, tx *sql.Tx, site estate.Site) (string, string, string, error) {
			a, err := estate.CreateApportionment(ctx, tx, site.ID, form.Name, s.Now())
			made = a
			return "apportionment.created", a.PublicID,
				site.Name + ": " + estate.ApportionmentChanges(estate.Apportionment{}, a).String(), err
		})
	if p == nil || err != nil {
		return err
	}
	return handlers.Redirect(c, apURL(p.Site, made)+"?done=created")
}

// apNotice is the confirmation after a change to a schedule, chosen by a
// key in the redirect so no free text travels in the URL.
func apNotice(key string) string {
	switch key {
	case "created":
		return "Schedule added. Give each unit in it a share, leaving out the units it does not cover, so the shares total exactly 100%."
	case "saved":
		return "Shares saved."
	case "renamed":
		return "Schedule renamed."
	case "archived":
		return "Schedule archived. It is offered to no new demand; its shares are kept."
	case "restored":
		return "Schedule restored."
	}
	return ""
}

// apRefused answers a refused change of a schedule's page with the message
// at the top of the screen.
func (s *handler) apRefused(c echo.Context, p *apPage, f errs.Fields) error {
	p.Error = f["form"]
	return s.showAp(c, http.StatusUnprocessableEntity, p, handlers.FormBlock(c, "ap-screen"))
}

// renameApportionment renames the schedule.
func (s *handler) renameApportionment(c echo.Context) error {
	form := readApForm(c)
	return s.apChange(c, "renamed", func(p *apPage, f errs.Fields) error {
		form.Errors, p.Rename = f, form
		return s.showAp(c, http.StatusUnprocessableEntity, p, handlers.FormBlock(c, "ap-name"))
	}, func(ctx context.Context, tx *sql.Tx, a estate.Apportionment) (string, estate.Changes, error) {
		_, changes, err := estate.RenameApportionment(ctx, tx, a.ID, form.Name)
		return "apportionment.renamed", changes, err
	})
}

// archiveApportionment takes the schedule out of use; restoreApportionment
// puts it back.
func (s *handler) archiveApportionment(c echo.Context) error {
	return s.apChange(c, "archived", nil, func(ctx context.Context, tx *sql.Tx, a estate.Apportionment) (string, estate.Changes, error) {
		_, changes, err := estate.ArchiveApportionment(ctx, tx, a.ID, s.Now())
		return "apportionment.archived", changes, err
	})
}

func (s *handler) restoreApportionment(c echo.Context) error {
	return s.apChange(c, "restored", nil, func(ctx context.Context, tx *sql.Tx, a estate.Apportionment) (string, estate.Changes, error) {
		_, changes, err := estate.RestoreApportionment(ctx, tx, a.ID)
		return "apportionment.restored", changes, err
	})
}

// apChange runs a change of the schedule of the path with its audit entry,
// naming the site and schedule. A refusal goes to refused, or with none to
// the top of the screen; success to the page with the notice of key.
func (s *handler) apChange(c echo.Context, key string, refused func(*apPage, errs.Fields) error,
	do func(ctx context.Context, tx *sql.Tx, a estate.Apportionment) (string, estate.Changes, error)) error {
	p, err := s.loadAp(c)
	if err != nil {
		return err
	}
	err = s.WriteAudited(c, func(ctx context.Context, tx *sql.Tx) (string, string, string, error) {
		action, changes, err := do(ctx, tx, p.Ap)
		return action, p.Ap.PublicID, p.Site.Name + ", " + p.Ap.Name + ": " + changes.String(), err
	})
	if f, ok := refusal(err, apFields); ok {
		if refused == nil {
			return s.apRefused(c, p, f)
		}
		return refused(p, f)
	}
	if err != nil {
		return err
	}
	return s.apDone(c, key)
}
