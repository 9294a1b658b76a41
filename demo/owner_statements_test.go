package demo_test

import (
	"context"
	"testing"

	"porch/auth"
	"porch/demo"
	"porch/estate"
	"porch/files"
	"porch/ledger"
	"porch/owners"
)

// The demo's landlords: Harjit owns three lets and Grace one, each with
// three monthly statements filed in their portal, their fees and expenses
// in categories for the tax year, and payouts made property by property.
func TestDemoLandlords(t *testing.T) {
	db := seeded(t)
	ctx := context.Background()
	store := files.New(files.Config{})
	if err := demo.OwnerStatements(ctx, db, store, now); err != nil {
		t.Fatal(err)
	}
	q := db.Read()
	today := estate.UKDate(now)
	for email, lets := range map[string]int{demo.OwnerEmail: 3, demo.SellerEmail: 1} {
		p, err := estate.FindPersonByEmail(ctx, q, email)
		if err != nil {
			t.Fatal(err)
		}
		scope, err := auth.LoadScope(ctx, q, p.ID, today)
		if err != nil {
			t.Fatal(err)
		}
		props, err := scope.Properties(ctx, q)
		if err != nil {
			t.Fatal(err)
		}
		n := 0
		for _, pr := range props {
			if pr.Market == estate.MarketLetting {
				n++
			}
		}
		if n != lets {
			t.Errorf("%s has %d let properties in the portal, want %d", email, n, lets)
		}
		issued, err := owners.IssuedTo(ctx, q, p.ID, 0)
		if err != nil || len(issued) != 3 {
			t.Fatalf("%s has %d statements: %v", email, len(issued), err)
		}
		if _, err := store.Get(ctx, db, issued[0].FileHash); err != nil {
			t.Errorf("%s's latest statement is not in the store: %v", email, err)
		}
		sum, err := ledger.TaxSummaryOf(ctx, q, p.ID, 0, ledger.TaxYearOf(today))
		if err != nil {
			t.Fatal(err)
		}
		if sum.Rent <= 0 || sum.FeesTotal <= 0 || len(sum.Fees) == 0 || sum.Fees[0].Label != "Management fee" {
			t.Errorf("%s's tax year so far: %+v", email, sum)
		}
		for _, h := range sum.Headings {
			for _, l := range h.Lines {
				if l.Label == "Other expense" || l.Label == "Other fee" {
					t.Errorf("%s has uncategorised costs: %+v", email, h)
				}
			}
		}
	}
	var unpinned int
	if err := db.ReadPool().QueryRow(`SELECT count(*) FROM postings p JOIN journals j ON j.id = p.journal_id
		WHERE j.kind = 'payout' AND p.owner_id IS NOT NULL AND p.unit_id IS NULL`).Scan(&unpinned); err != nil || unpinned != 0 {
		t.Errorf("%d payouts are for no property (%v)", unpinned, err)
	}
}
