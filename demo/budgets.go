package demo

import (
	"fmt"

	"porch/estate"
	"porch/ledger"
)

// harbourBudget is what Harbour View's budget sets aside for the year
// before last year's, by schedule and head, in pence; each later year's
// is 4% more, to the pound.
var harbourBudget = []struct {
	schedule, head string
	amount         int64
}{
	{blockSchedule, "cleaning", 9_600_00},
	{blockSchedule, "gardening", 2_400_00},
	{blockSchedule, "utilities", 3_200_00},
	{blockSchedule, "insurance", 14_500_00},
	{blockSchedule, "repairs", 6_000_00},
	{blockSchedule, "fire_safety", 1_800_00},
	{blockSchedule, "professional", 1_500_00},
	{blockSchedule, "management_fee", 8_400_00},
	{blockSchedule, "reserve_fund", 10_000_00},
	{liftSchedule, "lift", 3_200_00},
	{carParkSchedule, "repairs", 1_200_00},
}

// budgets sets Harbour View's budgets for last service-charge year and
// this one, through the function the budget screen uses. Their figures
// against spending and the year-end position are worked out when they
// are read, from whatever supplier invoices the demo holds by then.
func (s *seeder) budgets() error {
	sites, err := estate.ListSites(s.ctx, s.tx)
	if err != nil {
		return err
	}
	var site estate.SiteSummary
	for _, st := range sites {
		if st.Name == blockName {
			site = st
		}
	}
	aps, err := estate.ListApportionments(s.ctx, s.tx, site.ID)
	if err != nil {
		return err
	}
	byName := map[string]int64{}
	for _, a := range aps {
		byName[a.Name] = a.ID
	}
	mgr, err := estate.FindPersonByEmail(s.ctx, s.tx, ManagerEmail)
	if err != nil {
		return fmt.Errorf("demo: manager: %w", err)
	}
	for i, year := range []int{s.today.Year() - 1, s.today.Year()} {
		in := ledger.BudgetInput{Year: year, Note: fmt.Sprintf("Agreed with the residents' association in November %d.", year-1)}
		for _, l := range harbourBudget {
			amount := l.amount * int64(100+4*(i+1)) / 100 / 100 * 100
			in.Lines = append(in.Lines, ledger.BudgetLine{Head: l.head, ApportionmentID: byName[l.schedule], Amount: amount})
		}
		if _, err := ledger.CreateBudget(s.ctx, s.tx, s.now, site.ID, in, mgr.ID); err != nil {
			return fmt.Errorf("demo: %s budget for %d: %w", blockName, year, err)
		}
	}
	return nil
}
