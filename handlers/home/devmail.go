package home

import (
	"net/http"

	"github.com/labstack/echo/v4"

	"porch/handlers"
	"porch/mail"
)

type devMailPage struct {
	Messages []mail.DevMessage
}

// devMailList lists the mail this organisation wrote to files. Only routed
// in development mode.
func (s *handler) devMailList(c echo.Context) error {
	msgs, err := mail.ListFiles(s.MailDir, handlers.OrgOf(c).Slug)
	if err != nil {
		return err
	}
	return s.Render(c, http.StatusOK, handlers.View{Page: "dev_mail", Title: "Sent mail", Data: devMailPage{Messages: msgs}})
}

func (s *handler) devMailMessage(c echo.Context) error {
	msg, err := mail.ReadFile(s.MailDir, handlers.OrgOf(c).Slug, c.Param("name"))
	if err != nil {
		return err
	}
	return s.Render(c, http.StatusOK, handlers.View{Page: "dev_mail_message", Title: msg.Subject, Data: msg})
}
