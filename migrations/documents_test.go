package migrations_test

import (
	"context"
	"testing"

	"porch/sqldb"
)

// Sites before version 28 get the default folders, with valid public ids;
// a site added afterwards gets them by the trigger; a site's active folder
// names are unique whatever their case; down removes it all.
func TestDocumentsMigration(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	db, p, exec, count := twoSitesThen(t, 27)
	const at = sitesAt
	if n := count(`SELECT count(*) FROM document_folders WHERE site_id = 1`); n != 6 {
		t.Errorf("Harbour View has %d folders, want 6", n)
	}
	if n := count(`SELECT count(*) FROM document_folders WHERE residents_see = 1 OR owners_see = 1`); n != 10 {
		t.Errorf("%d folders open to people, want all but the two sites' Leases", n)
	}
	if n := count(`SELECT count(*) FROM document_folders WHERE name = 'Leases' AND residents_see = 0 AND owners_see = 0`); n != 2 {
		t.Errorf("%d Leases folders kept to staff, want one a site", n)
	}
	if n := count(`SELECT count(*) FROM document_folders WHERE year_end = 1`); n != 2 {
		t.Errorf("%d year-end folders, want one a site", n)
	}
	if err := exec(`INSERT INTO sites (id, public_id, name, kind, created_at) VALUES (3, 'site000000000003', 'Canal Wharf', 'block', ?)`, at); err != nil {
		t.Fatal(err)
	}
	if n := count(`SELECT count(*) FROM document_folders WHERE site_id = 3`); n != 6 {
		t.Errorf("a new site has %d folders, want 6", n)
	}
	if n := count(`SELECT count(*) FROM document_folders WHERE site_id = 3 AND name = 'Leases' AND residents_see = 0 AND owners_see = 0`); n != 1 {
		t.Errorf("a new site's Leases folder is open to people")
	}
	rows, err := db.Query(`SELECT public_id FROM document_folders`)
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
			t.Errorf("folder public id %q is not valid or not unique", id)
		}
		seen[id] = true
	}
	rows.Close()
	if n := count(`SELECT count(*) FROM sites WHERE year_end_release = 'approve'`); n != 3 {
		t.Errorf("%d sites wait for approval by default, want 3", n)
	}
	if exec(`INSERT INTO document_folders (public_id, site_id, name, sort_order, created_at) VALUES ('x', 1, 'LEASES', 1, ?)`, at) == nil {
		t.Error("a duplicate active folder name was accepted")
	}
	if err := exec(`INSERT INTO document_folders (public_id, site_id, name, sort_order, created_at) VALUES ('y', 2, 'Gas', 1, ?)`, at); err != nil {
		t.Error(err)
	}
	if _, err := p.DownTo(ctx, 27); err != nil {
		t.Fatal(err)
	}
	if n := count(`SELECT count(*) FROM sqlite_master WHERE name LIKE '%document%'`); n != 0 {
		t.Errorf("%d document objects left after down", n)
	}
}
