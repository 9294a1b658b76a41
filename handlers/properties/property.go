package properties

import (
	"context"
	"database/sql"
	"net/http"

	"github.com/labstack/echo/v4"

	"porch/errs"
	"porch/estate"
	"porch/handlers"
	"porch/owners"
)

// propertyURL is the owner-portal set-up of the unit with that public id.
func propertyURL(unitPublicID string) string { return "/admin/properties/" + unitPublicID }

// propertyPage is a property's owner-portal set-up: what the agency does
// for its owner, the staff linked to it and what its owners see.
type propertyPage struct {
	Unit        estate.Unit
	SiteURL     string
	Owners      []estate.UnitPerson // who owns it today
	Market      string              // the market form's choice: letting, sale or none
	MarketError string
	Links       []owners.StaffLink
	Staff       []handlers.Choice // current staff to link, by public id
	Link        linkForm
	Portal      portalForm
	Org         owners.Settings
	View        owners.View         // what its owners see now
	Card        *owners.TeamContact // the contact its owners see, nil for none
	Notice      string
	Error       string // why a change was refused, when no field says
}

// URL is the property's address on these screens.
func (p *propertyPage) URL() string { return propertyURL(p.Unit.PublicID) }

// MarketLabel names what the agency does for the property's owner.
func (p *propertyPage) MarketLabel() string { return estate.MarketLabel(p.Unit.Market) }

// InPortal reports whether the property can appear in owners' portals at
// all: only lettings and sales do.
func (p *propertyPage) InPortal() bool { return p.Unit.Market != "" }

// marketNone is the form's value for neither letting nor sale.
const marketNone = "none"

// MarketChoices are the market form's options.
func (p *propertyPage) MarketChoices() []handlers.Choice {
	return []handlers.Choice{
		{Value: estate.MarketLetting, Label: "Letting: we let it and hold the rent for its landlord"},
		{Value: estate.MarketSale, Label: "Sale: we are selling it for its owner"},
		{Value: marketNone, Label: "Neither, such as a flat in a block we manage"},
	}
}

// RoleChoices are the roles a member of staff is linked in.
func (p *propertyPage) RoleChoices() []handlers.Choice {
	var out []handlers.Choice
	for _, r := range owners.TeamRoles {
		out = append(out, handlers.Choice{Value: r, Label: owners.TeamRoleLabel(r)})
	}
	return out
}

// loadProperty reads the property of the path with everything its page
// shows, the forms filled from what is stored.
func (s *handler) loadProperty(c echo.Context) (*propertyPage, error) {
	ctx := c.Request().Context()
	q := handlers.OrgOf(c).DB.Read()
	u, err := estate.GetUnit(ctx, q, c.Param("unit"))
	if err != nil {
		return nil, err
	}
	p := &propertyPage{Unit: u, SiteURL: "/admin/sites/" + u.SitePublicID, Market: formMarket(u.Market), Link: linkForm{Errors: errs.Fields{}}}
	people, err := estate.PeopleOfUnit(ctx, q, u.ID, s.Today())
	if err != nil {
		return nil, err
	}
	for _, person := range people {
		if person.Role == estate.RoleOwner {
			p.Owners = append(p.Owners, person)
		}
	}
	if p.Links, err = owners.UnitStaff(ctx, q, u.ID); err != nil {
		return nil, err
	}
	staff, err := estate.ListStaff(ctx, q)
	if err != nil {
		return nil, err
	}
	for _, st := range staff {
		p.Staff = append(p.Staff, handlers.Choice{Value: st.PersonPublicID, Label: st.FullName})
	}
	if p.Org, err = owners.LoadSettings(ctx, q); err != nil {
		return nil, err
	}
	o, err := owners.LoadOverride(ctx, q, u.ID)
	if err != nil {
		return nil, err
	}
	p.View = owners.Resolve(p.Org, o, u.Market)
	p.Portal = portalFormOf(o, p.View, u.Market)
	if p.Card, err = owners.TeamCard(ctx, q, u.ID, u.Market); err != nil {
		return nil, err
	}
	return p, nil
}

// formMarket is a unit's market as the form's radio names it.
func formMarket(m string) string {
	if m == "" {
		return marketNone
	}
	return m
}

// showProperty renders the page, or only its screen for htmx.
func (s *handler) showProperty(c echo.Context, status int, p *propertyPage, block string) error {
	return s.Render(c, status, handlers.View{Page: "admin_property", Title: "Owner portal: " + p.Unit.Name, Data: p, Wide: true, Block: block})
}

// propertyNotice is the confirmation after a change, chosen by a key in
// the redirect so no free text travels in the URL.
func propertyNotice(key string) string {
	switch key {
	case "market":
		return "Saved what we do for the owner."
	case "linked":
		return "Member of staff linked."
	case "unlinked":
		return "Member of staff unlinked."
	case "portal":
		return "Saved what this property's owners see."
	}
	return ""
}

// propertyPage shows a property's owner-portal set-up.
func (s *handler) propertyPage(c echo.Context) error {
	p, err := s.loadProperty(c)
	if err != nil {
		return err
	}
	p.Notice = propertyNotice(c.QueryParam("done"))
	return s.showProperty(c, http.StatusOK, p, "")
}

// answer ends a change to the property: done, a plain post goes back to
// the page and htmx gets the screen again with the notice; refused, the
// screen comes back (422) with keep putting what was typed back in the
// forms and the messages next to their fields.
func (s *handler) answer(c echo.Context, key string, err error, keep func(p *propertyPage, fields errs.Fields)) error {
	refused, isRefusal := errs.As(err)
	if err != nil && (!isRefusal || refused.Code != errs.Invalid) {
		return err
	}
	p, lerr := s.loadProperty(c)
	if lerr != nil {
		return lerr
	}
	if err != nil {
		fields := refused.Fields
		if fields == nil {
			fields = errs.Fields{}
		}
		if len(refused.Fields) == 0 {
			p.Error = refused.Message
		}
		keep(p, fields)
		return s.showProperty(c, http.StatusUnprocessableEntity, p, handlers.FormBlock(c, "property-screen"))
	}
	return handlers.Done(c, p.URL()+"?done="+key, "property-screen", func() error {
		p.Notice = propertyNotice(key)
		return s.showProperty(c, http.StatusOK, p, "property-screen")
	})
}

// unitOf reads the unit of the path for a change.
func unitOf(c echo.Context) (estate.Unit, error) {
	return estate.GetUnit(c.Request().Context(), handlers.OrgOf(c).DB.Read(), c.Param("unit"))
}

// saveMarket marks the property as a letting, a sale or neither.
func (s *handler) saveMarket(c echo.Context) error {
	u, err := unitOf(c)
	if err != nil {
		return err
	}
	choice := c.FormValue("market")
	market := choice
	if choice == marketNone {
		market = ""
	} else if choice == "" {
		market = "?" // refused on its field by SetUnitMarket
	}
	if market == u.Market {
		return s.answer(c, "market", nil, nil) // nothing to change or audit
	}
	err = s.WriteAudited(c, func(ctx context.Context, tx *sql.Tx) (string, string, string, error) {
		old, err := estate.SetUnitMarket(ctx, tx, u.ID, market)
		if err != nil {
			return "", "", "", err
		}
		return "unit.market", u.PublicID, "market: " + estate.MarketLabel(old) + " → " + estate.MarketLabel(market), nil
	})
	return s.answer(c, "market", err, func(p *propertyPage, f errs.Fields) {
		p.Market, p.MarketError = choice, f["market"]
	})
}
