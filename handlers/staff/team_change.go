package staff

import (
	"context"
	"database/sql"
	"fmt"
	"net/http"
	"slices"
	"strings"

	"github.com/labstack/echo/v4"

	"porch/auth"
	"porch/errs"
	"porch/estate"
	"porch/handlers"
)

// outranked refuses (403) a change the actor's rank does not allow: to a
// member above them, or giving a role above their own. The refusal is
// audited once the transaction is over.
func outranked() error { return errs.E(errs.Forbidden, auth.ManageStaff.Refusal()) }

// roleLabels is the audit detail of a change of role, old → new.
func roleLabels(old, role string) string {
	label := func(r string) string {
		if r == "" {
			return "not staff"
		}
		return auth.RoleLabel(r)
	}
	return label(old) + " → " + label(role)
}

// changeRole gives the member of the path the role of the form. htmx
// swaps the member's row with the answer; a plain post is sent back to
// the screen.
func (s *handler) changeRole(c echo.Context) error {
	ctx := c.Request().Context()
	role := c.FormValue("role")
	member, err := estate.GetPerson(ctx, handlers.OrgOf(c).DB.Read(), c.Param("id"))
	if err != nil {
		return err
	}
	if cur, err := estate.StaffRole(ctx, handlers.OrgOf(c).DB.Read(), member.ID); err != nil {
		return err
	} else if cur == role {
		return s.teamAnswer(c, "unchanged", member.PublicID, nil)
	}
	actor := handlers.IdentityOf(c)
	err = s.WriteAudited(c, func(ctx context.Context, tx *sql.Tx) (string, string, string, error) {
		old, err := estate.StaffRole(ctx, tx, member.ID)
		if err != nil {
			return "", "", "", err
		}
		// An unknown role is left to ChangeStaffRole, to refuse on its field.
		if !auth.MayManage(actor.Scope.StaffRole, old) || slices.Contains(estate.StaffRoles, role) && !auth.MayManage(actor.Scope.StaffRole, role) {
			return "", "", "", outranked()
		}
		if _, err := estate.ChangeStaffRole(ctx, tx, member.ID, role); err != nil {
			return "", "", "", err
		}
		return "staff.role_changed", member.PublicID, roleLabels(old, role), nil
	})
	return s.teamAnswer(c, "role", member.PublicID, err)
}

// removeMember takes the member of the path off the team: their record
// stays, they lose staff access and are signed out everywhere, and any
// invitation not yet accepted stops working.
func (s *handler) removeMember(c echo.Context) error {
	ctx := c.Request().Context()
	member, err := estate.GetPerson(ctx, handlers.OrgOf(c).DB.Read(), c.Param("id"))
	if err != nil {
		return err
	}
	actor := handlers.IdentityOf(c)
	err = s.WriteAudited(c, func(ctx context.Context, tx *sql.Tx) (string, string, string, error) {
		old, err := estate.StaffRole(ctx, tx, member.ID)
		if err != nil {
			return "", "", "", err
		}
		if !auth.MayManage(actor.Scope.StaffRole, old) {
			return "", "", "", outranked()
		}
		if member.ID == actor.Person.ID {
			return "", "", "", handlers.Refuse("You cannot remove yourself from the team. Ask another administrator if it must be done.")
		}
		if _, err := estate.RemoveStaff(ctx, tx, member.ID); err != nil {
			return "", "", "", err
		}
		n, err := auth.RevokeAllDevices(ctx, tx, s.Now(), member.ID)
		if err != nil {
			return "", "", "", err
		}
		if err := estate.WithdrawInvitations(ctx, tx, member.ID, s.Now()); err != nil {
			return "", "", "", err
		}
		return "staff.removed", member.PublicID, fmt.Sprintf("%s; %d %s signed out", roleLabels(old, ""),
			n, handlers.Plural(n, "device", "devices")), nil
	})
	return s.teamAnswer(c, "removed", member.PublicID, err)
}

// teamAnswer answers a change to the member id: a refusal by rank is a
// 403, audited; any other refusal is shown on the member's row (422).
// htmx aimed at the row gets the row back; otherwise a success goes back
// to the screen (Done) and a refusal re-renders it.
func (s *handler) teamAnswer(c echo.Context, key, id string, err error) error {
	refused, isRefusal := errs.As(err)
	if isRefusal && refused.Code == errs.Forbidden {
		s.Deny(c, "may not change the team membership of "+id)
	}
	if err != nil && (!isRefusal || refused.Code != errs.Invalid && refused.Code != errs.Conflict) {
		return err
	}
	if err == nil && handlers.HX(c).Swaps() != "member-"+id {
		return handlers.Done(c, teamURL+"?done="+key, "team-screen", func() error {
			p, err := s.loadTeam(c)
			if err != nil {
				return err
			}
			p.Notice = teamNotice(key)
			return s.showTeam(c, http.StatusOK, p, "team-screen")
		})
	}
	p, lerr := s.loadTeam(c)
	if lerr != nil {
		return lerr
	}
	status := http.StatusOK
	row := p.row(id)
	switch {
	case err != nil && row != nil:
		status, row.Error = http.StatusUnprocessableEntity, errorText(refused)
	case err != nil:
		status, p.Error = http.StatusUnprocessableEntity, errorText(refused)
	case row != nil:
		row.Notice = "Role changed to " + row.RoleLabel() + "."
		if key != "role" {
			row.Notice = teamNotice(key)
		}
	}
	if row != nil && handlers.HX(c).Swaps() == row.RowID() {
		return s.Render(c, status, handlers.View{Page: "admin_team", Title: "Team", Data: *row, Wide: true, Block: "team-row"})
	}
	return s.showTeam(c, status, p, handlers.FormBlock(c, "team-screen"))
}

// errorText is a refusal as one sentence: its message, or its field
// messages when it has them.
func errorText(e *errs.Error) string {
	if len(e.Fields) == 0 {
		return e.Message
	}
	msgs := make([]string, 0, len(e.Fields))
	for _, m := range e.Fields {
		msgs = append(msgs, m)
	}
	return strings.Join(msgs, " ")
}
