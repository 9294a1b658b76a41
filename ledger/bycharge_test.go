package ledger

import (
	"context"
	"database/sql"
	"fmt"
	"math/rand/v2"
	"slices"
	"testing"
	"time"

	"porch/tenants"
)

func TestSplitPennies(t *testing.T) {
	t.Parallel()
	tests := []struct {
		total   int64
		weights []int64
		want    []int64
	}{
		{200_00, []int64{300_00, 100_00}, []int64{150_00, 50_00}},
		{100, []int64{1, 1, 1}, []int64{34, 33, 33}},          // the odd penny to the first of equals
		{10, []int64{5, 3, 2}, []int64{5, 3, 2}},              // the whole
		{7, []int64{10, 20}, []int64{2, 5}},                   // 2.33 and 4.67: the penny to the larger remainder
		{0, []int64{4, 4}, []int64{0, 0}},                     // nothing to split
		{9_000_000_000_00, []int64{9_000_000_000_00, 1}, nil}, // no overflow near the limits
		{25, []int64{10}, []int64{25}},                        // more than the weights: whole multiples first
	}
	for _, tt := range tests {
		got := splitPennies(tt.total, tt.weights)
		if sumOf(got) != tt.total {
			t.Errorf("splitPennies(%d, %v) = %v: adds up to %d", tt.total, tt.weights, got, sumOf(got))
		}
		if tt.want != nil && !slices.Equal(got, tt.want) {
			t.Errorf("splitPennies(%d, %v) = %v, want %v", tt.total, tt.weights, got, tt.want)
		}
	}
}

// A payment is shown against the charges of the invoices it paid, in
// proportion to their lines; what no invoice took is unallocated credit.
func TestStatementPaymentsByCharge(t *testing.T) {
	db, ctx := book(t)
	units, bank := estateFor(t, db, ctx, 1)
	income, _ := chargeIDs(t, db, ctx)
	unit := units[0]
	err := db.Write(ctx, func(tx *sql.Tx) error {
		if _, err := RaiseDemand(ctx, tx, t0, DemandInput{UnitID: unit, IssueDate: t0, DueDate: t0.AddDate(0, 0, RentNoticeMinDays),
			Lines: []DemandLine{{ChargeTypeID: income[0], Amount: 300_00}, {ChargeTypeID: income[1], Amount: 100_00}}}); err != nil {
			return err
		}
		_, err := RecordReceipt(ctx, tx, t0, ReceiptInput{UnitID: unit, AccountID: bank, Date: t0.AddDate(0, 0, 3), Amount: 450_00})
		return err
	})
	if err != nil {
		t.Fatal(err)
	}
	st, err := UnitStatement(ctx, db.Read(), unit, time.Time{}, time.Time{})
	if err != nil {
		t.Fatal(err)
	}
	paid := map[string]int64{}
	var net int64
	for _, c := range st.ByCharge {
		paid[c.ChargeType] = c.Paid
		net += c.Net()
	}
	names := chargeNames(t, db, ctx)
	if paid[names[income[0]]] != 300_00 || paid[names[income[1]]] != 100_00 || paid[UnallocatedCredit] != 50_00 {
		t.Errorf("paid by charge %v", paid)
	}
	if last := st.ByCharge[len(st.ByCharge)-1].ChargeType; last != UnallocatedCredit {
		t.Errorf("last row %q, want the unallocated credit", last)
	}
	if net != st.Closing-st.Opening || st.Closing != -50_00 {
		t.Errorf("by charge nets %d, statement %d to %d", net, st.Opening, st.Closing)
	}
}

// A statement of a later period brings forward what was owed before it
// and spreads each of the period's payments over the invoices it paid,
// an earlier period's included, reading only the period's entries.
func TestPeriodStatementPaymentsByCharge(t *testing.T) {
	db, ctx := book(t)
	units, bank := estateFor(t, db, ctx, 1)
	income, _ := chargeIDs(t, db, ctx)
	unit := units[0]
	year2 := t0.AddDate(1, 0, 0)
	err := db.Write(ctx, func(tx *sql.Tx) error {
		// Year one: 100.00 demanded, 70.00 paid, 30.00 carried forward.
		if _, err := RaiseDemand(ctx, tx, t0, DemandInput{UnitID: unit, IssueDate: t0, DueDate: t0.AddDate(0, 0, RentNoticeMinDays),
			Lines: []DemandLine{{ChargeTypeID: income[0], Amount: 100_00}}}); err != nil {
			return err
		}
		if _, err := RecordReceipt(ctx, tx, t0, ReceiptInput{UnitID: unit, AccountID: bank, Date: t0.AddDate(0, 0, 5), Amount: 70_00}); err != nil {
			return err
		}
		// Year two: 200.00 demanded; 80.00 pays the 30.00 left and 50.00
		// of it, 150.00 the rest.
		if _, err := RaiseDemand(ctx, tx, year2, DemandInput{UnitID: unit, IssueDate: year2, DueDate: year2.AddDate(0, 0, RentNoticeMinDays),
			Lines: []DemandLine{{ChargeTypeID: income[1], Amount: 200_00}}}); err != nil {
			return err
		}
		for i, amount := range []int64{80_00, 150_00} {
			if _, err := RecordReceipt(ctx, tx, year2, ReceiptInput{UnitID: unit, AccountID: bank, Date: year2.AddDate(0, 0, 5+i), Amount: amount}); err != nil {
				return err
			}
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	st, err := UnitStatement(ctx, db.Read(), unit, year2, time.Time{})
	if err != nil {
		t.Fatal(err)
	}
	paid := map[string]int64{}
	for _, c := range st.ByCharge {
		paid[c.ChargeType] = c.Paid
	}
	names := chargeNames(t, db, ctx)
	if paid[names[income[0]]] != 30_00 || paid[names[income[1]]] != 200_00 || paid[UnallocatedCredit] != 0 {
		t.Errorf("the period's payments by charge: %v", paid)
	}
	if st.Opening != 30_00 || st.Closing != 0 || len(st.Lines) != 3 {
		t.Errorf("brought forward %d, closing %d, %d lines", st.Opening, st.Closing, len(st.Lines))
	}
}

func chargeNames(t *testing.T, db *tenants.DB, ctx context.Context) map[int64]string {
	t.Helper()
	cts, err := ChargeTypes(ctx, db.Read())
	if err != nil {
		t.Fatal(err)
	}
	out := map[int64]string{}
	for _, c := range cts {
		out[c.ID] = c.Name
	}
	return out
}

// TestByChargeAddsUpUnderRandomHistories drives random histories of
// demands of one to three lines, receipts (some for a chosen invoice),
// credit notes and reversals, and checks that for random periods every
// unit's breakdown by charge nets to its closing less its opening
// balance, and no charge is shown as paid a negative amount.
func TestByChargeAddsUpUnderRandomHistories(t *testing.T) {
	for _, seed := range []uint64{1, 2, 3} {
		t.Run(fmt.Sprint("seed ", seed), func(t *testing.T) {
			t.Parallel()
			db, ctx := book(t)
			h := newRandomHistory(t, db, ctx, 3, seed)
			for step := range 150 {
				if err := db.Write(ctx, func(tx *sql.Tx) error { return h.step(ctx, tx) }); err != nil {
					t.Fatalf("step %d: %v", step, err)
				}
				if step%10 == 9 {
					checkByCharge(t, db, ctx, h.units, h.r, t0, h.date, step)
				}
			}
		})
	}
}

// checkByCharge checks every unit's breakdown over the whole history and
// over random periods between first and last.
func checkByCharge(t *testing.T, db *tenants.DB, ctx context.Context, units []int64, r *rand.Rand, first, last time.Time, step int) {
	t.Helper()
	days := int(last.Sub(first).Hours()/24) + 1
	for _, u := range units {
		periods := [][2]time.Time{{}, {first.AddDate(0, 0, r.IntN(days)), {}}}
		for range 3 {
			from := first.AddDate(0, 0, r.IntN(days)-2)
			periods = append(periods, [2]time.Time{from, from.AddDate(0, 0, r.IntN(days))})
		}
		for _, p := range periods {
			st, err := UnitStatement(ctx, db.Read(), u, p[0], p[1])
			if err != nil {
				t.Fatal(err)
			}
			var net int64
			for _, c := range st.ByCharge {
				net += c.Net()
				if c.Paid < 0 && c.ChargeType != UnallocatedCredit {
					t.Fatalf("step %d unit %d: %s paid %d", step, u, c.ChargeType, c.Paid)
				}
			}
			if net != st.Closing-st.Opening {
				t.Fatalf("step %d unit %d, %s to %s: by charge nets %d, the balance moved %d (%d to %d)\n%+v",
					step, u, p[0].Format(time.DateOnly), p[1].Format(time.DateOnly), net, st.Closing-st.Opening, st.Opening, st.Closing, st.ByCharge)
			}
		}
	}
}
