package migrations_test

import (
	"context"
	"testing"
)

// An organisation with sites before version 22 gets the twelve default
// categories, each allowed on each site; a site added afterwards allows
// every active one; down removes the tables.
func TestTicketCategoriesMigration(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	_, p, exec, count := twoSitesThen(t, 21)
	const at = sitesAt
	if n := count(`SELECT count(DISTINCT public_id) FROM ticket_categories WHERE retired_at IS NULL`); n != 12 {
		t.Errorf("%d default categories", n)
	}
	if n := count(`SELECT count(*) FROM site_ticket_categories`); n != 24 {
		t.Errorf("%d site allowances, want 12 for each of 2 sites", n)
	}
	if err := exec(`UPDATE ticket_categories SET retired_at = ? WHERE name = 'Lift'`, at); err != nil {
		t.Fatal(err)
	}
	if err := exec(`INSERT INTO sites (id, public_id, name, kind, created_at) VALUES (3, 'site000000000003', 'Canal Wharf', 'block', ?)`, at); err != nil {
		t.Fatal(err)
	}
	if n := count(`SELECT count(*) FROM site_ticket_categories WHERE site_id = 3`); n != 11 {
		t.Errorf("a new site allows %d categories, want the 11 active", n)
	}
	if exec(`INSERT INTO ticket_categories (public_id, name, sort_order, created_at) VALUES ('x', 'LEAK OR FLOOD', 1, ?)`, at) == nil {
		t.Error("a duplicate active name was accepted")
	}
	if _, err := p.DownTo(ctx, 21); err != nil {
		t.Fatal(err)
	}
	if n := count(`SELECT count(*) FROM sqlite_master WHERE name LIKE '%ticket%'`); n != 0 {
		t.Errorf("%d ticket objects left after down", n)
	}
}
