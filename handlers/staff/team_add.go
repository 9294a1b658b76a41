package staff

import (
	"context"
	"database/sql"
	"net/http"
	"slices"
	"strings"

	"github.com/labstack/echo/v4"

	"porch/auth"
	"porch/errs"
	"porch/estate"
	"porch/handlers"
)

// addMember adds a member of staff from the form: the person with that
// email if there is one (and they are not staff already), else a new
// person, with the role chosen, then emails them an invitation. A refusal
// re-renders the form with the messages next to its fields (422).
func (s *handler) addMember(c echo.Context) error {
	f := teamForm{FullName: c.FormValue("full_name"), Email: strings.TrimSpace(c.FormValue("email")), Role: c.FormValue("role")}
	actor := handlers.IdentityOf(c)
	if slices.Contains(estate.StaffRoles, f.Role) && !auth.MayManage(actor.Scope.StaffRole, f.Role) {
		s.Deny(c, "may not give the role "+f.Role)
		return outranked()
	}
	err := s.WriteAudited(c, func(ctx context.Context, tx *sql.Tx) (string, string, string, error) {
		p, err := s.memberToAdd(ctx, tx, f)
		if err != nil {
			return "", "", "", err
		}
		if err := estate.AddStaff(ctx, tx, p.ID, f.Role, s.Now()); err != nil {
			return "", "", "", err
		}
		if err := s.SendInvitation(ctx, c, tx, actor.Person.ID, p); err != nil {
			return "", "", "", err
		}
		return "staff.added", p.PublicID, roleLabels("", f.Role) + "; invitation sent to " + p.Email, nil
	})
	if fields, ok := handlers.FieldsOf(err); ok {
		p, lerr := s.loadTeam(c)
		if lerr != nil {
			return lerr
		}
		f.Errors = handlers.MapFields(fields, teamFields)
		p.Add = f
		p.Error = f.Errors["form"]
		return s.showTeam(c, http.StatusUnprocessableEntity, p, handlers.FormBlock(c, "team-screen"))
	}
	if err != nil {
		return err
	}
	s.KickMail()
	return s.teamAnswer(c, "added", "", nil)
}

// memberToAdd is the person the add form names, inside tx: whoever has
// the email already, with their portal access turned on, or a new person.
// Every refusal comes back at once, on the form's fields.
func (s *handler) memberToAdd(ctx context.Context, tx *sql.Tx, f teamForm) (estate.Person, error) {
	fields := errs.Fields{}
	if !slices.Contains(estate.StaffRoles, f.Role) {
		fields.Add("role", "Choose the role they will have.")
	}
	if f.Email == "" {
		fields.Add("email", "Enter their email address: staff sign in with it, and the invitation is sent to it.")
		if strings.TrimSpace(f.FullName) == "" {
			fields.Add("full_name", "Enter their full name.")
		}
		return estate.Person{}, fields.Err()
	}
	p, err := estate.FindPersonByEmail(ctx, tx, f.Email)
	switch {
	case errs.Is(err, errs.NotFound):
		// A refused role still lets the name and email be checked, so
		// every message shows at once; the transaction is rolled back.
		np, cerr := estate.CreatePerson(ctx, tx, estate.PersonInput{FullName: f.FullName, Email: f.Email, PortalEnabled: true}, s.Now())
		if more, ok := handlers.FieldsOf(cerr); ok {
			for k, v := range more {
				fields.Add(k, v)
			}
		} else if cerr != nil {
			return np, cerr
		}
		return np, fields.Err()
	case err != nil:
		return p, err
	}
	if _, err := estate.StaffRole(ctx, tx, p.ID); err == nil {
		fields.Add("email", p.FullName+" is already on the team.")
	} else if !errs.Is(err, errs.NotFound) {
		return p, err
	}
	if p.Archived() {
		fields.Add("email", p.FullName+"'s record is archived. Restore it on their page under People first.")
	}
	if err := fields.Err(); err != nil {
		return p, err
	}
	if !p.PortalEnabled {
		if err := estate.SetPortalEnabled(ctx, tx, p.ID, true, s.Now()); err != nil {
			return p, err
		}
		p.PortalEnabled = true
	}
	return p, nil
}
