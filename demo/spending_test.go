package demo_test

import (
	"context"
	"testing"
	"time"

	"porch/demo"
	"porch/files"
)

// The demo's supplier invoices: last year's all paid, this year's mostly
// paid with some approved and waiting and one for approval, one rejected,
// each with its PDF in the store; the Bristol Water direct debit matched
// on the statement automatically and one payment out left to settle its
// approved invoice; the ledger balanced.
func TestDemoSpending(t *testing.T) {
	for _, at := range []time.Time{now, time.Date(2026, 12, 3, 9, 0, 0, 0, time.UTC), time.Date(2026, 1, 2, 9, 0, 0, 0, time.UTC)} {
		t.Run(at.Format("2006-01-02"), func(t *testing.T) {
			db := seeded(t)
			ctx := context.Background()
			store := files.New(files.Config{})
			if err := demo.Spending(ctx, db, store, at); err != nil {
				t.Fatal(err)
			}
			q := db.ReadPool()
			count := func(query string, args ...any) int {
				t.Helper()
				var n int
				if err := q.QueryRow(query, args...).Scan(&n); err != nil {
					t.Fatal(err)
				}
				return n
			}
			last := at.Year() - 1
			if n := count(`SELECT count(*) FROM supplier_invoices WHERE invoice_date LIKE ? AND status IN ('received', 'approved')`, itoa(last)+"-%"); n != 0 {
				t.Errorf("%d of last year's invoices are not paid", n)
			}
			if n := count(`SELECT count(DISTINCT head) FROM supplier_invoices WHERE invoice_date LIKE ?`, itoa(last)+"-%"); n < 8 {
				t.Errorf("last year's invoices are under %d heads", n)
			}
			if n := count(`SELECT count(*) FROM supplier_invoices WHERE status = 'rejected'`); n != 1 {
				t.Errorf("%d rejected invoices", n)
			}
			if n := count(`SELECT count(*) FROM supplier_invoices WHERE file_hash = ''`); n != 0 {
				t.Errorf("%d invoices without their PDF", n)
			}
			var hash string
			q.QueryRow(`SELECT file_hash FROM supplier_invoices ORDER BY id DESC LIMIT 1`).Scan(&hash)
			if _, err := store.Get(ctx, db, hash); err != nil {
				t.Errorf("a PDF is not in the store: %v", err)
			}
			if at.Month() > time.February {
				if n := count(`SELECT count(*) FROM supplier_invoices WHERE status = 'received'`); n != 1 {
					t.Errorf("%d invoices awaiting approval", n)
				}
				if n := count(`SELECT count(*) FROM supplier_invoices WHERE status = 'approved'`); n < 1 {
					t.Errorf("no approved invoice waiting to be paid")
				}
				if n := count(`SELECT count(*) FROM supplier_invoices WHERE status = 'paid' AND invoice_date LIKE ?`, itoa(at.Year())+"-%"); n < 1 {
					t.Errorf("only %d of this year's invoices are paid", n)
				}
			}
			if at.Month() > time.February {
				if n := count(`SELECT count(*) FROM bank_lines WHERE description LIKE 'BRISTOL WATER%' AND matched_how = 'auto'`); n != 1 {
					t.Errorf("%d Bristol Water lines matched automatically", n)
				}
			}
			if n := count(`SELECT count(*) FROM bank_lines b WHERE b.journal_id IS NULL AND EXISTS (SELECT 1 FROM supplier_invoices s
				WHERE s.status = 'approved' AND s.net + s.vat = -b.amount)`); n != count(`SELECT count(*) FROM bank_lines WHERE journal_id IS NULL`) {
				t.Errorf("an unmatched line has no approved invoice to settle")
			}
			if n := count(`SELECT coalesce(sum(amount), 0) FROM postings`); n != 0 {
				t.Errorf("the ledger does not balance: %d", n)
			}
		})
	}
}

func itoa(n int) string { return time.Date(n, 1, 1, 0, 0, 0, 0, time.UTC).Format("2006") }
