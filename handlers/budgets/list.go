package budgets

import (
	"context"
	"database/sql"
	"net/http"
	"strconv"

	"github.com/labstack/echo/v4"

	"porch/errs"
	"porch/estate"
	"porch/handlers"
	"porch/ledger"
)

// listPage is every budget, with the blocks a new one can be set for.
type listPage struct {
	Budgets []ledger.Budget
	Sites   []handlers.Choice // blocks in use
	Site    string            // the block chosen, on the new budget's page
	Errors  errs.Fields
}

// list shows every site's budgets, newest year first.
func (s *handler) list(c echo.Context) error { return s.showList(c, http.StatusOK, "") }

// showList shows the budgets, with a message for the new budget's block.
func (s *handler) showList(c echo.Context, status int, siteMsg string) error {
	ctx := c.Request().Context()
	q := handlers.OrgOf(c).DB.Read()
	p := listPage{Errors: errs.Fields{}}
	if siteMsg != "" {
		p.Errors["site"] = siteMsg
	}
	var err error
	if p.Budgets, err = ledger.Budgets(ctx, q, 0); err != nil {
		return err
	}
	sites, err := estate.ListSites(ctx, q)
	if err != nil {
		return err
	}
	for _, st := range sites {
		if st.IsBlock() && !st.Archived() {
			p.Sites = append(p.Sites, handlers.Choice{Value: st.PublicID, Label: st.Name})
		}
	}
	return s.Render(c, status, handlers.View{Page: "admin_budgets", Title: "Budgets", Data: p, Wide: true})
}

// newPage is the form for a site's budget for a year not yet budgeted.
type newPage struct {
	Form *budgetForm
	URL  string
}

// loadNew reads the site the new budget is for (?site=) and its schedules,
// suggesting the next year without a budget.
func (s *handler) loadNew(c echo.Context) (*newPage, error) {
	ctx := c.Request().Context()
	q := handlers.OrgOf(c).DB.Read()
	site, err := estate.GetSite(ctx, q, c.QueryParam("site"))
	if err != nil {
		return nil, err
	}
	f, err := newBudgetForm(ctx, q, site, nil)
	if err != nil {
		return nil, err
	}
	year := s.Today().Year()
	if site.YearEnd != "" && site.YearEnd < s.Today().Format("01-02") {
		year++ // this year's year end has passed: budget the next
	}
	f.Year = strconv.Itoa(year)
	return &newPage{Form: f, URL: "/admin/budgets/new?site=" + site.PublicID}, nil
}

// newForm shows the form for a site's new budget.
func (s *handler) newForm(c echo.Context) error {
	if c.QueryParam("site") == "" {
		return s.showList(c, http.StatusUnprocessableEntity, "Choose the block to budget for.")
	}
	p, err := s.loadNew(c)
	if err != nil {
		return err
	}
	return s.showNew(c, http.StatusOK, p)
}

func (s *handler) showNew(c echo.Context, status int, p *newPage) error {
	return s.Render(c, status, handlers.View{Page: "admin_budget_new", Title: "New budget: " + p.Form.Site.Name, Data: p, Wide: true})
}

// create records the site's budget and goes to it.
func (s *handler) create(c echo.Context) error {
	p, err := s.loadNew(c)
	if err != nil {
		return err
	}
	in := p.Form.read(c)
	if len(p.Form.Errors) > 0 {
		return s.showNew(c, http.StatusUnprocessableEntity, p)
	}
	var b ledger.Budget
	err = s.WriteAudited(c, func(ctx context.Context, tx *sql.Tx) (string, string, string, error) {
		b, err = ledger.CreateBudget(ctx, tx, s.Now(), p.Form.Site.ID, in, handlers.IdentityOf(c).Person.ID)
		return "budget.create", p.Form.Site.PublicID, b.Year() + ": " + ledger.Pounds(b.Total), err
	})
	if f, ok := handlers.FieldsOf(err); ok {
		p.Form.Errors = f
		return s.showNew(c, http.StatusUnprocessableEntity, p)
	} else if err != nil {
		return err
	}
	return handlers.Redirect(c, "/admin/budgets/"+b.PublicID+"?done=created")
}
