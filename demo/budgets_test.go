package demo_test

import (
	"context"
	"testing"

	"porch/ledger"
)

// Harbour View has budgets for last year and this, under most heads and
// every schedule, whose year-end positions can be read.
func TestDemoBudgets(t *testing.T) {
	db := seeded(t)
	ctx := context.Background()
	budgets, err := ledger.Budgets(ctx, db.Read(), 0)
	if err != nil || len(budgets) != 2 {
		t.Fatalf("%d budgets, %v", len(budgets), err)
	}
	for _, b := range budgets {
		if b, err = ledger.GetBudget(ctx, db.Read(), b.PublicID); err != nil {
			t.Fatal(err)
		}
		if b.SiteName != "Harbour View" || b.LastDay.Format("01-02") != "12-31" || len(b.Lines) != 11 || b.Total == 0 {
			t.Errorf("budget %s %s: %d lines, %d", b.SiteName, b.Year(), len(b.Lines), b.Total)
		}
		ye, err := ledger.BudgetYearEnd(ctx, db.Read(), b)
		if err != nil || len(ye.Schedules) != 3 {
			t.Errorf("%s: %d schedules in the year end, %v", b.Year(), len(ye.Schedules), err)
		}
	}
	if budgets[0].LastDay.Year() != now.Year() || budgets[1].LastDay.Year() != now.Year()-1 {
		t.Errorf("years %s, %s", budgets[0].Year(), budgets[1].Year())
	}
}
