package properties

import (
	"context"
	"database/sql"
	"net/http"
	"slices"
	"strings"

	"github.com/labstack/echo/v4"

	"porch/errs"
	"porch/estate"
	"porch/handlers"
	"porch/owners"
)

// settingsURL is the organisation's owner portal settings screen.
const settingsURL = "/admin/settings/owner-portal"

// settingsForm is the organisation's choice of what owners see, as typed.
type settingsForm struct {
	Lettings, Sales bool
	Ticked          []string // the widgets shown
	Contacts        string   // show or hide
	Errors          errs.Fields
}

// Ticks reports whether the widget's box is ticked.
func (f settingsForm) Ticks(key string) bool { return slices.Contains(f.Ticked, key) }

// settingsPage is the settings screen.
type settingsPage struct {
	Form   settingsForm
	Notice string
}

// widgetGroup is the widgets of one kind of property page.
type widgetGroup struct {
	Key, Legend string
	Widgets     []owners.Widget
}

// Groups are the widgets by the properties whose pages show them: lettings,
// sales, and both.
func (p settingsPage) Groups() []widgetGroup {
	out := []widgetGroup{{Key: estate.MarketLetting, Legend: "Lettings"}, {Key: estate.MarketSale, Legend: "Sales"}, {Key: "both", Legend: "Lettings and sales"}}
	for _, w := range owners.Widgets {
		i := 2
		switch w.Market {
		case estate.MarketLetting:
			i = 0
		case estate.MarketSale:
			i = 1
		}
		out[i].Widgets = append(out[i].Widgets, w)
	}
	return out
}

// ContactChoices say whether landlords see their tenants' contact details.
func (p settingsPage) ContactChoices() []handlers.Choice {
	return []handlers.Choice{{Value: hide, Label: "No: landlords see their tenants' names only"},
		{Value: show, Label: "Yes: landlords see their tenants' email addresses and phone numbers"}}
}

// formOf is the form for stored settings.
func formOf(st owners.Settings) settingsForm {
	f := settingsForm{Lettings: st.Lettings, Sales: st.Sales, Contacts: yesNo(st.TenantContacts, show, hide), Errors: errs.Fields{}}
	for _, w := range owners.Widgets {
		if !slices.Contains(st.Hidden, w.Key) {
			f.Ticked = append(f.Ticked, w.Key)
		}
	}
	return f
}

// settingsNotice is the confirmation of a save.
const settingsNotice = "Saved. Owners see the change the next time they open a page."

func (s *handler) showSettings(c echo.Context, status int, p settingsPage, block string) error {
	return s.Render(c, status, handlers.View{Page: "admin_owner_portal", Title: "Owner portal", Data: p, Wide: true, Block: block})
}

// settingsPage shows the organisation's owner portal settings.
func (s *handler) settingsPage(c echo.Context) error {
	st, err := owners.LoadSettings(c.Request().Context(), handlers.OrgOf(c).DB.Read())
	if err != nil {
		return err
	}
	p := settingsPage{Form: formOf(st)}
	if c.QueryParam("done") == "saved" {
		p.Notice = settingsNotice
	}
	return s.showSettings(c, http.StatusOK, p, "")
}

// saveSettings stores the organisation's owner portal settings, audited
// old → new.
func (s *handler) saveSettings(c echo.Context) error {
	if err := c.Request().ParseForm(); err != nil {
		return err
	}
	form := settingsForm{Lettings: c.FormValue("lettings") == "yes", Sales: c.FormValue("sales") == "yes",
		Ticked: c.Request().PostForm["widget"], Contacts: c.FormValue("tenant_contacts")}
	f := errs.Fields{}
	st := owners.Settings{Lettings: form.Lettings, Sales: form.Sales, Hidden: []string{}}
	for _, k := range form.Ticked {
		if !owners.KnownWidget(k) {
			f.Add("widget", "Tick only the parts of a property's page listed here.")
		}
	}
	for _, w := range owners.Widgets {
		if !form.Ticks(w.Key) {
			st.Hidden = append(st.Hidden, w.Key)
		}
	}
	switch form.Contacts {
	case show, hide:
		st.TenantContacts = form.Contacts == show
	default:
		f.Add("tenant_contacts", "Choose whether landlords see their tenants' contact details.")
	}
	err := f.Err()
	if err == nil {
		err = s.WriteAudited(c, func(ctx context.Context, tx *sql.Tx) (string, string, string, error) {
			old, err := owners.LoadSettings(ctx, tx)
			if err != nil {
				return "", "", "", err
			}
			if err := owners.SaveSettings(ctx, tx, s.Now(), st); err != nil {
				return "", "", "", err
			}
			return "settings.owner_portal", "owner_portal", settingsChanges(old, st), nil
		})
	}
	if fields, ok := handlers.FieldsOf(err); ok {
		form.Errors = fields
		return s.showSettings(c, http.StatusUnprocessableEntity, settingsPage{Form: form}, handlers.FormBlock(c, "owner-portal-settings"))
	}
	if err != nil {
		return err
	}
	return handlers.Done(c, settingsURL+"?done=saved", "owner-portal-settings", func() error {
		return s.showSettings(c, http.StatusOK, settingsPage{Form: formOf(st), Notice: settingsNotice}, "owner-portal-settings")
	})
}

// settingsChanges is the audit's account of a change of settings, each
// part that changed as "what: old → new".
func settingsChanges(old, st owners.Settings) string {
	var out []string
	change := func(what string, a, b bool, yes, no string) {
		if a != b {
			out = append(out, what+": "+yesNo(a, yes, no)+" → "+yesNo(b, yes, no))
		}
	}
	change("lettings", old.Lettings, st.Lettings, "shown", "hidden")
	change("sales", old.Sales, st.Sales, "shown", "hidden")
	for _, w := range owners.Widgets {
		change(w.Label, !slices.Contains(old.Hidden, w.Key), !slices.Contains(st.Hidden, w.Key), "shown", "hidden")
	}
	change("tenants' contact details", old.TenantContacts, st.TenantContacts, "allowed", "not allowed")
	if len(out) == 0 {
		return "nothing changed"
	}
	return strings.Join(out, "; ")
}
