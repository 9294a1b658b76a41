package handlers

import (
	"net/http"

	"github.com/labstack/echo/v4"

	"porch/mail"
)

type devMailPage struct {
	Messages []mail.DevMessage
}

// devMailList lists the mail this organisation wrote to files. Only routed
// in development mode.
func (s *Kit) devMailList(c echo.Context) error {
	msgs, err := mail.ListFiles(s.MailDir, OrgOf(c).Slug)
	if err != nil {
		return err
	}
	return s.Render(c, http.StatusOK, "dev_mail", "Sent mail", devMailPage{Messages: msgs})
}

func (s *Kit) devMailMessage(c echo.Context) error {
	msg, err := mail.ReadFile(s.MailDir, OrgOf(c).Slug, c.Param("name"))
	if err != nil {
		return err
	}
	return s.Render(c, http.StatusOK, "dev_mail_message", msg.Subject, msg)
}
