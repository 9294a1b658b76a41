package handlers

import (
	"net/http"
	"slices"
	"time"

	"github.com/labstack/echo/v4"

	"porch/errs"
	"porch/estate"
	"porch/ledger"
	"porch/views"
)

// moneyRoutes registers the resident and owner money screens: a person's
// accounts, statements, invoices and receipts, and their downloads. Every
// object is reached through the person's scope.
func (s *Kit) moneyRoutes(e *echo.Echo) {
	g := s.Person(e, "/money")
	g.GET("", s.moneyHome)
	g.GET("/", s.moneyHome)
	g.GET("/units/:id/balance", s.moneyBalance)
	g.GET("/units/:id/statement", s.moneyStatement)
	g.GET("/units/:id/statement.pdf", s.moneyStatementPDF)
	g.GET("/units/:id/statement.csv", s.moneyStatementCSV)
	g.GET("/units/:id/invoices", s.moneyInvoices)
	g.GET("/invoices/:file", s.moneyInvoicePDF)
	g.GET("/receipts/:file", s.moneyReceiptPDF)
}

// moneyNotFound is the one answer for a unit, invoice or receipt that is
// missing or outside the person's scope, so neither can be told apart.
var moneyNotFound = errs.E(errs.NotFound, "There is no page at this address.")

// moneySpan is a period of dates a person was linked to a unit, inclusive; a
// zero To is open-ended.
type moneySpan struct{ From, To time.Time }

func (p moneySpan) covers(d time.Time) bool {
	return !d.Before(p.From) && (p.To.IsZero() || !d.After(p.To))
}

// moneyUnit is a unit whose account the person may read, and the periods
// of it they may read.
type moneyUnit struct {
	ID       int64
	PublicID string
	Name     string
	SiteName string
	SiteKind string
	Roles    []string
	Spans    []moneySpan // sorted, merged
	Current  bool        // a period covers today
}

// Landlord reports whether the person holds the unit only as its owner:
// the account is then their tenant's, not their own.
func (u moneyUnit) Landlord() bool {
	return !slices.Contains(u.Roles, estate.RoleLeaseholder) && !slices.Contains(u.Roles, estate.RoleTenant)
}

// First is the first day the person may read; Last the last (zero: open).
func (u moneyUnit) First() time.Time { return u.Spans[0].From }
func (u moneyUnit) Last() time.Time  { return u.Spans[len(u.Spans)-1].To }

// covers reports whether an entry dated d falls in the person's periods.
func (u moneyUnit) covers(d time.Time) bool {
	for _, p := range u.Spans {
		if p.covers(d) {
			return true
		}
	}
	return false
}

// seesMoney reports whether a link lets its person read the unit's
// account: leaseholders and landlords do, tenants of let homes (who pay
// the rent) do; occupiers do not, and nor does a tenant in a block, whose
// unit's account is the leaseholder's service charge.
func seesMoney(l estate.PersonUnit) bool {
	switch l.Role {
	case estate.RoleLeaseholder, estate.RoleOwner:
		return true
	case estate.RoleTenant:
		return l.SiteKind == estate.KindLettings
	}
	return false
}

// moneyUnitsOf folds a person's links into one moneyUnit per unit whose
// account they may read, in the order of the links.
func moneyUnitsOf(links []estate.PersonUnit, today time.Time) []moneyUnit {
	var out []moneyUnit
	at := map[int64]int{}
	for _, l := range links {
		if !seesMoney(l) {
			continue
		}
		i, ok := at[l.UnitID]
		if !ok {
			i = len(out)
			at[l.UnitID] = i
			out = append(out, moneyUnit{ID: l.UnitID, PublicID: l.UnitPublicID, Name: l.UnitName,
				SiteName: l.SiteName, SiteKind: l.SiteKind})
		}
		u := &out[i]
		if !slices.Contains(u.Roles, l.Role) {
			u.Roles = append(u.Roles, l.Role)
		}
		p := moneySpan{From: l.Start}
		if l.End != nil {
			p.To = *l.End
		}
		u.Spans = append(u.Spans, p)
	}
	for i := range out {
		out[i].Spans = mergeMoneySpans(out[i].Spans)
		out[i].Current = out[i].covers(today)
	}
	return out
}

// mergeMoneySpans sorts periods and joins those that overlap or touch.
func mergeMoneySpans(ps []moneySpan) []moneySpan {
	slices.SortFunc(ps, func(a, b moneySpan) int { return a.From.Compare(b.From) })
	out := ps[:1]
	for _, p := range ps[1:] {
		last := &out[len(out)-1]
		switch {
		case last.To.IsZero():
			// open-ended: covers everything after
		case !p.From.After(last.To.AddDate(0, 0, 1)):
			if p.To.IsZero() || p.To.After(last.To) {
				last.To = p.To
			}
		default:
			out = append(out, p)
		}
	}
	return out
}

// moneyUnitParam resolves the :id of a money URL through the person's
// scope. A unit they were never linked to, or only as an occupier, is not
// found; the refusal is logged.
func (s *Kit) moneyUnitParam(c echo.Context) (moneyUnit, error) {
	return s.moneyUnitByPublicID(c, c.Param("id"))
}

func (s *Kit) moneyUnitByPublicID(c echo.Context, publicID string) (moneyUnit, error) {
	id := IdentityOf(c)
	links, err := id.Scope.StatementUnit(publicID)
	if err == nil {
		if units := moneyUnitsOf(links, s.Today()); len(units) == 1 {
			return units[0], nil
		}
	}
	s.Deny(c, "unit not in scope")
	return moneyUnit{}, moneyNotFound
}

// moneyUnitByID finds the person's moneyUnit for an object's unit, through
// the scope.
func (s *Kit) moneyUnitByID(c echo.Context, unitID int64, why string) (moneyUnit, error) {
	for _, l := range IdentityOf(c).Scope.History {
		if l.UnitID == unitID {
			return s.moneyUnitByPublicID(c, l.UnitPublicID)
		}
	}
	s.Deny(c, why)
	return moneyUnit{}, moneyNotFound
}

// readableUnits are the units whose accounts the person may read now:
// current ones and those they have left, not those they join later.
func (s *Kit) readableUnits(c echo.Context) []moneyUnit {
	today := s.Today()
	var out []moneyUnit
	for _, u := range moneyUnitsOf(IdentityOf(c).Scope.History, today) {
		if !u.First().After(today) {
			out = append(out, u)
		}
	}
	return out
}

// PeriodsText says which dates the person may read: "14 March 2024 to
// 31 December 2025", or "14 March 2024 onwards".
func (u moneyUnit) PeriodsText() string {
	var parts []string
	for _, p := range u.Spans {
		if p.To.IsZero() {
			parts = append(parts, views.Date(p.From)+" onwards")
		} else {
			parts = append(parts, views.Date(p.From)+" to "+views.Date(p.To))
		}
	}
	return JoinAnd(parts)
}

// moneyCard is one unit on the money home page.
type moneyCard struct {
	moneyUnit
	Balance  int64 // positive: owed; negative: in credit
	Overdue  int
	Currency string
}

// Owed and Credit are the balance as shown: what is owed, or the credit.
func (m moneyCard) Owed() int64   { return max(m.Balance, 0) }
func (m moneyCard) Credit() int64 { return max(-m.Balance, 0) }

type moneyHomePage struct {
	Current  []moneyCard
	Left     []moneyCard
	Units    []moneyUnit // both, for the picker
	Currency string
}

// moneyHome lists the person's accounts: each current unit with its
// balance and overdue invoices, then the units they have left. Its unit
// picker (?unit=&show=) leads to a unit's statement or invoices without
// script.
func (s *Kit) moneyHome(c echo.Context) error {
	if pick := c.QueryParam("unit"); pick != "" {
		u, err := s.moneyUnitByPublicID(c, pick)
		if err != nil {
			return err
		}
		tab := "statement"
		if c.QueryParam("show") == "invoices" {
			tab = "invoices"
		}
		return c.Redirect(http.StatusSeeOther, "/money/units/"+u.PublicID+"/"+tab)
	}
	p := moneyHomePage{Currency: OrgCurrency(c), Units: s.readableUnits(c)}
	for _, u := range p.Units {
		if !u.Current {
			p.Left = append(p.Left, moneyCard{moneyUnit: u, Currency: p.Currency})
			continue
		}
		card, err := s.moneyCardOf(c, u)
		if err != nil {
			return err
		}
		p.Current = append(p.Current, card)
	}
	return s.RenderPage(c, http.StatusOK, "money", "Your account", p, false)
}

// moneyCardOf reads a current unit's balance and overdue invoices.
func (s *Kit) moneyCardOf(c echo.Context, u moneyUnit) (moneyCard, error) {
	ctx := c.Request().Context()
	q := OrgOf(c).DB.Read()
	card := moneyCard{moneyUnit: u, Currency: OrgCurrency(c)}
	var err error
	if card.Balance, err = ledger.UnitBalance(ctx, q, u.ID); err != nil {
		return card, err
	}
	invs, err := ledger.UnitInvoices(ctx, q, u.ID)
	if err != nil {
		return card, err
	}
	today := s.Today()
	for _, inv := range invs {
		if u.covers(inv.IssueDate) && inv.Status(today) == ledger.StatusOverdue {
			card.Overdue++
		}
	}
	return card, nil
}

// moneyBalance is the balance line of a unit, loaded into the cards of the
// resident's home and unit pages. A unit the person is linked to without
// sight of its account gives an empty answer, so the card stays as it is.
func (s *Kit) moneyBalance(c echo.Context) error {
	id := IdentityOf(c)
	links, err := id.Scope.StatementUnit(c.Param("id"))
	if err != nil {
		s.Deny(c, "unit not in scope")
		return moneyNotFound
	}
	units := moneyUnitsOf(links, s.Today())
	if !IsPartial(c) {
		if len(units) == 0 {
			return c.Redirect(http.StatusSeeOther, "/money")
		}
		return c.Redirect(http.StatusSeeOther, "/money/units/"+c.Param("id")+"/statement")
	}
	c.Response().Header().Set("Cache-Control", "private, no-store")
	if len(units) == 0 || !units[0].Current {
		c.Response().Header().Add("Vary", "HX-Request")
		return c.NoContent(http.StatusOK)
	}
	card, err := s.moneyCardOf(c, units[0])
	if err != nil {
		return err
	}
	block := "money-balance"
	if c.QueryParam("for") == "unit" {
		block = "money-unit-card"
	}
	return s.Views.Fragment(c.Response(), http.StatusOK, "money", block, s.PageData(c, "", card))
}
