package estate_test

import (
	"context"
	"database/sql"
	"testing"

	"porch/estate"
)

func TestNormalisePostcode(t *testing.T) {
	tests := []struct {
		in   string
		want string
		ok   bool
	}{
		{"sw1a 1aa", "SW1A 1AA", true},
		{"SW1A1AA", "SW1A 1AA", true},
		{"  n1   2qx ", "N1 2QX", true},
		{"bs1 4rn", "BS1 4RN", true},
		{"N16 7XY", "N16 7XY", true},
		{"EC1A 1BB", "EC1A 1BB", true},
		{"W1A 0AX", "W1A 0AX", true},
		{"M1 1AE", "M1 1AE", true},
		{"gir 0aa", "GIR 0AA", true},
		{"", "", false},
		{"SW1A", "SW1A", false},
		{"12345", "12345", false},
		{"SW1A 1AAA", "SW1A 1AAA", false},
		{"QA1 1AA", "QA1 1AA", false},   // Q never starts a postcode
		{"SW1A 1AC", "SW1A 1AC", false}, // C never appears in the inward code
		{"SW1A-1AA", "SW1A-1AA", false},
	}
	for _, tt := range tests {
		got, ok := estate.NormalisePostcode(tt.in)
		if got != tt.want || ok != tt.ok {
			t.Errorf("NormalisePostcode(%q) = %q, %v; want %q, %v", tt.in, got, ok, tt.want, tt.ok)
		}
	}
}

func TestCreateSiteValidation(t *testing.T) {
	valid := estate.SiteInput{Name: "Harbour View", Kind: "block", AddressLine1: "1 Quayside Walk", Town: "Bristol", Postcode: "bs1 4rn"}
	tests := []struct {
		name  string
		edit  func(*estate.SiteInput)
		field string
	}{
		{"no name", func(in *estate.SiteInput) { in.Name = "  " }, "name"},
		{"bad kind", func(in *estate.SiteInput) { in.Kind = "estate" }, "kind"},
		{"bad postcode", func(in *estate.SiteInput) { in.Postcode = "BS1" }, "postcode"},
		{"block without address", func(in *estate.SiteInput) { in.AddressLine1 = "" }, "address_line1"},
		{"block without town", func(in *estate.SiteInput) { in.Town = "" }, "town"},
		{"block without postcode", func(in *estate.SiteInput) { in.Postcode = "" }, "postcode"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			db := newDB(t)
			in := valid
			tt.edit(&in)
			err := write(t, db, func(ctx context.Context, tx *sql.Tx) error {
				_, err := estate.CreateSite(ctx, tx, in, testNow)
				return err
			})
			if msg := fieldErrors(t, err)[tt.field]; msg == "" {
				t.Errorf("no message for %s in %v", tt.field, err)
			}
			if n := count(t, db, "sites"); n != 0 {
				t.Errorf("%d sites written", n)
			}
		})
	}
}

func TestCreateSite(t *testing.T) {
	db := newDB(t)
	ctx := context.Background()
	var created estate.Site
	mustWrite(t, db, func(ctx context.Context, tx *sql.Tx) (err error) {
		created, err = estate.CreateSite(ctx, tx, estate.SiteInput{
			Name: " Harbour View ", Kind: "block", AddressLine1: "1 Quayside Walk", Town: "Bristol", Postcode: "bs14rn",
		}, testNow)
		if err != nil {
			return err
		}
		// A lettings portfolio needs no address of its own.
		_, err = estate.CreateSite(ctx, tx, estate.SiteInput{Name: "North London Lettings", Kind: "lettings"}, testNow)
		return err
	})
	got, err := estate.GetSite(ctx, db.Read(), created.PublicID)
	if err != nil {
		t.Fatal(err)
	}
	if got != created {
		t.Errorf("GetSite = %+v, want %+v", got, created)
	}
	if got.Name != "Harbour View" || got.Postcode != "BS1 4RN" || !got.CreatedAt.Equal(testNow) {
		t.Errorf("site not normalised: %+v", got)
	}

	sites, err := estate.ListSites(ctx, db.Read())
	if err != nil {
		t.Fatal(err)
	}
	if len(sites) != 2 || sites[0].Name != "Harbour View" || sites[1].Name != "North London Lettings" {
		t.Fatalf("ListSites = %+v", sites)
	}
}

func TestCreateSiteDuplicateName(t *testing.T) {
	db := newDB(t)
	mustWrite(t, db, func(ctx context.Context, tx *sql.Tx) error {
		_, err := estate.CreateSite(ctx, tx, estate.SiteInput{Name: "Portfolio", Kind: "lettings"}, testNow)
		return err
	})
	err := write(t, db, func(ctx context.Context, tx *sql.Tx) error {
		_, err := estate.CreateSite(ctx, tx, estate.SiteInput{Name: "PORTFOLIO", Kind: "lettings"}, testNow)
		return err
	})
	if got := fieldErrors(t, err)["name"]; got != "A site with this name already exists." {
		t.Errorf("name message = %q", got)
	}
	if n := count(t, db, "sites"); n != 1 {
		t.Errorf("%d sites, want 1", n)
	}
}

func TestGetSiteNotFound(t *testing.T) {
	db := newDB(t)
	_, err := estate.GetSite(context.Background(), db.Read(), "nosuchsite")
	wantNotFound(t, err)
}
