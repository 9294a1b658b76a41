package estate_test

import (
	"context"
	"database/sql"
	"fmt"
	"strings"
	"testing"

	"porch/errs"
	"porch/estate"
	"porch/tenants"
)

func TestParseSharePercent(t *testing.T) {
	tests := []struct {
		in      string
		want    int64
		wantErr string // part of the message; empty when valid
	}{
		{"100", 1_000_000, ""},
		{"0.0001", 1, ""},
		{"2.5", 25_000, ""},
		{"12.3456", 123_456, ""},
		{"0", 0, ""},
		{"3.", 30_000, ""},
		{".5", 5_000, ""},
		{" 2.5% ", 25_000, ""},
		{"007.5", 75_000, ""},
		{"100.0000", 1_000_000, ""},
		{"-1", 0, "negative"},
		{"1.23456", 0, "4 decimal places"},
		{"abc", 0, "percentage"},
		{"101", 0, "more than 100%"},
		{"100.0001", 0, "more than 100%"},
		{"99999999999999999999", 0, "more than 100%"},
		{"", 0, "percentage"},
		{".", 0, "percentage"},
		{"1e2", 0, "percentage"},
		{"1,5", 0, "percentage"},
		{"+5", 0, "percentage"},
	}
	for _, tt := range tests {
		got, err := estate.ParseSharePercent(tt.in)
		if tt.wantErr == "" {
			if err != nil || got != tt.want {
				t.Errorf("ParseSharePercent(%q) = %d, %v; want %d", tt.in, got, err, tt.want)
			}
			continue
		}
		e, ok := errs.As(err)
		if !ok || e.Code != errs.Invalid || !strings.Contains(e.Message, tt.wantErr) {
			t.Errorf("ParseSharePercent(%q) = %d, %v; want an error about %q", tt.in, got, err, tt.wantErr)
		}
	}
}

func TestFormatSharePPM(t *testing.T) {
	tests := map[int64]string{0: "0%", 1: "0.0001%", 25_000: "2.5%", 123_456: "12.3456%", 1_000_000: "100%", 35_710: "3.571%"}
	for ppm, want := range tests {
		if got := estate.FormatSharePPM(ppm); got != want {
			t.Errorf("FormatSharePPM(%d) = %q, want %q", ppm, got, want)
		}
		if back, err := estate.ParseSharePercent(want); err != nil || back != ppm {
			t.Errorf("ParseSharePercent(%q) = %d, %v; want %d", want, back, err, ppm)
		}
	}
}

// newSites creates a block and a lettings site.
func newSites(t *testing.T, db *tenants.DB) (block, lettings estate.Site) {
	t.Helper()
	ctx := context.Background()
	err := db.Write(ctx, func(tx *sql.Tx) (err error) {
		block, err = estate.CreateSite(ctx, tx, estate.SiteInput{
			Name: "Harbour View", Kind: "block", AddressLine1: "1 Quayside Walk", Town: "Bristol", Postcode: "BS1 4RN",
		}, testNow)
		if err != nil {
			return err
		}
		lettings, err = estate.CreateSite(ctx, tx, estate.SiteInput{Name: "Lettings", Kind: "lettings"}, testNow)
		return err
	})
	if err != nil {
		t.Fatal(err)
	}
	return block, lettings
}

func TestCreateUnit(t *testing.T) {
	db := newDB(t)
	ctx := context.Background()
	block, _ := newSites(t, db)
	mustWrite(t, db, func(ctx context.Context, tx *sql.Tx) error {
		for i := 12; i >= 1; i-- {
			_, err := estate.CreateUnit(ctx, tx, block.ID, estate.UnitInput{
				Name: fmt.Sprintf("Flat %d", i), Bedrooms: "2", Share: "8.3333",
			}, testNow)
			if err != nil {
				return err
			}
		}
		return nil
	})
	units, err := estate.ListUnits(ctx, db.Read(), block.ID)
	if err != nil {
		t.Fatal(err)
	}
	if len(units) != 12 {
		t.Fatalf("%d units", len(units))
	}
	for i, u := range units {
		if want := fmt.Sprintf("Flat %d", i+1); u.Name != want {
			t.Errorf("unit %d is %q, want %q (natural order)", i, u.Name, want)
		}
	}
	u := units[1]
	if u.SharePPM != 83_333 || u.Share() != "8.3333%" || u.Bedrooms != 2 || u.SiteName != "Harbour View" ||
		u.SitePublicID != block.PublicID || u.SiteKind != "block" {
		t.Errorf("unit = %+v", u)
	}
	got, err := estate.GetUnit(ctx, db.Read(), u.PublicID)
	if err != nil {
		t.Fatal(err)
	}
	if got != u {
		t.Errorf("GetUnit = %+v, want %+v", got, u)
	}
}

func TestCreateUnitValidation(t *testing.T) {
	tests := []struct {
		name     string
		lettings bool
		in       estate.UnitInput
		field    string
	}{
		{"no name", false, estate.UnitInput{Name: " "}, "name"},
		{"bad share", false, estate.UnitInput{Name: "Flat 1", Share: "1.23456"}, "share"},
		{"share over 100", false, estate.UnitInput{Name: "Flat 1", Share: "101"}, "share"},
		{"bad bedrooms", false, estate.UnitInput{Name: "Flat 1", Bedrooms: "two"}, "bedrooms"},
		{"negative bedrooms", false, estate.UnitInput{Name: "Flat 1", Bedrooms: "-1"}, "bedrooms"},
		{"bad postcode", false, estate.UnitInput{Name: "Flat 1", Postcode: "nowhere"}, "postcode"},
		{"let unit without address", true, estate.UnitInput{Name: "12 Albion Road", Town: "London", Postcode: "N16 9PX"}, "address_line1"},
		{"let unit without postcode", true, estate.UnitInput{Name: "12 Albion Road", AddressLine1: "12 Albion Road", Town: "London"}, "postcode"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			db := newDB(t)
			block, lettings := newSites(t, db)
			site := block
			if tt.lettings {
				site = lettings
			}
			err := write(t, db, func(ctx context.Context, tx *sql.Tx) error {
				_, err := estate.CreateUnit(ctx, tx, site.ID, tt.in, testNow)
				return err
			})
			if msg := fieldErrors(t, err)[tt.field]; msg == "" {
				t.Errorf("no message for %s in %v", tt.field, err)
			}
			if n := count(t, db, "units"); n != 0 {
				t.Errorf("%d units written", n)
			}
		})
	}
}

func TestCreateUnitDuplicateAndOverallocated(t *testing.T) {
	db := newDB(t)
	block, lettings := newSites(t, db)
	mustWrite(t, db, func(ctx context.Context, tx *sql.Tx) error {
		_, err := estate.CreateUnit(ctx, tx, block.ID, estate.UnitInput{Name: "Flat 1", Share: "60"}, testNow)
		return err
	})

	err := write(t, db, func(ctx context.Context, tx *sql.Tx) error {
		_, err := estate.CreateUnit(ctx, tx, block.ID, estate.UnitInput{Name: "flat 1", Share: "10"}, testNow)
		return err
	})
	if got := fieldErrors(t, err)["name"]; got != "A unit with this name already exists on this site." {
		t.Errorf("name message = %q", got)
	}

	err = write(t, db, func(ctx context.Context, tx *sql.Tx) error {
		_, err := estate.CreateUnit(ctx, tx, block.ID, estate.UnitInput{Name: "Flat 2", Share: "40.0001"}, testNow)
		return err
	})
	if got := fieldErrors(t, err)["share"]; got != "The other units already have 60%, so this unit can have at most 40%." {
		t.Errorf("share message = %q", got)
	}
	if n := count(t, db, "units"); n != 1 {
		t.Errorf("%d units, want 1", n)
	}

	// The same name is fine on another site.
	mustWrite(t, db, func(ctx context.Context, tx *sql.Tx) error {
		_, err := estate.CreateUnit(ctx, tx, lettings.ID, estate.UnitInput{
			Name: "Flat 1", AddressLine1: "Flat 1, 48 Blackstock Road", Town: "London", Postcode: "n4 2dw",
		}, testNow)
		return err
	})
}

func TestUnitNotFound(t *testing.T) {
	db := newDB(t)
	_, err := estate.GetUnit(context.Background(), db.Read(), "nosuchunit")
	wantNotFound(t, err)
	err = write(t, db, func(ctx context.Context, tx *sql.Tx) error {
		_, err := estate.CreateUnit(ctx, tx, 999, estate.UnitInput{Name: "Flat 1"}, testNow)
		return err
	})
	wantNotFound(t, err)
}
