package migrations_test

import (
	"context"
	"database/sql"
	"fmt"
	"testing"
)

// Sites and units written before version 12 keep every value, with the new
// columns at their defaults (a unit is a flat, nothing archived); a kind
// outside the list is refused; down again leaves the rows as they were.
func TestSiteDetailsMigration(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	db, p, exec := migratedTo(t, 11)
	const at = "2026-01-01T00:00:00.000000000Z"
	if err := exec(`INSERT INTO sites (id, public_id, name, kind, address_line1, town, postcode, created_at) VALUES
		(1, 'site0000000001', 'Harbour View', 'block', '1 Quay Street', 'Bristol', 'BS1 4RN', ?),
		(2, 'site0000000002', 'North London lets', 'lettings', '', '', '', ?)`, at, at); err != nil {
		t.Fatal(err)
	}
	if err := exec(`INSERT INTO units (id, public_id, site_id, name, bedrooms, share_ppm, created_at) VALUES
		(1, 'unit0000000001', 1, 'Flat 1', 2, 500000, ?), (2, 'unit0000000002', 1, 'Flat 2', 1, 500000, ?),
		(3, 'unit0000000003', 2, '4 Albion Road', 3, 0, ?)`, at, at, at); err != nil {
		t.Fatal(err)
	}
	before := siteRows(t, db)

	if _, err := p.UpTo(ctx, 12); err != nil {
		t.Fatal(err)
	}
	if got := siteRows(t, db); got != before {
		t.Fatalf("rows changed:\n%s\nwant\n%s", got, before)
	}
	const defaults = "sites: '' '' '' <nil> / '' '' '' <nil> / units: '' flat <nil> / '' flat <nil> / '' flat <nil> / "
	if got := newColumns(t, db); got != defaults {
		t.Errorf("new columns = %q, want %q", got, defaults)
	}
	if err := exec(`UPDATE units SET kind = 'parking', floor = 'Basement' WHERE id = 2`); err != nil {
		t.Errorf("parking refused: %v", err)
	}
	if exec(`UPDATE units SET kind = 'castle' WHERE id = 1`) == nil {
		t.Error("a unit kind outside the list was accepted")
	}
	if err := exec(`UPDATE sites SET landlord_name = 'Quayside Freehold Ltd', year_end = '12-31', archived_at = ? WHERE id = 2`, at); err != nil {
		t.Fatal(err)
	}

	if _, err := p.DownTo(ctx, 11); err != nil {
		t.Fatal(err)
	}
	if got := siteRows(t, db); got != before {
		t.Fatalf("down: rows\n%s\nwant\n%s", got, before)
	}
}

// siteRows is the sites and units tables, as version 11 has them, as text.
func siteRows(t *testing.T, db *sql.DB) string {
	t.Helper()
	return dump(t, db, `SELECT id, public_id, name, kind, address_line1, town, postcode, created_at FROM sites ORDER BY id`, 8) +
		dump(t, db, `SELECT id, public_id, site_id, name, bedrooms, share_ppm, created_at FROM units ORDER BY id`, 7)
}

// newColumns is the columns version 12 adds, as text.
func newColumns(t *testing.T, db *sql.DB) string {
	t.Helper()
	return "sites: " + dump(t, db, `SELECT quote(landlord_name), quote(landlord_address), quote(year_end), archived_at FROM sites ORDER BY id`, 4) +
		"units: " + dump(t, db, `SELECT quote(floor), kind, archived_at FROM units ORDER BY id`, 3)
}

// dump writes the rows of a query with n columns, one line each.
func dump(t *testing.T, db *sql.DB, query string, n int) string {
	t.Helper()
	rows, err := db.Query(query)
	if err != nil {
		t.Fatal(err)
	}
	defer rows.Close()
	out := ""
	for rows.Next() {
		vals := make([]any, n)
		ptrs := make([]any, n)
		for i := range vals {
			ptrs[i] = &vals[i]
		}
		if err := rows.Scan(ptrs...); err != nil {
			t.Fatal(err)
		}
		for i, v := range vals {
			if i > 0 {
				out += " "
			}
			if b, ok := v.([]byte); ok {
				v = string(b)
			}
			out += fmt.Sprint(v)
		}
		out += " / "
	}
	if err := rows.Err(); err != nil {
		t.Fatal(err)
	}
	return out
}
