package demo_test

import (
	"context"
	"testing"

	"porch/estate"
	"porch/ledger"
	"porch/sqldb"
)

// The demo's leases and tenancies carry their terms, and the flat sold
// last year has two accounts: the seller's, which still owes a quarter,
// and the buyer's.
func TestSeedLeasesAndAccounts(t *testing.T) {
	t.Parallel()
	db := seeded(t)
	ctx := context.Background()
	q := db.Read()

	flat19 := unitNamed(t, ctx, q, "Flat 19")
	leases, err := estate.OccupanciesOfUnit(ctx, q, flat19.ID)
	if err != nil || len(leases) != 2 || leases[1].End == nil || leases[0].LeaseYears != 125 || leases[0].GroundRent == 0 {
		t.Fatalf("Flat 19's leases: %+v (%v)", leases, err)
	}
	seller, err := ledger.DebtorBalance(ctx, q, ledger.Debtor{UnitID: flat19.ID, Occupancies: []int64{leases[1].ID}})
	if err != nil || seller <= 0 {
		t.Errorf("the seller's closed account owes %d (%v)", seller, err)
	}
	whole, _ := ledger.UnitBalance(ctx, q, flat19.ID)
	buyer, _ := ledger.DebtorBalance(ctx, q, ledger.Debtor{UnitID: flat19.ID, Occupancies: []int64{leases[0].ID}})
	if buyer+seller != whole {
		t.Errorf("Flat 19: buyer %d + seller %d != unit %d", buyer, seller, whole)
	}
	var untermed int
	if err := q.QueryRowContext(ctx, `SELECT count(*) FROM occupancies WHERE (role = 'leaseholder' AND lease_years IS NULL)
		OR (role = 'tenant' AND unit_id IN (SELECT u.id FROM units u JOIN sites s ON s.id = u.site_id WHERE s.kind = 'lettings')
		    AND (rent = 0 OR deposit = 0))`).Scan(&untermed); err != nil || untermed != 0 {
		t.Errorf("%d leases or tenancies without terms (%v)", untermed, err)
	}

}

// unitNamed finds the demo's unit of that name.
func unitNamed(t *testing.T, ctx context.Context, q sqldb.Querier, name string) estate.Unit {
	t.Helper()
	sites, err := estate.ListSites(ctx, q)
	if err != nil {
		t.Fatal(err)
	}
	for _, s := range sites {
		units, err := estate.ListUnits(ctx, q, s.ID)
		if err != nil {
			t.Fatal(err)
		}
		for _, u := range units {
			if u.Name == name {
				return u
			}
		}
	}
	t.Fatalf("no unit %q", name)
	return estate.Unit{}
}
