package money

import (
	"context"
	"database/sql"
	"net/http"
	"strconv"
	"strings"
	"time"

	"github.com/labstack/echo/v4"

	"porch/errs"
	"porch/estate"
	"porch/handlers"
	"porch/ledger"
	"porch/plans"
)

// planAsk is the form a resident in arrears asks for a payment plan with.
type planAsk struct {
	Unit     moneyUnit
	Currency string
	Arrears  int64
	Invoices []ledger.Invoice // the overdue invoices a plan would cover
	Limits   plans.Limits
	// Refusal says why the resident cannot ask here; "" when they can.
	Refusal string

	Instalments string
	Frequency   string
	First       string
	Note        string
	Preview     []plans.Instalment // the instalments as asked, once previewed
	Errors      errs.Fields
}

// InstalmentChoices are the numbers of instalments the resident may ask
// for.
func (a planAsk) InstalmentChoices() []int {
	var out []int
	for n := 2; n <= a.Limits.MaxInstalments; n++ {
		out = append(out, n)
	}
	return out
}

// loadPlanAsk reads the resident's current account at the unit, its
// arrears and the site's limits. A plan already open sends them to it.
func (s *handler) loadPlanAsk(c echo.Context) (*planAsk, int64, string, error) {
	u, err := s.moneyUnitParam(c)
	if err != nil {
		return nil, 0, "", err
	}
	if !u.Current {
		s.Deny(c, "plan request for a home the person has left")
		return nil, 0, "", moneyNotFound
	}
	ctx := c.Request().Context()
	q := handlers.OrgOf(c).DB.Read()
	if p, err := plans.OpenOfAccounts(ctx, q, u.ID, u.Accounts); err == nil {
		return nil, 0, "/money/plans/" + p.PublicID, nil
	} else if !errs.Is(err, errs.NotFound) {
		return nil, 0, "", err
	}
	a := &planAsk{Unit: u, Currency: handlers.OrgCurrency(c), Errors: errs.Fields{}}
	account, err := estate.AccountOfPersonOn(ctx, q, u.ID, handlers.IdentityOf(c).Person.ID, s.Today())
	if err != nil {
		return nil, 0, "", err
	}
	unit, err := estate.GetUnitByID(ctx, q, u.ID)
	if err != nil {
		return nil, 0, "", err
	}
	if a.Limits, err = plans.SiteLimits(ctx, q, unit.SiteID); err != nil {
		return nil, 0, "", err
	}
	if a.Arrears, a.Invoices, err = plans.Arrears(ctx, q, u.ID, account, s.Today()); err != nil {
		return nil, 0, "", err
	}
	switch {
	case account == 0:
		a.Refusal = "Your account here is not one you pay yourself. Please contact us about a payment plan."
	case !a.Limits.Requests:
		a.Refusal = "Payment plans here are arranged with us directly. Please contact us and we will help."
	case a.Arrears == 0:
		a.Refusal = "Nothing on your account is overdue, so there is nothing to spread over a plan."
	case a.Arrears < a.Limits.MinArrears:
		a.Refusal = "Payment plans are for arrears of " + ledger.Pounds(a.Limits.MinArrears) + " or more. Please pay what is overdue, or contact us if you cannot."
	}
	return a, account, "", nil
}

func (s *handler) planAskPage(c echo.Context) error {
	a, _, to, err := s.loadPlanAsk(c)
	if err != nil || to != "" {
		if to != "" {
			return c.Redirect(http.StatusSeeOther, to)
		}
		return err
	}
	a.Instalments = strconv.Itoa(min(3, a.Limits.MaxInstalments))
	if len(a.Limits.Frequencies) > 0 {
		a.Frequency = a.Limits.Frequencies[0]
	}
	y, m, _ := s.Today().Date()
	a.First = time.Date(y, m+1, 1, 0, 0, 0, 0, time.UTC).Format(time.DateOnly)
	return s.renderPlanAsk(c, http.StatusOK, a)
}

func (s *handler) renderPlanAsk(c echo.Context, status int, a *planAsk) error {
	return s.Render(c, status, handlers.View{Page: "money_plan_ask", Title: "Ask for a payment plan · " + a.Unit.Name, Data: a})
}

// planAsk previews the instalments asked for (action=preview), or asks
// for the plan: the managers are told, and the resident waits for their
// answer on the plan's page.
func (s *handler) planAsk(c echo.Context) error {
	a, account, to, err := s.loadPlanAsk(c)
	if err != nil || to != "" {
		if to != "" {
			return handlers.Redirect(c, to)
		}
		return err
	}
	if a.Refusal != "" {
		return s.renderPlanAsk(c, http.StatusConflict, a)
	}
	a.Instalments, a.Frequency = c.FormValue("instalments"), c.FormValue("frequency")
	a.First, a.Note = strings.TrimSpace(c.FormValue("first_date")), c.FormValue("note")
	n, _ := strconv.Atoi(a.Instalments)
	first := handlers.DateField(a.Errors, "first_date", a.First)
	pr := plans.Proposal{UnitID: a.Unit.ID, OccupancyID: account, Instalments: n, Frequency: a.Frequency, First: first,
		Note: a.Note, By: handlers.IdentityOf(c).Person.ID}
	if c.FormValue("action") == "preview" {
		sched, err := plans.Terms{Total: a.Arrears, Instalments: n, Frequency: a.Frequency, First: first}.Schedule()
		handlers.AddChecks(a.Errors, err)
		if len(a.Errors) > 0 {
			return s.renderPlanAsk(c, http.StatusUnprocessableEntity, a)
		}
		a.Preview = sched
		return s.renderPlanAsk(c, http.StatusOK, a)
	}
	if len(a.Errors) > 0 {
		return s.renderPlanAsk(c, http.StatusUnprocessableEntity, a)
	}
	var p plans.Plan
	err = s.WriteAudited(c, func(ctx context.Context, tx *sql.Tx) (string, string, string, error) {
		unit, err := estate.GetUnitByID(ctx, tx, a.Unit.ID)
		if err != nil {
			return "", "", "", err
		}
		if p, err = plans.Request(ctx, tx, s.Now(), s.Today(), unit.SiteID, pr); err != nil {
			return "", "", "", err
		}
		return "plan.requested", a.Unit.PublicID, p.PublicID, s.PlanMail(ctx, c, tx, handlers.PlanRequested, p)
	})
	if f, ok := handlers.FieldsOf(err); ok {
		a.Errors = handlers.MapFields(f, handlers.FormKeys("instalments", "frequency", "first_date", "note"))
		return s.renderPlanAsk(c, http.StatusUnprocessableEntity, a)
	}
	if err != nil {
		return err
	}
	s.KickMail()
	return handlers.Redirect(c, "/money/plans/"+p.PublicID)
}

// choice is an option of a select.
type choice struct{ Value, Label string }

// FrequencyChoices are the frequencies the resident may choose.
func (a planAsk) FrequencyChoices() []choice {
	out := make([]choice, len(a.Limits.Frequencies))
	for i, f := range a.Limits.Frequencies {
		out[i] = choice{f, plans.FrequencyLabel(f)}
	}
	return out
}
