package money

import (
	"context"
	"database/sql"
	"net/http"
	"slices"

	"github.com/labstack/echo/v4"

	"porch/errs"
	"porch/handlers"
	"porch/plans"
	"porch/views"
)

// planRoutes registers a resident's payment plan pages: asking for a plan
// for their arrears, reading and accepting one, and paying what it asks
// for now.
func (s *handler) planRoutes(e *echo.Echo) {
	g := s.Person(e, "/money")
	g.GET("/units/:id/plan", s.planAskPage)
	g.POST("/units/:id/plan", s.planAsk)
	g.GET("/plans/:plan", s.planPage)
	g.POST("/plans/:plan/accept", s.planAccept)
	g.GET("/plans/:plan/pay", s.planPayPage)
	g.POST("/plans/:plan/pay", s.planPay)
}

// planView is a plan as its resident's page shows it.
type planView struct {
	Plan     plans.Plan
	Unit     moneyUnit
	Progress plans.Progress
	Currency string
	CanPay   bool // paying online is offered and something is due now
	DueNow   int64
	Errors   errs.Fields
}

// Accepting reports whether the resident can accept the plan now.
func (v planView) Accepting() bool { return v.Plan.Status == plans.StatusOffered && v.Unit.Current }

// DirectDebit reports whether the plan's instalments are collected.
func (v planView) DirectDebit() bool { return v.Plan.Method == plans.MethodDirectDebit }

// planOfPerson loads the plan of the URL through the person's scope: it
// must be on one of their own accounts.
func (s *handler) planOfPerson(c echo.Context) (planView, error) {
	ctx := c.Request().Context()
	q := handlers.OrgOf(c).DB.Read()
	p, err := plans.Get(ctx, q, c.Param("plan"))
	if err != nil {
		return planView{}, moneyNotFound
	}
	u, err := s.moneyUnitByID(c, p.UnitID, "payment plan of a unit not in scope")
	if err != nil {
		return planView{}, err
	}
	if !slices.Contains(u.Accounts, p.OccupancyID) {
		s.Deny(c, "payment plan of another account")
		return planView{}, moneyNotFound
	}
	v := planView{Plan: p, Unit: u, Currency: handlers.OrgCurrency(c)}
	if v.Progress, err = plans.Progressed(ctx, q, p, s.Today()); err != nil {
		return v, err
	}
	if p.Status == plans.StatusActive {
		v.DueNow = v.Progress.Behind
		if n := v.Progress.Next; n != nil && v.Progress.Behind == 0 {
			v.DueNow = n.Owed
		}
		cfg, err := s.payConfigOf(c)
		if err != nil {
			return v, err
		}
		v.CanPay = v.DueNow > 0 && u.Current && len(s.payMethods(cfg)) > 0
	}
	return v, nil
}

func (s *handler) planPage(c echo.Context) error {
	v, err := s.planOfPerson(c)
	if err != nil {
		return err
	}
	return s.Render(c, http.StatusOK, handlers.View{Page: "money_plan", Title: "Payment plan · " + v.Unit.Name, Data: v})
}

// planAccept is the resident agreeing to the plan offered.
func (s *handler) planAccept(c echo.Context) error {
	v, err := s.planOfPerson(c)
	if err != nil {
		return err
	}
	if !v.Unit.Current {
		s.Deny(c, "accepting a plan for a home the person has left")
		return moneyNotFound
	}
	me := handlers.IdentityOf(c).Person.ID
	err = s.WriteAudited(c, func(ctx context.Context, tx *sql.Tx) (string, string, string, error) {
		p, err := plans.Accept(ctx, tx, s.Now(), s.Today(), v.Plan, me)
		if err != nil {
			return "", "", "", err
		}
		return "plan.accepted", v.Unit.PublicID, p.PublicID, s.PlanMail(ctx, c, tx, handlers.PlanAccepted, p)
	})
	if errs.Is(err, errs.Conflict) {
		e, _ := errs.As(err)
		v.Errors = errs.Fields{"form": e.Message}
		return s.Render(c, http.StatusConflict, handlers.View{Page: "money_plan", Title: "Payment plan · " + v.Unit.Name, Data: v})
	}
	if err != nil {
		return err
	}
	s.KickMail()
	return handlers.Redirect(c, "/money/plans/"+v.Plan.PublicID)
}

// planCard is what an account's statement says of payment plans: the
// plan open on it, or whether the resident may ask for one (they are in
// arrears enough, and the site lets residents ask).
type planCard struct {
	Note *handlers.PlanNote
	Ask  bool
}

func (s *handler) planCardOf(c echo.Context, u moneyUnit) (planCard, error) {
	ctx := c.Request().Context()
	q := handlers.OrgOf(c).DB.Read()
	cur := handlers.OrgCurrency(c)
	note, err := handlers.PlanNoteOf(ctx, q, u.MoneyUnit, s.Today(), cur)
	if err != nil || note != nil || !u.Current || len(u.Accounts) == 0 {
		return planCard{Note: note}, err
	}
	var total int64
	for _, acc := range u.Accounts {
		t, _, err := plans.Arrears(ctx, q, u.ID, acc, s.Today())
		if err != nil {
			return planCard{}, err
		}
		total += t
	}
	if total == 0 {
		return planCard{}, nil
	}
	lim, err := plans.LimitsOfUnit(ctx, q, u.ID)
	return planCard{Ask: lim.Requests && total >= lim.MinArrears}, err
}

// planSentence is what a statement's PDF says of a payment plan being kept
// on the account; "" for none.
func (s *handler) planSentence(c echo.Context, u moneyUnit) (string, error) {
	cur := handlers.OrgCurrency(c)
	note, err := handlers.PlanNoteOf(c.Request().Context(), handlers.OrgOf(c).DB.Read(), u.MoneyUnit, s.Today(), cur)
	if err != nil || note == nil || !note.Active() {
		return "", err
	}
	out := "On a payment plan"
	if n := note.Next; n != nil {
		out += ": next instalment " + views.Money(n.Owed, cur) + " on " + views.Date(n.Due)
	}
	if note.Behind > 0 {
		out += "; " + views.Money(note.Behind, cur) + " of past instalments unpaid"
	}
	return out + ".", nil
}
