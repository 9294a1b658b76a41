package migrations_test

import (
	"context"
	"fmt"
	"strings"
	"testing"
)

// Postings written before version 11 get their journal's date; from then on
// a posting dated otherwise, and a change of a journal's date, are refused.
// Down again leaves the postings as they were.
func TestPostingDatesMigration(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	db, p, exec := migratedTo(t, 10)
	const at = "2026-01-01T00:00:00.000000000Z"
	if err := exec(`INSERT INTO ledger_accounts (id, public_id, code, name, type, purpose, created_at) VALUES
		(1, 'a1', '1100', 'Debtors', 'asset', 'debtors', ?), (2, 'a2', '4000', 'Service charge', 'income', 'income', ?)`, at, at); err != nil {
		t.Fatal(err)
	}
	for i, date := range []string{"2016-04-01", "2026-03-01"} {
		if err := exec(`INSERT INTO journals (id, public_id, kind, date, description, created_at) VALUES (?, ?, 'demand', ?, 'Demand', ?)`,
			i+1, fmt.Sprintf("j%d", i+1), date, at); err != nil {
			t.Fatal(err)
		}
		if err := exec(`INSERT INTO postings (journal_id, account_id, amount) VALUES (?, 1, 100), (?, 2, -100)`, i+1, i+1); err != nil {
			t.Fatal(err)
		}
	}
	dates := func() string {
		t.Helper()
		var s string
		if err := db.QueryRowContext(ctx, `SELECT group_concat(journal_id || ':' || date, ' ') FROM (SELECT journal_id, date FROM postings ORDER BY id)`).Scan(&s); err != nil {
			t.Fatal(err)
		}
		return s
	}

	if _, err := p.UpTo(ctx, 11); err != nil {
		t.Fatal(err)
	}
	if got, want := dates(), "1:2016-04-01 1:2016-04-01 2:2026-03-01 2:2026-03-01"; got != want {
		t.Fatalf("posting dates after the migration: %s, want %s", got, want)
	}
	if err := exec(`INSERT INTO postings (journal_id, account_id, amount, date) VALUES (2, 1, 5, '2026-03-02')`); err == nil ||
		!strings.Contains(err.Error(), "dated as its journal") {
		t.Fatalf("a posting dated otherwise than its journal: %v", err)
	}
	if err := exec(`INSERT INTO postings (journal_id, account_id, amount) VALUES (2, 1, 5)`); err == nil {
		t.Fatal("a posting with no date was accepted")
	}
	if err := exec(`UPDATE journals SET date = '2026-03-05' WHERE id = 2`); err == nil || !strings.Contains(err.Error(), "cannot change") {
		t.Fatalf("a journal's date changed: %v", err)
	}
	if err := exec(`UPDATE journals SET description = 'Half-year demand' WHERE id = 2`); err != nil {
		t.Fatalf("another change of a journal was refused: %v", err)
	}

	if _, err := p.DownTo(ctx, 10); err != nil {
		t.Fatal(err)
	}
	var n int
	if err := db.QueryRowContext(ctx, `SELECT count(*) FROM postings`).Scan(&n); err != nil || n != 4 {
		t.Fatalf("%d postings after down (%v), want 4", n, err)
	}
	if err := exec(`UPDATE journals SET date = '2026-03-05' WHERE id = 2`); err != nil {
		t.Fatalf("after down the date is still fixed: %v", err)
	}
}
