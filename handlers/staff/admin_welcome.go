package staff

import (
	"crypto/sha256"
	"database/sql"
	"encoding/base64"
	"html"
	"net/http"
	"regexp"
	"slices"
	"strings"

	"github.com/labstack/echo/v4"

	"porch/auth"
	"porch/errs"
	"porch/estate"
	"porch/handlers"
	"porch/views"
)

// emailPreview is an invitation email rendered for the editor.
type emailPreview struct {
	Subject string
	HTML    string // the whole HTML document, shown in a sandboxed iframe
	Text    string
}

type welcomePage struct {
	Form      estate.WelcomeEmail
	IsDefault bool              // nothing saved yet: the form shows the defaults
	Errors    map[string]string // by field: subject, text
	Notice    string
	Preview   emailPreview
}

// previewName is whom the preview greets.
const previewName = "Sam"

// preview renders the invitation email as a person would receive it with
// the welcome email w.
func (s *handler) preview(c echo.Context, w estate.WelcomeEmail) (emailPreview, error) {
	o := handlers.OrgOf(c)
	w = w.OrDefault(o.Settings.Name)
	em, err := s.Views.Email("invitation", views.EmailData{Org: &o.Settings, Theme: views.ThemeFor(o.Settings.PrimaryColour),
		OrgURL: s.OrgURL(c), Page: invitationMail{Name: previewName, Welcome: strings.TrimSpace(w.Text), Subject: strings.TrimSpace(w.Subject),
			Link: s.OrgURL(c) + "/invite/example", Expires: s.Now().Add(auth.InviteTTL)}})
	if err != nil {
		return emailPreview{}, err
	}
	return emailPreview{Subject: em.Subject, HTML: em.HTML, Text: em.Text}, nil
}

// styleAttrRE finds the style attributes of rendered email HTML, which
// html/template always writes double-quoted.
var styleAttrRE = regexp.MustCompile(`\sstyle="([^"]*)"`)

// allowEmailStyles lets the page's CSP accept exactly the inline style
// attributes of the previewed email. The sandboxed srcdoc iframe inherits
// the page's policy, which otherwise refuses them; emails need inline
// styles to survive mail clients. The attributes come from the template
// and the brand colour, never from the text being edited, so hashes taken
// when the page loads also cover every later htmx preview.
func allowEmailStyles(c echo.Context, doc string) {
	var srcs []string
	for _, m := range styleAttrRE.FindAllStringSubmatch(doc, -1) {
		sum := sha256.Sum256([]byte(html.UnescapeString(m[1])))
		src := "'sha256-" + base64.StdEncoding.EncodeToString(sum[:]) + "'"
		if !slices.Contains(srcs, src) {
			srcs = append(srcs, src)
		}
	}
	if len(srcs) == 0 {
		return
	}
	h := c.Response().Header()
	h.Set("Content-Security-Policy", h.Get("Content-Security-Policy")+"; style-src-attr 'unsafe-hashes' "+strings.Join(srcs, " "))
}

// showWelcome writes the editor: the whole page, or for htmx the fragment
// it targets.
func (s *handler) showWelcome(c echo.Context, status int, p welcomePage) error {
	var err error
	if p.Preview, err = s.preview(c, p.Form); err != nil {
		return err
	}
	if t := handlers.HX(c).Swaps(); t != "welcome-preview" && t != "welcome-editor" {
		allowEmailStyles(c, p.Preview.HTML) // the page carries the preview's iframe
	}
	return s.Render(c, status, handlers.View{Page: "admin_welcome", Title: "Welcome email", Data: p, Wide: true})
}

// adminWelcomeEmail shows the welcome email editor with a preview.
func (s *handler) adminWelcomeEmail(c echo.Context) error {
	w, err := estate.GetWelcomeEmail(c.Request().Context(), handlers.OrgOf(c).DB.Read())
	if err != nil {
		return err
	}
	p := welcomePage{Form: w.OrDefault(handlers.OrgOf(c).Settings.Name), IsDefault: w.Subject == "" && w.Text == ""}
	if c.QueryParam("saved") == "1" {
		p.Notice = "Welcome email saved. Invitations sent from now on use it."
	}
	return s.showWelcome(c, http.StatusOK, p)
}

func welcomeForm(c echo.Context) estate.WelcomeEmail {
	return estate.WelcomeEmail{Subject: c.FormValue("subject"), Text: c.FormValue("text")}
}

// adminSaveWelcomeEmail saves the welcome email, or shows the form again
// with the problems next to the fields.
func (s *handler) adminSaveWelcomeEmail(c echo.Context) error {
	ctx := c.Request().Context()
	o := handlers.OrgOf(c)
	w := welcomeForm(c)
	err := o.DB.Write(ctx, func(tx *sql.Tx) error {
		if err := estate.UpdateWelcomeEmail(ctx, tx, w, s.Now()); err != nil {
			return err
		}
		return s.AuditTx(ctx, c, tx, &handlers.IdentityOf(c).Person.ID, "settings.welcome_email", "settings", "")
	})
	if de, ok := errs.As(err); ok && de.Code == errs.Invalid {
		return s.showWelcome(c, http.StatusUnprocessableEntity, welcomePage{Form: w, Errors: de.Fields})
	}
	if err != nil {
		return err
	}
	if handlers.HX(c).Swaps() == "welcome-editor" {
		_ = w.Validate() // the form shows the text as saved, trimmed
		return s.showWelcome(c, http.StatusOK, welcomePage{Form: w, Notice: "Welcome email saved. Invitations sent from now on use it."})
	}
	return handlers.Redirect(c, "/admin/settings/welcome-email?saved=1")
}

// adminPreviewWelcomeEmail renders the preview of the text being edited,
// without saving it: the preview panel for htmx, else the whole editor.
func (s *handler) adminPreviewWelcomeEmail(c echo.Context) error {
	return s.showWelcome(c, http.StatusOK, welcomePage{Form: welcomeForm(c)})
}
