package home

import (
	"net/http"
	"time"

	"github.com/labstack/echo/v4"

	"porch/auth"
	"porch/calendar"
	"porch/estate"
	"porch/handlers"
	"porch/notices"
	"porch/tickets"
)

type residentHomePage struct {
	FirstName  string
	Homes      []homeCard
	Properties []auth.Property // owned, shown in the owner portal
	Money      bool            // they read the account of one of their homes
	IsStaff    bool
	Requests   *requestsCard // nil for staff who live in none of the homes
	Approvals  int           // quotes waiting for this landlord's answer
	Building   *buildingCard // nil for someone with no home
}

// buildingCard is what is going on in the person's buildings: the latest
// notices and the next planned event.
type buildingCard struct {
	Notices []notices.Notice
	Next    calendar.Event
	HasNext bool
	Unread  int
}

// requestsCard is the way to the person's requests: how many are still
// open, and whether they may raise one (they live in one of the homes).
type requestsCard struct {
	Open     int
	CanRaise bool
}

// homeCard is one of the person's homes, with its account's balance when
// they may read it.
type homeCard struct {
	handlers.UnitRoles
	Account *handlers.AccountBalance
}

// residentHome is the front page of a signed-in person: their homes, each
// with its balance and a Pay button when something is owed, and for staff
// the way to the admin screens. Everything on it comes from the person's
// own scope, and the balances are in the page as served.
func (s *handler) residentHome(c echo.Context) error {
	id := handlers.IdentityOf(c)
	p := residentHomePage{FirstName: handlers.FirstName(id.Person), IsStaff: id.Scope.IsStaff()}
	// One card per unit of Scope.Units, with every role held there.
	for _, u := range handlers.GroupUnits(id.Scope.Current) {
		if ownerPortalUnit(id.Scope, u) {
			continue
		}
		b, err := s.accountOf(c, u.UnitPublicID)
		if err != nil {
			return err
		}
		p.Money = p.Money || b != nil
		p.Homes = append(p.Homes, homeCard{UnitRoles: u, Account: b})
	}
	if err := s.propertiesCard(c, &p); err != nil {
		return err
	}
	if err := s.requestsCard(c, &p); err != nil {
		return err
	}
	if id.Scope.HasRole(estate.RoleOwner) {
		qs, err := tickets.PendingForOwner(c.Request().Context(), handlers.OrgOf(c).DB.Read(), id.Person.ID, s.Now())
		if err != nil {
			return err
		}
		p.Approvals = len(qs)
	}
	// What the page shows changes with a write or the date, and the
	// building card says when it changes by itself.
	handlers.KeepPage(c, time.Time{})
	if err := s.buildingCard(c, &p); err != nil {
		return err
	}
	return s.Render(c, http.StatusOK, handlers.View{Page: "resident_home", Title: "Your homes", Data: p})
}

// accountOf is the balance of the person's account at the unit, or nil
// when they hold it in no role that sees its account (an occupier).
func (s *handler) accountOf(c echo.Context, unitPublicID string) (*handlers.AccountBalance, error) {
	u, err := handlers.IdentityOf(c).Scope.MoneyUnit(unitPublicID, s.Today())
	if err != nil || !u.Current {
		// Linked in no role that sees the account (an occupier): no figure.
		return nil, nil
	}
	b, err := handlers.BalanceOf(c.Request().Context(), handlers.OrgOf(c).DB.Read(), u, s.Today(), handlers.OrgCurrency(c))
	return &b, err
}

type residentUnitPage struct {
	Unit    estate.Unit
	Roles   []string
	Since   time.Time
	Account *handlers.AccountBalance
}

// RoleTitle names the person's roles at the unit: "Leaseholder".
func (p residentUnitPage) RoleTitle() string { return handlers.Capitalise(handlers.JoinAnd(p.Roles)) }

// residentUnit shows one of the person's own units. Any other unit is
// "not found", exactly as for an id that does not exist.
func (s *handler) residentUnit(c echo.Context) error {
	id := handlers.IdentityOf(c)
	if _, err := id.Scope.CurrentUnit(c.Param("id")); err != nil {
		return err
	}
	var mine handlers.UnitRoles
	for _, u := range handlers.GroupUnits(id.Scope.Current) {
		if u.UnitPublicID == c.Param("id") {
			mine = u
		}
	}
	unit, err := estate.GetUnit(c.Request().Context(), handlers.OrgOf(c).DB.Read(), mine.UnitPublicID)
	if err != nil {
		return err
	}
	account, err := s.accountOf(c, mine.UnitPublicID)
	if err != nil {
		return err
	}
	return s.Render(c, http.StatusOK, handlers.View{Page: "resident_unit", Title: unit.Name,
		Data: residentUnitPage{Unit: unit, Roles: mine.Roles, Since: mine.Since, Account: account}})
}

// requestsCard fills the way to the person's requests, for anyone who is
// not staff or who lives in one of the homes: a landlord only follows what
// they raised before, a resident reports problems too.
func (s *handler) requestsCard(c echo.Context, p *residentHomePage) error {
	id := handlers.IdentityOf(c)
	live := id.Scope.HasRole(estate.RoleLeaseholder) || id.Scope.HasRole(estate.RoleTenant) || id.Scope.HasRole(estate.RoleOccupier)
	if id.Scope.IsStaff() && !live {
		return nil
	}
	n, err := tickets.CountOpenOwn(c.Request().Context(), handlers.OrgOf(c).DB.Read(), id.Person.ID)
	p.Requests = &requestsCard{Open: n, CanRaise: live}
	return err
}

// buildingCard fills the latest notices and the next event of the
// person's buildings, in two queries.
func (s *handler) buildingCard(c echo.Context, p *residentHomePage) error {
	id := handlers.IdentityOf(c)
	sites, units := handlers.HomesOf(id.Scope)
	if len(sites) == 0 {
		return nil
	}
	ctx, q := c.Request().Context(), handlers.OrgOf(c).DB.Read()
	b := &buildingCard{}
	var err error
	if b.Notices, err = notices.Headlines(ctx, q, id.Person.ID, sites, s.Now(), 3); err != nil {
		return err
	}
	for _, n := range b.Notices {
		if !n.Read {
			b.Unread++
		}
	}
	if b.Next, b.HasNext, err = calendar.Next(ctx, q, sites, units, s.Now()); err != nil {
		return err
	}
	p.Building = b
	if handlers.Keeping(c) {
		// The card changes by itself when a notice is published or
		// expires, or the next event ends; the page is kept until then.
		until, err := notices.NextChange(ctx, q, sites, s.Now())
		if err != nil {
			return err
		}
		if b.HasNext && (until.IsZero() || b.Next.End.Before(until)) {
			until = b.Next.End
		}
		handlers.KeepPage(c, until)
	}
	return nil
}
