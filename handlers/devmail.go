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
func (s *server) devMailList(c echo.Context) error {
	msgs, err := mail.ListFiles(s.MailDir, orgOf(c).Slug)
	if err != nil {
		return err
	}
	return s.render(c, http.StatusOK, "dev_mail", "Sent mail", devMailPage{Messages: msgs})
}

func (s *server) devMailMessage(c echo.Context) error {
	msg, err := mail.ReadFile(s.MailDir, orgOf(c).Slug, c.Param("name"))
	if err != nil {
		return err
	}
	return s.render(c, http.StatusOK, "dev_mail_message", msg.Subject, msg)
}
