package staff

import (
	"context"
	"database/sql"
	"fmt"
	"net/http"
	"net/url"
	"strings"
	"time"

	"github.com/labstack/echo/v4"

	"porch/auth"
	"porch/contacts"
	"porch/errs"
	"porch/estate"
	"porch/handlers"
	"porch/sqldb"
	"porch/views"
)

// personRow is a person as the people list and person page show them.
type personRow struct {
	Person    estate.Person
	StaffRole string
	ActorRole string // the signed-in member of staff's role
	Units     []handlers.UnitRoles
	Access    estate.PortalAccess
	State     string // an estate.Portal* constant
	Notice    string // what an action just did
	Error     string // why an action was refused
}

// accessBadges name the states of a person's portal access.
var accessBadges = handlers.Badges{
	estate.PortalDisabled:      {Label: "Access disabled", Class: "bad"},
	estate.PortalActive:        {Label: "Active", Class: "ok"},
	estate.PortalInvited:       {Label: "Invited", Class: "warn"},
	estate.PortalInviteExpired: {Label: "Invitation expired", Class: "bad"},
}

// Badge is the person's portal access: "Not invited" until someone
// invites them, and an invitation's expiry date while it is open.
func (r personRow) Badge() handlers.Badge {
	b, ok := accessBadges[r.State]
	switch {
	case !ok:
		return handlers.Badge{Label: "Not invited"}
	case r.State == estate.PortalInvited:
		b.Label = "Invited, expires " + views.Date(r.Access.InviteExpiresAt.In(estate.UK))
	}
	return b
}

// Manageable reports whether the signed-in member of staff may change
// this person's access, so the page offers only actions that would work.
func (r personRow) Manageable() bool { return auth.MayManage(r.ActorRole, r.StaffRole) }

// RoleLabel is the person's staff role as people call it.
func (r personRow) RoleLabel() string { return auth.RoleLabel(r.StaffRole) }

// CanInvite reports whether an invitation can be sent now.
func (r personRow) CanInvite() bool {
	return r.Person.Email != "" && r.Person.PortalEnabled
}

// InviteLabel names the invite button.
func (r personRow) InviteLabel() string {
	if r.Access.Invited {
		return "Re-send invitation"
	}
	return "Invite to portal"
}

// RowID is the id of the person's row in the people list.
func (r personRow) RowID() string { return "person-" + r.Person.PublicID }

// loadPersonRow reads one person's row.
func loadPersonRow(ctx context.Context, q sqldb.Querier, p estate.Person, actorRole string, now time.Time) (personRow, error) {
	r := personRow{Person: p, ActorRole: actorRole}
	role, err := estate.StaffRole(ctx, q, p.ID)
	switch {
	case err == nil:
		r.StaffRole = role
	case !errs.Is(err, errs.NotFound):
		return r, err
	}
	links, err := estate.UnitsOfPerson(ctx, q, p.ID, now)
	if err != nil {
		return r, err
	}
	r.Units = handlers.GroupUnits(links)
	if r.Access, err = estate.PortalAccessOf(ctx, q, p.ID); err != nil {
		return r, err
	}
	r.State = r.Access.State(p.PortalEnabled, now)
	return r, nil
}

type peoplePage struct {
	Q      string
	Show   handlers.ListFilter
	Rows   []personRow
	Total  int // people in the organisation, before the search
	Notice string
}

// showInvited is the people list's filter the dashboard links to: people
// invited who have not signed in yet, their invitation still valid.
var showInvited = handlers.ListFilter{Key: "invited", Phrase: "invited and not yet signed in"}

// showArchived lists the people archived, whom the list otherwise leaves
// out.
var showArchived = handlers.ListFilter{Key: "archived", Phrase: "archived"}

// adminPeople lists everyone with their homes and portal status; ?q=
// narrows the list by name or email, ignoring case, and ?show=invited to
// invitations not yet accepted.
func (s *handler) adminPeople(c echo.Context) error {
	ctx := c.Request().Context()
	q := handlers.OrgOf(c).DB.Read()
	now := s.Now()
	search := strings.TrimSpace(c.QueryParam("q"))
	if r := []rune(search); len(r) > handlers.MaxSearch {
		search = string(r[:handlers.MaxSearch])
	}
	people, err := estate.ListPeople(ctx, q)
	if err != nil {
		return err
	}
	staff, err := estate.ListStaff(ctx, q)
	if err != nil {
		return err
	}
	roleOf := map[int64]string{}
	for _, st := range staff {
		roleOf[st.PersonID] = st.Role
	}
	units, err := estate.CurrentUnitsOfEveryone(ctx, q, now)
	if err != nil {
		return err
	}
	access, err := estate.PortalAccessAll(ctx, q)
	if err != nil {
		return err
	}
	p := peoplePage{Q: search, Show: handlers.ShowFilter(c, showInvited, showArchived), Total: len(people)}
	if p.Show != showArchived {
		p.Total = 0
		for _, person := range people {
			if !person.Archived() {
				p.Total++
			}
		}
	}
	actorRole := handlers.IdentityOf(c).Scope.StaffRole
	needle := strings.ToLower(search)
	for _, person := range people {
		if needle != "" && !strings.Contains(strings.ToLower(person.FullName), needle) &&
			!strings.Contains(strings.ToLower(person.Email), needle) {
			continue
		}
		a := access[person.ID]
		if person.Archived() != (p.Show == showArchived) ||
			p.Show == showInvited && a.State(person.PortalEnabled, now) != estate.PortalInvited {
			continue
		}
		p.Rows = append(p.Rows, personRow{Person: person, StaffRole: roleOf[person.ID], ActorRole: actorRole, Units: handlers.GroupUnits(units[person.ID]),
			Access: a, State: a.State(person.PortalEnabled, now)})
	}
	return s.Render(c, http.StatusOK, handlers.View{Page: "admin_people", Title: "People", Data: p, Wide: true})
}

type personPage struct {
	personRow
	Self       bool       // the person is the signed-in member of staff
	Form       personForm // their details, as the edit form shows them
	Editing    bool       // the details form is open (it was refused)
	Duplicates []handlers.Choice
	Holdings   []personHolding
	Waiting    []contacts.Change // changes to their details waiting for the office
}

// adminPerson shows one person: details, homes and portal access, with the
// access actions.
func (s *handler) adminPerson(c echo.Context) error {
	ctx := c.Request().Context()
	q := handlers.OrgOf(c).DB.Read()
	p, err := estate.GetPerson(ctx, q, c.Param("id"))
	if err != nil {
		return err
	}
	row, err := loadPersonRow(ctx, q, p, handlers.IdentityOf(c).Scope.StaffRole, s.Now())
	if err != nil {
		return err
	}
	row.Notice = actionNotice(c.QueryParam("done"), p)
	page := personPage{personRow: row, Self: p.ID == handlers.IdentityOf(c).Person.ID, Form: formOf(p)}
	if page.Duplicates, err = duplicateChoices(ctx, q, p); err != nil {
		return err
	}
	if page.Holdings, err = loadHoldings(ctx, q, p.ID, s.Today()); err != nil {
		return err
	}
	if page.Waiting, err = contacts.WaitingFor(ctx, q, p.ID); err != nil {
		return err
	}
	return s.Render(c, http.StatusOK, handlers.View{Page: "admin_person", Title: p.DisplayName(), Data: page, Wide: true})
}

// writePerson loads the person of the path and runs do on them in one
// write transaction, re-read inside it (the row may have changed since).
// A Forbidden refusal is audited as denied, with deny and their public id,
// once the transaction is over (the audit log has its own).
func (s *handler) writePerson(c echo.Context, deny string, do func(ctx context.Context, tx *sql.Tx, actor *handlers.Identity, p estate.Person) (string, error)) (p estate.Person, key string, err error) {
	ctx := c.Request().Context()
	o := handlers.OrgOf(c)
	actor := handlers.IdentityOf(c)
	if p, err = estate.GetPerson(ctx, o.DB.Read(), c.Param("id")); err != nil {
		return estate.Person{}, "", err
	}
	err = o.DB.Write(ctx, func(tx *sql.Tx) error {
		cur, err := estate.GetPersonByID(ctx, tx, p.ID)
		if err != nil {
			return err
		}
		p = cur
		key, err = do(ctx, tx, actor, cur)
		return err
	})
	if de, ok := errs.As(err); ok && de.Code == errs.Forbidden {
		s.Deny(c, deny+p.PublicID)
	}
	return p, key, err
}

// personAction runs a manager's action on a person in one write
// transaction, then answers: for htmx, the fragment that was targeted (the
// person's row in the list, or the access panel of their page) with a
// notice; otherwise a redirect back to the person's page. A refusal
// (errs.Invalid) is shown in the same place with status 422.
func (s *handler) personAction(c echo.Context, do func(ctx context.Context, tx *sql.Tx, actor *handlers.Identity, p estate.Person) (key string, err error)) error {
	ctx := c.Request().Context()
	o := handlers.OrgOf(c)
	actor := handlers.IdentityOf(c)
	p, key, err := s.writePerson(c, "may not change the access of ", do)
	refused, isRefusal := errs.As(err)
	if err != nil && (!isRefusal || refused.Code != errs.Invalid) {
		return err
	}
	if err == nil {
		s.KickMail()
		if p, err = estate.GetPersonByID(ctx, o.DB.Read(), p.ID); err != nil {
			return err
		}
	}
	target := handlers.HX(c).Swaps()
	if err == nil && target == "" {
		return handlers.Redirect(c, "/admin/people/"+p.PublicID+"?done="+url.QueryEscape(key))
	}
	row, lerr := loadPersonRow(ctx, o.DB.Read(), p, actor.Scope.StaffRole, s.Now())
	if lerr != nil {
		return lerr
	}
	status := http.StatusOK
	if err != nil {
		status = http.StatusUnprocessableEntity
		row.Error = refused.Message
	} else {
		row.Notice = actionNotice(key, p)
	}
	page := personPage{personRow: row, Self: p.ID == actor.Person.ID}
	if target == "" {
		var herr error
		if page.Holdings, herr = loadHoldings(ctx, o.DB.Read(), p.ID, s.Today()); herr != nil {
			return herr
		}
	}
	switch target {
	case row.RowID():
		return s.Render(c, status, handlers.View{Page: "admin_people", Title: "People", Data: row, Wide: true, Block: "person-row"})
	case "person-access":
		return s.Render(c, status, handlers.View{Page: "admin_person", Title: p.DisplayName(), Data: page, Wide: true, Block: "person-access"})
	}
	return s.Render(c, status, handlers.View{Page: "admin_person", Title: p.DisplayName(), Data: page, Wide: true})
}

// adminInvite sends (or re-sends) a person their invitation to the portal.
// A new invitation voids any earlier link.
func (s *handler) adminInvite(c echo.Context) error {
	return s.personAction(c, func(ctx context.Context, tx *sql.Tx, actor *handlers.Identity, p estate.Person) (string, error) {
		return "invited", s.InvitePerson(ctx, c, tx, actor, p)
	})
}

// adminRevokeDevices signs a person out of every device.
func (s *handler) adminRevokeDevices(c echo.Context) error {
	return s.personAction(c, func(ctx context.Context, tx *sql.Tx, actor *handlers.Identity, p estate.Person) (string, error) {
		if err := handlers.MayManageAccess(ctx, tx, actor, p); err != nil {
			return "", err
		}
		n, err := auth.RevokeAllDevices(ctx, tx, s.Now(), p.ID)
		if err != nil {
			return "", err
		}
		return "revoked", s.AuditTx(ctx, c, tx, &actor.Person.ID, "auth.devices_revoked_by_manager", p.PublicID,
			fmt.Sprintf("%d %s", n, handlers.Plural(n, "device", "devices")))
	})
}

// adminSetAccess turns a person's portal access off (enabled=0: signing
// them out everywhere and withdrawing invitations) or on (enabled=1).
func (s *handler) adminSetAccess(c echo.Context) error {
	var enabled bool
	switch c.FormValue("enabled") {
	case "1":
		enabled = true
	case "0":
	default:
		return errs.E(errs.Invalid, "Choose whether to turn portal access on or off.")
	}
	return s.personAction(c, func(ctx context.Context, tx *sql.Tx, actor *handlers.Identity, p estate.Person) (string, error) {
		if !enabled && p.ID == actor.Person.ID {
			return "", handlers.Refuse("You cannot turn off your own portal access. Ask another administrator if it must be done.")
		}
		if err := handlers.MayManageAccess(ctx, tx, actor, p); err != nil {
			return "", err
		}
		now := s.Now()
		if err := estate.SetPortalEnabled(ctx, tx, p.ID, enabled, now); err != nil {
			return "", err
		}
		if enabled {
			return "enabled", s.AuditTx(ctx, c, tx, &actor.Person.ID, "auth.access_enabled", p.PublicID, "")
		}
		n, err := auth.RevokeAllDevices(ctx, tx, now, p.ID)
		if err != nil {
			return "", err
		}
		return "disabled", s.AuditTx(ctx, c, tx, &actor.Person.ID, "auth.access_disabled", p.PublicID,
			fmt.Sprintf("%d %s signed out", n, handlers.Plural(n, "device", "devices")))
	})
}
