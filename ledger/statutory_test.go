package ledger

import (
	"context"
	"database/sql"
	"strings"
	"testing"

	"porch/errs"
	"porch/estate"
)

// A block's service charge, administration charge or ground rent is
// refused until the organisation has supplied the summary (or, for ground
// rent, the notes) prescribed for the block's nation, saying what to add
// and where; a reserve of another kind needs none. Once supplied, the
// demand is raised and the texts it must carry are known, in order.
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
			_, err := RaiseDemand(ctx, tx, t0, DemandInput{UnitID: unit, IssueDate: t0, DueDate: t0.AddDate(0, 0, RentNoticeMinDays),
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
	refused(demand(flats[0], service), "section 21B). Add the England wording under Settings → Demand summaries")
	refused(demand(flats[0], admin), "schedule 11). Add the England wording")
	refused(demand(flats[0], ground), "section 166). Add the England wording")
	refused(demand(welsh[0], service), "Add the Wales wording")
	if n := countRows(t, db, "invoices"); n != 0 {
		t.Fatalf("%d invoices raised without their texts", n)
	}

	if err := db.Write(ctx, func(tx *sql.Tx) error {
		if _, err := estate.SetDemandSummary(ctx, tx, t0, estate.SummaryGroundRent, estate.NationEngland, "Notes for England"); err != nil {
			return err
		}
		_, err := estate.SetDemandSummary(ctx, tx, t0, estate.SummaryServiceCharge, estate.NationEngland, "England's words")
		return err
	}); err != nil {
		t.Fatal(err)
	}
	if err := demand(flats[0], service); err != nil {
		t.Fatalf("with the summary: %v", err)
	}
	if err := demand(flats[0], ground); err != nil {
		t.Fatalf("ground rent with its notes: %v", err)
	}
	refused(demand(welsh[0], service), "Add the Wales wording")
	got, err := DemandSummaries(ctx, db.Read(), flats[0], map[string]bool{ChargeServiceCharge: true, ChargeGroundRent: true})
	if err != nil || len(got) != 2 || got[0].Text != "England's words" || !strings.HasPrefix(got[0].Title, "Service Charges") ||
		got[1].Kind != ChargeGroundRent || got[1].Text != "Notes for England" {
		t.Errorf("summaries %+v (%v)", got, err)
	}
}

// Ground rent on a block is due only 30 to 60 days after its notice
// (CLRA 2002 s166(3)): a due date outside that is refused on the due date
// field, naming the dates allowed; the bounds themselves are allowed.
func TestGroundRentGivesThirtyToSixtyDays(t *testing.T) {
	t.Parallel()
	db, ctx := book(t)
	_, flats := siteWithShares(t, db, ctx, "Quay", []int64{1_000_000})
	ground := chargeNamed(t, db, ctx, "Ground rent")
	demand := func(days int) error {
		return db.Write(ctx, func(tx *sql.Tx) error {
			_, err := RaiseDemand(ctx, tx, t0, DemandInput{UnitID: flats[0], IssueDate: t0, DueDate: t0.AddDate(0, 0, days),
				Lines: []DemandLine{{ChargeTypeID: ground, Description: "Ground rent, year to 24 June", Amount: 250_00}}})
			return err
		})
	}
	for _, days := range []int{0, 29, 61} {
		e, ok := errs.As(demand(days))
		want := "For a demand issued on " + t0.Format("2 January 2006") + ", make it due between " +
			t0.AddDate(0, 0, 30).Format("2 January 2006") + " and " + t0.AddDate(0, 0, 60).Format("2 January 2006") + "."
		if !ok || !strings.Contains(e.Fields["due_date"], want) || !strings.Contains(e.Fields["due_date"], "section 166") {
			t.Errorf("due in %d days: %v %v", days, e, e.Fields)
		}
	}
	for _, days := range []int{30, 60} {
		if err := demand(days); err != nil {
			t.Errorf("due in %d days: %v", days, err)
		}
	}
	if n := countRows(t, db, "invoices"); n != 2 {
		t.Errorf("%d invoices, want the two within the bounds", n)
	}
}
