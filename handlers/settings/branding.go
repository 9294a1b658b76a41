package settings

import (
	"context"
	"database/sql"
	"fmt"
	"net/http"
	"strings"

	"github.com/labstack/echo/v4"

	"porch/colour"
	"porch/errs"
	"porch/estate"
	"porch/handlers"
)

// brandingPage is the branding screen: the form as typed, the logo as
// saved, and the preview of what was typed.
type brandingPage struct {
	Form      estate.Branding
	Errors    errs.Fields
	Notice    string
	LogoURL   string // the saved logo, "" without one
	LogoIsSVG bool
	Preview   preview
}

// brandingForm reads the typed branding; the welcome text, edited on its
// own screen, is kept as saved.
func brandingForm(c echo.Context) estate.Branding {
	st := handlers.OrgOf(c).Settings
	return estate.Branding{
		Name: c.FormValue("name"), LegalName: c.FormValue("legal_name"), PrimaryColour: c.FormValue("primary_colour"),
		ContactEmail: c.FormValue("contact_email"), ContactPhone: c.FormValue("contact_phone"),
		Address: c.FormValue("address"), OfficeHours: c.FormValue("office_hours"), WelcomeText: st.WelcomeText,
	}
}

// savedBranding is the branding form filled from the settings.
func savedBranding(st estate.Settings) estate.Branding {
	return estate.Branding{Name: st.Name, LegalName: st.LegalName, PrimaryColour: st.PrimaryColour,
		ContactEmail: st.ContactEmail, ContactPhone: st.ContactPhone, Address: st.Address,
		OfficeHours: st.OfficeHours, WelcomeText: st.WelcomeText}
}

// show renders the screen, or the block an htmx request targets.
func (s *handler) show(c echo.Context, status int, p *brandingPage) error {
	o := handlers.OrgOf(c)
	if o.Settings.HasLogo() {
		p.LogoURL = "/branding/logo?v=" + o.Settings.LogoHash
		p.LogoIsSVG = o.Settings.LogoType == estate.SVGType
	}
	if p.Errors == nil {
		p.Errors = errs.Fields{}
	}
	p.Preview = s.preview(c, p.Form)
	return s.Render(c, status, handlers.View{Page: "admin_branding", Title: "Branding", Data: p, Wide: true})
}

// brandingPage shows the saved branding with its preview.
func (s *handler) brandingPage(c echo.Context) error {
	p := &brandingPage{Form: savedBranding(handlers.OrgOf(c).Settings)}
	switch c.QueryParam("saved") {
	case "1":
		p.Notice = "Branding saved. Every page and email uses it from now on."
	case "logo":
		p.Notice = "Logo saved. Every page, email and document shows it from now on."
	case "nologo":
		p.Notice = "Logo removed. Pages, emails and documents show your name alone."
	}
	return s.show(c, http.StatusOK, p)
}

// saveBranding saves the name, colour and contact details in one audited
// change, or shows the form again with every problem next to its field.
func (s *handler) saveBranding(c echo.Context) error {
	b := brandingForm(c)
	old := handlers.OrgOf(c).Settings
	err := s.WriteAudited(c, func(ctx context.Context, tx *sql.Tx) (string, string, string, error) {
		err := estate.UpdateBranding(ctx, tx, b, s.Now())
		_ = b.Validate() // normalised as saved, for the detail
		return "settings.branding", "settings", brandingChanges(old, b), err
	})
	if fields, ok := handlers.FieldsOf(err); ok {
		return s.show(c, http.StatusUnprocessableEntity, &brandingPage{Form: b, Errors: fields})
	}
	if err != nil {
		return err
	}
	return handlers.Redirect(c, brandingURL+"?saved=1")
}

// brandingChanges is the audit entry's detail: old → new for the name
// and colour, the other fields named when they changed.
func brandingChanges(old estate.Settings, b estate.Branding) string {
	var out []string
	if old.Name != b.Name {
		out = append(out, fmt.Sprintf("name %q → %q", old.Name, b.Name))
	}
	if old.PrimaryColour != b.PrimaryColour {
		out = append(out, fmt.Sprintf("colour %s → %s", old.PrimaryColour, b.PrimaryColour))
	}
	for _, ch := range []struct{ label, was, now string }{
		{"legal name", old.LegalName, b.LegalName}, {"address", old.Address, b.Address},
		{"phone", old.ContactPhone, b.ContactPhone}, {"email", old.ContactEmail, b.ContactEmail},
		{"opening hours", old.OfficeHours, b.OfficeHours},
	} {
		if ch.was != ch.now {
			out = append(out, ch.label+" changed")
		}
	}
	if len(out) == 0 {
		return "nothing changed"
	}
	return strings.Join(out, "; ")
}

// Suggestion is the nearest colour that passes when the typed one fails
// the contrast check, else "".
func (p *brandingPage) Suggestion() string {
	c := strings.ToLower(strings.TrimSpace(p.Form.PrimaryColour))
	if _, _, _, ok := colour.Parse(c); !ok || colour.Passes(c) {
		return ""
	}
	near, _ := colour.Readable(c)
	return near
}
