package budgets

import (
	"context"
	"database/sql"
	"net/http"
	"strconv"

	"github.com/labstack/echo/v4"

	"porch/estate"
	"porch/handlers"
	"porch/ledger"
)

// budgetPage is one budget: its amounts as an editable grid (until its
// year end is posted), what each schedule has been demanded and spent so
// far, and the form raising the year's on-account demands.
type budgetPage struct {
	Budget   ledger.Budget
	Site     estate.Site
	Form     *budgetForm
	Position ledger.YearEnd
	Settled  bool // a schedule's year end is posted: the amounts are fixed
	Ended    bool // the year is over
	Notice   string
	Demand   *demandForm
}

// URL is the budget's address.
func (p *budgetPage) URL() string { return "/admin/budgets/" + p.Budget.PublicID }

// loadBudget reads the budget named by the path, its site and schedules.
func (s *handler) loadBudget(c echo.Context) (*budgetPage, error) {
	ctx := c.Request().Context()
	q := handlers.OrgOf(c).DB.Read()
	b, err := ledger.GetBudget(ctx, q, c.Param("id"))
	if err != nil {
		return nil, err
	}
	p := &budgetPage{Budget: b, Ended: b.Ended(s.Today())}
	if err := p.refresh(ctx, c, s); err != nil {
		return nil, err
	}
	return p, nil
}

// refresh reads what hangs off the budget: its site, grid and position.
func (p *budgetPage) refresh(ctx context.Context, c echo.Context, s *handler) error {
	q := handlers.OrgOf(c).DB.Read()
	var err error
	if p.Budget, err = ledger.GetBudget(ctx, q, p.Budget.PublicID); err != nil {
		return err
	}
	if p.Site, err = estate.GetSite(ctx, q, p.Budget.SitePublicID); err != nil {
		return err
	}
	if p.Form, err = newBudgetForm(ctx, q, p.Site, &p.Budget); err != nil {
		return err
	}
	if p.Position, err = ledger.BudgetYearEnd(ctx, q, p.Budget); err != nil {
		return err
	}
	p.Settled = false
	for _, sp := range p.Position.Schedules {
		if sp.Posted != nil {
			p.Settled = true
		}
	}
	p.Demand, err = s.newDemandForm(ctx, c, p)
	return err
}

func (s *handler) showBudget(c echo.Context, status int, p *budgetPage) error {
	title := "Budget: " + p.Site.Name + ", " + p.Budget.Year()
	return s.Render(c, status, handlers.View{Page: "admin_budget", Title: title, Data: p, Wide: true})
}

// show shows the budget.
func (s *handler) show(c echo.Context) error {
	p, err := s.loadBudget(c)
	if err != nil {
		return err
	}
	switch c.QueryParam("done") {
	case "created":
		p.Notice = "Budget saved. Raise its on-account demands below when they are due."
	case "saved":
		p.Notice = "Budget saved."
	case "demanded":
		first, ferr := strconv.ParseInt(c.QueryParam("first"), 10, 64)
		last, lerr := strconv.ParseInt(c.QueryParam("last"), 10, 64)
		if ferr == nil && lerr == nil && first > 0 && last >= first {
			p.Demand.Notice, p.Demand.Served = raisedNotice(first, last), servedURL(first, last)
		}
	}
	return s.showBudget(c, http.StatusOK, p)
}

// save changes the budget's amounts and note.
func (s *handler) save(c echo.Context) error {
	p, err := s.loadBudget(c)
	if err != nil {
		return err
	}
	in := p.Form.read(c)
	if len(p.Form.Errors) > 0 {
		return s.showBudget(c, http.StatusUnprocessableEntity, p)
	}
	err = s.WriteAudited(c, func(ctx context.Context, tx *sql.Tx) (string, string, string, error) {
		b, err := ledger.UpdateBudget(ctx, tx, s.Now(), p.Budget, in)
		return "budget.update", p.Site.PublicID, b.Year() + ": " + ledger.Pounds(b.Total), err
	})
	if f, ok := handlers.FieldsOf(err); ok {
		p.Form.Errors = f
		return s.showBudget(c, http.StatusUnprocessableEntity, p)
	} else if err != nil {
		return err
	}
	if handlers.HX(c).Swaps() == "budget-lines" {
		if err := p.refresh(c.Request().Context(), c, s); err != nil {
			return err
		}
		p.Notice = "Budget saved."
		return s.showBudget(c, http.StatusOK, p)
	}
	return handlers.Redirect(c, p.URL()+"?done=saved")
}
