package account

import (
	"context"
	"database/sql"
	"net/http"

	"github.com/labstack/echo/v4"

	"porch/estate"
	"porch/handlers"
)

// emailsURL is the page where a person chooses the optional emails they get.
const emailsURL = "/profile/emails"

// emailRoutes registers the page of the emails a person gets, with its
// one form, which htmx swaps in place.
func (s *handler) emailRoutes(e *echo.Echo, k *handlers.Kit) {
	k.Blocks("profile_emails", "emails-form")
	g := s.Person(e, emailsURL)
	g.GET("", s.emailsPage)
	g.POST("", s.saveEmails)
}

// emailsPage is the optional emails, each on or off, and what the form
// said last.
type emailsPage struct {
	Choices []emailChoice
	Notice  string
	Error   string // an unknown email in a tampered form
}

// emailChoice is one optional email with whether the person gets it.
type emailChoice struct {
	estate.MailKindInfo
	On bool
}

// loadEmails reads the signed-in person's choices.
func (s *handler) loadEmails(c echo.Context) (*emailsPage, error) {
	prefs, err := estate.MailPrefsOf(c.Request().Context(), handlers.OrgOf(c).DB.Read(), handlers.IdentityOf(c).Person.ID)
	if err != nil {
		return nil, err
	}
	p := &emailsPage{}
	for _, k := range estate.MailKinds {
		p.Choices = append(p.Choices, emailChoice{k, prefs.Wants(k.Kind)})
	}
	return p, nil
}

func (s *handler) showEmails(c echo.Context, status int, p *emailsPage, block string) error {
	return s.Render(c, status, handlers.View{Page: "profile_emails", Title: "Emails we send you", Data: p, Block: block})
}

const emailsSaved = "Saved. We will send you only the emails ticked, and always the ones listed below."

func (s *handler) emailsPage(c echo.Context) error {
	p, err := s.loadEmails(c)
	if err != nil {
		return err
	}
	if c.QueryParam("done") == "saved" {
		p.Notice = emailsSaved
	}
	return s.showEmails(c, http.StatusOK, p, "")
}

// saveEmails turns on the ticked emails and off the rest, audited.
func (s *handler) saveEmails(c echo.Context) error {
	form, err := c.FormParams()
	if err != nil {
		return err
	}
	me := handlers.IdentityOf(c).Person
	err = s.WriteAudited(c, func(ctx context.Context, tx *sql.Tx) (string, string, string, error) {
		detail, err := estate.SetMailPrefs(ctx, tx, me.ID, form["email"], s.Now())
		return "person.email_preferences", me.PublicID, detail, err
	})
	if f, ok := handlers.FieldsOf(err); ok {
		p, lerr := s.loadEmails(c)
		if lerr != nil {
			return lerr
		}
		p.Error = f["emails"]
		return s.showEmails(c, http.StatusUnprocessableEntity, p, handlers.FormBlock(c, "emails-form"))
	}
	if err != nil {
		return err
	}
	return handlers.Done(c, emailsURL+"?done=saved", "emails-form", func() error {
		p, err := s.loadEmails(c)
		if err != nil {
			return err
		}
		p.Notice = emailsSaved
		return s.showEmails(c, http.StatusOK, p, "emails-form")
	})
}
