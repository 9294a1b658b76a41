package estateimport_test

import (
	"context"
	"strings"
	"testing"

	"porch/estate"
	"porch/estateimport"
)

// Leases and tenancies come in with their terms: joint leaseholders on two
// rows are one lease, a lease's term and ground rent and a tenancy's rent
// and deposit are kept, the same file again changes nothing, a changed
// rent is an update, and a term of the wrong kind is refused on its row.
func TestImportTermsAndJointHolders(t *testing.T) {
	t.Parallel()
	db := openEstate(t)
	ctx := context.Background()
	file := "Site,Unit,Name,Email,Role,From,Lease granted,Lease term,Ground rent,Rent,Rent due,Deposit\n" +
		"Harbour View,Flat 1,Oliver Bennett,oliver@example.com,leaseholder,2019-06-01,24/06/2004,125,£250.00,,,\n" +
		"Harbour View,Flat 1,Sarah Bennett,sarah@example.com,leaseholder,2019-06-01,,,,,,\n" +
		"Harbour View,Flat 2,Tom Reid,tom@example.com,tenant,2025-09-01,,,,\"1,650\",,\"1,903.85\"\n"
	plan, err := importFile(t, db, file, true)
	if err != nil {
		t.Fatalf("import: %v %+v", err, plan.Rows)
	}
	units, err := estate.ListUnits(ctx, db.Read(), 1)
	if err != nil || len(units) != 2 {
		t.Fatalf("units %+v (%v)", units, err)
	}
	flat1, err := estate.OccupanciesOfUnit(ctx, db.Read(), units[0].ID)
	if err != nil || len(flat1) != 1 || flat1[0].Names() != "Oliver Bennett and Sarah Bennett" || flat1[0].LeaseYears != 125 ||
		flat1[0].GroundRent != 250_00 || flat1[0].LeaseStart == nil || flat1[0].LeaseStart.Format("2006-01-02") != "2004-06-24" {
		t.Errorf("Flat 1's lease: %+v (%v)", flat1, err)
	}
	flat2, err := estate.OccupanciesOfUnit(ctx, db.Read(), units[1].ID)
	if err != nil || len(flat2) != 1 || flat2[0].Rent != 1650_00 || flat2[0].RentFrequency != estate.RentMonthly || flat2[0].Deposit != 1903_85 {
		t.Errorf("Flat 2's tenancy: %+v (%v)", flat2, err)
	}

	again, err := importFile(t, db, file, false)
	if err != nil || again.Created != 0 || again.Updated != 0 {
		t.Errorf("the same file again: created %d, updated %d (%v)", again.Created, again.Updated, err)
	}
	raised, err := importFile(t, db, strings.Replace(file, `"1,650"`, "1700", 1), false)
	if err != nil || raised.Rows[2].LinkDoes != estateimport.Update {
		t.Errorf("a new rent: %+v (%v)", raised.Rows[2], err)
	}

	wrong, err := importFile(t, db, "Site,Unit,Name,Role,From,Rent\nHarbour View,Flat 1,Oliver Bennett,leaseholder,2019-06-01,900\n", false)
	if err == nil || len(wrong.Rows) != 1 || !strings.Contains(strings.Join(wrong.Rows[0].Problems, " "), "only a tenant's row has a rent") {
		t.Errorf("rent on a leaseholder's row: %+v (%v)", wrong.Rows, err)
	}
}
