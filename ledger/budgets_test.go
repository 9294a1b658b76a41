package ledger

import (
	"context"
	"database/sql"
	"testing"

	"porch/errs"
	"porch/estate"
	"porch/internal/testdb"
	"porch/tenants"
)

// budgetBook is a block with a 31 December year end, three flats sharing
// its default schedule in thirds (so pennies must be placed), and a Lift
// schedule Flats B and C share 60/40.
type budgetBook struct {
	db         *tenants.DB
	ctx        context.Context
	site       int64
	units      []int64
	main, lift estate.Apportionment
	service    int64
}

func newBudgetBook(t *testing.T) *budgetBook {
	t.Helper()
	db, ctx := book(t)
	bb := &budgetBook{db: db, ctx: ctx}
	bb.site, bb.units = siteWithShares(t, db, ctx, "Quay", []int64{333334, 333333, 333333})
	bb.service = chargeNamed(t, db, ctx, "Service charge")
	err := db.Write(ctx, func(tx *sql.Tx) (err error) {
		if _, err = tx.Exec(`UPDATE sites SET year_end = '12-31' WHERE id = ?`, bb.site); err != nil {
			return err
		}
		if bb.main, err = estate.DefaultApportionment(ctx, tx, bb.site); err != nil {
			return err
		}
		if bb.lift, err = estate.CreateApportionment(ctx, tx, bb.site, "Lift", t0); err != nil {
			return err
		}
		var b, c string
		tx.QueryRow(`SELECT public_id FROM units WHERE id = ?`, bb.units[1]).Scan(&b)
		tx.QueryRow(`SELECT public_id FROM units WHERE id = ?`, bb.units[2]).Scan(&c)
		_, err = estate.SaveShares(ctx, tx, bb.lift.ID, estate.SharesInput{b: "60", c: "40"})
		return err
	})
	if err != nil {
		t.Fatal(err)
	}
	return bb
}

// budget2025 is the year to 31 December 2025: £1,200 cleaning, £3,000
// insurance and £1,000 to the reserve fund under Main; £800 for the lift.
func (bb *budgetBook) budget2025(t *testing.T) Budget {
	t.Helper()
	var b Budget
	err := bb.db.Write(bb.ctx, func(tx *sql.Tx) (err error) {
		b, err = CreateBudget(bb.ctx, tx, t0, bb.site, BudgetInput{Year: 2025, Note: "Agreed at the AGM", Lines: []BudgetLine{
			{Head: "cleaning", ApportionmentID: bb.main.ID, Amount: 1200_00},
			{Head: "insurance", ApportionmentID: bb.main.ID, Amount: 3000_00},
			{Head: "reserve_fund", ApportionmentID: bb.main.ID, Amount: 1000_00},
			{Head: "lift", ApportionmentID: bb.lift.ID, Amount: 800_00},
			{Head: "gardening", ApportionmentID: bb.lift.ID, Amount: 0},
		}}, 0)
		return err
	})
	if err != nil {
		t.Fatal(err)
	}
	return b
}

// spend sets down the year's supplier invoices, with some outside the year
// or not approved that must not count.
func (bb *budgetBook) spend(t *testing.T) {
	t.Helper()
	bills := []testdb.SupplierBill{
		{Head: "cleaning", Date: "2025-03-01", Net: 500_00, VAT: 100_00, Status: "approved"},
		{Head: "cleaning", Date: "2025-12-31", Net: 550_00, VAT: 110_00, Status: "paid"},
		{Head: "cleaning", Date: "2025-10-01", Net: 99_00, Status: "received"},
		{Head: "cleaning", Date: "2024-12-31", Net: 77_00, Status: "paid"},
		{Head: "cleaning", Date: "2026-01-01", Net: 66_00, Status: "paid"},
		{Head: "insurance", Date: "2025-01-01", Net: 2900_00, Status: "paid"},
		{Head: "repairs", Date: "2025-06-01", Net: 250_00, VAT: 50_00, Status: "rejected"},
		{Head: "repairs", Date: "2025-06-02", Net: 123_45, VAT: 24_69, Status: "approved"},
		{Head: "lift", ApportionmentID: bb.lift.ID, Date: "2025-07-01", Net: 700_00, VAT: 140_00, Status: "paid"},
		{Head: "reserve_fund", Date: "2025-08-01", Net: 999_00, Status: "paid"},
	}
	err := bb.db.Write(bb.ctx, func(tx *sql.Tx) error {
		for _, b := range bills {
			b.SiteID = bb.site
			if err := testdb.SupplierInvoice(bb.ctx, tx, t0, b); err != nil {
				return err
			}
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
}

func TestBudgetVsActualOnFixedData(t *testing.T) {
	bb := newBudgetBook(t)
	b := bb.budget2025(t)
	if b.FirstDay.Format("2006-01-02") != "2025-01-01" || b.LastDay.Format("2006-01-02") != "2025-12-31" || b.Total != 6000_00 || len(b.Lines) != 4 {
		t.Fatalf("budget %+v", b)
	}
	bb.spend(t)
	ba, err := BudgetVsActual(bb.ctx, bb.db.Read(), b)
	if err != nil {
		t.Fatal(err)
	}
	type row struct {
		head           string
		budget, actual int64
	}
	want := map[string][]row{
		"Main": {{"cleaning", 1200_00, 1260_00}, {"insurance", 3000_00, 2900_00}, {"repairs", 0, 148_14}, {"reserve_fund", 1000_00, 1000_00}},
		"Lift": {{"lift", 800_00, 840_00}},
	}
	if len(ba.Schedules) != 2 {
		t.Fatalf("%d schedules", len(ba.Schedules))
	}
	for _, s := range ba.Schedules {
		w := want[s.Schedule.Name]
		if len(s.Rows) != len(w) {
			t.Fatalf("%s: %+v", s.Schedule.Name, s.Rows)
		}
		for i, r := range s.Rows {
			if r.Head.Key != w[i].head || r.Budget != w[i].budget || r.Actual != w[i].actual || r.Variance() != w[i].budget-w[i].actual {
				t.Errorf("%s row %d: %s %d/%d, want %+v", s.Schedule.Name, i, r.Head.Key, r.Budget, r.Actual, w[i])
			}
		}
	}
	if m := ba.Schedules[0].Total; m.Budget != 5200_00 || m.Actual != 5308_14 {
		t.Errorf("Main total %+v", m)
	}
	if ba.Total.Budget != 6000_00 || ba.Total.Actual != 6148_14 || ba.Total.Variance() != -148_14 {
		t.Errorf("total %+v", ba.Total)
	}
	if len(ba.Heads) != 5 || ba.Heads[0].Head.Key != "cleaning" || ba.Heads[4].Head.Key != "reserve_fund" {
		t.Errorf("heads %+v", ba.Heads)
	}
}

func TestBudgetRefusals(t *testing.T) {
	bb := newBudgetBook(t)
	bb.budget2025(t)
	create := func(in BudgetInput) errs.Fields {
		err := bb.db.Write(bb.ctx, func(tx *sql.Tx) error {
			_, err := CreateBudget(bb.ctx, tx, t0, bb.site, in, 0)
			return err
		})
		e, ok := errs.As(err)
		if !ok || e.Code != errs.Invalid {
			t.Fatalf("want field messages, got %v", err)
		}
		return e.Fields
	}
	line := func(head string, ap estate.Apportionment, amount int64) []BudgetLine {
		return []BudgetLine{{Head: head, ApportionmentID: ap.ID, Amount: amount}}
	}
	if f := create(BudgetInput{Year: 2025, Lines: line("cleaning", bb.main, 1)}); f["year"] == "" {
		t.Errorf("a second budget for 2025: %v", f)
	}
	if f := create(BudgetInput{Year: 1999, Lines: line("cleaning", bb.main, 1)}); f["year"] == "" {
		t.Errorf("1999: %v", f)
	}
	if f := create(BudgetInput{Year: 2026}); f["lines"] == "" {
		t.Errorf("no lines: %v", f)
	}
	if f := create(BudgetInput{Year: 2026, Lines: line("cleaning", bb.main, -5)}); f[BudgetLineField("cleaning", bb.main)] == "" {
		t.Errorf("negative: %v", f)
	}
	if f := create(BudgetInput{Year: 2026, Lines: line("champagne", bb.main, 5)}); f["lines"] == "" {
		t.Errorf("unknown head: %v", f)
	}
	if n := countRows(t, bb.db, "budgets"); n != 1 {
		t.Errorf("%d budgets", n)
	}
}

// raise posts an on-account instalment and returns its invoices.
func (bb *budgetBook) raise(t *testing.T, b Budget, ap estate.Apportionment, n, k int) ([]Invoice, error) {
	t.Helper()
	var invs []Invoice
	err := bb.db.Write(bb.ctx, func(tx *sql.Tx) (err error) {
		invs, err = RaiseOnAccount(bb.ctx, tx, t0, b, OnAccountInput{ApportionmentID: ap.ID, Instalments: n, Instalment: k,
			ChargeTypeID: bb.service, IssueDate: date(2025, 1, 1), DueDate: date(2025, 1, 31)})
		return err
	})
	return invs, err
}

func TestOnAccountDemandsFromABudget(t *testing.T) {
	bb := newBudgetBook(t)
	b := bb.budget2025(t)
	pv, err := PreviewOnAccount(bb.ctx, bb.db.Read(), b, OnAccountInput{ApportionmentID: bb.main.ID, Instalments: 4, Instalment: 1,
		ChargeTypeID: bb.service, IssueDate: date(2025, 1, 1), DueDate: date(2025, 1, 31)})
	if err != nil || pv.Total != 1300_00 || len(pv.Units) != 3 {
		t.Fatalf("preview %+v %v", pv, err)
	}
	if n := countRows(t, bb.db, "invoices"); n != 0 {
		t.Fatalf("a preview wrote %d invoices", n)
	}
	// 5,200.00 in 4: 1,300.00 each; Lift 800.00 in 2.
	for k := 1; k <= 4; k++ {
		invs, err := bb.raise(t, b, bb.main, 4, k)
		if err != nil || len(invs) != 3 {
			t.Fatalf("instalment %d: %v", k, err)
		}
	}
	if _, err := bb.raise(t, b, bb.main, 4, 2); fieldOf(err, "instalment") == "" {
		t.Errorf("instalment 2 raised twice: %v", err)
	}
	if _, err := bb.raise(t, b, bb.main, 2, 1); fieldOf(err, "instalments") == "" {
		t.Errorf("more than the budget on account: %v", err)
	}
	if _, err := bb.raise(t, b, bb.lift, 3, 1); fieldOf(err, "instalments") == "" {
		t.Errorf("3 instalments: %v", err)
	}
	if _, err := bb.raise(t, b, bb.lift, 1, 1); err != nil {
		t.Fatal(err)
	}
	var demanded int64
	bb.db.ReadPool().QueryRow(`SELECT sum(i.total) FROM budget_demands d JOIN invoices i ON i.id = d.invoice_id
		WHERE d.kind = 'on_account' AND d.apportionment_id = ?`, bb.main.ID).Scan(&demanded)
	if demanded != 5200_00 || countRows(t, bb.db, "budget_demands") != 14 {
		t.Errorf("demanded %d in %d invoices", demanded, countRows(t, bb.db, "budget_demands"))
	}
	if InstalmentPart(100_01, 4, 1) != 25_01 || InstalmentPart(100_01, 4, 2) != 25_00 {
		t.Error("instalment pennies")
	}
}

func fieldOf(err error, field string) string {
	e, ok := errs.As(err)
	if !ok || e.Code != errs.Invalid {
		return ""
	}
	return e.Fields[field]
}
