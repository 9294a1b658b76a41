package plans

import (
	"context"
	"database/sql"
	"fmt"
	"net/http"
	"strings"
	"time"

	"github.com/labstack/echo/v4"

	"porch/errs"
	"porch/estate"
	"porch/handlers"
	"porch/ledger"
	"porch/plans"
)

// offerPage is a plan offered for one account's arrears: the overdue
// invoices it would cover, the form and, once previewed, its schedule.
type offerPage struct {
	Unit     estate.Unit
	Account  string // the occupancy's public id
	occID    int64
	Names    string
	Arrears  int64
	Overdue  []ledger.Invoice
	Open     *plans.Plan // the account's open plan, when it has one
	Form     termsForm
	Schedule []plans.Instalment // the previewed instalments
}

// URL is the form's address.
func (p *offerPage) URL() string {
	return listURL + "/new?unit=" + p.Unit.PublicID + "&account=" + p.Account
}

// FrequencyChoices are the frequencies the form offers.
func (p *offerPage) FrequencyChoices() []handlers.Choice { return frequencyChoices() }

// OpenBadge is the open plan's status as a badge.
func (p *offerPage) OpenBadge() handlers.Badge { return statusBadges.Of(p.Open.Status) }

// loadOffer reads the account named by the request's unit and account
// (an occupancy of the unit that pays its charges), its arrears and any
// plan it has open.
func (s *handler) loadOffer(c echo.Context) (*offerPage, error) {
	ctx := c.Request().Context()
	q := handlers.OrgOf(c).DB.Read()
	unit, err := estate.GetUnit(ctx, q, c.FormValue("unit"))
	if err != nil {
		return nil, err
	}
	occ, err := estate.GetOccupancy(ctx, q, c.FormValue("account"))
	if err != nil {
		return nil, err
	}
	if occ.UnitID != unit.ID || !estate.Billable(occ.Role, unit.SiteKind) {
		return nil, errs.E(errs.NotFound, "That account is not one of this unit's.")
	}
	p := &offerPage{Unit: unit, Account: occ.PublicID, occID: occ.ID, Names: occ.Names(),
		Form: termsForm{Instalments: "6", Frequency: plans.Monthly, Errors: errs.Fields{}}}
	if p.Arrears, p.Overdue, err = plans.Arrears(ctx, q, unit.ID, occ.ID, s.Today()); err != nil {
		return nil, err
	}
	open, err := plans.OpenFor(ctx, q, unit.ID, occ.ID)
	switch {
	case err == nil:
		p.Open = &open
	case !errs.Is(err, errs.NotFound):
		return nil, err
	}
	return p, nil
}

// showOffer renders the form, or only its block for htmx.
func (s *handler) showOffer(c echo.Context, status int, p *offerPage) error {
	return s.Render(c, status, handlers.View{Page: "admin_plan_new", Title: "Offer a payment plan: " + p.Unit.Name + ", " + p.Unit.SiteName,
		Data: p, Wide: true, Block: handlers.FormBlock(c, "plan-offer")})
}

// newOffer shows the form for the account's arrears.
func (s *handler) newOffer(c echo.Context) error {
	p, err := s.loadOffer(c)
	if err != nil {
		return err
	}
	return s.showOffer(c, http.StatusOK, p)
}

// offer previews the plan's schedule (action=preview) or offers it
// (action=offer): the resident is emailed to accept it, and the manager
// sent to the plan. A refusal shows the form again with its messages
// (422), and nothing is saved.
func (s *handler) offer(c echo.Context) error {
	p, err := s.loadOffer(c)
	if err != nil {
		return err
	}
	p.Form = readTerms(c)
	by := handlers.IdentityOf(c).Person.ID
	f := errs.Fields{}
	pr := p.Form.proposal(f, p.Unit.ID, p.occID, by)
	if c.FormValue("action") == "preview" {
		p.Schedule, err = preview(f, p, pr, s.Today())
		if err != nil {
			p.Form.refused(err)
			return s.showOffer(c, http.StatusUnprocessableEntity, p)
		}
		return s.showOffer(c, http.StatusOK, p)
	}
	var made plans.Plan
	err = s.WriteAudited(c, func(ctx context.Context, tx *sql.Tx) (string, string, string, error) {
		var err error
		made, err = plans.Offer(ctx, tx, s.Now(), s.Today(), pr)
		if len(f) > 0 {
			handlers.AddChecks(f, err)
			return "", "", "", f.Err()
		}
		if err != nil {
			return "", "", "", err
		}
		if err := s.PlanMail(ctx, c, tx, handlers.PlanOffered, made); err != nil {
			return "", "", "", err
		}
		return "plan.offered", p.Unit.PublicID, auditDetail(made), nil
	})
	if p.Form.refused(err) {
		return s.showOffer(c, http.StatusUnprocessableEntity, p)
	}
	if err != nil {
		return err
	}
	s.KickMail()
	return handlers.Redirect(c, listURL+"/"+made.PublicID+"?done=offered")
}

// preview lays the form's terms out over the account's arrears as the
// plan would: the same split and dates, refusing what the offer would.
func preview(f errs.Fields, p *offerPage, pr plans.Proposal, today time.Time) ([]plans.Instalment, error) {
	if p.Arrears <= 0 {
		f.Add("account", "This account has no arrears: nothing is overdue to repay.")
	}
	if p.Open != nil {
		f.Add("account", "This account already has a payment plan ("+strings.ToLower(plans.StatusLabel(p.Open.Status))+").")
	}
	t := plans.Terms{Total: max(p.Arrears, 1), Instalments: pr.Instalments, Frequency: pr.Frequency, First: pr.First}
	handlers.AddChecks(f, t.Check())
	switch {
	case pr.First.IsZero():
	case pr.First.Before(today):
		f.Add("first_date", "The first instalment cannot be in the past.")
	case pr.First.After(today.AddDate(0, 0, plans.OfferLead)):
		f.Add("first_date", fmt.Sprintf("The first instalment must be within %d days of today.", plans.OfferLead))
	}
	if err := f.Err(); err != nil {
		return nil, err
	}
	t.Total = p.Arrears
	return t.Schedule()
}
