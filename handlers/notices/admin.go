package notices

import (
	"context"
	"database/sql"
	"fmt"
	"html/template"
	"net/http"

	"github.com/labstack/echo/v4"

	"porch/errs"
	"porch/handlers"
	"porch/notices"
)

const listURL = "/admin/notices"

// listPage is the manager's list of notices and each site's setting.
type listPage struct {
	Rows   []noticeRow
	Sites  []notices.SiteSetting
	Notice string
}

// noticeRow is a notice with where it stands now.
type noticeRow struct {
	notices.Notice
	State string
}

// StateLabel is the row's state in words.
func (r noticeRow) StateLabel() string { return stateLabel(r.State) }

func stateLabel(state string) string {
	switch state {
	case notices.StateDraft:
		return "Draft"
	case notices.StateScheduled:
		return "Scheduled"
	case notices.StateLive:
		return "Live"
	case notices.StateExpired:
		return "Ended"
	case notices.StateWithdrawn:
		return "Withdrawn"
	}
	return state
}

// doneNotice is the confirmation after a change, chosen by a key in the
// redirect so no free text travels in the URL.
func doneNotice(key string) string {
	return map[string]string{
		"draft":     "Draft saved. Residents do not see it until you publish it.",
		"live":      "Notice published. Residents of its sites see it now.",
		"emailed":   "Notice published, and a copy is on its way by email to the residents of its sites.",
		"scheduled": "Notice scheduled. It goes up at the time you chose.",
		"withdrawn": "Notice withdrawn. Residents no longer see it; your copy is kept here.",
	}[key]
}

func (s *handler) listPage(c echo.Context) error {
	p, err := s.loadList(c)
	if err != nil {
		return err
	}
	p.Notice = doneNotice(c.QueryParam("done"))
	return s.Render(c, http.StatusOK, handlers.View{Page: "admin_notices", Title: "Notices", Data: p, Wide: true})
}

func (s *handler) loadList(c echo.Context) (*listPage, error) {
	ctx, q := c.Request().Context(), handlers.OrgOf(c).DB.Read()
	ns, err := notices.List(ctx, q)
	if err != nil {
		return nil, err
	}
	p := &listPage{}
	now := s.Now()
	for _, n := range ns {
		p.Rows = append(p.Rows, noticeRow{n, n.State(now)})
	}
	if p.Sites, err = notices.SiteSettings(ctx, q); err != nil {
		return nil, err
	}
	return p, nil
}

// formPage is the form to write or edit a notice.
type formPage struct {
	Notice  *notices.Notice // nil for a new one
	State   string
	Form    noticeForm
	Sites   []notices.SiteSetting
	Preview template.HTML
	Accept  string
}

// Action is where the form posts.
func (p *formPage) Action() string {
	if p.Notice == nil {
		return listURL
	}
	return listURL + "/" + p.Notice.PublicID
}

// StateLabel is the edited notice's state in words.
func (p *formPage) StateLabel() string { return stateLabel(p.State) }

func (s *handler) showForm(c echo.Context, status int, p *formPage) error {
	title := "New notice"
	if p.Notice != nil {
		title = p.Notice.Title
	}
	p.Accept = attachmentTypes
	return s.Render(c, status, handlers.View{Page: "admin_notice", Title: title, Data: p, Wide: true,
		Block: handlers.FormBlock(c, "notice-form")})
}

func (s *handler) newPage(c echo.Context) error {
	sites, err := notices.SiteSettings(c.Request().Context(), handlers.OrgOf(c).DB.Read())
	if err != nil {
		return err
	}
	f := noticeForm{When: whenNow}
	if len(sites) == 1 {
		f.Sites = []string{sites[0].PublicID}
	}
	return s.showForm(c, http.StatusOK, &formPage{Form: f, Sites: sites})
}

func (s *handler) editPage(c echo.Context) error {
	ctx, q := c.Request().Context(), handlers.OrgOf(c).DB.Read()
	n, err := notices.Get(ctx, q, c.Param("id"))
	if err != nil {
		return err
	}
	sites, err := notices.SiteSettings(ctx, q)
	if err != nil {
		return err
	}
	return s.showForm(c, http.StatusOK, &formPage{Notice: &n, State: n.State(s.Now()), Form: formOf(n, s.Now()), Sites: sites,
		Preview: n.HTML()})
}

// preview renders the body as residents will read it.
func (s *handler) preview(c echo.Context) error {
	p := &formPage{Preview: notices.Render(c.FormValue("body"))}
	return s.Render(c, http.StatusOK, handlers.View{Page: "admin_notice", Title: "Preview", Data: p, Block: "notice-preview"})
}

func (s *handler) create(c echo.Context) error { return s.save(c, nil) }

func (s *handler) update(c echo.Context) error {
	n, err := notices.Get(c.Request().Context(), handlers.OrgOf(c).DB.Read(), c.Param("id"))
	if err != nil {
		return err
	}
	return s.save(c, &n)
}

// save creates or updates a notice from the form, queues its email copies
// if it went up now and asked for them, and asks the jobs to send them
// later if it is scheduled. A refusal shows the form again with its
// messages, the attachment kept.
func (s *handler) save(c echo.Context, old *notices.Notice) error {
	ctx := c.Request().Context()
	sites, err := notices.SiteSettings(ctx, handlers.OrgOf(c).DB.Read())
	if err != nil {
		return err
	}
	f, in, err := s.readForm(c, sites)
	if err != nil {
		return err
	}
	refuse := func(fields errs.Fields) error {
		f.Errors = fields
		p := &formPage{Notice: old, Form: f, Sites: sites, Preview: notices.Render(f.Body)}
		if old != nil {
			p.State = old.State(s.Now())
			p.Form.Attachment = old.Attachment
		}
		return s.showForm(c, http.StatusUnprocessableEntity, p)
	}
	if len(f.Errors) > 0 {
		handlers.AddChecks(f.Errors, in.Check(ctx, handlers.OrgOf(c).DB.Read(), s.Now()))
		return refuse(f.Errors)
	}
	var saved notices.Notice
	copies := 0
	err = s.WriteAudited(c, func(ctx context.Context, tx *sql.Tx) (string, string, string, error) {
		var err error
		action := "notice.created"
		if old == nil {
			saved, err = notices.Create(ctx, tx, s.Now(), handlers.IdentityOf(c).Person.ID, in)
		} else {
			action = "notice.updated"
			saved, err = notices.Update(ctx, tx, s.Now(), old.PublicID, in)
		}
		if err != nil {
			return "", "", "", err
		}
		if copies, err = s.SendNoticeCopies(ctx, c, tx); err != nil {
			return "", "", "", err
		}
		return action, saved.PublicID, fmt.Sprintf("%q to %s, %s", saved.Title, saved.SiteNames(), stateLabel(saved.State(s.Now()))), nil
	})
	if fields, ok := handlers.FieldsOf(err); ok {
		return refuse(fields)
	}
	if err != nil {
		return err
	}
	if copies > 0 {
		s.KickMail()
	}
	key := saved.State(s.Now())
	switch {
	case key == notices.StateScheduled && saved.EmailCopy:
		s.ScheduleCopies(c, saved.PublishAt)
	case copies > 0:
		key = "emailed"
	case key != notices.StateDraft && key != notices.StateScheduled:
		key = "live"
	}
	return handlers.Redirect(c, listURL+"?done="+key)
}

// withdraw takes a notice off residents' pages.
func (s *handler) withdraw(c echo.Context) error {
	err := s.WriteAudited(c, func(ctx context.Context, tx *sql.Tx) (string, string, string, error) {
		n, err := notices.Withdraw(ctx, tx, s.Now(), c.Param("id"))
		return "notice.withdrawn", c.Param("id"), fmt.Sprintf("%q withdrawn", n.Title), err
	})
	if err != nil {
		return err
	}
	return handlers.Redirect(c, listURL+"?done=withdrawn")
}

// staffAttachment sends a notice's attachment to staff.
func (s *handler) staffAttachment(c echo.Context) error {
	n, err := notices.Get(c.Request().Context(), handlers.OrgOf(c).DB.Read(), c.Param("id"))
	if err != nil {
		return err
	}
	return s.sendAttachment(c, n)
}

// sendAttachment answers with the notice's file from the store.
func (s *handler) sendAttachment(c echo.Context, n notices.Notice) error {
	if n.Attachment.Hash == "" {
		return errs.E(errs.NotFound, "This notice has no file.")
	}
	b, err := s.Files.Get(c.Request().Context(), handlers.OrgOf(c).DB, n.Attachment.Hash)
	if err != nil {
		return err
	}
	return handlers.SendFile(c, b, n.Attachment.Name)
}
