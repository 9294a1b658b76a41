package ledger

import (
	"database/sql"
	"testing"
	"time"

	"porch/estate"
)

// The year end: each schedule's spending against its on-account demands,
// and each unit's part of the difference summing to it exactly; posting
// charges a deficit, credits a surplus, once, and all or nothing.
func TestYearEndBalancing(t *testing.T) {
	bb := newBudgetBook(t)
	b := bb.budget2025(t)
	bb.spend(t)
	for k := 1; k <= 2; k++ {
		if _, err := bb.raise(t, b, bb.main, 2, k); err != nil {
			t.Fatal(err)
		}
	}
	if _, err := bb.raise(t, b, bb.lift, 1, 1); err != nil {
		t.Fatal(err)
	}
	// Lift: the invoice for Flat C is reversed, so less was demanded.
	var flatC int64
	bb.db.ReadPool().QueryRow(`SELECT i.journal_id FROM invoices i JOIN budget_demands d ON d.invoice_id = i.id
		WHERE d.apportionment_id = ? AND i.unit_id = ?`, bb.lift.ID, bb.units[2]).Scan(&flatC)
	if err := bb.db.Write(bb.ctx, func(tx *sql.Tx) error {
		_, err := Reverse(bb.ctx, tx, t0, flatC, date(2025, 2, 1), "raised in error", 0)
		return err
	}); err != nil {
		t.Fatal(err)
	}
	ye, err := BudgetYearEnd(bb.ctx, bb.db.Read(), b)
	if err != nil {
		t.Fatal(err)
	}
	main, _ := ye.Position(bb.main.ID)
	lift, _ := ye.Position(bb.lift.ID)
	// Main spent 5,308.14 against 5,200.00 demanded: 108.14 to charge in
	// thirds, 36.05 + 36.05 + 36.04. Lift spent 840.00 against 480.00 (Flat
	// B's 60%): 360.00 to charge, 216.00 and 144.00.
	if main.Spent != 5308_14 || main.Demanded != 5200_00 || main.Balance != 108_14 || !main.Deficit() {
		t.Fatalf("main %+v", main)
	}
	if lift.Spent != 840_00 || lift.Demanded != 480_00 || lift.Balance != 360_00 {
		t.Fatalf("lift %+v", lift)
	}
	for _, p := range []SchedulePosition{main, lift} {
		var sum int64
		for _, u := range p.Units {
			sum += u.Amount
		}
		if sum != p.Balance {
			t.Errorf("%s: units sum to %d, balance %d", p.Schedule.Name, sum, p.Balance)
		}
	}
	if main.Units[0].Amount != 36_05 || main.Units[1].Amount != 36_05 || main.Units[2].Amount != 36_04 {
		t.Errorf("main split %+v", main.Units)
	}

	post := func(ap estate.Apportionment, issue string) (BalancingPosted, error) {
		var out BalancingPosted
		err := bb.db.Write(bb.ctx, func(tx *sql.Tx) (err error) {
			d := mustDate(issue)
			out, err = PostBalancing(bb.ctx, tx, t0, b, BalancingInput{ApportionmentID: ap.ID, ChargeTypeID: bb.service,
				IssueDate: d, DueDate: d.AddDate(0, 0, 30)})
			return err
		})
		return out, err
	}
	journals := countRows(t, bb.db, "journals")
	if _, err := post(bb.main, "2025-12-31"); fieldOf(err, "issue_date") == "" {
		t.Errorf("balancing dated within the year: %v", err)
	}
	if n := countRows(t, bb.db, "journals"); n != journals {
		t.Fatalf("a refused post wrote %d journals", n-journals)
	}
	out, err := post(bb.main, "2026-02-01")
	if err != nil {
		t.Fatal(err)
	}
	var charged int64
	for _, inv := range out.Invoices {
		charged += inv.Total
	}
	if len(out.Invoices) != 3 || charged != 108_14 {
		t.Errorf("posted %d invoices for %d", len(out.Invoices), charged)
	}
	if _, err := post(bb.main, "2026-02-01"); fieldOf(err, "form") == "" {
		t.Errorf("posted twice: %v", err)
	}
	if got, _ := GetBudget(bb.ctx, bb.db.Read(), b.PublicID); got.Closed() {
		t.Error("closed with the lift open")
	}
	if _, err := post(bb.lift, "2026-02-01"); err != nil {
		t.Fatal(err)
	}
	got, _ := GetBudget(bb.ctx, bb.db.Read(), b.PublicID)
	if !got.Closed() {
		t.Error("not closed with every schedule posted")
	}
	err = bb.db.Write(bb.ctx, func(tx *sql.Tx) error {
		_, err := UpdateBudget(bb.ctx, tx, t0, got, BudgetInput{Lines: []BudgetLine{{Head: "cleaning", ApportionmentID: bb.main.ID, Amount: 1}}})
		return err
	})
	if fieldOf(err, "form") == "" {
		t.Errorf("a posted budget changed: %v", err)
	}
	if n := countRows(t, bb.db, "budget_balancings"); n != 2 {
		t.Errorf("%d balancings", n)
	}
}

func mustDate(s string) (d time.Time) {
	d, _ = time.Parse("2006-01-02", s)
	return d
}

// A surplus is credited to the units by credit notes summing to it; a
// post that fails at its last step leaves nothing behind.
func TestYearEndSurplusCreditsAllOrNothing(t *testing.T) {
	bb := newBudgetBook(t)
	b := bb.budget2025(t)
	if _, err := bb.raise(t, b, bb.main, 1, 1); err != nil {
		t.Fatal(err)
	}
	// Nothing spent but the reserve contribution: 1,000.00 against
	// 5,200.00 demanded, a surplus of 4,200.00, 1,400.00 a flat.
	ye, _ := BudgetYearEnd(bb.ctx, bb.db.Read(), b)
	main, _ := ye.Position(bb.main.ID)
	if main.Balance != -4200_00 || !main.Surplus() || main.Units[0].Amount != -1400_00 {
		t.Fatalf("main %+v", main)
	}
	post := func() (BalancingPosted, error) {
		var out BalancingPosted
		err := bb.db.Write(bb.ctx, func(tx *sql.Tx) (err error) {
			out, err = PostBalancing(bb.ctx, tx, t0, b, BalancingInput{ApportionmentID: bb.main.ID, ChargeTypeID: bb.service,
				IssueDate: date(2026, 1, 15), DueDate: date(2026, 1, 15)})
			return err
		})
		return out, err
	}
	if _, err := bb.db.Writer().Exec(`CREATE TRIGGER refuse_balancing BEFORE INSERT ON budget_balancings
		BEGIN SELECT RAISE(ABORT, 'refused for the test'); END`); err != nil {
		t.Fatal(err)
	}
	journals, allocations := countRows(t, bb.db, "journals"), countRows(t, bb.db, "allocations")
	if _, err := post(); err == nil {
		t.Fatal("posted through the refusal")
	}
	if countRows(t, bb.db, "journals") != journals || countRows(t, bb.db, "allocations") != allocations {
		t.Fatal("a failed post left entries behind")
	}
	bb.db.Writer().Exec(`DROP TRIGGER refuse_balancing`)
	out, err := post()
	if err != nil {
		t.Fatal(err)
	}
	var credited int64
	bb.db.ReadPool().QueryRow(`SELECT sum(p.amount) FROM postings p JOIN journals j ON j.id = p.journal_id
		WHERE j.kind = 'credit' AND p.amount > 0`).Scan(&credited)
	if len(out.Credits) != 3 || credited != 4200_00 {
		t.Errorf("%d credits for %d", len(out.Credits), credited)
	}
	var balance int64
	bb.db.ReadPool().QueryRow(`SELECT balance FROM budget_balancings`).Scan(&balance)
	if balance != -4200_00 {
		t.Errorf("recorded balance %d", balance)
	}
}

// What a schedule demanded on account is every service charge raised on
// its shares within the year, from the budget or not: a bulk demand and a
// recurring one count; a demand on one unit, ground rent, a demand of
// another year and the year's own balancing do not.
func TestYearEndCountsDemandsRaisedOutsideTheBudget(t *testing.T) {
	bb := newBudgetBook(t)
	b := bb.budget2025(t)
	ground := chargeNamed(t, bb.db, bb.ctx, "Ground rent")
	err := bb.db.Write(bb.ctx, func(tx *sql.Tx) error {
		for _, d := range []struct {
			issue  string
			charge int64
			total  int64
			ap     int64
		}{{"2025-04-01", bb.service, 900_00, 0}, {"2025-07-01", bb.service, 300_00, bb.lift.ID},
			{"2025-04-01", ground, 450_00, 0}, {"2026-01-05", bb.service, 700_00, 0}} {
			issue := mustDate(d.issue)
			if _, err := PostBulkDemand(bb.ctx, tx, t0, bb.site, BulkInput{IssueDate: issue, DueDate: issue.AddDate(0, 0, 30),
				Apportionment: d.ap, Lines: []BulkLine{{ChargeTypeID: d.charge, Description: "Quarter", Total: d.total}}}, 0); err != nil {
				return err
			}
		}
		issue := mustDate("2025-05-01")
		_, err := RaiseDemand(bb.ctx, tx, t0, DemandInput{UnitID: bb.units[0], IssueDate: issue, DueDate: issue.AddDate(0, 0, 30),
			Lines: []DemandLine{{ChargeTypeID: bb.service, Description: "Own window cleaning", Amount: 80_00}}})
		return err
	})
	if err != nil {
		t.Fatal(err)
	}
	ye, err := BudgetYearEnd(bb.ctx, bb.db.Read(), b)
	if err != nil {
		t.Fatal(err)
	}
	main, _ := ye.Position(bb.main.ID)
	lift, _ := ye.Position(bb.lift.ID)
	if main.Demanded != 900_00 || lift.Demanded != 300_00 {
		t.Fatalf("demanded: main %d, lift %d; want 900.00 and 300.00", main.Demanded, lift.Demanded)
	}
}
