package contacts

import (
	"context"
	"database/sql"
	"net/http"
	"strings"

	"github.com/labstack/echo/v4"

	"porch/auth"
	"porch/contacts"
	"porch/errs"
	"porch/estate"
	"porch/handlers"
)

// changeRow is a waiting change on the queue, with what the signed-in
// member of staff may do with it.
type changeRow struct {
	contacts.Change
	Self       bool   // the change is the signed-in member of staff's own
	Manageable bool   // their rank lets them decide it
	Reason     string // the reason typed, kept when refused
	Error      string // why deciding it was refused
	ReasonErr  string // the reason field's message
}

// RowID is the id of the change's row.
func (r changeRow) RowID() string { return "change-" + r.PublicID }

// Decidable reports whether the signed-in member of staff may decide the
// change: not their own, and someone their rank may manage.
func (r changeRow) Decidable() bool { return r.Manageable && !r.Self }

type queuePage struct {
	Rows        []changeRow
	CanSetRules bool
	Notice      string
}

// queueNotice is the confirmation after a decision, by the key in the
// redirect.
func queueNotice(key string) string {
	switch key {
	case "approved":
		return "Approved and saved. We have emailed them."
	case "approved_moved":
		return "Approved and saved over the detail as it stood, which had changed since they asked. We have emailed them."
	case "rejected":
		return "Rejected. We have emailed them the reason."
	}
	return ""
}

// loadQueue reads the waiting changes for the signed-in member of staff.
func (s *handler) loadQueue(c echo.Context) (*queuePage, error) {
	list, err := contacts.Waiting(c.Request().Context(), handlers.OrgOf(c).DB.Read())
	if err != nil {
		return nil, err
	}
	actor := handlers.IdentityOf(c)
	p := &queuePage{CanSetRules: auth.Allows(actor.Scope.StaffRole, auth.ConfigurePortal)}
	for _, ch := range list {
		p.Rows = append(p.Rows, changeRow{Change: ch, Self: ch.PersonID == actor.Person.ID,
			Manageable: auth.MayManage(actor.Scope.StaffRole, ch.StaffRole)})
	}
	return p, nil
}

func (p *queuePage) row(publicID string) *changeRow {
	for i := range p.Rows {
		if p.Rows[i].PublicID == publicID {
			return &p.Rows[i]
		}
	}
	return nil
}

func (s *handler) showQueue(c echo.Context, status int, p *queuePage, block string) error {
	return s.Render(c, status, handlers.View{Page: "admin_contact_changes", Title: "Changes to contact details",
		Data: p, Wide: true, Block: block})
}

// queuePage lists the changes waiting for the office, oldest first.
func (s *handler) queuePage(c echo.Context) error {
	p, err := s.loadQueue(c)
	if err != nil {
		return err
	}
	p.Notice = queueNotice(c.QueryParam("done"))
	return s.showQueue(c, http.StatusOK, p, "")
}

// changeMail is the page data of the contact_change_approved and
// contact_change_rejected emails.
type changeMail struct {
	Name   string // the person's first name
	Field  string // "correspondence address", as in a sentence
	Old    string
	New    string
	Reason string // why it was rejected
	Link   string // their profile
}

// decide runs a decision on the change of the path in one transaction
// with its audit entry and the email that tells the person, for a member
// of staff whose rank lets them change the person's details.
func (s *handler) decide(c echo.Context, action, template string, do func(ctx context.Context, tx *sql.Tx, actor *handlers.Identity) (contacts.Decision, string, error)) (contacts.Decision, error) {
	actor := handlers.IdentityOf(c)
	var d contacts.Decision
	err := s.WriteAudited(c, func(ctx context.Context, tx *sql.Tx) (string, string, string, error) {
		ch, err := contacts.GetWaiting(ctx, tx, c.Param("id"))
		if err != nil {
			return "", "", "", err
		}
		if !auth.MayManage(actor.Scope.StaffRole, ch.StaffRole) {
			return "", "", "", errs.E(errs.Forbidden, auth.ManageStaff.Refusal())
		}
		var reason string
		if d, reason, err = do(ctx, tx, actor); err != nil {
			return "", "", "", err
		}
		if d.Person.Email != "" {
			if err := s.QueueMail(ctx, c, tx, template, d.Person.Email, d.Person.DisplayName(), changeMail{
				Name: handlers.FirstName(d.Person), Field: strings.ToLower(d.Label()), Old: d.OldLabel(), New: d.NewLabel(), Reason: reason,
				Link: s.OrgURL(c) + "/profile#profile-details",
			}); err != nil {
				return "", "", "", err
			}
		}
		detail := estate.Changes{{Field: d.Field, Old: d.Old, New: d.New}}.String()
		if reason != "" {
			detail += "; reason: " + reason
		}
		return action, d.PersonPublicID, detail, nil
	})
	if errs.Is(err, errs.Forbidden) {
		s.Deny(c, "may not decide the contact change "+c.Param("id"))
	}
	if err == nil {
		s.KickMail()
	}
	return d, err
}

// approve applies a waiting change and emails the person.
func (s *handler) approve(c echo.Context) error {
	d, err := s.decide(c, "contact.change_approved", "contact_change_approved",
		func(ctx context.Context, tx *sql.Tx, actor *handlers.Identity) (contacts.Decision, string, error) {
			d, err := contacts.Approve(ctx, tx, c.Param("id"), actor.Person.ID, s.Now())
			return d, "", err
		})
	key := "approved"
	if d.Moved() {
		key = "approved_moved"
	}
	return s.answer(c, key, "", err)
}

// reject closes a waiting change with a reason, which the person is
// emailed.
func (s *handler) reject(c echo.Context) error {
	reason := c.FormValue("reason")
	_, err := s.decide(c, "contact.change_rejected", "contact_change_rejected",
		func(ctx context.Context, tx *sql.Tx, actor *handlers.Identity) (contacts.Decision, string, error) {
			d, err := contacts.Reject(ctx, tx, c.Param("id"), actor.Person.ID, reason, s.Now())
			return d, reason, err
		})
	return s.answer(c, "rejected", reason, err)
}

// answer shows the queue after a decision: with the notice when it
// worked (a redirect for a plain post), or with the refusal on the
// change's row (422).
func (s *handler) answer(c echo.Context, key, reason string, err error) error {
	refused, isRefusal := errs.As(err)
	if err != nil && (!isRefusal || refused.Code != errs.Invalid) {
		return err
	}
	if err == nil {
		return handlers.Done(c, queueURL+"?done="+key, "changes-screen", func() error {
			p, err := s.loadQueue(c)
			if err != nil {
				return err
			}
			p.Notice = queueNotice(key)
			return s.showQueue(c, http.StatusOK, p, "changes-screen")
		})
	}
	p, lerr := s.loadQueue(c)
	if lerr != nil {
		return lerr
	}
	row := p.row(c.Param("id"))
	if row == nil {
		return err
	}
	row.Reason = reason
	if msg := refused.Fields["reason"]; msg != "" {
		row.ReasonErr = msg
	} else {
		row.Error = refused.Message
	}
	if handlers.HX(c).Swaps() == row.RowID() {
		return s.Render(c, http.StatusUnprocessableEntity, handlers.View{Page: "admin_contact_changes",
			Title: "Changes to contact details", Data: *row, Wide: true, Block: "change-row"})
	}
	return s.showQueue(c, http.StatusUnprocessableEntity, p, handlers.FormBlock(c, "changes-screen"))
}
