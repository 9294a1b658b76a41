package demo_test

import (
	"context"
	"testing"

	"porch/estate"
	"porch/ledger"
	"porch/plans"
)

// Flat 8 is on a plan with two instalments paid and its invoices not
// chased; Flat 23's request waits for the manager.
func TestSeedPaymentPlans(t *testing.T) {
	t.Parallel()
	db := seeded(t)
	ctx := context.Background()
	q := db.Read()
	byStatus := map[string]plans.Plan{}
	for _, name := range []string{"Flat 8", "Flat 23"} {
		var unitID int64
		if err := q.QueryRowContext(ctx, `SELECT id FROM units WHERE name = ? ORDER BY id LIMIT 1`, name).Scan(&unitID); err != nil {
			t.Fatal(err)
		}
		ps, err := plans.OfUnit(ctx, q, unitID)
		if err != nil || len(ps) != 1 {
			t.Fatalf("%s: plans %+v %v", name, ps, err)
		}
		byStatus[ps[0].Status] = ps[0]
	}
	active, ok := byStatus[plans.StatusActive]
	if !ok || active.Method != plans.MethodPayLink || active.Terms.Instalments != 6 {
		t.Fatalf("the plan being kept: %+v", byStatus)
	}
	pr, err := plans.Progressed(ctx, q, active, estate.UKDate(now))
	if err != nil || pr.Rows[0].State != plans.StatePaid || pr.Rows[1].State != plans.StatePaid || pr.Rows[2].State == plans.StatePaid ||
		pr.Behind != 0 || pr.Next == nil {
		t.Fatalf("progress: %+v %v", pr, err)
	}
	if req, ok := byStatus[plans.StatusRequested]; !ok || req.RequestNote == "" {
		t.Fatalf("the request: %+v", byStatus)
	}
	due, err := ledger.DueReminders(ctx, q, estate.UKDate(now))
	if err != nil {
		t.Fatal(err)
	}
	for _, r := range due {
		if r.UnitID == active.UnitID {
			t.Errorf("invoice %d on the plan is chased", r.Number)
		}
	}
}
