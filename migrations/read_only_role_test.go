package migrations_test

import (
	"context"
	"database/sql"
	"fmt"
	"testing"

	_ "modernc.org/sqlite"
)

// The staff table is rebuilt to accept read_only: every row keeps its id,
// person, role and date; person_id stays unique and a foreign key; other
// roles are still refused. Down again drops the read-only members only.
func TestReadOnlyRoleMigration(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	db, p, exec := migratedTo(t, 8)
	for i := 1; i <= 4; i++ {
		if err := exec(`INSERT INTO people (id, public_id, full_name, created_at) VALUES (?, ?, ?, '2026-01-01T00:00:00.000000000Z')`,
			i, fmt.Sprintf("person%010d", i), "Person"); err != nil {
			t.Fatal(err)
		}
	}
	if err := exec(`INSERT INTO staff (id, person_id, role, created_at) VALUES
		(7, 1, 'admin', '2026-01-02T00:00:00.000000000Z'), (8, 2, 'manager', '2026-01-03T00:00:00.000000000Z'),
		(9, 3, 'staff', '2026-01-04T00:00:00.000000000Z')`); err != nil {
		t.Fatal(err)
	}
	if exec(`INSERT INTO staff (person_id, role, created_at) VALUES (4, 'read_only', 'x')`) == nil {
		t.Fatal("version 8 accepted read_only")
	}
	before := staffRows(t, db)

	if _, err := p.UpTo(ctx, 9); err != nil {
		t.Fatal(err)
	}
	if got := staffRows(t, db); got != before {
		t.Fatalf("rows changed:\n%s\nwant\n%s", got, before)
	}
	if err := exec(`INSERT INTO staff (id, person_id, role, created_at) VALUES (10, 4, 'read_only', '2026-01-05T00:00:00.000000000Z')`); err != nil {
		t.Fatalf("read_only refused: %v", err)
	}
	for name, q := range map[string]string{
		"unknown role":     `INSERT INTO staff (person_id, role, created_at) VALUES (4, 'owner', 'x')`,
		"person twice":     `INSERT INTO staff (person_id, role, created_at) VALUES (1, 'staff', 'x')`,
		"no such person":   `INSERT INTO staff (person_id, role, created_at) VALUES (99, 'staff', 'x')`,
		"person with role": `DELETE FROM people WHERE id = 1`,
	} {
		if exec(q) == nil {
			t.Errorf("%s: accepted", name)
		}
	}

	if _, err := p.DownTo(ctx, 8); err != nil {
		t.Fatal(err)
	}
	if got := staffRows(t, db); got != before {
		t.Fatalf("down: rows\n%s\nwant\n%s", got, before)
	}
}

// staffRows is the staff table as text, in id order.
func staffRows(t *testing.T, db *sql.DB) string {
	t.Helper()
	rows, err := db.Query(`SELECT id, person_id, role, created_at FROM staff ORDER BY id`)
	if err != nil {
		t.Fatal(err)
	}
	defer rows.Close()
	out := ""
	for rows.Next() {
		var id, person int
		var role, at string
		if err := rows.Scan(&id, &person, &role, &at); err != nil {
			t.Fatal(err)
		}
		out += fmt.Sprintf("%d %d %s %s\n", id, person, role, at)
	}
	return out
}
