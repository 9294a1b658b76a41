package ledger

import (
	"context"
	"database/sql"
	"math/rand/v2"
	"strings"
	"testing"
	"time"

	"porch/errs"
	"porch/estate"
	"porch/sqldb"
	"porch/tenants"
)

// letting is a let unit with its landlord, a bank account and the rent
// charge, in a fresh book.
type letting struct {
	db    *tenants.DB
	ctx   context.Context
	units []int64 // block units first, the let unit last
	unit  int64
	owner int64
	bank  int64
	rent  int64
}

func newLetting(t *testing.T) *letting {
	t.Helper()
	db, ctx := book(t)
	units, bank := estateFor(t, db, ctx, 2)
	l := &letting{db: db, ctx: ctx, units: units, unit: units[len(units)-1], bank: bank, rent: chargeNamed(t, db, ctx, "Rent")}
	if err := db.ReadPool().QueryRow(`SELECT person_id FROM unit_people WHERE unit_id = ? AND role = 'owner'`, l.unit).Scan(&l.owner); err != nil {
		t.Fatal(err)
	}
	return l
}

// do runs fn in a write transaction and fails the test on error.
func (l *letting) do(t *testing.T, fn func(tx *sql.Tx) error) {
	t.Helper()
	if err := l.db.Write(l.ctx, fn); err != nil {
		t.Fatal(err)
	}
}

func (l *letting) funds(t *testing.T) OwnerFunds {
	t.Helper()
	f, err := FundsOf(l.ctx, l.db.Read(), l.owner)
	if err != nil {
		t.Fatal(err)
	}
	return f
}

func (l *letting) statement(t *testing.T, from, to time.Time) LandlordStatement {
	t.Helper()
	st, err := OwnerStatement(l.ctx, l.db.Read(), l.owner, from, to)
	if err != nil {
		t.Fatal(err)
	}
	checkOwnerStatement(t, st)
	return st
}

// checkOwnerStatement checks a statement's arithmetic.
func checkOwnerStatement(t testing.TB, st LandlordStatement) {
	t.Helper()
	if st.Opening+st.Income-st.Expenses-st.Fees-st.Payouts+st.Other != st.Closing {
		t.Fatalf("opening %d + income %d - expenses %d - fees %d - payouts %d + other %d != closing %d",
			st.Opening, st.Income, st.Expenses, st.Fees, st.Payouts, st.Other, st.Closing)
	}
	if st.Due != st.Closing-st.Float {
		t.Fatalf("due %d != closing %d - float %d", st.Due, st.Closing, st.Float)
	}
	bal := st.Opening
	for _, line := range st.Lines {
		bal += line.Amount
		if line.Balance != bal {
			t.Fatalf("running balance %d, want %d", line.Balance, bal)
		}
	}
	if bal != st.Closing {
		t.Fatalf("lines end at %d, closing %d", bal, st.Closing)
	}
}

func TestLettingsMoneyAndOwnerStatement(t *testing.T) {
	l := newLetting(t)
	ctx, may, june := l.ctx, date(2026, 5, 1), date(2026, 6, 1)
	l.do(t, func(tx *sql.Tx) error {
		_, err := RaiseDemand(ctx, tx, may, DemandInput{UnitID: l.unit, IssueDate: may, DueDate: may,
			Lines: []DemandLine{{ChargeTypeID: l.rent, Description: "Rent, May", Amount: 1500_00}}})
		return err
	})
	// Rent demanded but not received is the landlord's, but not payable yet.
	if f := l.funds(t); f.Held != 1500_00 || f.Uncollected != 1500_00 || f.Available != 0 {
		t.Fatalf("after demand %+v", f)
	}
	l.do(t, func(tx *sql.Tx) error {
		if _, err := RecordReceipt(ctx, tx, may, ReceiptInput{UnitID: l.unit, AccountID: l.bank, Date: may.AddDate(0, 0, 2), Amount: 1000_00}); err != nil {
			return err
		}
		_, err := ChargeFee(ctx, tx, may, FeeInput{UnitID: l.unit, Date: may.AddDate(0, 0, 2), Amount: 120_00, Description: "Management fee, 10% + VAT"})
		return err
	})
	if f := l.funds(t); f.Held != 1380_00 || f.Uncollected != 500_00 || f.Available != 880_00 {
		t.Fatalf("after part payment and fee %+v", f)
	}
	l.do(t, func(tx *sql.Tx) error {
		if _, err := RecordReceipt(ctx, tx, may, ReceiptInput{UnitID: l.unit, AccountID: l.bank, Date: may.AddDate(0, 0, 9), Amount: 500_00}); err != nil {
			return err
		}
		if _, err := ChargeFee(ctx, tx, may, FeeInput{UnitID: l.unit, OwnerID: l.owner, Date: may.AddDate(0, 0, 9), Amount: 60_00, Description: "Management fee, 10% + VAT"}); err != nil {
			return err
		}
		if _, err := RecordExpense(ctx, tx, may, ExpenseInput{UnitID: l.unit, Date: may.AddDate(0, 0, 12), Amount: 385_00,
			Supplier: "Northside  Heating Ltd", Description: "Boiler repair", Reference: "NH-2291"}); err != nil {
			return err
		}
		id, err := SetFloat(ctx, tx, may, FloatInput{UnitID: l.unit, Date: may.AddDate(0, 0, 12), Target: 250_00})
		if id == 0 && err == nil {
			t.Error("setting a float posted nothing")
		}
		return err
	})
	f := l.funds(t)
	if f.Held != 1500_00-180_00-385_00-250_00 || f.Float != 250_00 || f.Uncollected != 0 || f.Available != 685_00 {
		t.Fatalf("before payout %+v", f)
	}
	l.do(t, func(tx *sql.Tx) error {
		_, err := RecordPayout(ctx, tx, may, PayoutInput{OwnerID: l.owner, AccountID: l.bank, Date: may.AddDate(0, 0, 28), Amount: 685_00})
		return err
	})
	if f := l.funds(t); f.Available != 0 || f.Float != 250_00 {
		t.Fatalf("after payout %+v", f)
	}
	// Setting the float again to the same amount posts nothing.
	l.do(t, func(tx *sql.Tx) error {
		id, err := SetFloat(ctx, tx, may, FloatInput{UnitID: l.unit, Date: may.AddDate(0, 0, 29), Target: 250_00})
		if id != 0 {
			t.Errorf("unchanged float posted journal %d", id)
		}
		return err
	})

	st := l.statement(t, may, date(2026, 5, 31))
	if st.OwnerName != "Lena Landlord" || st.Opening != 0 || st.Income != 1500_00 || st.Fees != 180_00 || st.Expenses != 385_00 ||
		st.Payouts != 685_00 || st.Other != 0 || st.Closing != 250_00 || st.Float != 250_00 || st.Due != 0 || st.RentUnpaid != 0 {
		t.Fatalf("May statement %+v", st)
	}
	if len(st.Lines) != 6 || st.Lines[0].Category != OwnerIncome || st.Lines[0].Unit != "12 Albion Road" ||
		st.Lines[3].Category != OwnerExpense || !strings.Contains(st.Lines[3].Description, "Northside Heating Ltd") ||
		st.Lines[4].Category != OwnerFloat || st.Lines[4].Amount != 0 || st.Lines[4].FloatChange != 250_00 {
		t.Fatalf("lines %+v", st.Lines)
	}

	// June: rent unpaid, the float lowered; a fee charged in error is reversed.
	var fee int64
	l.do(t, func(tx *sql.Tx) error {
		if _, err := RaiseDemand(ctx, tx, june, DemandInput{UnitID: l.unit, IssueDate: june, DueDate: june,
			Lines: []DemandLine{{ChargeTypeID: l.rent, Amount: 1500_00}}}); err != nil {
			return err
		}
		var err error
		if fee, err = ChargeFee(ctx, tx, june, FeeInput{UnitID: l.unit, Date: june, Amount: 180_00, Description: "Management fee"}); err != nil {
			return err
		}
		if _, err := Reverse(ctx, tx, june, fee, june.AddDate(0, 0, 1), "rent not received", 0); err != nil {
			return err
		}
		_, err = SetFloat(ctx, tx, june, FloatInput{UnitID: l.unit, Date: june.AddDate(0, 0, 2), Target: 100_00})
		return err
	})
	st = l.statement(t, june, date(2026, 6, 30))
	if st.Opening != 250_00 || st.Income != 1500_00 || st.Fees != 0 || st.Closing != 1750_00 || st.Float != 100_00 ||
		st.Due != 1650_00 || st.RentUnpaid != 1500_00 {
		t.Fatalf("June statement %+v", st)
	}
	if f := l.funds(t); f.Available != 150_00 {
		t.Fatalf("June funds %+v: only the released float is payable", f)
	}
	// The whole history adds up the same way.
	all := l.statement(t, time.Time{}, time.Time{})
	if all.Opening != 0 || all.Closing != st.Closing || all.Income != 3000_00 {
		t.Fatalf("all-time statement %+v", all)
	}

	// Pay the supplier: not more than owed, matched by name whatever its case.
	pay := func(supplier string, amount int64) error {
		return l.db.Write(ctx, func(tx *sql.Tx) error {
			_, err := PaySupplier(ctx, tx, june, SupplierPaymentInput{Supplier: supplier, AccountID: l.bank, Date: june, Amount: amount})
			return err
		})
	}
	if err := pay("Northside Heating Ltd", 400_00); fieldMessage(err, "amount") == "" || !strings.Contains(fieldMessage(err, "amount"), "£385.00") {
		t.Fatalf("overpaying a supplier: %v", err)
	}
	if err := pay("northside heating ltd", 385_00); err != nil {
		t.Fatal(err)
	}
	if err := pay("Northside Heating Ltd", 1); fieldMessage(err, "supplier") == "" {
		t.Fatalf("paying a supplier owed nothing: %v", err)
	}
	if owed, _ := SuppliersOwed(ctx, l.db.Read()); len(owed) != 0 {
		t.Errorf("still owed %+v", owed)
	}
	tb, _ := Trial(ctx, l.db.Read(), time.Time{})
	if tb.Total != 0 {
		t.Errorf("trial balance %d", tb.Total)
	}
}

func fieldMessage(err error, field string) string {
	e, ok := errs.As(err)
	if !ok {
		return ""
	}
	return e.Fields[field]
}

func TestPayoutRefusedBeyondAvailable(t *testing.T) {
	l := newLetting(t)
	ctx, d := l.ctx, date(2026, 5, 1)
	l.do(t, func(tx *sql.Tx) error {
		if _, err := RaiseDemand(ctx, tx, d, DemandInput{UnitID: l.unit, IssueDate: d, DueDate: d,
			Lines: []DemandLine{{ChargeTypeID: l.rent, Amount: 2000_00}}}); err != nil {
			return err
		}
		if _, err := RecordReceipt(ctx, tx, d, ReceiptInput{UnitID: l.unit, AccountID: l.bank, Date: d, Amount: 1200_00}); err != nil {
			return err
		}
		_, err := SetFloat(ctx, tx, d, FloatInput{UnitID: l.unit, Date: d, Target: 300_00})
		return err
	})
	// Held 1700 after the float; 800 of the rent is not yet received.
	tests := []struct {
		amount int64
		ok     bool
		says   string
	}{
		{900_01, false, "Only £900.00 is available to pay Lena Landlord; £300.00 is kept back as float and £800.00 of rent has not been received"},
		{1700_00, false, "Only £900.00"},
		{900_00, true, ""},
		{1, false, "Nothing is available to pay Lena Landlord now: £800.00 of the rent"},
	}
	for _, tt := range tests {
		before := countRows(t, l.db, "journals")
		err := l.db.Write(ctx, func(tx *sql.Tx) error {
			_, err := RecordPayout(ctx, tx, d, PayoutInput{OwnerID: l.owner, AccountID: l.bank, Date: d, Amount: tt.amount})
			return err
		})
		if tt.ok {
			if err != nil {
				t.Fatalf("paying %d: %v", tt.amount, err)
			}
			continue
		}
		if msg := fieldMessage(err, "amount"); !strings.Contains(msg, tt.says) {
			t.Errorf("paying %d: message %q, want %q", tt.amount, msg, tt.says)
		}
		if countRows(t, l.db, "journals") != before {
			t.Errorf("paying %d: refused but written", tt.amount)
		}
	}
}

func TestLettingsValidation(t *testing.T) {
	l := newLetting(t)
	ctx, d := l.ctx, date(2026, 5, 1)
	block := l.units[0] // no landlord
	var stranger int64
	l.do(t, func(tx *sql.Tx) error {
		p, err := estate.CreatePerson(ctx, tx, estate.PersonInput{FullName: "Sam Stranger"}, t0)
		stranger = p.ID
		return err
	})
	tests := []struct {
		name  string
		post  func(tx *sql.Tx) error
		field string
	}{
		{"fee zero", func(tx *sql.Tx) error {
			_, err := ChargeFee(ctx, tx, d, FeeInput{UnitID: l.unit, Date: d, Amount: 0, Description: "Fee"})
			return err
		}, "amount"},
		{"fee negative", func(tx *sql.Tx) error {
			_, err := ChargeFee(ctx, tx, d, FeeInput{UnitID: l.unit, Date: d, Amount: -100, Description: "Fee"})
			return err
		}, "amount"},
		{"fee no description", func(tx *sql.Tx) error {
			_, err := ChargeFee(ctx, tx, d, FeeInput{UnitID: l.unit, Date: d, Amount: 100, Description: "  "})
			return err
		}, "description"},
		{"fee no unit", func(tx *sql.Tx) error {
			_, err := ChargeFee(ctx, tx, d, FeeInput{Date: d, Amount: 100, Description: "Fee"})
			return err
		}, "unit"},
		{"fee unknown unit", func(tx *sql.Tx) error {
			_, err := ChargeFee(ctx, tx, d, FeeInput{UnitID: 999, Date: d, Amount: 100, Description: "Fee"})
			return err
		}, "unit"},
		{"fee unit without landlord", func(tx *sql.Tx) error {
			_, err := ChargeFee(ctx, tx, d, FeeInput{UnitID: block, Date: d, Amount: 100, Description: "Fee"})
			return err
		}, "owner"},
		{"fee someone else's landlord", func(tx *sql.Tx) error {
			_, err := ChargeFee(ctx, tx, d, FeeInput{UnitID: l.unit, OwnerID: stranger, Date: d, Amount: 100, Description: "Fee"})
			return err
		}, "owner"},
		{"fee date out of range", func(tx *sql.Tx) error {
			_, err := ChargeFee(ctx, tx, d, FeeInput{UnitID: l.unit, Date: date(1999, 1, 1), Amount: 100, Description: "Fee"})
			return err
		}, "date"},
		{"expense no supplier", func(tx *sql.Tx) error {
			_, err := RecordExpense(ctx, tx, d, ExpenseInput{UnitID: l.unit, Date: d, Amount: 100, Description: "Repair"})
			return err
		}, "supplier"},
		{"expense no description", func(tx *sql.Tx) error {
			_, err := RecordExpense(ctx, tx, d, ExpenseInput{UnitID: l.unit, Date: d, Amount: 100, Supplier: "Acme"})
			return err
		}, "description"},
		{"expense zero", func(tx *sql.Tx) error {
			_, err := RecordExpense(ctx, tx, d, ExpenseInput{UnitID: l.unit, Date: d, Supplier: "Acme", Description: "Repair"})
			return err
		}, "amount"},
		{"expense no date", func(tx *sql.Tx) error {
			_, err := RecordExpense(ctx, tx, d, ExpenseInput{UnitID: l.unit, Amount: 100, Supplier: "Acme", Description: "Repair"})
			return err
		}, "date"},
		{"payout no bank", func(tx *sql.Tx) error {
			_, err := RecordPayout(ctx, tx, d, PayoutInput{OwnerID: l.owner, Date: d, Amount: 100})
			return err
		}, "account"},
		{"payout into a non-bank account", func(tx *sql.Tx) error {
			debtors, _ := AccountByCode(ctx, tx, "1100")
			_, err := RecordPayout(ctx, tx, d, PayoutInput{OwnerID: l.owner, AccountID: debtors.ID, Date: d, Amount: 100})
			return err
		}, "account"},
		{"payout unknown owner", func(tx *sql.Tx) error {
			_, err := RecordPayout(ctx, tx, d, PayoutInput{OwnerID: 999, AccountID: l.bank, Date: d, Amount: 100})
			return err
		}, "owner"},
		{"payout zero", func(tx *sql.Tx) error {
			_, err := RecordPayout(ctx, tx, d, PayoutInput{OwnerID: l.owner, AccountID: l.bank, Date: d})
			return err
		}, "amount"},
		{"float negative", func(tx *sql.Tx) error {
			_, err := SetFloat(ctx, tx, d, FloatInput{UnitID: l.unit, Date: d, Target: -1})
			return err
		}, "float"},
		{"float no unit", func(tx *sql.Tx) error {
			_, err := SetFloat(ctx, tx, d, FloatInput{Date: d, Target: 100})
			return err
		}, "unit"},
		{"supplier payment no supplier", func(tx *sql.Tx) error {
			_, err := PaySupplier(ctx, tx, d, SupplierPaymentInput{AccountID: l.bank, Date: d, Amount: 100})
			return err
		}, "supplier"},
		{"deduction in the past", func(tx *sql.Tx) error {
			_, err := ScheduleDeduction(ctx, tx, d, DeductionInput{UnitID: l.unit, Description: "Gas safety", Supplier: "Acme",
				Amount: 100, DueDate: d.AddDate(0, 0, -1)})
			return err
		}, "due_date"},
		{"deduction no date", func(tx *sql.Tx) error {
			_, err := ScheduleDeduction(ctx, tx, d, DeductionInput{UnitID: l.unit, Description: "Gas safety", Supplier: "Acme", Amount: 100})
			return err
		}, "due_date"},
		{"deduction zero", func(tx *sql.Tx) error {
			_, err := ScheduleDeduction(ctx, tx, d, DeductionInput{UnitID: l.unit, Description: "Gas safety", Supplier: "Acme", DueDate: d})
			return err
		}, "amount"},
		{"deduction no supplier", func(tx *sql.Tx) error {
			_, err := ScheduleDeduction(ctx, tx, d, DeductionInput{UnitID: l.unit, Description: "Gas safety", Amount: 100, DueDate: d})
			return err
		}, "supplier"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			err := l.db.Write(ctx, tt.post)
			if msg := fieldMessage(err, tt.field); msg == "" {
				t.Fatalf("want a message on %s, got %v", tt.field, err)
			}
			if n := countRows(t, l.db, "journals") + countRows(t, l.db, "scheduled_deductions"); n != 0 {
				t.Fatalf("%d rows written", n)
			}
		})
	}
	if _, err := OwnerStatement(ctx, l.db.Read(), 999, time.Time{}, time.Time{}); !errs.Is(err, errs.NotFound) {
		t.Errorf("statement of nobody: %v", err)
	}
}

func TestScheduledDeductions(t *testing.T) {
	l := newLetting(t)
	ctx, today := l.ctx, date(2026, 5, 1)
	var gas, eicr Deduction
	l.do(t, func(tx *sql.Tx) error {
		var err error
		if gas, err = ScheduleDeduction(ctx, tx, today, DeductionInput{UnitID: l.unit, Description: "Annual gas safety certificate",
			Supplier: "Northside Heating Ltd", Amount: 85_00, DueDate: today.AddDate(0, 0, 10)}); err != nil {
			return err
		}
		eicr, err = ScheduleDeduction(ctx, tx, today, DeductionInput{UnitID: l.unit, OwnerID: l.owner, Description: "Electrical inspection (EICR)",
			Supplier: "Brightwire Electrical", Amount: 180_00, DueDate: today.AddDate(0, 0, 40)})
		return err
	})
	if gas.OwnerID != l.owner || gas.UnitName != "12 Albion Road" || gas.OwnerName != "Lena Landlord" || gas.JournalID != 0 {
		t.Fatalf("scheduled %+v", gas)
	}
	up, _ := UpcomingDeductions(ctx, l.db.Read(), l.owner)
	if len(up) != 2 || up[0].ID != gas.ID || up[1].ID != eicr.ID {
		t.Fatalf("upcoming %+v", up)
	}
	if other, _ := UpcomingDeductions(ctx, l.db.Read(), 999); len(other) != 0 {
		t.Fatalf("another owner's upcoming %+v", other)
	}
	post := func(on time.Time) int {
		var n int
		l.do(t, func(tx *sql.Tx) error {
			var err error
			n, err = PostDueDeductions(ctx, tx, on, on)
			return err
		})
		return n
	}
	if n := post(today.AddDate(0, 0, 9)); n != 0 {
		t.Fatalf("posted %d before due", n)
	}
	for range 3 {
		if n := post(today.AddDate(0, 0, 15)); n > 1 {
			t.Fatalf("posted %d", n)
		}
	}
	got, _ := GetDeduction(ctx, l.db.Read(), gas.PublicID)
	if got.JournalID == 0 || countRows(t, l.db, "journals") != 1 {
		t.Fatalf("gas certificate not posted once: %+v", got)
	}
	st := l.statement(t, time.Time{}, time.Time{})
	if st.Expenses != 85_00 || len(st.Lines) != 1 || sqldb.FormatDate(st.Lines[0].Date) != "2026-05-11" {
		t.Fatalf("statement %+v", st)
	}
	up, _ = UpcomingDeductions(ctx, l.db.Read(), 0)
	if len(up) != 1 || up[0].ID != eicr.ID {
		t.Fatalf("upcoming after posting %+v", up)
	}
	l.do(t, func(tx *sql.Tx) error { return CancelDeduction(ctx, tx, today, eicr.ID) })
	if n := post(today.AddDate(0, 2, 0)); n != 0 {
		t.Fatalf("a cancelled deduction was posted")
	}
	err := l.db.Write(ctx, func(tx *sql.Tx) error { return CancelDeduction(ctx, tx, today, gas.ID) })
	if !errs.Is(err, errs.Conflict) {
		t.Errorf("cancelling a posted deduction: %v", err)
	}
	if up, _ := UpcomingDeductions(ctx, l.db.Read(), 0); len(up) != 0 {
		t.Errorf("upcoming %+v", up)
	}
}

// TestLedgerInvariantsWithLettings extends the randomised check to the
// lettings side: rent demands, receipts, credits, fees, expenses, supplier
// payments, floats, payouts and reversals of any of them. Besides the
// unit invariants it checks that the landlord's statement adds up and
// equals their postings, and that a payout never leaves less than nothing
// available.
func TestLedgerInvariantsWithLettings(t *testing.T) {
	l := newLetting(t)
	ctx := l.ctx
	income, _ := chargeIDs(t, l.db, ctx)
	r := rand.New(rand.NewPCG(4, 2))
	d := t0
	var journals []int64
	payouts := 0
	for step := range 400 {
		d = d.AddDate(0, 0, r.IntN(4))
		unit := l.unit
		if r.IntN(4) == 0 {
			unit = l.units[r.IntN(len(l.units)-1)]
		}
		var paid bool
		err := l.db.Write(ctx, func(tx *sql.Tx) error {
			var id int64
			var err error
			switch op := r.IntN(12); {
			case op < 3:
				ct := l.rent
				if unit != l.unit {
					ct = income[r.IntN(len(income))]
				}
				var inv Invoice
				inv, err = RaiseDemand(ctx, tx, d, DemandInput{UnitID: unit, IssueDate: d, DueDate: d.AddDate(0, 0, RentNoticeMinDays),
					Lines: []DemandLine{{ChargeTypeID: ct, Amount: 1 + r.Int64N(250000)}}})
				if err == nil {
					id, err = inv.JournalID, ApplyCredit(ctx, tx, d, unit)
				}
			case op < 5:
				id, err = RecordReceipt(ctx, tx, d, ReceiptInput{UnitID: unit, AccountID: l.bank, Date: d, Amount: 1 + r.Int64N(250000)})
			case op < 6:
				ct := l.rent
				if unit != l.unit {
					ct = income[0]
				}
				id, err = CreditNote(ctx, tx, d, CreditInput{UnitID: unit, ChargeTypeID: ct, Date: d, Amount: 1 + r.Int64N(20000), Reason: "goodwill"})
			case op < 7:
				id, err = ChargeFee(ctx, tx, d, FeeInput{UnitID: l.unit, Date: d, Amount: 1 + r.Int64N(30000), Description: "Fee"})
			case op < 8:
				id, err = RecordExpense(ctx, tx, d, ExpenseInput{UnitID: l.unit, Date: d, Amount: 1 + r.Int64N(60000),
					Supplier: []string{"Northside Heating Ltd", "Brightwire Electrical"}[r.IntN(2)], Description: "Repair"})
			case op < 9:
				id, err = SetFloat(ctx, tx, d, FloatInput{UnitID: l.unit, Date: d, Target: r.Int64N(4) * 100_00})
			case op < 10:
				funds, ferr := FundsOf(ctx, tx, l.owner)
				if ferr != nil {
					return ferr
				}
				amount := 1 + r.Int64N(200000)
				if r.IntN(2) == 0 && funds.Available > 0 {
					amount = funds.Available
				}
				id, err = RecordPayout(ctx, tx, d, PayoutInput{OwnerID: l.owner, AccountID: l.bank, Date: d, Amount: amount})
				if amount > funds.Available {
					if fieldMessage(err, "amount") == "" {
						t.Errorf("step %d: payout of %d with %d available: %v", step, amount, funds.Available, err)
					}
					return nil
				}
				paid = err == nil
			case op < 11:
				owed, _ := SuppliersOwed(ctx, tx)
				if len(owed) == 0 {
					return nil
				}
				s := owed[r.IntN(len(owed))]
				if s.Owed <= 0 {
					return nil
				}
				id, err = PaySupplier(ctx, tx, d, SupplierPaymentInput{Supplier: s.Supplier, AccountID: l.bank, Date: d, Amount: 1 + r.Int64N(s.Owed)})
			default:
				if len(journals) == 0 {
					return nil
				}
				_, err = Reverse(ctx, tx, d, journals[r.IntN(len(journals))], d, "entered in error", 0)
				if errs.Is(err, errs.Conflict) {
					return nil
				}
			}
			if id != 0 {
				journals = append(journals, id)
			}
			return err
		})
		if err != nil {
			t.Fatalf("step %d: %v", step, err)
		}
		if paid {
			payouts++
			if f, _ := FundsOf(ctx, l.db.Read(), l.owner); f.Available < 0 {
				t.Fatalf("step %d: a payout left %d available", step, f.Available)
			}
		}
		checkInvariants(t, l.db, ctx, l.units, step)
		checkOwner(t, l, step)
	}
	if payouts < 5 {
		t.Errorf("only %d payouts made: the test is not exercising them", payouts)
	}
}

// checkOwner compares the landlord's statement with their postings.
func checkOwner(t *testing.T, l *letting, step int) {
	t.Helper()
	q := l.db.ReadPool()
	st, err := OwnerStatement(l.ctx, q, l.owner, time.Time{}, time.Time{})
	if err != nil {
		t.Fatal(err)
	}
	checkOwnerStatement(t, st)
	var held, float int64
	q.QueryRow(`SELECT -coalesce(sum(p.amount), 0) FROM postings p JOIN ledger_accounts a ON a.id = p.account_id
		WHERE p.owner_id = ? AND a.code IN ('2100', '2200')`, l.owner).Scan(&held)
	q.QueryRow(`SELECT -coalesce(sum(p.amount), 0) FROM postings p JOIN ledger_accounts a ON a.id = p.account_id
		WHERE p.owner_id = ? AND a.code = '2200'`, l.owner).Scan(&float)
	if st.Closing != held || st.Float != float || st.Other != 0 {
		t.Fatalf("step %d: statement closing %d float %d other %d; postings %d and %d", step, st.Closing, st.Float, st.Other, held, float)
	}
	f, _ := FundsOf(l.ctx, q, l.owner)
	if f.Held+f.Float != held || f.Uncollected < 0 || f.Uncollected != st.RentUnpaid {
		t.Fatalf("step %d: funds %+v vs postings %d, unpaid %d", step, f, held, st.RentUnpaid)
	}
	// A split at any date gives the same closing.
	mid := t0.AddDate(0, 0, step/2)
	a, _ := OwnerStatement(l.ctx, q, l.owner, time.Time{}, mid)
	b, _ := OwnerStatement(l.ctx, q, l.owner, mid.AddDate(0, 0, 1), time.Time{})
	if a.Closing != b.Opening || b.Closing != st.Closing || a.Income+b.Income != st.Income || a.Payouts+b.Payouts != st.Payouts {
		t.Fatalf("step %d: split statements %d/%d and %d/%d of %d", step, a.Opening, a.Closing, b.Opening, b.Closing, st.Closing)
	}
}
