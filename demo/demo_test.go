package demo_test

import (
	"context"
	"slices"
	"strings"
	"testing"
	"time"

	"porch/demo"
	"porch/estate"
	"porch/internal/testdb"
	"porch/tenants"
)

var now = time.Date(2025, 3, 14, 10, 30, 0, 0, time.UTC)

// seeded returns a freshly migrated database with the demo seeded into it.
func seeded(t *testing.T) *tenants.DB {
	t.Helper()
	ctx := context.Background()
	db := testdb.Org(t, demo.DemoSlug)
	if err := demo.Seed(ctx, db, now); err != nil {
		t.Fatal(err)
	}
	return db
}

func TestSeed(t *testing.T) {
	db := seeded(t)
	ctx := context.Background()
	q := db.Read()

	settings, err := estate.GetSettings(ctx, q)
	if err != nil {
		t.Fatal(err)
	}
	if settings.Name != "Northgate Property Management" || settings.LegalName != "Northgate Property Management Ltd" ||
		settings.PrimaryColour != "#0f6e6e" || !settings.HasLogo() || len(settings.AddressLines()) != 4 ||
		strings.Count(settings.WelcomeText, "\n\n") != 1 {
		t.Errorf("settings = %+v", settings)
	}
	logo, ctype, err := estate.GetLogo(ctx, q)
	if err != nil || ctype != "image/png" || len(logo) == 0 {
		t.Errorf("logo: %d bytes, %q, %v", len(logo), ctype, err)
	}

	sites, err := estate.ListSites(ctx, q)
	if err != nil {
		t.Fatal(err)
	}
	if len(sites) != 2 {
		t.Fatalf("%d sites, want 2", len(sites))
	}
	var units int
	for _, s := range sites {
		units += s.Units
	}
	if units < 38 || units > 42 {
		t.Errorf("%d units, want 38 to 42", units)
	}

	for _, site := range sites {
		units, err := estate.ListUnits(ctx, q, site.ID)
		if err != nil {
			t.Fatal(err)
		}
		switch site.Kind {
		case estate.KindBlock:
			var total int64
			sublet := 0
			for _, u := range units {
				total += u.SharePPM
				people, err := estate.PeopleOfUnit(ctx, q, u.ID, now)
				if err != nil {
					t.Fatal(err)
				}
				if !hasRole(people, estate.RoleLeaseholder) {
					t.Errorf("%s has no current leaseholder", u.Name)
				}
				if hasRole(people, estate.RoleTenant) {
					sublet++
				}
			}
			if total != estate.FullSharePPM {
				t.Errorf("block shares total %d, want %d", total, estate.FullSharePPM)
			}
			if sublet == 0 {
				t.Error("no sublet flat has a tenant")
			}
		case estate.KindLettings:
			let := 0
			for _, u := range units {
				people, err := estate.PeopleOfUnit(ctx, q, u.ID, now)
				if err != nil {
					t.Fatal(err)
				}
				if !hasRole(people, estate.RoleOwner) {
					t.Errorf("%s has no owner", u.Name)
				}
				if hasRole(people, estate.RoleTenant) {
					let++
				}
				if u.SharePPM != 0 || u.Postcode == "" || u.AddressLine1 == "" {
					t.Errorf("lettings unit %+v", u)
				}
			}
			if let != len(units)-1 {
				t.Errorf("%d of %d lettings units let, want all but one", let, len(units))
			}
		}
	}

	// The personas Describe names can sign in.
	manager, err := estate.FindPersonByEmail(ctx, q, demo.ManagerEmail)
	if err != nil || manager.FullName != "Priya Shah" {
		t.Fatalf("manager = %+v, %v", manager, err)
	}
	if role, err := estate.StaffRole(ctx, q, manager.ID); err != nil || role != estate.StaffRoleAdmin {
		t.Errorf("manager role %q, %v", role, err)
	}
	staff, err := estate.ListStaff(ctx, q)
	if err != nil || len(staff) != 2 {
		t.Errorf("staff = %+v, %v", staff, err)
	}
	for _, email := range []string{demo.ResidentEmail, demo.TenantEmail, demo.OwnerEmail, demo.StaffEmail} {
		if !strings.Contains(demo.Describe(), email) {
			t.Errorf("Describe does not mention %s", email)
		}
		p, err := estate.FindPersonByEmail(ctx, q, email)
		if err != nil {
			t.Errorf("%s: %v", email, err)
			continue
		}
		if units, _ := estate.UnitsOfPerson(ctx, q, p.ID, now); len(units) == 0 && email != demo.StaffEmail {
			t.Errorf("%s has no units", email)
		}
	}

	// Someone owns two flats, and one flat changed hands last year.
	people, err := estate.ListPeople(ctx, q)
	if err != nil {
		t.Fatal(err)
	}
	twoFlats, sold := false, false
	for _, p := range people {
		if !strings.HasSuffix(p.Email, "@example.com") && !strings.HasSuffix(p.Email, "@example.co.uk") &&
			!strings.HasSuffix(p.Email, "@northgate-pm.example") {
			t.Errorf("%s has email %q", p.FullName, p.Email)
		}
		if !strings.HasPrefix(p.Phone, "07700 900") {
			t.Errorf("%s has phone %q", p.FullName, p.Phone)
		}
		units, err := estate.UnitsOfPerson(ctx, q, p.ID, now)
		if err != nil {
			t.Fatal(err)
		}
		if countRole(units, estate.RoleLeaseholder) >= 2 {
			twoFlats = true
		}
		if len(units) == 0 {
			before, _ := estate.UnitsOfPerson(ctx, q, p.ID, time.Date(now.Year()-1, 1, 1, 0, 0, 0, 0, time.UTC))
			if countRole(before, estate.RoleLeaseholder) == 1 && before[0].End != nil && before[0].End.Year() == now.Year()-1 {
				sold = true
			}
		}
	}
	if !twoFlats {
		t.Error("nobody owns two flats")
	}
	if !sold {
		t.Error("no flat changed hands last year")
	}

	if recs, err := estate.RecentAudit(ctx, q, 10); err != nil || len(recs) != 1 {
		t.Errorf("audit = %+v, %v", recs, err)
	}
}

func hasRole(people []estate.UnitPerson, role string) bool {
	return slices.ContainsFunc(people, func(p estate.UnitPerson) bool { return p.Role == role })
}

func countRole(units []estate.PersonUnit, role string) int {
	n := 0
	for _, u := range units {
		if u.Role == role {
			n++
		}
	}
	return n
}

func TestSeedDeterministic(t *testing.T) {
	ctx := context.Background()
	// Everything but the random public ids, in the order it was written.
	names := func() []string {
		rows, err := seeded(t).Read().QueryContext(ctx, `SELECT p.full_name, p.email, p.phone,
			coalesce(u.name, ''), coalesce(l.role, ''), coalesce(l.start_date, ''), coalesce(l.end_date, '')
			FROM people p LEFT JOIN unit_people l ON l.person_id = p.id LEFT JOIN units u ON u.id = l.unit_id
			ORDER BY p.id, l.id`)
		if err != nil {
			t.Fatal(err)
		}
		defer rows.Close()
		var out []string
		for rows.Next() {
			var f [7]string
			if err := rows.Scan(&f[0], &f[1], &f[2], &f[3], &f[4], &f[5], &f[6]); err != nil {
				t.Fatal(err)
			}
			out = append(out, strings.Join(f[:], " | "))
		}
		if err := rows.Err(); err != nil {
			t.Fatal(err)
		}
		return out
	}
	a, b := names(), names()
	if !slices.Equal(a, b) {
		t.Errorf("two seeds differ:\n%v\n%v", a, b)
	}
}

func TestSeedTwice(t *testing.T) {
	db := seeded(t)
	if err := demo.Seed(context.Background(), db, now); err == nil {
		t.Error("seeding a second time succeeded")
	}
}
