package handlers

import (
	"context"
	"database/sql"

	"github.com/labstack/echo/v4"

	"porch/mail"
)

// OrgURL is the address of the organisation's portal, for links in mail,
// documents and pages: built from the configuration (PortalURL), never
// from the request's Host header, which the client chooses.
func (s *Kit) OrgURL(c echo.Context) string { return s.PortalURL(OrgOf(c).Slug) }

// QueueMail renders a branded email and puts it in the organisation's
// outbox inside tx, so it is sent if and only if tx commits. Files
// attached, such as a receipt's PDF, are stored with the message. Call
// s.KickMail after the commit to send it at once.
func (s *Kit) QueueMail(ctx context.Context, c echo.Context, tx *sql.Tx, template, to, toName string, page any, atts ...mail.Attachment) error {
	return (&orgMail{kit: s, org: OrgOf(c), url: s.OrgURL(c)}).Queue(ctx, tx, template, to, toName, page, atts...)
}

// KickMail asks the sender to deliver now rather than at its next poll.
func (s *Kit) KickMail() {
	if s.MailKick != nil {
		s.MailKick()
	}
}
