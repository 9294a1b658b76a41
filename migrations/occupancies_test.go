package migrations_test

import (
	"context"
	"database/sql"
	"fmt"
	"reflect"
	"strings"
	"testing"
	"time"

	"porch/ledger"
	"porch/sqldb"
)

// occupancyBook is a ledger written as version 13 wrote it: a flat sold
// (seller's last demand paid by their solicitor after completion, buyers
// holding jointly), a let house with a gap between tenants, a flat that
// never had a leaseholder and one demanded before its first.
func occupancyBook(t *testing.T, exec func(string, ...any) error) {
	t.Helper()
	const at = "2026-01-01T00:00:00.000000000Z"
	must := func(q string, args ...any) {
		t.Helper()
		if err := exec(q, args...); err != nil {
			t.Fatalf("%s: %v", q, err)
		}
	}
	must(`INSERT INTO ledger_accounts (id, public_id, code, name, type, purpose, created_at) VALUES
		(1, 'a1', '1100', 'Debtors', 'asset', 'debtors', ?1), (2, 'a2', '1200', 'Bank', 'asset', 'bank', ?1),
		(3, 'a3', '4000', 'Service charge', 'income', 'income', ?1)`, at)
	must(`INSERT INTO sites (id, public_id, name, kind, created_at) VALUES
		(1, 's1', 'Harbour Court', 'block', ?1), (2, 's2', 'Lettings', 'lettings', ?1)`, at)
	must(`INSERT INTO units (id, public_id, site_id, name, created_at) VALUES
		(1, 'u1', 1, 'Flat 1', ?1), (2, 'u2', 1, 'Flat 2', ?1), (3, 'u3', 2, '3 Mill Lane', ?1), (4, 'u4', 1, 'Flat 4', ?1)`, at)
	for i, name := range []string{"Amara Okafor", "Tom Hughes", "Tess Hughes", "Tina Moss", "Theo Park", "Olive Grant", "Fred Lee"} {
		must(`INSERT INTO people (id, public_id, full_name, created_at) VALUES (?, ?, ?, ?)`, i+1, fmt.Sprintf("p%d", i+1), name, at)
	}
	must(`INSERT INTO unit_people (id, unit_id, person_id, role, start_date, end_date) VALUES
		(10, 1, 1, 'leaseholder', '2019-01-01', '2024-04-30'),
		(11, 1, 2, 'leaseholder', '2024-05-01', NULL), (12, 1, 3, 'leaseholder', '2024-05-01', NULL),
		(13, 3, 4, 'tenant', '2022-01-01', '2023-06-30'), (14, 3, 5, 'tenant', '2023-08-01', NULL),
		(15, 3, 6, 'owner', '2020-01-01', NULL), (16, 4, 7, 'leaseholder', '2022-01-01', NULL)`)
	// journal id, kind, date, unit, amount on the debtor account, invoice
	// it raises or pays (0: none), reversed journal.
	for _, j := range []struct {
		id              int
		kind, date      string
		unit, amount    int
		invoice, undoes int
	}{
		{1, "demand", "2023-01-01", 1, 100, 1, 0},
		{2, "receipt", "2023-01-10", 1, -100, 1, 0},
		{3, "demand", "2024-04-01", 1, 200, 2, 0},
		{4, "receipt", "2024-06-01", 1, -200, 2, 0}, // the seller's, after completion
		{5, "demand", "2024-06-01", 1, 300, 3, 0},
		{6, "receipt", "2024-07-01", 1, -50, 3, 0},
		{7, "demand", "2023-07-15", 3, 900, 4, 0}, // between tenants
		{8, "demand", "2023-09-01", 3, 900, 5, 0},
		{9, "receipt", "2023-09-05", 3, -900, 0, 0},
		{10, "demand", "2022-05-01", 2, 400, 6, 0}, // no leaseholder ever
		{11, "demand", "2021-12-01", 4, 70, 7, 0},  // before the first
		{12, "reversal", "2024-08-01", 1, 50, 0, 6},
	} {
		var undoes any
		if j.undoes != 0 {
			undoes = j.undoes
		}
		must(`INSERT INTO journals (id, public_id, kind, date, description, reverses_id, created_at) VALUES (?, ?, ?, ?, 'x', ?, ?)`,
			j.id, fmt.Sprintf("j%d", j.id), j.kind, j.date, undoes, at)
		other := 3
		if j.kind != "demand" {
			other = 2
		}
		must(`INSERT INTO postings (journal_id, account_id, amount, unit_id, date) VALUES (?1, 1, ?2, ?3, ?4), (?1, ?5, -?2, ?3, ?4)`,
			j.id, j.amount, j.unit, j.date, other)
		switch {
		case j.kind == "demand":
			must(`INSERT INTO invoices (id, public_id, number, unit_id, journal_id, issue_date, due_date, total, created_at)
				VALUES (?1, ?2, ?1, ?3, ?4, ?5, ?5, ?6, ?7)`, j.invoice, fmt.Sprintf("i%d", j.invoice), j.unit, j.id, j.date, j.amount, at)
		case j.invoice != 0:
			must(`INSERT INTO allocations (journal_id, invoice_id, amount, created_at) VALUES (?, ?, ?, ?)`, j.id, j.invoice, -j.amount, at)
		}
	}
	must(`INSERT INTO allocations (journal_id, invoice_id, amount, created_at) VALUES (12, 3, -50, ?)`, at)
}

// figures are every number a manager or a resident could read from the
// book: each unit's full statement, its balance and the trial balance.
type figures struct {
	Statements map[int64]ledger.Statement
	Trial      ledger.TrialBalance
	Links      string
}

func readFigures(t *testing.T, db *sql.DB) figures {
	t.Helper()
	ctx := context.Background()
	f := figures{Statements: map[int64]ledger.Statement{}}
	for unit := int64(1); unit <= 4; unit++ {
		// The whole history: a statement from a date reads the balances
		// the ledger keeps, a table younger than this migration.
		st, err := ledger.UnitStatement(ctx, db, unit, time.Time{}, sqldb.ParseDate("2026-12-31"))
		if err != nil {
			t.Fatal(err)
		}
		bal, err := ledger.UnitBalance(ctx, db, unit)
		if err != nil || bal != st.Closing {
			t.Fatalf("unit %d balance %d, statement %d (%v)", unit, bal, st.Closing, err)
		}
		f.Statements[unit] = st
	}
	var err error
	if f.Trial, err = ledger.Trial(ctx, db, sqldb.ParseDate("2026-12-31")); err != nil {
		t.Fatal(err)
	}
	if err := db.QueryRowContext(ctx, `SELECT group_concat(x, ' ') FROM (SELECT id || ':' || unit_id || ':' || person_id || ':' ||
		role || ':' || start_date || ':' || coalesce(end_date, '-') AS x FROM unit_people ORDER BY id)`).Scan(&f.Links); err != nil {
		t.Fatal(err)
	}
	return f
}

// Version 14 turns links into occupancies and gives every debtor entry
// and invoice its account without changing a figure: every unit's
// statement, line by line, and the trial balance are identical, the links
// read the same through the view, and each occupancy's balance is its own.
func TestOccupanciesMigrationKeepsEveryFigure(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	db, p, exec := migratedTo(t, 13)
	occupancyBook(t, exec)
	before := readFigures(t, db)
	if before.Statements[1].Closing != 300 || before.Statements[3].Closing != 900 || before.Trial.Total != 0 {
		t.Fatalf("the book before: %+v", before)
	}

	if _, err := p.UpTo(ctx, 14); err != nil {
		t.Fatal(err)
	}
	if after := readFigures(t, db); !reflect.DeepEqual(after, before) {
		t.Fatalf("figures changed:\nbefore %+v\nafter  %+v", before, after)
	}

	// Joint buyers are one occupancy; each link is a party with its id.
	var occ string
	if err := db.QueryRowContext(ctx, `SELECT group_concat(x, ' ') FROM (SELECT o.id || '=' || group_concat(l.id, '+') AS x
		FROM occupancies o JOIN occupancy_parties l ON l.occupancy_id = o.id GROUP BY o.id ORDER BY o.id)`).Scan(&occ); err != nil {
		t.Fatal(err)
	}
	if occ != "10=10 11=11+12 13=13 14=14 15=15 16=16" {
		t.Errorf("occupancies and parties: %s", occ)
	}
	rows, err := db.QueryContext(ctx, `SELECT public_id FROM occupancies`)
	if err != nil {
		t.Fatal(err)
	}
	seen := map[string]bool{}
	for rows.Next() {
		var id string
		if err := rows.Scan(&id); err != nil {
			t.Fatal(err)
		}
		if !sqldb.ValidPublicID(id) || seen[id] {
			t.Errorf("public id %q: invalid or repeated", id)
		}
		seen[id] = true
	}
	rows.Close()

	// Each account's own balance: the seller's last demand went with the
	// solicitor's payment that settled it; the buyers owe what they were
	// charged; the gap's rent is the outgoing tenant's.
	var got string
	if err := db.QueryRowContext(ctx, `SELECT group_concat(x, ' ') FROM (SELECT coalesce(occupancy_id, '-') || ':' || sum(amount) AS x
		FROM postings WHERE account_id = 1 GROUP BY occupancy_id ORDER BY occupancy_id)`).Scan(&got); err != nil {
		t.Fatal(err)
	}
	if got != "-:400 10:0 11:300 13:900 14:0 16:70" {
		t.Errorf("balances by occupancy: %s", got)
	}
	if err := db.QueryRowContext(ctx, `SELECT group_concat(coalesce(occupancy_id, '-'), ' ') FROM (SELECT occupancy_id FROM invoices ORDER BY id)`).
		Scan(&got); err != nil || got != "10 10 11 13 14 - 16" {
		t.Errorf("invoices' occupancies: %s (%v)", got, err)
	}
	seller, err := ledger.DebtorStatement(ctx, db, ledger.Debtor{UnitID: 1, Occupancies: []int64{10}}, time.Time{}, sqldb.ParseDate("2026-12-31")) // from the start: see readFigures
	if err != nil || seller.Closing != 0 || len(seller.Lines) != 4 {
		t.Errorf("the seller's statement: %+v (%v)", seller, err)
	}

	// An entry's account is one of its unit's, and fixed once written.
	if err := exec(`INSERT INTO postings (journal_id, account_id, amount, unit_id, date, occupancy_id) VALUES (1, 1, 1, 1, '2023-01-01', 13)`); err == nil ||
		!strings.Contains(err.Error(), "one of its unit") {
		t.Errorf("a posting on another unit's occupancy: %v", err)
	}
	if err := exec(`UPDATE postings SET occupancy_id = 11 WHERE occupancy_id = 10`); err == nil || !strings.Contains(err.Error(), "cannot change") {
		t.Errorf("a posting moved account: %v", err)
	}

	if _, err := p.DownTo(ctx, 13); err != nil {
		t.Fatal(err)
	}
	if down := readFigures(t, db); !reflect.DeepEqual(down, before) {
		t.Fatalf("figures after down:\nbefore %+v\nafter  %+v", before, down)
	}
	if err := exec(`INSERT INTO unit_people (unit_id, person_id, role, start_date) VALUES (2, 1, 'owner', '2025-01-01')`); err != nil {
		t.Errorf("unit_people is a table again: %v", err)
	}
}
