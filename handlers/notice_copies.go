package handlers

import (
	"context"
	"database/sql"
	"html/template"
	"time"

	"github.com/labstack/echo/v4"

	"porch/estate"
	"porch/notices"
	"porch/tenants"
)

// noticeMail is the page data of a notice's email copy.
type noticeMail struct {
	Name, Title, Text, URL string
	Body                   template.HTML // the Markdown rendered and sanitised
	Attachment             string        // the attached file's name, opened from the portal
}

// sendNoticeCopies queues the email copies of every notice live at now
// whose copies were asked for and have not gone: one to each person
// linked to its sites today, in tx, marking the notice so they go once.
// It returns how many emails it queued.
func (m *orgMail) sendNoticeCopies(ctx context.Context, tx *sql.Tx, now time.Time) (int, error) {
	due, err := notices.DueCopies(ctx, tx, now)
	if err != nil {
		return 0, err
	}
	sent := 0
	for _, n := range due {
		if ok, err := notices.MarkEmailed(ctx, tx, n.ID, now); err != nil || !ok {
			if err != nil {
				return sent, err
			}
			continue
		}
		rs, err := notices.Recipients(ctx, tx, n.ID, estate.UKDate(now))
		if err != nil {
			return sent, err
		}
		page := noticeMail{Title: n.Title, Text: n.Body, Body: n.HTML(), URL: m.url + "/notices/" + n.PublicID,
			Attachment: n.Attachment.Name}
		for _, r := range rs {
			page.Name = r.Name
			if _, err := m.queue(ctx, tx, "notice", r.Email, r.Name, page); err != nil {
				return sent, err
			}
			sent++
		}
	}
	return sent, nil
}

// SendNoticeCopies queues, inside tx, the email copies of the notices
// that went up by now (see sendNoticeCopies), for a screen that has just
// published one. Call KickMail after the commit.
func (s *Kit) SendNoticeCopies(ctx context.Context, c echo.Context, tx *sql.Tx) (int, error) {
	return (&orgMail{kit: s, org: OrgOf(c), url: s.OrgURL(c)}).sendNoticeCopies(ctx, tx, s.Now())
}

// ScheduleCopies asks the jobs to send the copies of a notice going up at
// a later time, at that time.
func (s *Kit) ScheduleCopies(c echo.Context, at time.Time) {
	if s.Wake != nil {
		s.Wake(OrgOf(c).Slug, at)
	}
}

// NoticeCopier is the jobs' timed step that sends one organisation's
// notice copies due at now, and says when the next are due. orgURL is the
// organisation's address, for the links in the copies.
func NoticeCopier(cfg Config, orgURL func(slug string) string) func(ctx context.Context, slug string, db *tenants.DB, now time.Time) (time.Time, error) {
	mailer := jobMail(cfg, orgURL)
	return func(ctx context.Context, slug string, db *tenants.DB, now time.Time) (time.Time, error) {
		m, err := mailer(ctx, slug, db)
		if err != nil {
			return time.Time{}, err
		}
		sent := 0
		if err := db.Write(ctx, func(tx *sql.Tx) error {
			sent, err = m.sendNoticeCopies(ctx, tx, now)
			return err
		}); err != nil {
			return time.Time{}, err
		}
		if sent > 0 && cfg.MailKick != nil {
			cfg.MailKick()
		}
		return notices.NextCopyAt(ctx, db.Read(), now)
	}
}
