package handlers

import (
	"context"
	"database/sql"

	"github.com/labstack/echo/v4"

	"porch/mail"
	"porch/views"
)

// orgURL is the address of the organisation's portal as the person reached
// it: the host was already resolved to this org, so it is safe to use in
// links.
func (s *Kit) OrgURL(c echo.Context) string {
	scheme := "http"
	if s.TLSProxy || c.Request().TLS != nil {
		scheme = "https"
	}
	return scheme + "://" + c.Request().Host
}

// queueMail renders a branded email and puts it in the organisation's
// outbox inside tx, so it is sent if and only if tx commits. Files
// attached, such as a receipt's PDF, are stored with the message. Call
// s.kickMail after the commit to send it at once.
func (s *Kit) QueueMail(ctx context.Context, c echo.Context, tx *sql.Tx, template, to, toName string, page any, atts ...mail.Attachment) error {
	o := OrgOf(c)
	em, err := s.Views.Email(template, views.EmailData{Org: &o.Settings, Theme: views.ThemeFor(o.Settings.PrimaryColour),
		OrgURL: s.OrgURL(c), Page: page})
	if err != nil {
		return err
	}
	_, err = mail.Enqueue(ctx, s.Tenants.Catalog(), o.Slug, tx, s.Now(), mail.Message{To: to, ToName: toName,
		Subject: em.Subject, Text: em.Text, HTML: em.HTML, Attachments: atts})
	return err
}

// kickMail asks the sender to deliver now rather than at its next poll.
func (s *Kit) KickMail() {
	if s.MailKick != nil {
		s.MailKick()
	}
}
