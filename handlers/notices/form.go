package notices

import (
	"slices"
	"time"

	"github.com/labstack/echo/v4"

	"porch/errs"
	"porch/files"
	"porch/handlers"
	"porch/notices"
)

// When a notice goes up, as the form's radio offers it.
const (
	whenDraft = "draft"
	whenNow   = "now"
	whenLater = "later"
)

// noticeForm is the notice form as typed, with its messages.
type noticeForm struct {
	Title, Body        string
	Sites              []string // site public ids ticked
	When               string
	PublishAt, Expires string // datetime-local values
	Pinned, EmailCopy  bool
	Attachment         notices.Attachment // the attachment the notice has now
	Kept               []handlers.KeptFile
	RemoveAttachment   bool
	Errors             errs.Fields
	siteIDs            map[string]int64 // public id → id of the sites offered
}

// formOf fills the form from a notice being edited.
func formOf(n notices.Notice, now time.Time) noticeForm {
	f := noticeForm{Title: n.Title, Body: n.Body, Pinned: n.Pinned, EmailCopy: n.EmailCopy, Attachment: n.Attachment,
		PublishAt: handlers.FormDateTime(n.PublishAt), Expires: handlers.FormDateTime(n.ExpiresAt), When: whenNow}
	if n.PublishAt.IsZero() {
		f.When = whenDraft
	} else if n.State(now) == notices.StateScheduled {
		f.When = whenLater
	}
	for _, s := range n.Sites {
		f.Sites = append(f.Sites, s.PublicID)
	}
	return f
}

// Ticked reports whether the site is ticked on the form.
func (f noticeForm) Ticked(publicID string) bool { return slices.Contains(f.Sites, publicID) }

// readForm reads the posted notice: its fields, and the attachment either
// uploaded now (stored at once) or carried from a refused post.
func (s *handler) readForm(c echo.Context, sites []notices.SiteSetting) (noticeForm, notices.Input, error) {
	up, err := s.ReadMultipart(c, "attachment", 1)
	if err != nil {
		return noticeForm{}, notices.Input{}, err
	}
	f := noticeForm{Title: c.FormValue("title"), Body: c.FormValue("body"), Sites: c.Request().Form["sites"],
		When: c.FormValue("when"), PublishAt: c.FormValue("publish_at"), Expires: c.FormValue("expires_at"),
		Pinned: c.FormValue("pinned") != "", EmailCopy: c.FormValue("email_copy") != "",
		RemoveAttachment: c.FormValue("remove_attachment") != "", Errors: errs.Fields{}}
	if up.Problem != "" {
		f.Errors.Add("attachment", up.Problem)
	}
	kept, problem, err := s.StoreUploads(c, up.Files)
	if err != nil {
		return noticeForm{}, notices.Input{}, err
	}
	if problem != "" {
		f.Errors.Add("attachment", problem)
	}
	f.Kept = append(s.KeptFiles(c, "kept_attachment"), kept...)
	if len(f.Kept) > 1 {
		f.Kept = f.Kept[len(f.Kept)-1:] // the newest choice wins
	}
	in := notices.Input{Title: f.Title, Body: f.Body, Pinned: f.Pinned, EmailCopy: f.EmailCopy, KeepAttachment: !f.RemoveAttachment}
	for _, pub := range f.Sites {
		i := slices.IndexFunc(sites, func(st notices.SiteSetting) bool { return st.PublicID == pub })
		if i < 0 {
			f.Errors.Add("sites", "Choose sites from the list.")
			continue
		}
		in.SiteIDs = append(in.SiteIDs, sites[i].ID)
	}
	switch f.When {
	case whenDraft:
	case whenNow:
		in.Publish = true
	case whenLater:
		in.Publish = true
		at, msg := handlers.ParseFormDateTime(f.PublishAt)
		switch {
		case msg != "":
			f.Errors.Add("publish_at", msg)
		case at.IsZero():
			f.Errors.Add("publish_at", "Enter when the notice goes up.")
		case !at.After(s.Now()):
			f.Errors.Add("publish_at", "Choose a time still to come, or publish it now.")
		}
		in.PublishAt = at
	default:
		f.Errors.Add("when", "Choose when the notice goes up.")
	}
	exp, msg := handlers.ParseFormDateTime(f.Expires)
	if msg != "" {
		f.Errors.Add("expires_at", msg)
	}
	in.ExpiresAt = exp
	if len(f.Kept) == 1 {
		in.Attachment = notices.Attachment{Ref: f.Kept[0].Ref, Name: f.Kept[0].Name}
	}
	return f, in, nil
}

// attachmentTypes is what the attachment field accepts.
const attachmentTypes = files.TypePDF + ",image/jpeg,image/png,image/webp"
