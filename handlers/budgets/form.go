package budgets

import (
	"context"
	"strconv"
	"strings"

	"github.com/labstack/echo/v4"

	"porch/errs"
	"porch/estate"
	"porch/handlers"
	"porch/ledger"
	"porch/sqldb"
)

// budgetForm is the budget's amounts as a grid: a row per budget head, a
// column per schedule of the site, each cell a field named by
// ledger.BudgetLineField.
type budgetForm struct {
	Site      estate.Site
	Schedules []estate.Apportionment
	Heads     []ledger.BudgetHead
	Year      string
	Note      string
	Values    map[string]string // typed amounts by field name
	Errors    errs.Fields
}

// cell is one amount field of the grid.
type cell struct {
	ID, Name, Label, Value, Error string
}

// Cells lists the head's fields, one per schedule.
func (f *budgetForm) Cells(h ledger.BudgetHead) []cell {
	out := make([]cell, len(f.Schedules))
	for i, a := range f.Schedules {
		name := ledger.BudgetLineField(h.Key, a)
		label := a.Name + ", £"
		if len(f.Schedules) == 1 {
			label = "Amount, £"
		}
		out[i] = cell{ID: "b-" + h.Key + "-" + a.PublicID, Name: name, Label: label, Value: f.Values[name], Error: f.Errors[name]}
	}
	return out
}

// newBudgetForm reads the site's schedules: those in use, and archived
// ones the budget has amounts under.
func newBudgetForm(ctx context.Context, q sqldb.Querier, site estate.Site, b *ledger.Budget) (*budgetForm, error) {
	aps, err := estate.ListApportionments(ctx, q, site.ID)
	if err != nil {
		return nil, err
	}
	f := &budgetForm{Site: site, Heads: ledger.BudgetHeads, Values: map[string]string{}, Errors: errs.Fields{}}
	for _, a := range aps {
		if !a.Archived() || (b != nil && b.ScheduleTotal(a.ID) > 0) {
			f.Schedules = append(f.Schedules, a)
		}
	}
	if b != nil {
		f.Note = b.Note
		for _, a := range f.Schedules {
			for _, h := range ledger.BudgetHeads {
				if n := b.Amount(h.Key, a.ID); n > 0 {
					f.Values[ledger.BudgetLineField(h.Key, a)] = handlers.FormatPounds(n)
				}
			}
		}
	}
	return f, nil
}

// read takes the typed form into f and returns the budget it asks for;
// amounts it cannot read are refused next to their fields.
func (f *budgetForm) read(c echo.Context) ledger.BudgetInput {
	f.Year, f.Note = strings.TrimSpace(c.FormValue("year")), c.FormValue("note")
	in := ledger.BudgetInput{Note: f.Note}
	if f.Year != "" {
		if y, err := strconv.Atoi(f.Year); err == nil {
			in.Year = y
		}
	}
	for _, a := range f.Schedules {
		for _, h := range f.Heads {
			name := ledger.BudgetLineField(h.Key, a)
			v := strings.TrimSpace(c.FormValue(name))
			f.Values[name] = v
			if v == "" {
				continue
			}
			n, err := handlers.ParseMoney(v)
			if e, ok := errs.As(err); ok {
				f.Errors.Add(name, e.Message)
				continue
			}
			in.Lines = append(in.Lines, ledger.BudgetLine{Head: h.Key, ApportionmentID: a.ID, Amount: n})
		}
	}
	return in
}
