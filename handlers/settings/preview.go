package settings

import (
	"fmt"
	"net/http"
	"net/url"
	"strings"
	"time"

	"github.com/labstack/echo/v4"

	"porch/auth"
	"porch/colour"
	"porch/estate"
	"porch/handlers"
	"porch/views"
)

// preview is what the branding being typed looks like: the portal's
// header, a button and a resident's home card drawn in the page, and an
// email in a sandboxed frame.
type preview struct {
	Org        estate.Settings // the settings as typed
	Colour     string          // the colour typed, when it is one, else the saved one
	Ratio      string          // its contrast with white text, as "7.1:1"
	Passes     bool
	Suggestion string // the nearest colour that passes, when it does not: the preview shows that
	LogoURL    string
	CSSURL     string // the preview's theme, a same-origin stylesheet
	EmailURL   string // the email, a document of its own
	OOB        bool   // also refresh the colour advice next to the field
}

// typedSettings are the organisation's settings with the typed branding
// in place of the saved one; colour is the typed colour when it is one,
// else the saved colour.
func typedSettings(st estate.Settings, b estate.Branding) (estate.Settings, string) {
	st.Name = strings.TrimSpace(b.Name)
	st.LegalName = strings.TrimSpace(b.LegalName)
	st.ContactEmail = strings.TrimSpace(b.ContactEmail)
	st.ContactPhone = strings.TrimSpace(b.ContactPhone)
	st.Address = strings.TrimSpace(strings.ReplaceAll(b.Address, "\r\n", "\n"))
	st.OfficeHours = strings.TrimSpace(b.OfficeHours)
	c := strings.ToLower(strings.TrimSpace(b.PrimaryColour))
	if _, _, _, ok := colour.Parse(c); !ok {
		c = views.ThemeFor(st.PrimaryColour).Primary
	}
	st.PrimaryColour = c
	return st, c
}

// preview describes the preview of the typed branding b.
func (s *handler) preview(c echo.Context, b estate.Branding) preview {
	st, col := typedSettings(handlers.OrgOf(c).Settings, b)
	p := preview{Org: st, Colour: col, Passes: colour.Passes(col),
		Ratio: fmt.Sprintf("%.1f:1", colour.OnWhite(col)), CSSURL: brandingURL + "/preview.css?c=" + col[1:]}
	if !p.Passes {
		p.Suggestion, _ = colour.Readable(col)
	}
	if st.HasLogo() {
		p.LogoURL = "/branding/logo?v=" + st.LogoHash
	}
	q := url.Values{"name": {st.Name}, "legal_name": {st.LegalName}, "c": {col[1:]}, "contact_email": {st.ContactEmail},
		"contact_phone": {st.ContactPhone}, "address": {st.Address}, "office_hours": {st.OfficeHours}}
	p.EmailURL = brandingURL + "/email-preview?" + q.Encode()
	return p
}

// previewBranding shows the preview of the branding as typed, without
// saving it: for htmx the preview block (and the colour advice beside the
// field), else the whole screen. A "use this colour" button puts the
// suggested colour in the form.
func (s *handler) previewBranding(c echo.Context) error {
	p := &brandingPage{Form: brandingForm(c)}
	if use := c.FormValue("use_colour"); use != "" {
		p.Form.PrimaryColour = use
	}
	if handlers.HX(c).Swaps() == "branding-preview" {
		return s.Render(c, http.StatusOK, handlers.View{Page: "admin_branding", Title: "Branding", Wide: true,
			Data: &brandingPage{Form: p.Form, Preview: withOOB(s.preview(c, p.Form))}})
	}
	return s.show(c, http.StatusOK, p)
}

func withOOB(p preview) preview {
	p.OOB = true
	return p
}

// previewCSS is the preview's theme: the custom properties of the colour
// c (#rrggbb without the #), as a stylesheet of the page's own origin,
// which the page's policy admits where it refuses inline styles. A colour
// white text cannot be read on is shown only as a swatch (--pv-typed);
// text is drawn on the nearest colour that passes, so the preview stays
// as readable as the portal will be.
func (s *handler) previewCSS(c echo.Context) error {
	typed := "#" + strings.ToLower(c.QueryParam("c"))
	if _, _, _, ok := colour.Parse(typed); !ok {
		typed = views.ThemeFor("").Primary
	}
	shown, _ := colour.Readable(typed)
	c.Response().Header().Set("Cache-Control", "private, max-age=86400")
	return c.Blob(http.StatusOK, "text/css; charset=utf-8",
		[]byte(".branding-preview-panel{--pv-primary:"+shown+";--pv-typed:"+typed+";--pv-on-primary:#ffffff}\n"))
}

// sampleInvitation is the invitation the email preview shows: it has the
// fields of the invitation email's page, with a link that grants nothing.
type sampleInvitation struct {
	Name, Welcome, Subject, Link string
	Expires                      time.Time
}

// emailPreview is the invitation email drawn with the branding in the
// query: a document of its own, for the preview's sandboxed frame, whose
// policy admits the email's inline styles and images from the portal only.
func (s *handler) emailPreview(c echo.Context) error {
	o := handlers.OrgOf(c)
	q := c.QueryParams()
	st, col := typedSettings(o.Settings, estate.Branding{Name: q.Get("name"), LegalName: q.Get("legal_name"),
		PrimaryColour: "#" + q.Get("c"), ContactEmail: q.Get("contact_email"), ContactPhone: q.Get("contact_phone"),
		Address: q.Get("address"), OfficeHours: q.Get("office_hours")})
	w, err := estate.GetWelcomeEmail(c.Request().Context(), o.DB.Read())
	if err != nil {
		return err
	}
	orgURL := s.OrgURL(c)
	w = w.OrDefault(st.Name).Fill(estate.WelcomeValues{FirstName: "Sam", OrgName: st.Name, PortalLink: orgURL})
	em, err := s.Views.Email("invitation", views.EmailData{Org: &st, Theme: views.ThemeFor(col),
		OrgURL: orgURL, Page: sampleInvitation{Name: "Sam", Welcome: w.Text, Subject: w.Subject,
			Link: orgURL + "/invite/example", Expires: s.Now().Add(auth.InviteTTL)}})
	if err != nil {
		return err
	}
	h := c.Response().Header()
	h.Set("Content-Security-Policy", "default-src 'none'; img-src 'self' "+orgURL+"; frame-ancestors 'self'; "+
		"base-uri 'none'; form-action 'none'; sandbox")
	handlers.AllowEmailStyles(c, em.HTML)
	h.Set("X-Frame-Options", "SAMEORIGIN")
	h.Set("Cache-Control", "private, no-store")
	return c.HTML(http.StatusOK, em.HTML)
}
