package sites

import (
	"context"
	"database/sql"
	"net/http"
	"strconv"
	"strings"
	"time"

	"github.com/labstack/echo/v4"

	"porch/errs"
	"porch/estate"
	"porch/handlers"
	"porch/sqldb"
)

// linkForm links a person to the unit: who, as what, from when, and until
// when if it is already known.
type linkForm struct {
	Person, Role, Start, End string
	Errors                   errs.Fields
	Open                     bool // shown open: it was refused
}

// endForm ends one of the unit's links on a date.
type endForm struct {
	Link, End string
	Errors    errs.Fields
}

var linkFields = []string{"person", "role", "start_date", "end_date"}

// Roles are the choices of a link's role.
func (p *unitPage) Roles() []handlers.Choice {
	out := make([]handlers.Choice, len(estate.Roles))
	for i, r := range estate.Roles {
		out[i] = handlers.Choice{Value: r, Label: handlers.Capitalise(r)}
	}
	return out
}

// loadPeopleChoices fills the person picker: everyone not archived, by
// name, with their email to tell two of the same name apart.
func (s *handler) loadPeopleChoices(ctx context.Context, q sqldb.Querier, p *unitPage) error {
	people, err := estate.ListPeople(ctx, q)
	if err != nil {
		return err
	}
	p.PeopleChoices = p.PeopleChoices[:0]
	for _, person := range people {
		if person.Archived() {
			continue
		}
		label := person.DisplayName()
		if person.Email != "" {
			label += " (" + person.Email + ")"
		}
		p.PeopleChoices = append(p.PeopleChoices, handlers.Choice{Value: person.PublicID, Label: label})
	}
	return nil
}

// linkPerson links a person to the unit as leaseholder, tenant, owner or
// occupier from a date. From that date they see the unit in the portal.
func (s *handler) linkPerson(c echo.Context) error {
	p, err := s.loadUnit(c)
	if err != nil {
		return err
	}
	f := linkForm{Person: c.FormValue("person"), Role: c.FormValue("role"), Start: strings.TrimSpace(c.FormValue("start_date")),
		End: strings.TrimSpace(c.FormValue("end_date")), Errors: errs.Fields{}, Open: true}
	start := handlers.DateField(f.Errors, "start_date", f.Start)
	var end *time.Time
	if f.End != "" {
		e := handlers.DateField(f.Errors, "end_date", f.End)
		end = &e
	}
	ctx := c.Request().Context()
	person, perr := estate.GetPerson(ctx, handlers.OrgOf(c).DB.Read(), f.Person)
	switch {
	case errs.Is(perr, errs.NotFound) || perr == nil && person.Archived():
		f.Errors.Add("person", "Choose the person from the list.")
	case perr != nil:
		return perr
	}
	if len(f.Errors) == 0 {
		err = s.write(c, func(ctx context.Context, tx *sql.Tx) (string, string, string, error) {
			_, err := estate.LinkPerson(ctx, tx, s.Now(), p.Unit.ID, person.ID, f.Role, start, end)
			detail := person.FullName + " as " + f.Role + " of " + p.Unit.Name + ", " + p.Site.Name + " from " + f.Start
			if f.End != "" {
				detail += " to " + f.End
			}
			return "estate.person_linked", p.Unit.PublicID, detail, err
		})
		if fs, ok := refusal(err, linkFields); ok {
			f.Errors = fs
		} else if err != nil {
			return err
		}
	}
	if len(f.Errors) > 0 {
		p.Link = f
		return s.showUnit(c, http.StatusUnprocessableEntity, p, handlers.FormBlock(c, "unit-link"))
	}
	return s.unitDone(c, "linked")
}

// endLink ends one of the unit's current links on a date: the person keeps
// the unit in the portal to the end of that day, and its past statements
// for the dates they were linked.
func (s *handler) endLink(c echo.Context) error {
	p, err := s.loadUnit(c)
	if err != nil {
		return err
	}
	f := endForm{Link: c.Param("link"), End: strings.TrimSpace(c.FormValue("end_date")), Errors: errs.Fields{}}
	var link estate.UnitPerson
	found := false
	for _, up := range p.People {
		if strconv.FormatInt(up.LinkID, 10) == f.Link {
			link, found = up, true
		}
	}
	if !found {
		return errs.E(errs.NotFound, "That link is not one of this unit's current ones.")
	}
	end := handlers.DateField(f.Errors, "end_date", f.End)
	if len(f.Errors) == 0 {
		err = s.write(c, func(ctx context.Context, tx *sql.Tx) (string, string, string, error) {
			err := estate.EndLink(ctx, tx, link.LinkID, end)
			return "estate.link_ended", p.Unit.PublicID, link.FullName + " as " + link.Role + " of " + p.Unit.Name + ", " +
				p.Site.Name + " until " + f.End, err
		})
		if fs, ok := refusal(err, []string{"end_date"}); ok {
			f.Errors = fs
		} else if err != nil {
			return err
		}
	}
	if len(f.Errors) > 0 {
		p.Ending = f
		return s.showUnit(c, http.StatusUnprocessableEntity, p, handlers.FormBlock(c, "unit-screen"))
	}
	return s.unitDone(c, "ended")
}

// unitDone answers a change to the unit's people that worked.
func (s *handler) unitDone(c echo.Context, key string) error {
	p, err := s.loadUnit(c)
	if err != nil {
		return err
	}
	return handlers.Done(c, p.URL()+"?done="+key, "unit-screen", func() error {
		p.Notice = unitNotice(key)
		return s.showUnit(c, http.StatusOK, p, "unit-screen")
	})
}

// unitNotice is the confirmation of a change on the unit page.
func unitNotice(key string) string {
	switch key {
	case "saved":
		return "Unit saved."
	case "linked":
		return "Linked. From its start date they see this unit in the portal; invite them from their page if they have not signed in yet."
	case "restored":
		return "Unit restored: it is in use again, with its share."
	case "ended":
		return "Ended. They keep this unit in the portal to the end of that day, and its statements for the dates they were linked."
	}
	return ""
}

// unitByPublicID sends /admin/units/:unit to the unit's page under its
// site, for pages that know the unit but not its site.
func (s *handler) unitByPublicID(c echo.Context) error {
	u, err := estate.GetUnit(c.Request().Context(), handlers.OrgOf(c).DB.Read(), c.Param("unit"))
	if err != nil {
		return err
	}
	return c.Redirect(http.StatusSeeOther, "/admin/sites/"+u.SitePublicID+"/units/"+u.PublicID)
}
