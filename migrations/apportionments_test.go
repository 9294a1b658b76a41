package migrations_test

import (
	"context"
	"strings"
	"testing"

	"porch/sqldb"
)

// Version 15 moves every unit's share into its site's default schedule,
// "Main", made for each site with units (archived units included, so a
// restored unit keeps its share); a site without units gets none yet.
// Shares of another site's units and recurring demands split by another
// site's schedule are refused. Down again puts each unit's default share
// back on the unit, as changed since.
func TestApportionmentsMigration(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	db, p, exec := migratedTo(t, 13)
	const at = "2026-01-01T00:00:00.000000000Z"
	if err := exec(`INSERT INTO sites (id, public_id, name, kind, created_at) VALUES
		(1, 'site0000000001', 'Harbour View', 'block', ?), (2, 'site0000000002', 'North London lets', 'lettings', ?),
		(3, 'site0000000003', 'Empty Court', 'block', ?)`, at, at, at); err != nil {
		t.Fatal(err)
	}
	if err := exec(`INSERT INTO units (id, public_id, site_id, name, share_ppm, archived_at, created_at) VALUES
		(1, 'unit0000000001', 1, 'Flat 1', 600000, NULL, ?), (2, 'unit0000000002', 1, 'Flat 2', 400000, NULL, ?),
		(3, 'unit0000000003', 1, 'Flat 3', 125000, ?, ?), (4, 'unit0000000004', 2, '4 Albion Road', 0, NULL, ?)`,
		at, at, at, at, at); err != nil {
		t.Fatal(err)
	}

	if _, err := p.UpTo(ctx, 15); err != nil {
		t.Fatal(err)
	}
	if got, want := dump(t, db, `SELECT site_id, name, is_default, archived_at, created_at FROM apportionments ORDER BY site_id`, 5),
		"1 Main 1 <nil> "+at+" / 2 Main 1 <nil> "+at+" / "; got != want {
		t.Errorf("schedules:\n%s\nwant\n%s", got, want)
	}
	if got, want := dump(t, db, `SELECT a.site_id, sh.unit_id, sh.share_ppm FROM apportionment_shares sh
		JOIN apportionments a ON a.id = sh.apportionment_id ORDER BY sh.unit_id`, 3),
		"1 1 600000 / 1 2 400000 / 1 3 125000 / 2 4 0 / "; got != want {
		t.Errorf("shares:\n%s\nwant\n%s", got, want)
	}
	ids := strings.Fields(strings.ReplaceAll(dump(t, db, `SELECT public_id FROM apportionments`, 1), "/", ""))
	if len(ids) != 2 || ids[0] == ids[1] || !sqldb.ValidPublicID(ids[0]) || !sqldb.ValidPublicID(ids[1]) {
		t.Errorf("public ids %q", ids)
	}
	if exec(`SELECT share_ppm FROM units`) == nil {
		t.Error("units.share_ppm is still there: two copies of a share")
	}
	if exec(`INSERT INTO apportionment_shares (apportionment_id, unit_id, share_ppm)
		SELECT id, 4, 0 FROM apportionments WHERE site_id = 1`) == nil {
		t.Error("a share of another site's unit was accepted")
	}
	if exec(`INSERT INTO apportionments (public_id, site_id, name, is_default, created_at) VALUES ('ap00000000000001', 1, 'MAIN', 0, ?)`, at) == nil {
		t.Error("a second Main on one site was accepted")
	}
	if exec(`INSERT INTO apportionments (public_id, site_id, name, is_default, created_at) VALUES ('ap00000000000002', 1, 'Estate', 1, ?)`, at) == nil {
		t.Error("a second default on one site was accepted")
	}
	if err := exec(`INSERT INTO apportionments (public_id, site_id, name, created_at) VALUES ('ap00000000000003', 1, 'Car park', ?)`, at); err != nil {
		t.Fatal(err)
	}
	if err := exec(`INSERT INTO ledger_accounts (id, public_id, code, name, type, purpose, created_at)
		VALUES (900, 'account000000001', '4100', 'Service charges', 'income', 'income', ?)`, at); err != nil {
		t.Fatal(err)
	}
	if err := exec(`INSERT INTO charge_types (id, public_id, name, treatment, account_id, created_at)
		VALUES (900, 'charge0000000001', 'Car park', 'income', 900, ?)`, at); err != nil {
		t.Fatal(err)
	}
	schedule := `INSERT INTO schedules (public_id, name, site_id, apportionment_id, charge_type_id, amount, every_months, start_date, created_at)
		VALUES (?, 'Car park upkeep', ?, (SELECT id FROM apportionments WHERE name = 'Car park'), 900, 1200, 12, '2026-04-01', ?)`
	if exec(schedule, "sched00000000001", 3, at) == nil {
		t.Error("a recurring demand split by another site's schedule was accepted")
	}
	if err := exec(schedule, "sched00000000002", 1, at); err != nil {
		t.Errorf("a recurring demand split by its site's schedule: %v", err)
	}
	if err := exec(`UPDATE apportionment_shares SET share_ppm = 650000 WHERE unit_id = 1`); err != nil {
		t.Fatal(err)
	}

	if _, err := p.DownTo(ctx, 13); err != nil {
		t.Fatal(err)
	}
	if got, want := dump(t, db, `SELECT id, share_ppm FROM units ORDER BY id`, 2), "1 650000 / 2 400000 / 3 125000 / 4 0 / "; got != want {
		t.Errorf("down: shares %s, want %s", got, want)
	}
	if exec(`SELECT 1 FROM apportionments`) == nil || exec(`SELECT apportionment_id FROM schedules`) == nil {
		t.Error("down left the schedules' tables or column")
	}
	if exec(`UPDATE units SET share_ppm = 1000001 WHERE id = 1`) == nil {
		t.Error("down: a share over 100% was accepted")
	}
}
