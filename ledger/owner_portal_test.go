package ledger

import (
	"database/sql"
	"testing"
	"time"

	"porch/estate"
)

// portfolio is a landlord with two let properties and a month of their
// money: rent demanded and (partly) received, fees and expenses by
// category, a float, payouts for one property and for both, a reversed
// expense, an expense the tax year before, and a deduction to come.
type portfolio struct {
	*letting
	a, b int64 // 12 Albion Road, 3 Mildmay Grove
}

func newPortfolio(t *testing.T) *portfolio {
	t.Helper()
	l := newLetting(t)
	p := &portfolio{letting: l, a: l.unit}
	ctx := l.ctx
	may := func(d int) time.Time { return date(2026, 5, d) }
	l.do(t, func(tx *sql.Tx) error {
		var site int64
		if err := tx.QueryRow(`SELECT site_id FROM units WHERE id = ?`, l.unit).Scan(&site); err != nil {
			return err
		}
		u, err := estate.CreateUnit(ctx, tx, site, estate.UnitInput{Name: "3 Mildmay Grove", AddressLine1: "3 Mildmay Grove",
			Town: "London", Postcode: "N1 4RH"}, t0)
		if err != nil {
			return err
		}
		p.b = u.ID
		if _, err := estate.LinkPerson(ctx, tx, t0, u.ID, l.owner, estate.RoleOwner, t0.AddDate(-5, 0, 0), nil); err != nil {
			return err
		}
		steps := []func() (int64, error){
			func() (int64, error) {
				return RecordExpense(ctx, tx, may(1), ExpenseInput{UnitID: p.b, Date: date(2026, 4, 5), Amount: 40_00,
					Supplier: "Locksmith", Description: "New keys"})
			},
			func() (int64, error) {
				inv, err := RaiseDemand(ctx, tx, may(1), DemandInput{UnitID: p.a, IssueDate: may(1), DueDate: may(1),
					Lines: []DemandLine{{ChargeTypeID: l.rent, Description: "Rent, May", Amount: 1500_00}}})
				return inv.ID, err
			},
			func() (int64, error) {
				inv, err := RaiseDemand(ctx, tx, may(1), DemandInput{UnitID: p.b, IssueDate: may(1), DueDate: may(1),
					Lines: []DemandLine{{ChargeTypeID: l.rent, Description: "Rent, May", Amount: 1000_00}}})
				return inv.ID, err
			},
			func() (int64, error) {
				return RecordReceipt(ctx, tx, may(3), ReceiptInput{UnitID: p.a, AccountID: l.bank, Date: may(3), Amount: 1500_00})
			},
			func() (int64, error) {
				return RecordReceipt(ctx, tx, may(10), ReceiptInput{UnitID: p.b, AccountID: l.bank, Date: may(10), Amount: 600_00})
			},
			func() (int64, error) {
				return ChargeFee(ctx, tx, may(3), FeeInput{UnitID: p.a, Date: may(3), Amount: 180_00,
					Description: "Management fee, 12% incl. VAT", Category: "management_fee"})
			},
			func() (int64, error) {
				return ChargeFee(ctx, tx, may(10), FeeInput{UnitID: p.b, Date: may(10), Amount: 300_00,
					Description: "Tenant find", Category: "letting_fee"})
			},
			func() (int64, error) {
				return RecordExpense(ctx, tx, may(15), ExpenseInput{UnitID: p.a, Date: may(15), Amount: 250_00,
					Supplier: "Northside Heating", Description: "Boiler repair", Category: "repairs"})
			},
			func() (int64, error) {
				return RecordExpense(ctx, tx, may(20), ExpenseInput{UnitID: p.b, Date: may(20), Amount: 90_00,
					Supplier: "Safe Gas Ltd", Description: "Gas safety check", Category: "safety"})
			},
			func() (int64, error) {
				id, err := RecordExpense(ctx, tx, may(12), ExpenseInput{UnitID: p.b, Date: may(12), Amount: 50_00,
					Supplier: "Wrong Co", Description: "Posted in error", Category: "repairs"})
				if err != nil {
					return 0, err
				}
				return Reverse(ctx, tx, may(13), id, may(13), "Posted in error", 0)
			},
			func() (int64, error) {
				return SetFloat(ctx, tx, may(1), FloatInput{UnitID: p.a, Date: may(1), Target: 200_00})
			},
			func() (int64, error) {
				return RecordPayout(ctx, tx, may(20), PayoutInput{OwnerID: l.owner, UnitID: p.a, AccountID: l.bank, Date: may(20), Amount: 700_00})
			},
			func() (int64, error) {
				return RecordPayout(ctx, tx, may(21), PayoutInput{OwnerID: l.owner, AccountID: l.bank, Date: may(21), Amount: 100_00})
			},
			func() (int64, error) {
				d, err := ScheduleDeduction(ctx, tx, may(21), DeductionInput{UnitID: p.a, Description: "Annual gas safety check",
					Supplier: "Safe Gas Ltd", Amount: 75_00, DueDate: date(2026, 6, 30), Category: "safety"})
				return d.ID, err
			},
		}
		for _, step := range steps {
			if _, err := step(); err != nil {
				return err
			}
		}
		return nil
	})
	return p
}

func TestPropertyStatementAgainstTheLedger(t *testing.T) {
	p := newPortfolio(t)
	q := p.db.Read()
	from, to := date(2026, 5, 1), date(2026, 5, 31)
	for _, tc := range []struct {
		name                                              string
		unit                                              int64
		opening, income, fees, expenses, payouts, closing int64
		float, due, unpaid                                int64
		lines                                             int
	}{
		// Rent 1,500 in; fee 180, boiler 250 and a payout of 700 out; 200 kept as float.
		{"12 Albion Road", p.a, 0, 1500_00, 180_00, 250_00, 700_00, 370_00, 200_00, 170_00, 0, 5},
		// The April keys are brought forward; the expense posted in error and its reversal cancel out.
		{"3 Mildmay Grove", p.b, -40_00, 1000_00, 300_00, 90_00, 0, 570_00, 0, 570_00, 400_00, 5},
		// Both, with the payout made for both properties.
		{"all", 0, -40_00, 2500_00, 480_00, 340_00, 800_00, 840_00, 200_00, 640_00, 400_00, 11},
	} {
		st, err := PropertyStatement(p.ctx, q, p.owner, tc.unit, from, to)
		if err != nil {
			t.Fatal(err)
		}
		checkOwnerStatement(t, st)
		got := []int64{st.Opening, st.Income, st.Fees, st.Expenses, st.Payouts, st.Closing, st.Float, st.Due, st.RentUnpaid}
		want := []int64{tc.opening, tc.income, tc.fees, tc.expenses, tc.payouts, tc.closing, tc.float, tc.due, tc.unpaid}
		for i := range got {
			if got[i] != want[i] {
				t.Errorf("%s: figures %v, want %v", tc.name, got, want)
				break
			}
		}
		if len(st.Lines) != tc.lines {
			t.Errorf("%s: %d lines, want %d: %+v", tc.name, len(st.Lines), tc.lines, st.Lines)
		}
	}
	// The whole statement is the landlord's own statement.
	all, err := OwnerStatement(p.ctx, q, p.owner, from, to)
	if err != nil {
		t.Fatal(err)
	}
	if all.Closing != 840_00 || all.UnitID != 0 {
		t.Errorf("owner statement closing %d unit %d", all.Closing, all.UnitID)
	}
}

func TestPayoutForAPropertyMustBeTheirs(t *testing.T) {
	p := newPortfolio(t)
	err := p.db.Write(p.ctx, func(tx *sql.Tx) error {
		_, err := RecordPayout(p.ctx, tx, date(2026, 5, 22), PayoutInput{OwnerID: p.owner, UnitID: p.units[0],
			AccountID: p.bank, Date: date(2026, 5, 22), Amount: 10_00})
		return err
	})
	if msg := fieldMessage(err, "unit"); msg == "" {
		t.Fatalf("payout for a block flat: %v", err)
	}
}

func TestRentDemandsReceivedAndLate(t *testing.T) {
	p := newPortfolio(t)
	rs, err := RentDemands(p.ctx, p.db.Read(), RentFilter{OwnerID: p.owner})
	if err != nil {
		t.Fatal(err)
	}
	if len(rs) != 2 {
		t.Fatalf("%d demands", len(rs))
	}
	today := date(2026, 6, 1)
	by := map[int64]RentDemand{}
	for _, r := range rs {
		by[r.UnitID] = r
	}
	a, b := by[p.a], by[p.b]
	if a.Rent != 1500_00 || a.Received != 1500_00 || a.Unpaid() != 0 || a.DaysLate(today) != 2 || !a.PaidOn.Equal(date(2026, 5, 3)) {
		t.Errorf("Albion Road %+v, %d days late", a, a.DaysLate(today))
	}
	if b.Rent != 1000_00 || b.Received != 600_00 || b.Unpaid() != 400_00 || b.DaysLate(today) != 31 {
		t.Errorf("Mildmay Grove %+v, %d days late", b, b.DaysLate(today))
	}
	one, err := RentDemands(p.ctx, p.db.Read(), RentFilter{OwnerID: p.owner, UnitID: p.b, From: date(2026, 5, 1), To: date(2026, 5, 1)})
	if err != nil || len(one) != 1 || one[0].UnitID != p.b {
		t.Fatalf("one property's demands %+v, %v", one, err)
	}
	none, err := RentDemands(p.ctx, p.db.Read(), RentFilter{OwnerID: p.owner, From: date(2026, 6, 1)})
	if err != nil || len(none) != 0 {
		t.Fatalf("demands from June %+v, %v", none, err)
	}
}

func TestTaxYearSummary(t *testing.T) {
	p := newPortfolio(t)
	if y := TaxYearOf(date(2026, 4, 5)); y.Year() != 2025 || y.Label() != "2025 to 2026" || !y.End.Equal(date(2026, 4, 5)) {
		t.Fatalf("5 April 2026 is in %+v", y)
	}
	if y := TaxYearOf(date(2026, 4, 6)); y.Year() != 2026 || !y.Start.Equal(date(2026, 4, 6)) {
		t.Fatalf("6 April 2026 is in %+v", y)
	}
	s, err := TaxSummaryOf(p.ctx, p.db.Read(), p.owner, 0, TaxYearStarting(2026))
	if err != nil {
		t.Fatal(err)
	}
	// Rent received, not demanded: 1,500 + 600.
	if s.Rent != 2100_00 || s.Allowable != 820_00 || s.Profit() != 1280_00 || s.FeesTotal != 480_00 {
		t.Fatalf("rent %d allowable %d profit %d fees %d", s.Rent, s.Allowable, s.Profit(), s.FeesTotal)
	}
	heading := map[string]TaxHeading{}
	for _, h := range s.Headings {
		heading[h.Heading] = h
	}
	if h := heading[HeadingRepairs]; h.Total != 340_00 || len(h.Lines) != 2 {
		t.Errorf("repairs %+v (the reversed expense must cancel out)", h)
	}
	if h := heading[HeadingProfessional]; h.Total != 480_00 {
		t.Errorf("professional fees %+v", h)
	}
	if len(s.Fees) != 2 || s.Fees[0] != (TaxLine{"Management fee", 180_00}) || s.Fees[1] != (TaxLine{"Letting and tenant-find fee", 300_00}) {
		t.Errorf("fees by category %+v", s.Fees)
	}
	if len(s.Properties) != 2 || s.Properties[0].Name != "12 Albion Road" || s.Properties[0].Rent != 1500_00 ||
		s.Properties[0].Expenses != 430_00 || s.Properties[1].Rent != 600_00 || s.Properties[1].Expenses != 390_00 {
		t.Errorf("by property %+v", s.Properties)
	}
	// The keys bought on 5 April fall in the year before, uncategorised.
	prev, err := TaxSummaryOf(p.ctx, p.db.Read(), p.owner, 0, TaxYearStarting(2025))
	if err != nil {
		t.Fatal(err)
	}
	if prev.Rent != 0 || prev.Allowable != 40_00 || prev.Headings[4].Heading != HeadingOther || prev.Headings[4].Total != 40_00 {
		t.Errorf("2025 to 2026 %+v", prev)
	}
	one, err := TaxSummaryOf(p.ctx, p.db.Read(), p.owner, p.a, TaxYearStarting(2026))
	if err != nil || one.Rent != 1500_00 || one.Allowable != 430_00 {
		t.Errorf("one property: %+v %v", one, err)
	}
}

func TestCostCategoryChecked(t *testing.T) {
	p := newPortfolio(t)
	err := p.db.Write(p.ctx, func(tx *sql.Tx) error {
		_, err := ChargeFee(p.ctx, tx, date(2026, 5, 1), FeeInput{UnitID: p.a, Date: date(2026, 5, 1), Amount: 10_00,
			Description: "Fee", Category: "repairs"})
		return err
	})
	if fieldMessage(err, "category") == "" {
		t.Fatalf("a fee with an expense's category: %v", err)
	}
	if c := CostCategoryOf(KindFee, ""); c.Key != "other_fee" || c.Heading != HeadingProfessional {
		t.Errorf("an uncategorised fee is %+v", c)
	}
}

func TestRentOwedByUnit(t *testing.T) {
	p := newPortfolio(t)
	owed, err := RentOwedByUnit(p.ctx, p.db.Read(), p.owner, date(2026, 5, 1))
	if err != nil {
		t.Fatal(err)
	}
	// Due on 1 May: owed but not yet in arrears on the day itself.
	if len(owed) != 1 || owed[p.b] != (RentOwed{Unpaid: 400_00}) {
		t.Fatalf("on 1 May %+v", owed)
	}
	owed, err = RentOwedByUnit(p.ctx, p.db.Read(), p.owner, date(2026, 5, 2))
	if err != nil || owed[p.b] != (RentOwed{Unpaid: 400_00, Arrears: 400_00}) || owed[p.a] != (RentOwed{}) {
		t.Fatalf("on 2 May %+v %v", owed, err)
	}
}
