package properties

import (
	"context"
	"database/sql"

	"github.com/labstack/echo/v4"

	"porch/errs"
	"porch/estate"
	"porch/handlers"
	"porch/owners"
)

// linkForm links a member of staff to the property, as typed.
type linkForm struct {
	Person, Role string
	Errors       errs.Fields
}

// staffMember reads the person a form names by public id; a zero person
// when there is none, for the domain to refuse on the field "person".
func staffMember(c echo.Context, publicID string) (estate.Person, error) {
	p, err := estate.GetPerson(c.Request().Context(), handlers.OrgOf(c).DB.Read(), publicID)
	if errs.Is(err, errs.NotFound) {
		return estate.Person{}, nil
	}
	return p, err
}

// linkStaff links the member of staff of the form to the property in the
// role of the form; linking someone already linked makes them the latest.
func (s *handler) linkStaff(c echo.Context) error {
	u, err := unitOf(c)
	if err != nil {
		return err
	}
	form := linkForm{Person: c.FormValue("person"), Role: c.FormValue("role")}
	member, err := staffMember(c, form.Person)
	if err != nil {
		return err
	}
	err = s.WriteAudited(c, func(ctx context.Context, tx *sql.Tx) (string, string, string, error) {
		again, err := owners.LinkStaff(ctx, tx, s.Now(), u.ID, member.ID, form.Role)
		if err != nil {
			return "", "", "", err
		}
		detail := member.FullName + " as " + lower(owners.TeamRoleLabel(form.Role))
		if again {
			detail += ", linked again"
		}
		return "unit.staff_linked", u.PublicID, detail, nil
	})
	return s.answer(c, "linked", err, func(p *propertyPage, f errs.Fields) {
		form.Errors = f
		p.Link = form
	})
}

// unlinkStaff removes one link of a member of staff to the property.
func (s *handler) unlinkStaff(c echo.Context) error {
	u, err := unitOf(c)
	if err != nil {
		return err
	}
	member, err := estate.GetPerson(c.Request().Context(), handlers.OrgOf(c).DB.Read(), c.FormValue("person"))
	if err != nil {
		return err
	}
	role := c.FormValue("role")
	err = s.WriteAudited(c, func(ctx context.Context, tx *sql.Tx) (string, string, string, error) {
		if err := owners.UnlinkStaff(ctx, tx, u.ID, member.ID, role); errs.Is(err, errs.NotFound) {
			// Most likely removed already, in another tab: say so on the page.
			return "", "", "", handlers.Refuse(member.FullName + " is not linked to this property as " + lower(owners.TeamRoleLabel(role)) + ".")
		} else if err != nil {
			return "", "", "", err
		}
		return "unit.staff_unlinked", u.PublicID, member.FullName + " as " + lower(owners.TeamRoleLabel(role)), nil
	})
	return s.answer(c, "unlinked", err, func(*propertyPage, errs.Fields) {})
}

// lower puts a label's first letter in lower case, for the middle of a
// sentence: "Property manager" becomes "property manager".
func lower(label string) string {
	if label == "" {
		return label
	}
	return string(label[0]|0x20) + label[1:]
}
