package properties

import (
	"context"
	"database/sql"
	"slices"
	"strings"

	"github.com/labstack/echo/v4"

	"porch/errs"
	"porch/estate"
	"porch/handlers"
	"porch/owners"
)

// The override form's choices: each part follows the organisation's
// settings unless the property chooses its own.
const (
	follow = "follow"
	show   = "show"
	hide   = "hide"
	choose = "choose"
)

// portalForm is a property's override of what its owners see, as typed.
type portalForm struct {
	Shown    string   // follow, show or hide
	Widgets  string   // follow or choose
	Ticked   []string // the widgets chosen to show
	Contacts string   // follow, show or hide: landlords see tenants' contact details
	Errors   errs.Fields
}

// Ticks reports whether the widget's box is ticked.
func (f portalForm) Ticks(key string) bool { return slices.Contains(f.Ticked, key) }

// portalFormOf is the form for a stored override: the widgets ticked are
// those shown now, so choosing starts from what owners see.
func portalFormOf(o owners.Override, v owners.View, market string) portalForm {
	f := portalForm{Shown: followOr(o.Shown), Widgets: follow, Contacts: followOr(o.TenantContacts), Errors: errs.Fields{}}
	if o.Hidden != nil {
		f.Widgets = choose
	}
	for _, w := range owners.WidgetsFor(market) {
		if v.Shows(w.Key) {
			f.Ticked = append(f.Ticked, w.Key)
		}
	}
	return f
}

func followOr(b *bool) string {
	switch {
	case b == nil:
		return follow
	case *b:
		return show
	}
	return hide
}

// Choices for the override's radios, each naming what following means.
func (p *propertyPage) ShownChoices() []handlers.Choice {
	return []handlers.Choice{{Value: follow, Label: "As the organisation's settings say (" + yesNo(p.orgShows(), "shown", "hidden") + ")"},
		{Value: show, Label: "Shown"}, {Value: hide, Label: "Hidden"}}
}

// WidgetModes are the choices between the organisation's widgets and the
// property's own.
func (p *propertyPage) WidgetModes() []handlers.Choice {
	return []handlers.Choice{{Value: follow, Label: "The organisation's choice"}, {Value: choose, Label: "This property's own, ticked below"}}
}

// ContactChoices say whether landlords see their tenants' contact details.
func (p *propertyPage) ContactChoices() []handlers.Choice {
	return []handlers.Choice{{Value: follow, Label: "As the organisation's settings say (" + yesNo(p.Org.TenantContacts, "allowed", "not allowed") + ")"},
		{Value: show, Label: "Allowed"}, {Value: hide, Label: "Not allowed"}}
}

// Widgets are the widgets of the property's market.
func (p *propertyPage) Widgets() []owners.Widget { return owners.WidgetsFor(p.Unit.Market) }

// ShownWidgets names the widgets owners see now, in page order.
func (p *propertyPage) ShownWidgets() string {
	var out []string
	for _, w := range p.Widgets() {
		if p.View.Shows(w.Key) {
			out = append(out, w.Label)
		}
	}
	if len(out) == 0 {
		return "none"
	}
	return strings.Join(out, ", ")
}

// orgShows reports whether the organisation shows properties of this
// one's market.
func (p *propertyPage) orgShows() bool {
	return owners.Resolve(p.Org, owners.Override{}, p.Unit.Market).Shown
}

func yesNo(b bool, yes, no string) string {
	if b {
		return yes
	}
	return no
}

// tristate reads a follow/show/hide radio into an override's field, or
// says on field what to choose.
func tristate(f errs.Fields, field, value, msg string) *bool {
	switch value {
	case follow:
		return nil
	case show, hide:
		b := value == show
		return &b
	}
	f.Add(field, msg)
	return nil
}

// saveOverride stores what the property's owners see, where it differs
// from the organisation's settings.
func (s *handler) saveOverride(c echo.Context) error {
	u, err := unitOf(c)
	if err != nil {
		return err
	}
	if err := c.Request().ParseForm(); err != nil {
		return err
	}
	form := portalForm{Shown: c.FormValue("shown"), Widgets: c.FormValue("widgets"), Ticked: c.Request().PostForm["widget"],
		Contacts: c.FormValue("tenant_contacts")}
	f := errs.Fields{}
	o := owners.Override{UnitID: u.ID}
	o.Shown = tristate(f, "shown", form.Shown, "Choose whether owners see this property.")
	o.TenantContacts = tristate(f, "tenant_contacts", form.Contacts, "Choose whether the landlord sees the tenants' contact details.")
	switch form.Widgets {
	case follow:
	case choose:
		o.Hidden = []string{}
		for _, w := range owners.WidgetsFor(u.Market) {
			if !form.Ticks(w.Key) {
				o.Hidden = append(o.Hidden, w.Key)
			}
		}
		for _, k := range form.Ticked {
			if !slices.ContainsFunc(owners.WidgetsFor(u.Market), func(w owners.Widget) bool { return w.Key == k }) {
				f.Add("widget", "Tick only the parts a "+strings.ToLower(estate.MarketLabel(u.Market))+"'s page has.")
			}
		}
	default:
		f.Add("widgets", "Choose the organisation's widgets or this property's own.")
	}
	if u.Market == "" {
		f.Add("form", "Mark the property as a letting or a sale first: owners' portals show only those.")
	}
	err = f.Err()
	if err == nil {
		err = s.WriteAudited(c, func(ctx context.Context, tx *sql.Tx) (string, string, string, error) {
			if err := owners.SaveOverride(ctx, tx, s.Now(), o); err != nil {
				return "", "", "", err
			}
			return "unit.owner_portal", u.PublicID, overrideDetail(o), nil
		})
	}
	return s.answer(c, "portal", err, func(p *propertyPage, f errs.Fields) {
		form.Errors = f
		p.Portal = form
		if msg := f["form"]; msg != "" {
			p.Error = msg
		}
	})
}

// overrideDetail is the audit's account of an override, in words.
func overrideDetail(o owners.Override) string {
	word := func(b *bool, yes, no string) string {
		if b == nil {
			return "as the organisation"
		}
		return yesNo(*b, yes, no)
	}
	widgets := "as the organisation"
	if o.Hidden != nil {
		widgets = "own choice"
		if len(o.Hidden) > 0 {
			widgets += ", hiding " + widgetLabels(o.Hidden)
		}
	}
	return "shown: " + word(o.Shown, "yes", "no") + "; widgets: " + widgets + "; tenants' contact details: " + word(o.TenantContacts, "allowed", "not allowed")
}

// widgetLabels names the widgets with the keys, in a list.
func widgetLabels(keys []string) string {
	var out []string
	for _, w := range owners.Widgets {
		if slices.Contains(keys, w.Key) {
			out = append(out, w.Label)
		}
	}
	return strings.Join(out, ", ")
}
