package demo_test

import (
	"context"
	"testing"

	"porch/tickets"
)

// The demo's block offers every default request category; the lettings
// portfolio, which has no lifts, offers all but Lift.
func TestDemoRequestCategories(t *testing.T) {
	db := seeded(t)
	ctx := context.Background()
	rows, err := db.ReadPool().Query(`SELECT id, kind FROM sites ORDER BY id`)
	if err != nil {
		t.Fatal(err)
	}
	defer rows.Close()
	sites := map[string]int64{}
	for rows.Next() {
		var id int64
		var kind string
		if err := rows.Scan(&id, &kind); err != nil {
			t.Fatal(err)
		}
		sites[kind] = id
	}
	for kind, want := range map[string]int{"block": 12, "lettings": 11} {
		cs, err := tickets.AllowedForSite(ctx, db.Read(), sites[kind])
		if err != nil {
			t.Fatal(err)
		}
		lift := false
		for _, c := range cs {
			lift = lift || c.Name == "Lift"
		}
		if len(cs) != want || lift != (kind == "block") {
			t.Errorf("%s site: %d categories, Lift %v", kind, len(cs), lift)
		}
	}
}
