package tickets_test

import (
	"context"
	"database/sql"
	"strings"
	"testing"
	"time"

	"porch/errs"
	"porch/estate"
	"porch/internal/testdb"
	"porch/tenants"
	"porch/tickets"
)

var testNow = time.Date(2026, 3, 14, 10, 30, 0, 0, time.UTC)

// write runs fn in one write transaction and returns its error.
func write(t *testing.T, db *tenants.DB, fn func(ctx context.Context, tx *sql.Tx) error) error {
	t.Helper()
	ctx := context.Background()
	return db.Write(ctx, func(tx *sql.Tx) error { return fn(ctx, tx) })
}

// add adds a category and returns it, failing the test on a refusal.
func add(t *testing.T, db *tenants.DB, name string) tickets.Category {
	t.Helper()
	var c tickets.Category
	if err := write(t, db, func(ctx context.Context, tx *sql.Tx) (err error) {
		c, err = tickets.AddCategory(ctx, tx, name, testNow)
		return err
	}); err != nil {
		t.Fatal(err)
	}
	return c
}

// list is the names of every category in order, retired ones marked.
func list(t *testing.T, db *tenants.DB) string {
	t.Helper()
	cs, err := tickets.ListCategories(context.Background(), db.Read())
	if err != nil {
		t.Fatal(err)
	}
	var out []string
	for _, c := range cs {
		n := c.Name
		if c.Retired() {
			n += " (retired)"
		}
		out = append(out, n)
	}
	return strings.Join(out, ", ")
}

const defaults = "Leak or flood, Heating or hot water, Electrics, Lift, Door entry and security, Communal cleaning, " +
	"Lighting in communal areas, Noise or neighbours, Parking, Pests, Rubbish and recycling, Other"

func TestDefaultsAfterMigration(t *testing.T) {
	t.Parallel()
	db := testdb.Org(t, "test")
	if got := list(t, db); got != defaults {
		t.Errorf("categories = %s", got)
	}
	cs, _ := tickets.ListCategories(context.Background(), db.Read())
	seen := map[string]bool{}
	for _, c := range cs {
		if len(c.PublicID) != 16 || seen[c.PublicID] || c.CreatedAt.IsZero() {
			t.Errorf("category %+v: bad or repeated public id or no creation time", c)
		}
		seen[c.PublicID] = true
	}
}

func TestAddRefusesBlankLongAndDuplicateNames(t *testing.T) {
	t.Parallel()
	db := testdb.Org(t, "test")
	for _, tc := range []struct{ name, msg string }{
		{"  ", "Enter the category's name."},
		{strings.Repeat("é", 61), "Keep the name to 60 characters or fewer."},
		{"  lift ", "There is already a category called lift."},
	} {
		err := write(t, db, func(ctx context.Context, tx *sql.Tx) error {
			_, err := tickets.AddCategory(ctx, tx, tc.name, testNow)
			return err
		})
		e, ok := errs.As(err)
		if !ok || e.Code != errs.Invalid || e.Fields["name"] != tc.msg {
			t.Errorf("%q: %v %v, want %q next to name", tc.name, err, e.Fields, tc.msg)
		}
	}
	c := add(t, db, "  Gates   and  barriers ")
	if c.Name != "Gates and barriers" || list(t, db) != defaults+", Gates and barriers" {
		t.Errorf("added %+v; list %s", c, list(t, db))
	}
	if c60 := add(t, db, strings.Repeat("é", 60)); len([]rune(c60.Name)) != 60 {
		t.Errorf("60 characters not kept: %q", c60.Name)
	}
}

func TestRenameRetireAndRestore(t *testing.T) {
	t.Parallel()
	db := testdb.Org(t, "test")
	var site estate.Site
	var lift, parking tickets.Category
	if err := write(t, db, func(ctx context.Context, tx *sql.Tx) (err error) {
		if site, err = estate.CreateSite(ctx, tx, estate.SiteInput{Name: "Harbour View", Kind: estate.KindLettings}, testNow); err != nil {
			return err
		}
		cs, err := tickets.AllowedForSite(ctx, tx, site.ID)
		if len(cs) != 12 {
			t.Errorf("a new site allows %d categories, want all 12", len(cs))
		}
		lift, parking = cs[3], cs[8]
		return err
	}); err != nil {
		t.Fatal(err)
	}
	err := write(t, db, func(ctx context.Context, tx *sql.Tx) error {
		_, _, err := tickets.RenameCategory(ctx, tx, parking.PublicID, "LIFT")
		return err
	})
	if e, _ := errs.As(err); e == nil || e.Fields["name"] != "There is already a category called LIFT." {
		t.Errorf("rename onto an active name: %v", err)
	}
	if err := write(t, db, func(ctx context.Context, tx *sql.Tx) error {
		old, now, err := tickets.RenameCategory(ctx, tx, parking.PublicID, "Parking and bikes")
		if old.Name != "Parking" || now.Name != "Parking and bikes" {
			t.Errorf("rename gave %q → %q", old.Name, now.Name)
		}
		if err != nil {
			return err
		}
		_, err = tickets.RetireCategory(ctx, tx, lift.PublicID, testNow)
		return err
	}); err != nil {
		t.Fatal(err)
	}
	if got := list(t, db); !strings.HasSuffix(got, "Other, Lift (retired)") || !strings.Contains(got, "Parking and bikes") {
		t.Errorf("after retiring Lift: %s", got)
	}
	ctx := context.Background()
	if ok, _ := tickets.Allowed(ctx, db.Read(), site.ID, lift.ID); ok {
		t.Error("a retired category is allowed")
	}
	if cs, _ := tickets.AllowedForSite(ctx, db.Read(), site.ID); len(cs) != 11 {
		t.Errorf("%d allowed after retiring one", len(cs))
	}
	// A new "Lift" may be added while the old one is retired; the old one
	// cannot then come back under the same name.
	add(t, db, "Lift")
	err = write(t, db, func(ctx context.Context, tx *sql.Tx) error {
		_, err := tickets.RestoreCategory(ctx, tx, lift.PublicID)
		return err
	})
	if !errs.Is(err, errs.Conflict) {
		t.Errorf("restore onto a name in use: %v", err)
	}
	if err := write(t, db, func(ctx context.Context, tx *sql.Tx) error {
		cs, _ := tickets.ListCategories(ctx, tx)
		if _, err := tickets.RetireCategory(ctx, tx, cs[11].PublicID, testNow); err != nil { // the new Lift
			return err
		}
		_, err := tickets.RestoreCategory(ctx, tx, lift.PublicID)
		return err
	}); err != nil {
		t.Fatal(err)
	}
	if ok, _ := tickets.Allowed(ctx, db.Read(), site.ID, lift.ID); !ok {
		t.Error("a restored category is not allowed where it was before")
	}
}
