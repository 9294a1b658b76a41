package calendar

import (
	"context"
	"database/sql"
	"fmt"
	"net/http"

	"github.com/labstack/echo/v4"

	"porch/calendar"
	"porch/estate"
	"porch/handlers"
	"porch/notices"
)

const listURL = "/admin/calendar"

// listPage is the manager's calendar: what is coming at every site.
type listPage struct {
	Events []calendar.Event
	Sites  []notices.SiteSetting
	Notice string
}

func doneNotice(key string) string {
	return map[string]string{
		"planned":   "Event planned. The people it affects have been emailed.",
		"moved":     "Event moved. The people it affects have been told the new time.",
		"saved":     "Event saved.",
		"cancelled": "Event cancelled. The people it affected have been told.",
	}[key]
}

func (s *handler) listPage(c echo.Context) error {
	ctx, q := c.Request().Context(), handlers.OrgOf(c).DB.Read()
	p := &listPage{Notice: doneNotice(c.QueryParam("done"))}
	var err error
	if p.Events, err = calendar.List(ctx, q, s.Now()); err != nil {
		return err
	}
	if p.Sites, err = notices.SiteSettings(ctx, q); err != nil {
		return err
	}
	return s.Render(c, http.StatusOK, handlers.View{Page: "admin_calendar", Title: "Building calendar", Data: p, Wide: true})
}

// eventPage is the form to plan or change an event at a site.
type eventPage struct {
	Event *calendar.Event // nil for a new one
	Site  estate.Site
	Units []estate.Unit
	Form  eventForm
	Kinds []handlers.Choice
}

// Action is where the form posts.
func (p *eventPage) Action() string {
	if p.Event == nil {
		return listURL
	}
	return listURL + "/" + p.Event.PublicID
}

func (s *handler) showForm(c echo.Context, status int, p *eventPage) error {
	title := "Plan an event"
	if p.Event != nil {
		title = p.Event.Title
	}
	p.Kinds = kindChoices()
	return s.Render(c, status, handlers.View{Page: "admin_event", Title: title, Data: p, Block: handlers.FormBlock(c, "event-form")})
}

// siteAndUnits reads the site of the public id with its units in use.
func siteAndUnits(c echo.Context, publicID string) (estate.Site, []estate.Unit, error) {
	ctx, q := c.Request().Context(), handlers.OrgOf(c).DB.Read()
	site, err := estate.GetSite(ctx, q, publicID)
	if err != nil {
		return site, nil, err
	}
	units, err := estate.ListUnits(ctx, q, site.ID)
	return site, units, err
}

func (s *handler) newPage(c echo.Context) error {
	site, units, err := siteAndUnits(c, c.QueryParam("site"))
	if err != nil {
		return err
	}
	return s.showForm(c, http.StatusOK, &eventPage{Site: site, Units: units, Form: eventForm{Kind: "works", WholeSite: true}})
}

func (s *handler) editPage(c echo.Context) error {
	e, err := calendar.Get(c.Request().Context(), handlers.OrgOf(c).DB.Read(), c.Param("id"))
	if err != nil {
		return err
	}
	site, units, err := siteAndUnits(c, e.SitePublicID)
	if err != nil {
		return err
	}
	return s.showForm(c, http.StatusOK, &eventPage{Event: &e, Site: site, Units: units, Form: formOf(e)})
}

func (s *handler) create(c echo.Context) error {
	site, units, err := siteAndUnits(c, c.FormValue("site"))
	if err != nil {
		return err
	}
	return s.save(c, &eventPage{Site: site, Units: units})
}

func (s *handler) update(c echo.Context) error {
	e, err := calendar.Get(c.Request().Context(), handlers.OrgOf(c).DB.Read(), c.Param("id"))
	if err != nil {
		return err
	}
	site, units, err := siteAndUnits(c, e.SitePublicID)
	if err != nil {
		return err
	}
	return s.save(c, &eventPage{Event: &e, Site: site, Units: units})
}

// save plans or changes the event, emails the people it affects when it
// is new or has moved, and posts it as a notice too when asked.
func (s *handler) save(c echo.Context, p *eventPage) error {
	f, in := readForm(c, p.Units)
	in.SiteID = p.Site.ID
	p.Form = f
	if len(f.Errors) > 0 {
		// The form's own date and time messages say it better than the
		// check's "start" and "end", which it then leaves out.
		dated := f.Errors["start_date"] != "" || f.Errors["end_date"] != "" || f.Errors["start_time"] != "" || f.Errors["end_time"] != ""
		handlers.AddChecks(p.Form.Errors, in.Check(c.Request().Context(), handlers.OrgOf(c).DB.Read()))
		if dated {
			delete(p.Form.Errors, "start")
			delete(p.Form.Errors, "end")
		}
		return s.showForm(c, http.StatusUnprocessableEntity, p)
	}
	key := "planned"
	mailed := 0
	err := s.WriteAudited(c, func(ctx context.Context, tx *sql.Tx) (string, string, string, error) {
		var e calendar.Event
		var err error
		action, change := "event.planned", changePlanned
		if p.Event == nil {
			e, err = calendar.Create(ctx, tx, s.Now(), handlers.IdentityOf(c).Person.ID, in)
		} else {
			var moved bool
			action, key, change = "event.changed", "saved", ""
			if e, moved, err = calendar.Update(ctx, tx, s.Now(), p.Event.PublicID, in); moved {
				key, change = "moved", changeMoved
			}
		}
		if err != nil {
			return "", "", "", err
		}
		if change != "" {
			if mailed, err = s.tell(ctx, c, tx, e, change); err != nil {
				return "", "", "", err
			}
		}
		if f.PostNotice {
			if err := s.postNotice(ctx, c, tx, e); err != nil {
				return "", "", "", err
			}
		}
		return action, e.PublicID, fmt.Sprintf("%q at %s, %s", e.Title, e.SiteName, e.When()), nil
	})
	if fields, ok := handlers.FieldsOf(err); ok {
		p.Form.Errors = fields
		return s.showForm(c, http.StatusUnprocessableEntity, p)
	}
	if err != nil {
		return err
	}
	if mailed > 0 {
		s.KickMail()
	}
	return handlers.Redirect(c, listURL+"?done="+key)
}

// postNotice puts the event up as a notice on its site, at once.
func (s *handler) postNotice(ctx context.Context, c echo.Context, tx *sql.Tx, e calendar.Event) error {
	body := "**" + e.When() + "**, " + e.Affects() + "."
	if e.Description != "" {
		body += "\n\n" + e.Description
	}
	_, err := notices.Create(ctx, tx, s.Now(), handlers.IdentityOf(c).Person.ID,
		notices.Input{Title: e.Title, Body: body, SiteIDs: []int64{e.SiteID}, Publish: true})
	return err
}

// cancel calls the event off and tells the people it affected.
func (s *handler) cancel(c echo.Context) error {
	mailed := 0
	err := s.WriteAudited(c, func(ctx context.Context, tx *sql.Tx) (string, string, string, error) {
		e, err := calendar.Cancel(ctx, tx, s.Now(), c.Param("id"))
		if err != nil {
			return "", "", "", err
		}
		mailed, err = s.tell(ctx, c, tx, e, changeCancelled)
		return "event.cancelled", e.PublicID, fmt.Sprintf("%q at %s, %s", e.Title, e.SiteName, e.When()), err
	})
	if err != nil {
		return err
	}
	if mailed > 0 {
		s.KickMail()
	}
	return handlers.Redirect(c, listURL+"?done=cancelled")
}
