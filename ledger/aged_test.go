package ledger

import (
	"database/sql"
	"testing"
	"time"
)

func TestAgedBucketBoundaries(t *testing.T) {
	for days, want := range map[int]int{-5: AgedCurrent, 0: AgedCurrent, 1: Aged1To30, 30: Aged1To30, 31: Aged31To60,
		60: Aged31To60, 61: Aged61To90, 90: Aged61To90, 91: AgedOver90, 400: AgedOver90} {
		if got := AgedBucket(days); got != want {
			t.Errorf("AgedBucket(%d) = %d, want %d", days, got, want)
		}
	}
}

// dueOn raises a demand of amount on unit, due on the day due and issued
// issued days before it.
func (o *ops) dueOn(unit, amount int64, due time.Time, issued int) Invoice {
	o.t.Helper()
	var inv Invoice
	err := o.write(func(tx *sql.Tx) error {
		var err error
		issue := due.AddDate(0, 0, -issued)
		inv, err = RaiseDemand(o.ctx, tx, issue, DemandInput{UnitID: unit, IssueDate: issue, DueDate: due,
			Lines: []DemandLine{{ChargeTypeID: o.income[0], Amount: amount}}})
		return err
	})
	if err != nil {
		o.t.Fatal(err)
	}
	return inv
}

// The report as at a fixed day puts each invoice in its bucket at the
// boundaries (0, 1, 30, 31, 60, 61, 90 and 91 days overdue), counts only
// what was issued and paid by that day, and its totals add up.
func TestAgedDebtBucketsOnAFixedDate(t *testing.T) {
	o := newOps(t)
	asAt := time.Date(2026, 9, 30, 0, 0, 0, 0, time.UTC)
	a, b := o.units[0], o.units[1]
	for days, amount := range map[int]int64{0: 100, 1: 200, 30: 400, 31: 800, 60: 1600, 61: 3200, 90: 6400, 91: 12800} {
		o.dueOn(a, amount, asAt.AddDate(0, 0, -days), 14)
	}
	o.dueOn(a, 25600, asAt.AddDate(0, 0, 5), 10)           // issued, not yet due: current
	o.dueOn(a, 99900, asAt.AddDate(0, 0, 20), 19)          // issued the day after: left out
	old := o.dueOn(b, 50000, asAt.AddDate(0, 0, -120), 14) // part paid by the day
	o.receipt(b, 20000, old.ID, asAt.AddDate(0, 0, -1))
	o.receipt(b, 30000, old.ID, asAt.AddDate(0, 0, 1)) // paid after the day: still owed on it
	paid := o.dueOn(b, 7000, asAt.AddDate(0, 0, -45), 14)
	o.receipt(b, 7000, paid.ID, asAt.AddDate(0, 0, -40))

	rep, err := AgedDebt(o.ctx, o.db.Read(), AgedDebtFilter{AsAt: asAt})
	if err != nil {
		t.Fatal(err)
	}
	if len(rep.Sites) != 1 || len(rep.Sites[0].Debtors) != 2 {
		t.Fatalf("report: %+v", rep)
	}
	site := rep.Sites[0]
	wantA := AgedAmounts{100 + 25600, 200 + 400, 800 + 1600, 3200 + 6400, 12800}
	wantB := AgedAmounts{0, 0, 0, 0, 30000}
	if got := site.Debtors[0].Amounts; got != wantA {
		t.Errorf("Flat A: %v, want %v", got, wantA)
	}
	if got := site.Debtors[1].Amounts; got != wantB {
		t.Errorf("Flat B: %v, want %v", got, wantB)
	}
	want := AgedAmounts{25700, 600, 2400, 9600, 42800}
	if site.Totals != want || rep.Totals != want {
		t.Errorf("totals: site %v, report %v, want %v", site.Totals, rep.Totals, want)
	}
	if rep.Totals.Total() != 81100 || rep.Totals.Overdue() != 81100-25700 {
		t.Errorf("total %d, overdue %d", rep.Totals.Total(), rep.Totals.Overdue())
	}
	var bal int64
	for _, u := range []int64{a, b} {
		n, err := DebtorBalance(o.ctx, o.db.Read(), WholeUnit(u))
		if err != nil {
			t.Fatal(err)
		}
		bal += n
	}
	// Today both accounts owe their invoices less every receipt: the
	// report on a later day agrees with the balances.
	later, err := AgedDebt(o.ctx, o.db.Read(), AgedDebtFilter{AsAt: asAt.AddDate(1, 0, 0)})
	if err != nil {
		t.Fatal(err)
	}
	if later.Totals.Total() != bal || later.Totals.Overdue() != bal {
		t.Errorf("a year on: %v, balances %d", later.Totals, bal)
	}
	// A site filter that matches nothing reports nothing.
	none, err := AgedDebt(o.ctx, o.db.Read(), AgedDebtFilter{AsAt: asAt, SiteID: -1})
	if err != nil || len(none.Sites) != 0 || none.Totals.Total() != 0 {
		t.Errorf("other site: %+v %v", none, err)
	}
}

func TestDebtorNotes(t *testing.T) {
	o := newOps(t)
	next := time.Date(2026, 10, 5, 0, 0, 0, 0, time.UTC)
	save := func(n DebtorNote) error {
		return o.write(func(tx *sql.Tx) error {
			_, err := SaveDebtorNote(o.ctx, tx, t0, 0, o.units[0], 0, n)
			return err
		})
	}
	if err := save(DebtorNote{Note: " Promised to pay by Friday ", NextAction: next}); err != nil {
		t.Fatal(err)
	}
	if err := save(DebtorNote{Note: "Phoned; no answer", NextAction: next.AddDate(0, 0, 2)}); err != nil {
		t.Fatal(err)
	}
	got, err := GetDebtorNote(o.ctx, o.db.Read(), o.units[0], 0)
	if err != nil || got.Note != "Phoned; no answer" || !got.NextAction.Equal(next.AddDate(0, 0, 2)) {
		t.Errorf("note: %+v %v", got, err)
	}
	if n := countRows(t, o.db, "debtor_notes"); n != 1 {
		t.Errorf("%d notes kept for one account", n)
	}
	long := make([]byte, MaxDebtorNote+1)
	for i := range long {
		long[i] = 'x'
	}
	if msg := fieldMessage(save(DebtorNote{Note: string(long)}), "note"); msg == "" {
		t.Error("an over-long note was kept")
	}
	if msg := fieldMessage(save(DebtorNote{NextAction: time.Date(2150, 1, 1, 0, 0, 0, 0, time.UTC)}), "next_action"); msg == "" {
		t.Error("a next action in 2150 was kept")
	}
	err = o.write(func(tx *sql.Tx) error {
		_, err := SaveDebtorNote(o.ctx, tx, t0, 0, o.units[0], 999, DebtorNote{Note: "x"})
		return err
	})
	if fieldMessage(err, "occupancy") == "" {
		t.Errorf("a note on another unit's lease: %v", err)
	}
}
