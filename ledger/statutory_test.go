package ledger

import (
	"context"
	"database/sql"
	"strings"
	"testing"

	"porch/errs"
	"porch/estate"
)

// A block's service charge or administration charge is refused until the
// organisation has supplied the summary prescribed for the block's
// nation, saying what to add and where; ground rent, and a lettings
// home's charges, need none. Once supplied, the demand is raised and the
// summaries it must carry are known, in order.
func TestDemandsNeedTheirSummaryOfRights(t *testing.T) {
	t.Parallel()
	db := bareBook(t)
	ctx := context.Background()
	_, flats := siteWithShares(t, db, ctx, "Quay", []int64{1_000_000})
	_, welsh := siteWithShares(t, db, ctx, "Cei", []int64{1_000_000})
	db.Writer().Exec(`UPDATE sites SET nation = 'wales' WHERE name = 'Cei'`)
	service, admin, ground := chargeNamed(t, db, ctx, "Service charge"), chargeNamed(t, db, ctx, "Administration fee"),
		chargeNamed(t, db, ctx, "Ground rent")
	demand := func(unit, charge int64) error {
		return db.Write(ctx, func(tx *sql.Tx) error {
			_, err := RaiseDemand(ctx, tx, t0, DemandInput{UnitID: unit, IssueDate: t0, DueDate: t0,
				Lines: []DemandLine{{ChargeTypeID: charge, Description: "x", Amount: 100_00}}})
			return err
		})
	}
	refused := func(err error, want string) {
		t.Helper()
		e, ok := errs.As(err)
		if !ok || !strings.Contains(e.Fields["lines"], want) {
			t.Errorf("err = %v, want %q", err, want)
		}
	}
	refused(demand(flats[0], service), "section 21B). Add the England summary under Settings → Demand summaries")
	refused(demand(flats[0], admin), "schedule 11). Add the England summary")
	refused(demand(welsh[0], service), "Add the Wales summary")
	if err := demand(flats[0], ground); err != nil {
		t.Errorf("ground rent: %v", err)
	}
	if n := countRows(t, db, "invoices"); n != 1 {
		t.Fatalf("%d invoices, want only the ground rent's", n)
	}

	if err := db.Write(ctx, func(tx *sql.Tx) error {
		_, err := estate.SetDemandSummary(ctx, tx, t0, estate.SummaryServiceCharge, estate.NationEngland, "England's words")
		return err
	}); err != nil {
		t.Fatal(err)
	}
	if err := demand(flats[0], service); err != nil {
		t.Fatalf("with the summary: %v", err)
	}
	refused(demand(welsh[0], service), "Add the Wales summary")
	got, err := DemandSummaries(ctx, db.Read(), flats[0], map[string]bool{ChargeServiceCharge: true, ChargeGroundRent: true})
	if err != nil || len(got) != 1 || got[0].Text != "England's words" || !strings.HasPrefix(got[0].Title, "Service Charges") {
		t.Errorf("summaries %+v (%v)", got, err)
	}
}
