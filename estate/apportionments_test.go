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

// blockWithFlats makes Harbour View with Flats 1 to n, each with the share
// given (as typed on the unit form).
func blockWithFlats(t *testing.T, db *tenants.DB, shares ...string) (estate.Site, []estate.Unit) {
	t.Helper()
	block, _ := newSites(t, db)
	units := make([]estate.Unit, len(shares))
	mustWrite(t, db, func(ctx context.Context, tx *sql.Tx) (err error) {
		for i, sh := range shares {
			if units[i], err = estate.CreateUnit(ctx, tx, block.ID, estate.UnitInput{Name: fmt.Sprintf("Flat %d", i+1), Share: sh}, testNow); err != nil {
				return err
			}
		}
		return nil
	})
	return block, units
}

// addSchedule adds a schedule to the site and returns it.
func addSchedule(t *testing.T, db *tenants.DB, siteID int64, name string) estate.Apportionment {
	t.Helper()
	var a estate.Apportionment
	mustWrite(t, db, func(ctx context.Context, tx *sql.Tx) (err error) {
		a, err = estate.CreateApportionment(ctx, tx, siteID, name, testNow)
		return err
	})
	return a
}

// sharesOf reads a schedule's shares as "Flat 1=50%, Flat 2=" ("" for a
// unit not in it).
func sharesOf(t *testing.T, db *tenants.DB, a estate.Apportionment) string {
	t.Helper()
	rows, err := estate.ApportionmentShares(context.Background(), db.Read(), a)
	if err != nil {
		t.Fatal(err)
	}
	parts := make([]string, len(rows))
	for i, r := range rows {
		parts[i] = r.Name + "=" + r.Share()
	}
	return strings.Join(parts, ", ")
}

// A site's first unit makes its default schedule, "Main", which holds the
// share typed on each unit's form; a schedule added later starts empty.
func TestUnitSharesLiveInTheDefaultSchedule(t *testing.T) {
	t.Parallel()
	db := newDB(t)
	ctx := context.Background()
	block, units := blockWithFlats(t, db, "60", "40", "")
	list, err := estate.ListApportionments(ctx, db.Read(), block.ID)
	if err != nil {
		t.Fatal(err)
	}
	if len(list) != 1 || list[0].Name != "Main" || !list[0].Default || list[0].Units != 3 || !list[0].Whole() {
		t.Fatalf("schedules = %+v", list)
	}
	if got := sharesOf(t, db, list[0]); got != "Flat 1=60%, Flat 2=40%, Flat 3=0%" {
		t.Errorf("default shares: %s", got)
	}

	car := addSchedule(t, db, block.ID, "  Car   park ")
	if car.Name != "Car park" || car.Default {
		t.Errorf("second schedule = %+v", car)
	}
	mustWrite(t, db, func(ctx context.Context, tx *sql.Tx) error {
		_, _, err := estate.UpdateUnit(ctx, tx, units[1].ID, estate.UnitInput{Name: "Flat 2", Share: "30"})
		return err
	})
	main, err := estate.DefaultApportionment(ctx, db.Read(), block.ID)
	if err != nil {
		t.Fatal(err)
	}
	if got := sharesOf(t, db, main); got != "Flat 1=60%, Flat 2=30%, Flat 3=0%" {
		t.Errorf("after the unit form: %s", got)
	}
	if main.Gap() != "10% short of 100%" {
		t.Errorf("gap = %q", main.Gap())
	}
	if got := sharesOf(t, db, car); got != "Flat 1=, Flat 2=, Flat 3=" {
		t.Errorf("new schedule: %s", got)
	}
	u, err := estate.GetUnitByID(ctx, db.Read(), units[1].ID)
	if err != nil || u.SharePPM != 300_000 {
		t.Errorf("unit share = %d, %v", u.SharePPM, err)
	}
}

func TestCreateApportionmentRefusals(t *testing.T) {
	t.Parallel()
	db := newDB(t)
	block, _ := blockWithFlats(t, db, "100")
	addSchedule(t, db, block.ID, "Car park")
	for name, want := range map[string]string{
		"   ":                   "Enter a name",
		"car PARK":              "already has a schedule",
		"main":                  "already has a schedule",
		strings.Repeat("x", 61): "60 characters",
	} {
		err := write(t, db, func(ctx context.Context, tx *sql.Tx) error {
			_, err := estate.CreateApportionment(ctx, tx, block.ID, name, testNow)
			return err
		})
		if msg := fieldErrors(t, err)["name"]; !strings.Contains(msg, want) {
			t.Errorf("%q: %q, want %q", name, msg, want)
		}
	}
	if n := count(t, db, "apportionments"); n != 2 {
		t.Errorf("%d schedules", n)
	}
}

// A grid is saved whole or not at all: a share that is not a percentage,
// a unit that is not the site's, or a total other than 100% leaves every
// share as it was.
func TestSaveSharesAllOrNothing(t *testing.T) {
	t.Parallel()
	db := newDB(t)
	ctx := context.Background()
	block, units := blockWithFlats(t, db, "50", "30", "20")
	other, _ := func() (estate.Site, error) {
		var s estate.Site
		err := write(t, db, func(ctx context.Context, tx *sql.Tx) (err error) {
			s, err = estate.CreateSite(ctx, tx, estate.SiteInput{Name: "Mill Court", Kind: "block", AddressLine1: "2 Mill Lane",
				Town: "Bath", Postcode: "BA1 1AA"}, testNow)
			if err == nil {
				_, err = estate.CreateUnit(ctx, tx, s.ID, estate.UnitInput{Name: "Flat 9", Share: "100"}, testNow)
			}
			return err
		})
		return s, err
	}()
	stranger, err := estate.ListUnits(ctx, db.Read(), other.ID)
	if err != nil || len(stranger) != 1 {
		t.Fatal(err)
	}
	car := addSchedule(t, db, block.ID, "Car park")
	pub := func(i int) string { return units[i].PublicID }

	tests := []struct {
		name  string
		in    estate.SharesInput
		field string
		want  string
	}{
		{"short", estate.SharesInput{pub(0): "50", pub(1): "45"}, "total", "The Car park shares total 95%, 5% short of 100%"},
		{"over", estate.SharesInput{pub(0): "60", pub(1): "45"}, "total", "5% over 100%"},
		{"empty", estate.SharesInput{}, "total", "total 0%"},
		{"not a number", estate.SharesInput{pub(0): "fifty", pub(1): "50"}, estate.ShareField(pub(0)), "percentage"},
		{"too precise", estate.SharesInput{pub(0): "50.00001", pub(1): "50"}, estate.ShareField(pub(0)), "4 decimal places"},
		{"negative", estate.SharesInput{pub(0): "-5", pub(1): "105"}, estate.ShareField(pub(0)), "negative"},
		{"another site's unit", estate.SharesInput{pub(0): "50", pub(1): "50", stranger[0].PublicID: "0"}, "form", "not in use on this site"},
		{"made up unit", estate.SharesInput{pub(0): "100", "nosuchunit000000": "0"}, "form", "Load the page again"},
	}
	for _, tt := range tests {
		err := write(t, db, func(ctx context.Context, tx *sql.Tx) error {
			_, err := estate.SaveShares(ctx, tx, car.ID, tt.in)
			return err
		})
		if msg := fieldErrors(t, err)[tt.field]; !strings.Contains(msg, tt.want) {
			t.Errorf("%s: %s = %q, want %q", tt.name, tt.field, msg, tt.want)
		}
		if got := sharesOf(t, db, car); got != "Flat 1=, Flat 2=, Flat 3=" {
			t.Errorf("%s: half saved: %s", tt.name, got)
		}
	}

	var changes estate.Changes
	mustWrite(t, db, func(ctx context.Context, tx *sql.Tx) (err error) {
		changes, err = estate.SaveShares(ctx, tx, car.ID, estate.SharesInput{pub(0): " 62.5 ", pub(1): "37.5%", pub(2): ""})
		return err
	})
	if got := sharesOf(t, db, car); got != "Flat 1=62.5%, Flat 2=37.5%, Flat 3=" {
		t.Errorf("saved: %s", got)
	}
	if want := `Flat 1: "" → "62.5%"; Flat 2: "" → "37.5%"`; changes.String() != want {
		t.Errorf("changes = %s, want %s", changes, want)
	}
	// A unit left blank leaves the schedule; one not sent keeps its share.
	mustWrite(t, db, func(ctx context.Context, tx *sql.Tx) (err error) {
		changes, err = estate.SaveShares(ctx, tx, car.ID, estate.SharesInput{pub(1): "", pub(2): "37.5"})
		return err
	})
	if got := sharesOf(t, db, car); got != "Flat 1=62.5%, Flat 2=, Flat 3=37.5%" {
		t.Errorf("saved again: %s", got)
	}
	if want := `Flat 2: "37.5%" → ""; Flat 3: "" → "37.5%"`; changes.String() != want {
		t.Errorf("changes = %s, want %s", changes, want)
	}
	main, _ := estate.DefaultApportionment(ctx, db.Read(), block.ID)
	if got := sharesOf(t, db, main); got != "Flat 1=50%, Flat 2=30%, Flat 3=20%" {
		t.Errorf("the default changed: %s", got)
	}
}

// The default schedule is the unit form's share, so it cannot be archived;
// nor can a schedule a recurring demand still splits by. Archived, a
// schedule takes no new shares until it is restored.
func TestArchiveApportionment(t *testing.T) {
	t.Parallel()
	db := newDB(t)
	ctx := context.Background()
	block, units := blockWithFlats(t, db, "100")
	main, _ := estate.DefaultApportionment(ctx, db.Read(), block.ID)
	car := addSchedule(t, db, block.ID, "Car park")
	archive := func(a estate.Apportionment) error {
		return write(t, db, func(ctx context.Context, tx *sql.Tx) error {
			_, _, err := estate.ArchiveApportionment(ctx, tx, a.ID, testNow)
			return err
		})
	}
	if err := archive(main); !errs.Is(err, errs.Invalid) || !strings.Contains(err.Error(), "default") {
		t.Errorf("archiving the default: %v", err)
	}
	mustWrite(t, db, func(ctx context.Context, tx *sql.Tx) error {
		// A recurring demand as the ledger stores one.
		if _, err := tx.ExecContext(ctx, `INSERT INTO ledger_accounts (public_id, code, name, type, purpose, created_at)
			VALUES ('account000000001', '4100', 'Car park income', 'income', 'income', '2025-03-01T00:00:00Z')`); err != nil {
			return err
		}
		if _, err := tx.ExecContext(ctx, `INSERT INTO charge_types (public_id, name, treatment, account_id, created_at)
			VALUES ('charge0000000001', 'Car park', 'income', (SELECT min(id) FROM ledger_accounts), '2025-03-01T00:00:00Z')`); err != nil {
			return err
		}
		_, err := tx.ExecContext(ctx, `INSERT INTO schedules (public_id, name, site_id, apportionment_id, charge_type_id, amount,
			every_months, start_date, created_at) VALUES ('sched00000000001', 'Car park upkeep', ?, ?,
			(SELECT min(id) FROM charge_types), 1200, 12, '2025-04-01', '2025-03-01T00:00:00Z')`, block.ID, car.ID)
		return err
	})
	if err := archive(car); !errs.Is(err, errs.Invalid) || !strings.Contains(err.Error(), "“Car park upkeep” is split") {
		t.Errorf("archiving a schedule in use: %v", err)
	}
	mustWrite(t, db, func(ctx context.Context, tx *sql.Tx) error {
		_, err := tx.ExecContext(ctx, `UPDATE schedules SET end_date = '2025-03-13'`)
		return err
	})
	var changes estate.Changes
	mustWrite(t, db, func(ctx context.Context, tx *sql.Tx) (err error) {
		_, changes, err = estate.ArchiveApportionment(ctx, tx, car.ID, testNow)
		return err
	})
	if changes.String() != `archived: "no" → "yes"` {
		t.Errorf("changes = %s", changes)
	}
	err := write(t, db, func(ctx context.Context, tx *sql.Tx) error {
		_, err := estate.SaveShares(ctx, tx, car.ID, estate.SharesInput{units[0].PublicID: "100"})
		return err
	})
	if !errs.Is(err, errs.Invalid) || !strings.Contains(err.Error(), "archived") {
		t.Errorf("saving an archived schedule: %v", err)
	}
	if a, err := estate.ResolveApportionment(ctx, db.Read(), block.ID, 0); err != nil || a.ID != main.ID {
		t.Errorf("resolve default = %+v, %v", a, err)
	}
	mustWrite(t, db, func(ctx context.Context, tx *sql.Tx) (err error) {
		_, changes, err = estate.RestoreApportionment(ctx, tx, car.ID)
		return err
	})
	mustWrite(t, db, func(ctx context.Context, tx *sql.Tx) (err error) {
		_, changes, err = estate.RenameApportionment(ctx, tx, car.ID, "Parking")
		return err
	})
	if changes.String() != `name: "Car park" → "Parking"` {
		t.Errorf("rename changes = %s", changes)
	}
	got, err := estate.GetApportionment(ctx, db.Read(), block.ID, car.PublicID)
	if err != nil || got.Name != "Parking" || got.Archived() {
		t.Errorf("after restore and rename: %+v, %v", got, err)
	}
	_, err = estate.GetApportionment(ctx, db.Read(), block.ID+1, car.PublicID)
	wantNotFound(t, err)
}

// The grid reads every unit in use across the site's schedules in use.
func TestSiteShareGrid(t *testing.T) {
	t.Parallel()
	db := newDB(t)
	ctx := context.Background()
	block, units := blockWithFlats(t, db, "50", "50")
	car := addSchedule(t, db, block.ID, "Car park")
	mustWrite(t, db, func(ctx context.Context, tx *sql.Tx) error {
		_, err := estate.SaveShares(ctx, tx, car.ID, estate.SharesInput{units[1].PublicID: "100"})
		return err
	})
	g, err := estate.SiteShareGrid(ctx, db.Read(), block.ID)
	if err != nil {
		t.Fatal(err)
	}
	var b strings.Builder
	for i, u := range g.Units {
		fmt.Fprintf(&b, "%s:", u.Name)
		for j := range g.Schedules {
			fmt.Fprintf(&b, " %s=%s", g.Schedules[j].Name, g.Shares[i][j].Share())
		}
		b.WriteString("; ")
	}
	if want := "Flat 1: Main=50% Car park=; Flat 2: Main=50% Car park=100%; "; b.String() != want {
		t.Errorf("grid = %q, want %q", b.String(), want)
	}
}

// The database itself refuses a share of another site's unit.
func TestSharesStayOnTheirSite(t *testing.T) {
	t.Parallel()
	db := newDB(t)
	block, _ := blockWithFlats(t, db, "100")
	var let estate.Unit
	mustWrite(t, db, func(ctx context.Context, tx *sql.Tx) (err error) {
		site, err := estate.CreateSite(ctx, tx, estate.SiteInput{Name: "Lets", Kind: "lettings"}, testNow)
		if err == nil {
			let, err = estate.CreateUnit(ctx, tx, site.ID, estate.UnitInput{Name: "4 Albion Road", AddressLine1: "4 Albion Road",
				Town: "Bristol", Postcode: "BS6 5AA"}, testNow)
		}
		return err
	})
	car := addSchedule(t, db, block.ID, "Car park")
	_, err := db.Writer().Exec(`INSERT INTO apportionment_shares (apportionment_id, unit_id, share_ppm) VALUES (?, ?, 0)`, car.ID, let.ID)
	if err == nil || !strings.Contains(err.Error(), "not on the schedule's site") {
		t.Errorf("a share of another site's unit: %v", err)
	}
}
