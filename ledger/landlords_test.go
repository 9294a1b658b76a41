package ledger

import (
	"database/sql"
	"slices"
	"testing"

	"porch/estate"
)

func TestLandlordsAndTheirProperties(t *testing.T) {
	l := newLetting(t)
	ctx, may := l.ctx, date(2026, 5, 1)
	var fee int64
	l.do(t, func(tx *sql.Tx) error {
		if _, err := RaiseDemand(ctx, tx, may, DemandInput{UnitID: l.unit, IssueDate: may, DueDate: may,
			Lines: []DemandLine{{ChargeTypeID: l.rent, Amount: 1500_00}}}); err != nil {
			return err
		}
		if _, err := RecordReceipt(ctx, tx, may, ReceiptInput{UnitID: l.unit, AccountID: l.bank, Date: may, Amount: 1500_00}); err != nil {
			return err
		}
		var err error
		if fee, err = ChargeFee(ctx, tx, may, FeeInput{UnitID: l.unit, Date: may, Amount: 200_00, Description: "Management fee"}); err != nil {
			return err
		}
		if _, err := ChargeFee(ctx, tx, may, FeeInput{UnitID: l.unit, Date: may, Amount: 180_00, Description: "Management fee"}); err != nil {
			return err
		}
		if _, err := Reverse(ctx, tx, may, fee, may, "charged twice", 0); err != nil {
			return err
		}
		if _, err := RecordExpense(ctx, tx, may, ExpenseInput{UnitID: l.unit, Date: may, Amount: 85_00, Supplier: "Keys Ltd", Description: "Locks"}); err != nil {
			return err
		}
		if _, err := SetFloat(ctx, tx, may, FloatInput{UnitID: l.unit, Date: may, Target: 250_00}); err != nil {
			return err
		}
		_, err = RecordPayout(ctx, tx, may, PayoutInput{OwnerID: l.owner, AccountID: l.bank, Date: may, Amount: 900_00})
		return err
	})

	// The owner of the let unit is a landlord, with the property they own
	// today.
	all, err := Landlords(ctx, l.db.Read(), may)
	if err != nil {
		t.Fatal(err)
	}
	if len(all) != 1 || all[0].ID != l.owner || all[0].Name != "Lena Landlord" || !slices.Equal(all[0].Units, []string{"12 Albion Road"}) {
		t.Fatalf("landlords %+v", all)
	}
	units, err := LandlordUnits(ctx, l.db.Read(), l.owner, may)
	if err != nil {
		t.Fatal(err)
	}
	want := LandlordUnit{UnitID: l.unit, UnitName: "12 Albion Road", SiteName: "Lettings", Owner: true,
		Income: 1500_00, Fees: 180_00, Expenses: 85_00, Float: 250_00, Net: 1500_00 - 180_00 - 85_00 - 250_00}
	if len(units) != 1 {
		t.Fatalf("units %+v", units)
	}
	got := units[0]
	got.UnitPublicID, got.SiteID = "", 0
	if got != want {
		t.Fatalf("unit\n got %+v\nwant %+v", got, want)
	}
	// The properties' client money and the payouts make up what FundsOf holds.
	if f := l.funds(t); f.Held != got.Net-900_00 || f.Float != got.Float {
		t.Fatalf("funds %+v, unit %+v", f, got)
	}

	// Once the property is sold, it is no longer theirs today, but stays
	// on their account; they stay a landlord while anything was posted.
	l.do(t, func(tx *sql.Tx) error {
		var link int64
		if err := tx.QueryRowContext(ctx, `SELECT id FROM unit_people WHERE unit_id = ? AND person_id = ?`, l.unit, l.owner).Scan(&link); err != nil {
			return err
		}
		return estate.EndLink(ctx, tx, link, date(2026, 6, 30))
	})
	july := date(2026, 7, 1)
	if all, err = Landlords(ctx, l.db.Read(), july); err != nil || len(all) != 1 || len(all[0].Units) != 0 {
		t.Fatalf("after the sale: %+v %v", all, err)
	}
	if units, err = LandlordUnits(ctx, l.db.Read(), l.owner, july); err != nil || len(units) != 1 || units[0].Owner {
		t.Fatalf("after the sale: %+v %v", units, err)
	}
}
