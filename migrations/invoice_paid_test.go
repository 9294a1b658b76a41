package migrations_test

import (
	"context"
	"fmt"
	"strings"
	"testing"
)

// Invoices written before version 33 get the sum of their allocations as
// what is paid; from then on every allocation added (a reversal's negative
// one too), changed or removed moves it, and the overdue query reads the
// index of unpaid invoices. Down again drops the column.
func TestInvoicePaidMigration(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	db, p, exec, _ := twoSitesThen(t, 31)
	must := func(q string, args ...any) {
		t.Helper()
		if err := exec(q, args...); err != nil {
			t.Fatal(err)
		}
	}
	const at = "2026-01-01T00:00:00.000000000Z"
	if _, err := p.UpTo(ctx, 32); err != nil {
		t.Fatal(err)
	}
	must(`INSERT INTO ledger_accounts (id, public_id, code, name, type, purpose, created_at) VALUES
		(1, 'a1', '1100', 'Debtors', 'asset', 'debtors', ?), (2, 'a2', '4000', 'Service charge', 'income', 'income', ?)`, at, at)
	must(`INSERT INTO units (id, public_id, site_id, name, created_at) VALUES (1, 'u1', 1, 'Flat 1', ?)`, at)
	// Journals 1-3 demand £100 each; journal 4 pays £150, allocated £100 to
	// the first invoice and £50 to the second.
	for i := 1; i <= 4; i++ {
		must(`INSERT INTO journals (id, public_id, kind, date, description, created_at) VALUES (?, ?, 'demand', ?, 'x', ?)`,
			i, fmt.Sprintf("j%d", i), fmt.Sprintf("2026-0%d-01", i), at)
	}
	for i := 1; i <= 3; i++ {
		must(`INSERT INTO invoices (id, public_id, number, unit_id, journal_id, issue_date, due_date, total, created_at)
			VALUES (?, ?, ?, 1, ?, ?, ?, 10000, ?)`, i, fmt.Sprintf("i%d", i), i, i, fmt.Sprintf("2026-0%d-01", i), fmt.Sprintf("2026-0%d-15", i), at)
	}
	must(`INSERT INTO allocations (journal_id, invoice_id, amount, created_at) VALUES (4, 1, 10000, ?), (4, 2, 5000, ?)`, at, at)

	if _, err := p.UpTo(ctx, 33); err != nil {
		t.Fatal(err)
	}
	paid := func() string {
		t.Helper()
		var s string
		if err := db.QueryRowContext(ctx, `SELECT group_concat(id || ':' || paid, ' ') FROM (SELECT id, paid FROM invoices ORDER BY id)`).Scan(&s); err != nil {
			t.Fatal(err)
		}
		return s
	}
	if got, want := paid(), "1:10000 2:5000 3:0"; got != want {
		t.Fatalf("paid after the migration: %s, want %s", got, want)
	}
	must(`INSERT INTO allocations (journal_id, invoice_id, amount, created_at) VALUES (4, 3, 2500, ?)`, at)
	must(`INSERT INTO allocations (journal_id, invoice_id, amount, created_at) VALUES (4, 2, -5000, ?)`, at) // a reversal
	if got, want := paid(), "1:10000 2:0 3:2500"; got != want {
		t.Fatalf("paid after an allocation and a reversal: %s, want %s", got, want)
	}
	must(`UPDATE allocations SET invoice_id = 2 WHERE invoice_id = 3`)
	if got, want := paid(), "1:10000 2:2500 3:0"; got != want {
		t.Fatalf("paid after moving an allocation: %s, want %s", got, want)
	}
	must(`DELETE FROM allocations WHERE invoice_id = 1`)
	if got, want := paid(), "1:0 2:2500 3:0"; got != want {
		t.Fatalf("paid after removing an allocation: %s, want %s", got, want)
	}

	var plan strings.Builder
	rows, err := db.QueryContext(ctx, `EXPLAIN QUERY PLAN SELECT id FROM invoices WHERE unit_id = ? AND paid < total AND due_date < ?`, 1, "2026-03-01")
	if err != nil {
		t.Fatal(err)
	}
	for rows.Next() {
		var id, parent, unused int
		var detail string
		if err := rows.Scan(&id, &parent, &unused, &detail); err != nil {
			t.Fatal(err)
		}
		plan.WriteString(detail + "\n")
	}
	rows.Close()
	if !strings.Contains(plan.String(), "invoices_unpaid") {
		t.Fatalf("the overdue query does not read the index of unpaid invoices:\n%s", plan.String())
	}

	if _, err := p.DownTo(ctx, 32); err != nil {
		t.Fatal(err)
	}
	if err := exec(`SELECT paid FROM invoices`); err == nil {
		t.Fatal("the paid column is still there after going down")
	}
}
