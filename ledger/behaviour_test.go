package ledger

import (
	"context"
	"database/sql"
	"testing"
	"time"

	"porch/errs"
	"porch/tenants"
)

// ops is a small helper around one book for behaviour tests.
type ops struct {
	t      *testing.T
	db     *tenants.DB
	ctx    context.Context
	units  []int64
	bank   int64
	income []int64
	rent   int64
}

func newOps(t *testing.T) *ops {
	db, ctx := book(t)
	units, bank := estateFor(t, db, ctx, 2)
	income, rent := chargeIDs(t, db, ctx)
	return &ops{t: t, db: db, ctx: ctx, units: units, bank: bank, income: income, rent: rent}
}

func (o *ops) write(fn func(tx *sql.Tx) error) error { return o.db.Write(o.ctx, fn) }

func (o *ops) demand(unit int64, amount int64, issue time.Time) Invoice {
	o.t.Helper()
	var inv Invoice
	err := o.write(func(tx *sql.Tx) error {
		var err error
		inv, err = RaiseDemand(o.ctx, tx, issue, DemandInput{UnitID: unit, IssueDate: issue, DueDate: issue.AddDate(0, 0, 14),
			Lines: []DemandLine{{ChargeTypeID: o.income[0], Amount: amount}}})
		if err != nil {
			return err
		}
		return ApplyCredit(o.ctx, tx, issue, unit)
	})
	if err != nil {
		o.t.Fatal(err)
	}
	return inv
}

func (o *ops) receipt(unit, amount, invoice int64, date time.Time) int64 {
	o.t.Helper()
	var id int64
	err := o.write(func(tx *sql.Tx) error {
		var err error
		id, err = RecordReceipt(o.ctx, tx, date, ReceiptInput{UnitID: unit, AccountID: o.bank, Date: date, Amount: amount, InvoiceID: invoice})
		return err
	})
	if err != nil {
		o.t.Fatal(err)
	}
	return id
}

func (o *ops) invoice(pub string) Invoice {
	o.t.Helper()
	inv, err := GetInvoice(o.ctx, o.db.Read(), pub)
	if err != nil {
		o.t.Fatal(err)
	}
	return inv
}

func TestInvoiceNumbersAreSequential(t *testing.T) {
	o := newOps(t)
	for i := range 5 {
		if inv := o.demand(o.units[i%2], 1000, t0); inv.Number != int64(i+1) {
			t.Fatalf("invoice %d numbered %d", i+1, inv.Number)
		}
	}
}

func TestReceiptsAllocateAndCarryCredit(t *testing.T) {
	o := newOps(t)
	u := o.units[0]
	old := o.demand(u, 10000, t0)
	newer := o.demand(u, 5000, t0.AddDate(0, 1, 0))
	// A receipt for the newer invoice pays it first.
	o.receipt(u, 5000, newer.ID, t0.AddDate(0, 1, 2))
	if got := o.invoice(newer.PublicID); got.Status(t0.AddDate(0, 1, 3)) != StatusPaid {
		t.Fatalf("chosen invoice: %+v", got)
	}
	if got := o.invoice(old.PublicID); got.Paid != 0 {
		t.Fatalf("old invoice touched: %+v", got)
	}
	// An over-payment pays the old one and leaves credit...
	o.receipt(u, 12500, 0, t0.AddDate(0, 1, 5))
	if got := o.invoice(old.PublicID); got.Outstanding() != 0 {
		t.Fatalf("old invoice: %+v", got)
	}
	if bal, _ := UnitBalance(o.ctx, o.db.Read(), u); bal != -2500 {
		t.Fatalf("balance %d, want -2500 (credit)", bal)
	}
	// ...which pays part of the next demand.
	next := o.demand(u, 4000, t0.AddDate(0, 3, 0))
	got := o.invoice(next.PublicID)
	if got.Paid != 2500 || got.Status(t0.AddDate(0, 3, 1)) != StatusPartPaid {
		t.Fatalf("next invoice: %+v status %s", got, got.Status(t0.AddDate(0, 3, 1)))
	}
	if got.Status(got.DueDate.AddDate(0, 0, 1)) != StatusOverdue {
		t.Fatal("unpaid invoice past due is not overdue")
	}
}

func TestReversals(t *testing.T) {
	o := newOps(t)
	u := o.units[0]
	inv := o.demand(u, 8000, t0)
	rec := o.receipt(u, 8000, 0, t0.AddDate(0, 0, 3))
	// Reversing the receipt (a bounced cheque) makes the invoice owed again.
	if err := o.write(func(tx *sql.Tx) error {
		_, err := Reverse(o.ctx, tx, t0, rec, t0.AddDate(0, 0, 10), "cheque returned unpaid", 0)
		return err
	}); err != nil {
		t.Fatal(err)
	}
	if got := o.invoice(inv.PublicID); got.Paid != 0 {
		t.Fatalf("after receipt reversal: %+v", got)
	}
	err := o.write(func(tx *sql.Tx) error {
		_, err := Reverse(o.ctx, tx, t0, rec, t0.AddDate(0, 0, 11), "again", 0)
		return err
	})
	if !errs.Is(err, errs.Conflict) {
		t.Fatalf("second reversal: %v", err)
	}
	// Paying again then cancelling the demand leaves the payment as credit.
	o.receipt(u, 8000, 0, t0.AddDate(0, 0, 20))
	if err := o.write(func(tx *sql.Tx) error {
		_, err := Reverse(o.ctx, tx, t0, inv.JournalID, t0.AddDate(0, 0, 21), "raised in error", 0)
		return err
	}); err != nil {
		t.Fatal(err)
	}
	if bal, _ := UnitBalance(o.ctx, o.db.Read(), u); bal != -8000 {
		t.Fatalf("balance after cancelling a paid demand = %d, want -8000", bal)
	}
	if got := o.invoice(inv.PublicID); got.Outstanding() != 0 {
		t.Fatalf("cancelled invoice still owed: %+v", got)
	}
	// Postings are never edited: the original journal's postings are intact.
	var n int
	o.db.ReadPool().QueryRow(`SELECT count(*) FROM postings WHERE journal_id = ?`, inv.JournalID).Scan(&n)
	if n != 2 {
		t.Fatalf("original demand has %d postings", n)
	}
}

func TestDemandValidation(t *testing.T) {
	o := newOps(t)
	good := DemandInput{UnitID: o.units[0], IssueDate: t0, DueDate: t0.AddDate(0, 0, 14),
		Lines: []DemandLine{{ChargeTypeID: o.income[0], Amount: 100}}}
	tests := []struct {
		name  string
		edit  func(*DemandInput)
		field string
	}{
		{"no unit", func(d *DemandInput) { d.UnitID = 0 }, "unit"},
		{"due before issue", func(d *DemandInput) { d.DueDate = t0.AddDate(0, 0, -1) }, "due_date"},
		{"year out of range", func(d *DemandInput) { d.IssueDate = time.Date(1999, 1, 1, 0, 0, 0, 0, time.UTC) }, "issue_date"},
		{"no lines", func(d *DemandInput) { d.Lines = nil }, "lines"},
		{"zero amount", func(d *DemandInput) { d.Lines = []DemandLine{{ChargeTypeID: o.income[0], Amount: 0}} }, "lines.0.amount"},
		{"negative amount", func(d *DemandInput) { d.Lines = []DemandLine{{ChargeTypeID: o.income[0], Amount: -5}} }, "lines.0.amount"},
		{"no charge type", func(d *DemandInput) { d.Lines = []DemandLine{{Amount: 5}} }, "lines.0.charge_type"},
		{"rent without a landlord", func(d *DemandInput) { d.Lines = []DemandLine{{ChargeTypeID: o.rent, Amount: 5}} }, "unit"},
	}
	for _, tt := range tests {
		in := good
		in.Lines = append([]DemandLine(nil), good.Lines...)
		tt.edit(&in)
		err := o.write(func(tx *sql.Tx) error {
			_, err := RaiseDemand(o.ctx, tx, t0, in)
			return err
		})
		e, ok := errs.As(err)
		if !ok || e.Fields[tt.field] == "" {
			t.Errorf("%s: want a message on %s, got %v", tt.name, tt.field, err)
		}
	}
	var n int
	o.db.ReadPool().QueryRow(`SELECT count(*) FROM journals`).Scan(&n)
	if n != 0 {
		t.Fatalf("%d journals written by refused demands", n)
	}
}

func TestRentIsClientMoneyForTheLandlord(t *testing.T) {
	o := newOps(t)
	let := o.units[len(o.units)-1]
	err := o.write(func(tx *sql.Tx) error {
		_, err := RaiseDemand(o.ctx, tx, t0, DemandInput{UnitID: let, IssueDate: t0, DueDate: t0,
			Lines: []DemandLine{{ChargeTypeID: o.rent, Amount: 150000}}})
		return err
	})
	if err != nil {
		t.Fatal(err)
	}
	var owed int64
	var owner sql.NullInt64
	o.db.ReadPool().QueryRow(`SELECT -sum(p.amount), max(p.owner_id) FROM postings p JOIN ledger_accounts a ON a.id = p.account_id
		WHERE a.code = '2100'`).Scan(&owed, &owner)
	if owed != 150000 || !owner.Valid {
		t.Fatalf("client money owed %d to owner %v", owed, owner)
	}
}
