package migrations_test

import (
	"context"
	"testing"
)

// People keep their rows with no preferred contact; a person has at most
// one change waiting per detail, a decided change has its outcome and a
// waiting one none; a person's changes go with them; down again drops it
// all.
func TestContactDetailsMigration(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	db, p, exec := migratedTo(t, 31)
	if err := exec(`INSERT INTO people (id, public_id, full_name, created_at) VALUES (1, 'person0000000001', 'Alice', '2026-01-01T00:00:00.000000000Z'),
		(2, 'person0000000002', 'Bob', '2026-01-01T00:00:00.000000000Z')`); err != nil {
		t.Fatal(err)
	}
	if _, err := p.UpTo(ctx, 32); err != nil {
		t.Fatal(err)
	}
	var pref string
	if err := db.QueryRow(`SELECT preferred_contact FROM people WHERE id = 1`).Scan(&pref); err != nil || pref != "" {
		t.Fatalf("preferred contact %q %v", pref, err)
	}
	const ask = `INSERT INTO contact_changes (public_id, person_id, field, old_value, new_value, requested_at) VALUES (?, ?, ?, '', 'x', 'now')`
	if err := exec(ask, "change0000000001", 1, "phone"); err != nil {
		t.Fatal(err)
	}
	for name, q := range map[string]func() error{
		"a second change waiting": func() error { return exec(ask, "change0000000002", 1, "phone") },
		"an unknown detail":       func() error { return exec(ask, "change0000000003", 1, "email") },
		"an unknown method":       func() error { return exec(`UPDATE people SET preferred_contact = 'pigeon' WHERE id = 1`) },
		"an unknown rule":         func() error { return exec(`INSERT INTO contact_rules VALUES ('name', 'sometimes', 'now')`) },
		"decided with no outcome": func() error { return exec(`UPDATE contact_changes SET decided_at = 'now'`) },
	} {
		if q() == nil {
			t.Errorf("%s accepted", name)
		}
	}
	if err := exec(`UPDATE contact_changes SET decided_at = 'now', outcome = 'approved', decided_by = 2`); err != nil {
		t.Fatal(err)
	}
	if err := exec(ask, "change0000000004", 1, "phone"); err != nil {
		t.Errorf("a new change after the first was decided: %v", err)
	}
	if err := exec(`DELETE FROM people WHERE id = 1`); err != nil {
		t.Fatal(err)
	}
	var n int
	if err := db.QueryRow(`SELECT count(*) FROM contact_changes`).Scan(&n); err != nil || n != 0 {
		t.Errorf("%d changes left with their person gone, %v", n, err)
	}
	if _, err := p.DownTo(ctx, 31); err != nil {
		t.Fatal(err)
	}
	if exec(`SELECT preferred_contact FROM people`) == nil || exec(`SELECT 1 FROM contact_changes`) == nil {
		t.Error("down left the columns or tables")
	}
}
