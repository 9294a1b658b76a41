package staff

import (
	"database/sql"
	"fmt"
	"net/http"

	"github.com/labstack/echo/v4"

	"porch/auth"
	"porch/errs"
	"porch/handlers"
)

// adminTestWelcomeEmail sends the invitation email, with the welcome
// email as typed in the editor, to the signed-in member of staff's own
// address through the outbox. Its link is a sample that signs nobody in.
func (s *handler) adminTestWelcomeEmail(c echo.Context) error {
	w := welcomeForm(c)
	if err := w.Validate(); err != nil {
		if de, ok := errs.As(err); ok && de.Code == errs.Invalid {
			return s.showWelcome(c, http.StatusUnprocessableEntity, welcomePage{Form: w, Errors: de.Fields})
		}
		return err
	}
	me := handlers.IdentityOf(c).Person
	if me.Email == "" {
		return handlers.Refuse("Your own record has no email address to send the test to.")
	}
	ctx := c.Request().Context()
	err := handlers.OrgOf(c).DB.Write(ctx, func(tx *sql.Tx) error {
		return s.QueueWelcome(ctx, c, tx, w, me, s.OrgURL(c)+sampleInvite, s.Now().Add(auth.InviteTTL))
	})
	if err != nil {
		return err
	}
	s.KickMail()
	return s.showWelcome(c, http.StatusOK, welcomePage{Form: w,
		Notice: fmt.Sprintf("A test email is on its way to %s, with the subject and text as they are in the editor. Its link is a sample: it signs nobody in.", me.Email)})
}
