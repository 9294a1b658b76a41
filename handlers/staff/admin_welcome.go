package staff

import (
	"database/sql"
	"net/http"

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
	// Placeholders are those the subject and text may carry.
	Placeholders []estate.Placeholder
}

// previewName is whom the preview greets.
const previewName = "Sam"

// sampleInvite is the path of the link in a preview or test email: it
// looks like an invitation and grants nothing.
const sampleInvite = "/invite/example"

// preview renders the invitation email as a person would receive it with
// the welcome email w.
func (s *handler) preview(c echo.Context, w estate.WelcomeEmail) (emailPreview, error) {
	o := handlers.OrgOf(c)
	em, err := s.Views.Email("invitation", views.EmailData{Org: &o.Settings, Theme: views.ThemeFor(o.Settings.PrimaryColour),
		OrgURL: s.OrgURL(c), Page: s.Invitation(c, w, previewName, s.OrgURL(c)+sampleInvite, s.Now().Add(auth.InviteTTL))})
	if err != nil {
		return emailPreview{}, err
	}
	return emailPreview{Subject: em.Subject, HTML: em.HTML, Text: em.Text}, nil
}

// showWelcome writes the editor: the whole page, or for htmx the fragment
// it targets.
func (s *handler) showWelcome(c echo.Context, status int, p welcomePage) error {
	var err error
	p.Placeholders = estate.WelcomePlaceholders
	if p.Preview, err = s.preview(c, p.Form); err != nil {
		return err
	}
	if t := handlers.HX(c).Swaps(); t != "welcome-preview" && t != "welcome-editor" {
		handlers.AllowEmailStyles(c, p.Preview.HTML) // the page carries the preview's iframe
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
