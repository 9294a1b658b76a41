package staff

import (
	"net/http"

	"github.com/labstack/echo/v4"

	"porch/auth"
	"porch/errs"
	"porch/estate"
	"porch/handlers"
	"porch/owners"
)

// teamURL is the address of the team screen.
const teamURL = "/admin/settings/team"

// teamRoutes registers the team screen: every member of staff may see who
// is on the team and what each role may do; changing it needs
// ManageStaff, and each change is checked against the actor's rank too.
func (s *handler) teamRoutes(e *echo.Echo) {
	g := s.Admin(e, "/settings/team", auth.SeePeople)
	g.GET("", s.teamPage)
	m := g.Needing(auth.ManageStaff)
	m.POST("", s.addMember)
	m.POST("/:id/role", s.changeRole)
	m.POST("/:id/remove", s.removeMember)
}

// teamRow is one member of staff on the team screen.
type teamRow struct {
	estate.Staff
	ActorRole string // the signed-in member of staff's role
	Self      bool   // the row is the signed-in member of staff
	HasPhoto  bool   // owners see their photo on their contact's card
	Notice    string // what a change to this row just did
	Error     string // why a change to this row was refused
}

// RowID is the id of the member's row.
func (r teamRow) RowID() string { return "member-" + r.PersonPublicID }

// RoleLabel is the member's role as people call it.
func (r teamRow) RoleLabel() string { return auth.RoleLabel(r.Role) }

// Manageable reports whether the signed-in member of staff may change
// this member's role or remove them: only someone at or below their own
// rank (auth.MayManage).
func (r teamRow) Manageable() bool { return auth.MayManage(r.ActorRole, r.Role) }

// Roles are the roles the signed-in member of staff may give.
func (r teamRow) Roles() []handlers.Choice { return grantable(r.ActorRole) }

// grantable lists the roles someone with actor may give: their own and
// those below it.
func grantable(actor string) []handlers.Choice {
	var out []handlers.Choice
	for _, r := range auth.Matrix() {
		if auth.MayManage(actor, r.Name) {
			out = append(out, handlers.Choice{Value: r.Name, Label: r.Label})
		}
	}
	return out
}

// matrixRow is one permission of the role matrix with, for each role in
// the matrix's order, whether it holds it.
type matrixRow struct {
	Label  string
	Grants []bool
}

// teamForm is the form that adds a member of staff.
type teamForm struct {
	FullName, Email, Role string
	Errors                errs.Fields
}

// teamFields are the add form's field names.
var teamFields = handlers.FormKeys("full_name", "email", "role")

type teamPage struct {
	Rows      []teamRow
	Roles     []auth.Role // the matrix's columns
	Matrix    []matrixRow
	Grantable []handlers.Choice // roles the signed-in member of staff may give
	CanManage bool
	Add       teamForm
	Notice    string
	Error     string // why a change was refused, when no row shows it
}

// teamNotice is the confirmation after a change, chosen by a key in the
// redirect so no free text travels in the URL.
func teamNotice(key string) string {
	switch key {
	case "added":
		return "Added to the team. They have been emailed an invitation to sign in."
	case "role":
		return "Role changed."
	case "unchanged":
		return "Nothing changed: they already have that role."
	case "removed":
		return "Removed from the team. Their record stays under People, and they have been signed out."
	case "photo":
		return "Photo saved. Owners see it on their contact's card."
	case "photo_removed":
		return "Photo removed. Owners see initials instead."
	}
	return ""
}

// loadTeam reads the staff and the matrix for the signed-in member of
// staff.
func (s *handler) loadTeam(c echo.Context) (*teamPage, error) {
	staff, err := estate.ListStaff(c.Request().Context(), handlers.OrgOf(c).DB.Read())
	if err != nil {
		return nil, err
	}
	photos, err := owners.StaffWithPhotos(c.Request().Context(), handlers.OrgOf(c).DB.Read())
	if err != nil {
		return nil, err
	}
	actor := handlers.IdentityOf(c)
	role := actor.Scope.StaffRole
	p := &teamPage{Roles: auth.Matrix(), Grantable: grantable(role), CanManage: auth.Allows(role, auth.ManageStaff),
		Add: teamForm{Role: estate.StaffRoleStaff, Errors: errs.Fields{}}}
	for _, st := range staff {
		p.Rows = append(p.Rows, teamRow{Staff: st, ActorRole: role, Self: st.PersonID == actor.Person.ID, HasPhoto: photos[st.PersonID]})
	}
	for _, perm := range auth.Permissions() {
		row := matrixRow{Label: perm.Label()}
		for _, r := range p.Roles {
			row.Grants = append(row.Grants, r.Holds(perm))
		}
		p.Matrix = append(p.Matrix, row)
	}
	return p, nil
}

// row finds the member's row on the page, or nil.
func (p *teamPage) row(publicID string) *teamRow {
	for i := range p.Rows {
		if p.Rows[i].PersonPublicID == publicID {
			return &p.Rows[i]
		}
	}
	return nil
}

// showTeam renders the screen, or only block of it for htmx.
func (s *handler) showTeam(c echo.Context, status int, p *teamPage, block string) error {
	return s.Render(c, status, handlers.View{Page: "admin_team", Title: "Team", Data: p, Wide: true, Block: block})
}

// teamPage shows the team and the role matrix; those who may manage staff
// get the forms.
func (s *handler) teamPage(c echo.Context) error {
	p, err := s.loadTeam(c)
	if err != nil {
		return err
	}
	p.Notice = teamNotice(c.QueryParam("done"))
	return s.showTeam(c, http.StatusOK, p, "")
}
