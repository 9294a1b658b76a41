package documents

import (
	"context"
	"database/sql"

	"github.com/labstack/echo/v4"

	"porch/documents"
	"porch/estate"
	"porch/handlers"
	"porch/mail"
)

// maxAttached is the largest document sent with its alert; a larger one
// is linked to instead.
const maxAttached = 5 << 20

// documentMail is the page data of a document's alert.
type documentMail struct {
	Name, Title, Where, Site, URL string
	File                          string // the attached file's name; empty when only linked
}

// alert emails, inside tx, each person who may see the document now and
// has not had its alert, once each (documents.MarkAlerted), with the file
// attached when it is small enough and a link to it otherwise. A document
// waiting for release or removed alerts nobody. It returns how many
// emails it queued; call KickMail after the commit.
func (s *handler) alert(ctx context.Context, c echo.Context, tx *sql.Tx, d documents.Document) (int, error) {
	rs, err := documents.Recipients(ctx, tx, d.ID, estate.UKDate(s.Now()))
	if err != nil || len(rs) == 0 {
		return 0, err
	}
	page := documentMail{Title: d.Title, Where: d.Where(), Site: d.SiteName, URL: s.OrgURL(c) + "/documents"}
	var atts []mail.Attachment
	if d.Current.Size <= maxAttached {
		b, err := s.Files.Get(ctx, handlers.OrgOf(c).DB, d.Current.Hash)
		if err != nil {
			return 0, err
		}
		name := handlers.FileName(d.Current.Name, b.Type)
		atts = []mail.Attachment{{Filename: name, ContentType: b.Type, Data: b.Data}}
		page.File = name
	}
	sent := 0
	for _, r := range rs {
		ok, err := documents.MarkAlerted(ctx, tx, d.ID, r.PersonID, s.Now())
		if err != nil {
			return sent, err
		}
		if !ok {
			continue
		}
		page.Name = r.Name
		if err := s.QueueMail(ctx, c, tx, "document", r.Email, r.Name, page, atts...); err != nil {
			return sent, err
		}
		sent++
	}
	return sent, nil
}
