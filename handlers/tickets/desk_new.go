package tickets

import (
	"context"
	"database/sql"
	"fmt"
	"net/http"
	"strings"

	"github.com/labstack/echo/v4"

	"porch/errs"
	"porch/estate"
	"porch/handlers"
	"porch/tickets"
	"porch/views"
)

// communal is the "who" of a request raised for a communal area with no
// resident behind it.
const communal = "communal"

// newForm is a request as staff type it on someone's behalf. Who is
// communal, or a unit's and a resident's public ids joined by a dot.
type newForm struct {
	Site, Who, Location, Category, Title, Description, Priority, AccessNotes string
	MayEnter                                                                 bool
	Errors                                                                   errs.Fields
	Kept                                                                     []handlers.KeptFile
}

// newPage is the form to raise a request for a resident or a communal area.
type newPage struct {
	Form       newForm
	Sites      []estate.SiteSummary
	Site       estate.Site // zero until one is chosen
	Who        views.Options
	Categories []tickets.Category // those allowed on the site
	Priorities []choice
	residents  []tickets.Resident
}

// loadNew reads the sites and, once one is chosen, its residents and the
// categories it allows.
func (s *handler) loadNew(c echo.Context, f newForm) (*newPage, error) {
	ctx, q := c.Request().Context(), handlers.OrgOf(c).DB.Read()
	p := &newPage{Form: f}
	var err error
	if p.Sites, _, err = estate.FindSites(ctx, q, estate.SiteFilter{}); err != nil {
		return nil, err
	}
	for _, pr := range tickets.Priorities {
		p.Priorities = append(p.Priorities, choice{pr, tickets.PriorityLabel(pr)})
	}
	if f.Site == "" {
		return p, nil
	}
	if p.Site, err = estate.GetSite(ctx, q, f.Site); errs.Is(err, errs.NotFound) {
		p.Form.Site = ""
		return p, nil
	} else if err != nil {
		return nil, err
	}
	if p.residents, err = tickets.Residents(ctx, q, p.Site.ID, s.Today()); err != nil {
		return nil, err
	}
	p.Who = views.Options{{Value: communal, Label: "A communal area (no resident)"}}
	for _, r := range p.residents {
		p.Who = append(p.Who, views.Option{Value: r.UnitPublicID + "." + r.PersonPublicID,
			Label: r.Name + " (" + r.Role + ")", Group: r.UnitName})
	}
	p.Categories, err = tickets.AllowedForSite(ctx, q, p.Site.ID)
	return p, err
}

// resident finds the unit and resident the form's Who names.
func (p *newPage) resident() (tickets.Resident, bool) {
	unit, person, _ := strings.Cut(p.Form.Who, ".")
	for _, r := range p.residents {
		if r.UnitPublicID == unit && r.PersonPublicID == person {
			return r, true
		}
	}
	return tickets.Resident{}, false
}

// deskNew is the form, opened on a site (?site=) and a resident (?who=)
// when the link says.
func (s *handler) deskNew(c echo.Context) error {
	p, err := s.loadNew(c, newForm{Site: c.QueryParam("site"), Who: c.QueryParam("who"), Location: tickets.LocationHome,
		Priority: tickets.PriorityNormal})
	if err != nil {
		return err
	}
	return s.showNew(c, http.StatusOK, p)
}

func (s *handler) showNew(c echo.Context, status int, p *newPage) error {
	return s.Render(c, status, handlers.View{Page: "admin_ticket_new", Title: "Raise a request", Data: p, Wide: true,
		Block: handlers.FormBlock(c, "ticket-new")})
}

// deskRaise raises the request: on a resident's behalf (theirs, as if
// they had raised it) or for a communal area. A form sent only to change
// the site (choose_site) shows the form again for that site.
func (s *handler) deskRaise(c echo.Context) error {
	mp, err := s.ReadMultipart(c, "photos", tickets.MaxPhotos)
	if err != nil {
		return err
	}
	f := newForm{Site: c.FormValue("site"), Who: c.FormValue("who"), Location: c.FormValue("location"),
		Category: c.FormValue("category"), Title: c.FormValue("title"), Description: c.FormValue("description"),
		Priority: c.FormValue("priority"), AccessNotes: c.FormValue("access_notes"), MayEnter: c.FormValue("may_enter") == "yes",
		Errors: errs.Fields{}}
	p, err := s.loadNew(c, f)
	if err != nil {
		return err
	}
	if c.FormValue("choose_site") != "" {
		p.Form.Errors = nil
		return s.showNew(c, http.StatusOK, p)
	}
	kept := s.KeptFiles(c, "kept")
	stored, problem, err := s.StoreUploads(c, mp.Files)
	if err != nil {
		return err
	}
	p.Form.Kept = append(kept, stored...)
	fe := p.Form.Errors
	if mp.Problem != "" {
		fe.Add("photos", mp.Problem)
	}
	if problem != "" {
		fe.Add("photos", problem)
	}
	n := tickets.New{SiteID: p.Site.ID, Location: f.Location, Title: f.Title, Description: f.Description,
		MayEnter: f.MayEnter, AccessNotes: f.AccessNotes, Priority: f.Priority}
	if p.Site.ID == 0 {
		fe.Add("site", "Choose the site.")
	}
	if f.Who != communal {
		if r, ok := p.resident(); ok {
			n.UnitID, n.RaisedBy = r.UnitID, r.PersonID
		} else {
			fe.Add("who", "Choose who the request is for, or a communal area.")
		}
	}
	if f.Category != "" {
		cat, err := tickets.GetCategory(c.Request().Context(), handlers.OrgOf(c).DB.Read(), f.Category)
		if err != nil && !errs.Is(err, errs.NotFound) {
			return err
		}
		n.CategoryID = cat.ID
		if cat.ID == 0 {
			fe.Add("category", "Choose one of the categories listed for this site.")
		}
	}
	for _, k := range p.Form.Kept {
		n.Photos = append(n.Photos, tickets.Photo{Ref: k.Ref, Name: k.Name})
	}
	var raised tickets.Ticket
	if len(fe) == 0 {
		err = s.WriteAudited(c, func(ctx context.Context, tx *sql.Tx) (string, string, string, error) {
			raised, err = tickets.RaiseFor(ctx, tx, s.Now(), n, handlers.IdentityOf(c).Person.ID)
			who := "a communal area"
			if raised.RaisedByName != "" {
				who = raised.RaisedByName + ", " + raised.UnitName
			}
			return "ticket.raised", raised.PublicID, fmt.Sprintf("%s for %s: %q", raised.Ref(), who, raised.Title), err
		})
		if f, ok := handlers.FieldsOf(err); ok {
			fe, err = whoFields(f), nil
		}
		if err != nil {
			return err
		}
	}
	if len(fe) > 0 {
		p.Form.Errors = fe
		return s.showNew(c, http.StatusUnprocessableEntity, p)
	}
	return handlers.Redirect(c, ticketURL(raised.PublicID)+"?done=raised")
}

// whoFields files the domain's messages about the unit, the resident and
// where the problem is under the form's "who" and "location" fields.
func whoFields(f errs.Fields) errs.Fields {
	out := errs.Fields{}
	for k, v := range f {
		switch k {
		case "unit", "resident":
			k = "who"
		}
		out.Add(k, v)
	}
	return out
}

// PhotosHint is the hint of the photos field.
func (f newForm) PhotosHint() string { return photosHint(len(f.Kept)) }
