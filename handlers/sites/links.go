package sites

import (
	"context"
	"net/http"

	"github.com/labstack/echo/v4"

	"porch/estate"
	"porch/handlers"
	"porch/sqldb"
)

// Roles are the choices of a link's role.
func (p *unitPage) Roles() []handlers.Choice {
	out := make([]handlers.Choice, len(estate.Roles))
	for i, r := range estate.Roles {
		out[i] = handlers.Choice{Value: r, Label: handlers.Capitalise(r)}
	}
	return out
}

// Frequencies are the choices of how often rent is due.
func (p *unitPage) Frequencies() []handlers.Choice {
	out := make([]handlers.Choice, len(estate.RentFrequencies))
	for i, f := range estate.RentFrequencies {
		out[i] = handlers.Choice{Value: f, Label: handlers.Capitalise(f)}
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
	case "end":
		return "Ended. They keep this unit in the portal to the end of that day, and its statements for the dates they held it."
	case "terms":
		return "Terms saved."
	case "change":
		return "Occupier changed. The outgoing account keeps its balance; the new one starts at zero. Invite the new holders from their pages."
	case "joint":
		return "Joint holders saved."
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
