package ledger

import (
	"context"
	"database/sql"
	"testing"
	"time"

	"porch/internal/testdb"
	"porch/tenants"
)

func benchBook(b *testing.B) (*tenants.DB, context.Context) {
	b.Helper()
	db := testdb.Org(b, "bench")
	ctx := context.Background()
	if err := db.Write(ctx, func(tx *sql.Tx) error { return EnsureChart(ctx, tx, t0) }); err != nil {
		b.Fatal(err)
	}
	return db, ctx
}

// BenchmarkBulkDemand200Units previews and posts a two-line bulk demand on
// a site of 200 units: 200 invoices in one transaction.
func BenchmarkBulkDemand200Units(b *testing.B) {
	db, ctx := benchBook(b)
	shares := make([]int64, 200)
	for i := range shares {
		shares[i] = FullShare / 200
	}
	site, _ := siteWithShares(b, db, ctx, "Tower", shares)
	in := BulkInput{IssueDate: t0, DueDate: t0.AddDate(0, 0, 28), Lines: []BulkLine{
		{ChargeTypeID: chargeNamed(b, db, ctx, "Service charge"), Total: 240_000_01},
		{ChargeTypeID: chargeNamed(b, db, ctx, "Reserve fund"), Total: 30_000_00},
	}}
	for b.Loop() {
		if _, err := PreviewBulkDemand(ctx, db.Read(), site, in); err != nil {
			b.Fatal(err)
		}
		err := db.Write(ctx, func(tx *sql.Tx) error {
			invs, err := PostBulkDemand(ctx, tx, t0, site, in, 0)
			if err == nil && len(invs) != 200 {
				b.Fatalf("%d invoices", len(invs))
			}
			return err
		})
		if err != nil {
			b.Fatal(err)
		}
	}
}

// BenchmarkUnitStatement10Years builds the all-time statement of a unit
// with ten years of monthly demands and receipts, in a book holding the
// same for 49 other units.
func BenchmarkUnitStatement10Years(b *testing.B) {
	db, ctx := benchBook(b)
	shares := make([]int64, 50)
	for i := range shares {
		shares[i] = FullShare / 50
	}
	site, units := siteWithShares(b, db, ctx, "Tower", shares)
	service := chargeNamed(b, db, ctx, "Service charge")
	start := time.Date(2016, 1, 1, 0, 0, 0, 0, time.UTC)
	err := db.Write(ctx, func(tx *sql.Tx) error {
		bank, err := CreateBankAccount(ctx, tx, t0, site, BankAccountInput{Name: "Client", SortCode: "12-34-56", AccountNumber: "12345678"})
		if err != nil {
			return err
		}
		for m := range 120 {
			d := start.AddDate(0, m, 0)
			for _, u := range units {
				if _, err := RaiseDemand(ctx, tx, d, DemandInput{UnitID: u, IssueDate: d, DueDate: d.AddDate(0, 0, 14),
					Lines: []DemandLine{{ChargeTypeID: service, Amount: 150_00}}}); err != nil {
					return err
				}
				if _, err := RecordReceipt(ctx, tx, d, ReceiptInput{UnitID: u, AccountID: bank.ID, Date: d.AddDate(0, 0, 10), Amount: 150_00}); err != nil {
					return err
				}
			}
		}
		return nil
	})
	if err != nil {
		b.Fatal(err)
	}
	if _, err := db.Writer().Exec(`DROP INDEX postings_unit`); err != nil {
		b.Fatal(err)
	}
	q := db.Read()
	for b.Loop() {
		st, err := UnitStatement(ctx, q, units[17], time.Time{}, time.Time{})
		if err != nil || len(st.Lines) != 240 {
			b.Fatalf("%d lines, %v", len(st.Lines), err)
		}
	}
}
