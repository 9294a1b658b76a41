package demo_test

import (
	"context"
	"testing"

	"porch/demo"
	"porch/estate"
	"porch/files"
	"porch/owners"
)

// Every let home has a property manager its landlord sees: Daniel Okonjo
// for most, Rosa Delgado for some, and Daniel at the home he took back,
// linked again after Rosa. The organisation's settings are stored, and
// the empty home leaves out its tenant's balance. Two staff get photos.
func TestSeedPropertyStaff(t *testing.T) {
	db := seeded(t)
	ctx := context.Background()
	q := db.Read()
	managers := map[string]int{}
	for _, name := range []string{"12 Albion Road", "Flat 2, 48 Blackstock Road", "7 Ashcombe Terrace", "Flat B, 91 Hornsey Road",
		"23 Carleton Mews", "9 Wilberforce Mews"} {
		u := unitNamed(t, ctx, q, name)
		c, err := owners.TeamCard(ctx, q, u.ID, u.Market)
		if err != nil {
			t.Fatal(err)
		}
		if c == nil || c.Role != owners.RolePropertyManager || c.Phone == "" || c.Email == "" {
			t.Fatalf("%s's card: %+v", name, c)
		}
		managers[c.Name]++
	}
	if managers["Daniel Okonjo"] != 4 || managers["Rosa Delgado"] != 2 {
		t.Errorf("property managers %v", managers)
	}
	relinked := unitNamed(t, ctx, q, "Flat 2, 48 Blackstock Road")
	links, err := owners.UnitStaff(ctx, q, relinked.ID)
	if err != nil {
		t.Fatal(err)
	}
	if len(links) != 2 || links[0].FullName != "Daniel Okonjo" || links[1].FullName != "Rosa Delgado" || !links[0].LinkedAt.After(links[1].LinkedAt) {
		t.Errorf("Blackstock Road's staff %+v", links)
	}

	var rows int
	if err := q.QueryRowContext(ctx, `SELECT count(*) FROM owner_portal`).Scan(&rows); err != nil || rows != 1 {
		t.Errorf("owner portal settings: %d rows %v", rows, err)
	}
	empty := unitNamed(t, ctx, q, "7 Ashcombe Terrace")
	o, err := owners.LoadOverride(ctx, q, empty.ID)
	if err != nil {
		t.Fatal(err)
	}
	set, err := owners.LoadSettings(ctx, q)
	if err != nil {
		t.Fatal(err)
	}
	if v := owners.Resolve(set, o, estate.MarketLetting); !v.Shown || v.Shows(owners.WidgetTenant) || !v.Shows(owners.WidgetStatement) {
		t.Errorf("the empty home's view %+v", v)
	}

	store := files.New(files.Config{})
	if err := demo.StaffPhotos(ctx, db, store, now); err != nil {
		t.Fatal(err)
	}
	photos, err := owners.StaffWithPhotos(ctx, q)
	if err != nil || len(photos) != 2 {
		t.Fatalf("staff with photos: %v %v", photos, err)
	}
	daniel, err := estate.FindPersonByEmail(ctx, q, demo.StaffEmail)
	if err != nil {
		t.Fatal(err)
	}
	hash, err := owners.StaffPhoto(ctx, q, daniel.ID)
	if err != nil {
		t.Fatal(err)
	}
	if b, err := store.Thumb(ctx, db, hash); err != nil || b.Type != files.TypePNG || b.Width == 0 {
		t.Errorf("Daniel's photo: %+v %v", b.Ref, err)
	}
	if c, _ := owners.TeamCard(ctx, q, unitNamed(t, ctx, q, "12 Albion Road").ID, estate.MarketLetting); c == nil || !c.HasPhoto {
		t.Errorf("Harjit's contact has no photo: %+v", c)
	}
}
