package migrations_test

import (
	"context"
	"testing"
)

// Units of lettings sites are lettings after version 35 and a block's
// flats neither; the owner portal's tables take only their listed values,
// and down again leaves the units as they were.
func TestOwnerPortalMigration(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	db, p, exec := migratedTo(t, 34)
	if err := exec(`INSERT INTO sites (id, public_id, name, kind, created_at) VALUES
		(1, 'site000000000001', 'Harbour View', 'block', ?), (2, 'site000000000002', 'North lets', 'lettings', ?)`, sitesAt, sitesAt); err != nil {
		t.Fatal(err)
	}
	if err := exec(`INSERT INTO units (id, public_id, site_id, name, created_at) VALUES
		(1, 'unit0000000001', 1, 'Flat 1', ?), (2, 'unit0000000002', 2, '4 Albion Road', ?)`, sitesAt, sitesAt); err != nil {
		t.Fatal(err)
	}
	if _, err := p.UpTo(ctx, 35); err != nil {
		t.Fatal(err)
	}
	if err := exec(`INSERT INTO people (id, public_id, full_name, created_at) VALUES (1, 'person00000001', 'Sam Staff', ?)`, sitesAt); err != nil {
		t.Fatal(err)
	}
	if err := exec(`INSERT INTO unit_staff (unit_id, role, person_id, linked_at) VALUES (2, 'negotiator', 1, ?)`, sitesAt); err != nil {
		t.Errorf("a negotiator refused: %v", err)
	}
	var block, let string
	if err := db.QueryRow(`SELECT (SELECT market FROM units WHERE id = 1), (SELECT market FROM units WHERE id = 2)`).Scan(&block, &let); err != nil {
		t.Fatal(err)
	}
	if block != "" || let != "letting" {
		t.Errorf("markets: block flat %q, let house %q", block, let)
	}
	for _, bad := range []string{
		`UPDATE units SET market = 'auction' WHERE id = 1`,
		`INSERT INTO owner_portal (id, lettings, updated_at) VALUES (2, 1, 'x')`,
		`INSERT INTO owner_portal (id, hidden_widgets, updated_at) VALUES (1, 'not json', 'x')`,
		`INSERT INTO unit_staff (unit_id, role, person_id, linked_at) VALUES (2, 'butler', 1, 'x')`,
	} {
		if exec(bad) == nil {
			t.Errorf("accepted: %s", bad)
		}
	}
	if _, err := p.DownTo(ctx, 34); err != nil {
		t.Fatal(err)
	}
	var n int
	if err := db.QueryRow(`SELECT count(*) FROM units`).Scan(&n); err != nil || n != 2 {
		t.Errorf("after down: %d units, %v", n, err)
	}
	if exec(`SELECT market FROM units`) == nil {
		t.Error("units.market is still there after down")
	}
}
