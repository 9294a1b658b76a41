package estateimport_test

import (
	"bytes"
	"context"
	"database/sql"
	"errors"
	"fmt"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/xuri/excelize/v2"

	"porch/errs"
	"porch/estate"
	"porch/estateimport"
	"porch/tenants"
)

var now = time.Date(2026, 3, 14, 10, 0, 0, 0, time.UTC)

// openEstate is an organisation's database with one block, Harbour View.
func openEstate(t *testing.T) *tenants.DB {
	t.Helper()
	ctx := context.Background()
	db, err := tenants.OpenMigrated(ctx, "acme", filepath.Join(t.TempDir(), "acme.db"))
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { db.Close() })
	if err := db.Write(ctx, func(tx *sql.Tx) error {
		_, err := estate.CreateSite(ctx, tx, estate.SiteInput{Name: "Harbour View", Kind: estate.KindBlock,
			AddressLine1: "1 Quay Street", Town: "Bristol", Postcode: "BS1 4RN"}, now)
		return err
	}); err != nil {
		t.Fatal(err)
	}
	return db
}

// thirtyFlats is the spreadsheet an agency keeps: 28 flats, each with its
// leaseholder, and a tenant in two of them, written the way spreadsheets
// write things (its own headings, UK dates, "%" on shares).
func thirtyFlats() string {
	var b strings.Builder
	b.WriteString("\xef\xbb\xbfBlock;Flat No.;Level;Service charge %;Title;Leaseholder;E-mail;Telephone;Relationship;Start date;End date\r\n")
	for n := 1; n <= 28; n++ {
		share := "3.5714%"
		if n == 28 {
			share = "3.5722%"
		}
		fmt.Fprintf(&b, "Harbour View;Flat %d;%d;%s;Ms;Owner %d;owner%d@example.com;07700 900%03d;Leaseholder;01/06/2019;\r\n", n, (n-1)/7, share, n, n, n)
	}
	b.WriteString("Harbour View;Flat 3;0;;;Tom Reid;tom.reid@example.com;;Tenant;2024-09-01;2025-08-31\r\n")
	b.WriteString(";;;;;;;;;;\r\n")
	b.WriteString("Harbour View;Flat 9;;;Dr;Ana Silva;;;tenant;1 September 2025;\r\n")
	return b.String()
}

func importFile(t *testing.T, db *tenants.DB, text string, commit bool) (estateimport.Plan, error) {
	t.Helper()
	tab, err := estateimport.Read([]byte(text))
	if err != nil {
		t.Fatal(err)
	}
	m := estateimport.Guess(tab.Header)
	rollback := errors.New("preview")
	var plan estateimport.Plan
	err = db.Write(context.Background(), func(tx *sql.Tx) error {
		var err error
		if plan, err = estateimport.Apply(context.Background(), tx, tab, m, now); err != nil {
			return err
		}
		if !commit {
			return rollback
		}
		return nil
	})
	if errors.Is(err, rollback) {
		err = nil
	}
	return plan, err
}

func count(t *testing.T, db *tenants.DB, q string) int {
	t.Helper()
	var n int
	if err := db.ReadPool().QueryRow(q).Scan(&n); err != nil {
		t.Fatal(err)
	}
	return n
}

// A spreadsheet of 30 rows is previewed (nothing written), imported, and
// imported again (nothing changes).
func TestImportPreviewThenImportThenAgain(t *testing.T) {
	db := openEstate(t)
	plan, err := importFile(t, db, thirtyFlats(), false)
	if err != nil {
		t.Fatal(err)
	}
	if plan.UnitsCreated != 28 || plan.PeopleCreated != 30 || plan.LinksCreated != 30 || plan.UnitsUpdated != 0 || len(plan.Rows) != 30 {
		t.Fatalf("preview: %+v", plan)
	}
	if n := count(t, db, `SELECT count(*) FROM units`); n != 0 {
		t.Fatalf("the preview wrote %d units", n)
	}
	if _, err := importFile(t, db, thirtyFlats(), true); err != nil {
		t.Fatal(err)
	}
	if u, p, l := count(t, db, `SELECT count(*) FROM units`), count(t, db, `SELECT count(*) FROM people`), count(t, db, `SELECT count(*) FROM unit_people`); u != 28 || p != 30 || l != 30 {
		t.Fatalf("after import: %d units, %d people, %d links", u, p, l)
	}
	if n := count(t, db, `SELECT sum(share_ppm) FROM apportionment_shares`); n != estate.FullSharePPM {
		t.Errorf("shares total %d ppm", n)
	}
	if n := count(t, db, `SELECT count(*) FROM unit_people WHERE role = 'tenant' AND end_date = '2025-08-31'`); n != 1 {
		t.Errorf("%d ended tenancies", n)
	}
	again, err := importFile(t, db, thirtyFlats(), true)
	if err != nil {
		t.Fatal(err)
	}
	if again.Created != 0 || again.Updated != 0 || again.RowsUnchanged != 30 {
		t.Errorf("importing again: %+v", again)
	}
}

// Rows that cannot be imported are each given their reasons, and nothing
// of the file is kept.
func TestImportRefusesRowsAndKeepsNothing(t *testing.T) {
	db := openEstate(t)
	text := "Site,Unit,Share,Name,Email,Role,From\n" +
		"Harbour View,Flat 1,50,Amara Okafor,amara@example.com,leaseholder,2019-06-01\n" +
		"Nowhere House,Flat 1,,,,,\n" +
		"Harbour View,Flat 2,seventy,,,,\n" +
		"Harbour View,Flat 3,,Bo Li,not-an-email,leaseholder,2020-01-01\n" +
		"Harbour View,Flat 4,,Cy Ng,cy@example.com,,2020-01-01\n" +
		"Harbour View,Flat 5,,Di Oz,di@example.com,tenant,31/02/2020\n" +
		"Harbour View,,,,,,\n" +
		"Harbour View,Flat 6,60,,,,\n"
	plan, err := importFile(t, db, text, true)
	if !errors.Is(err, estateimport.ErrRefused) && !errs.Is(err, errs.Invalid) {
		t.Fatalf("err %v", err)
	}
	want := map[int]string{3: "no site called", 4: "Unit:", 5: "Person:", 6: "Role:", 7: "From:", 8: "Unit: the row names no unit", 9: "Unit:"}
	for _, r := range plan.Rows {
		w, ok := want[r.Line]
		if got := strings.Join(r.Problems, " | "); ok != r.Refused() || ok && !strings.Contains(got, w) {
			t.Errorf("line %d: problems %q, want %q", r.Line, got, w)
		}
	}
	if n := count(t, db, `SELECT count(*) FROM units`) + count(t, db, `SELECT count(*) FROM people`); n != 0 {
		t.Errorf("a refused import kept %d rows", n)
	}
}

// The mapping step's guess from headings as agencies write them, and the
// template's own headings.
func TestGuessAndTemplate(t *testing.T) {
	m := estateimport.Guess([]string{"Block", "Flat No.", "Leaseholder", "E-mail", "Start Date", "Notes"})
	for key, col := range map[string]int{"site": 0, "unit": 1, "name": 2, "email": 3, "start": 4, "share": -1} {
		if m.Col(key) != col {
			t.Errorf("%s guessed at %d, want %d", key, m.Col(key), col)
		}
	}
	tab, err := estateimport.Read([]byte(estateimport.Template()))
	if err != nil {
		t.Fatal(err)
	}
	g := estateimport.Guess(tab.Header)
	for _, c := range estateimport.Columns {
		if g.Col(c.Key) < 0 {
			t.Errorf("the template's heading for %s is not recognised", c.Key)
		}
	}
	if missing := (estateimport.Mapping{}).Missing(); strings.Join(missing, ",") != "Site,Unit" {
		t.Errorf("missing %q", missing)
	}
	if _, err := estateimport.Read([]byte("only,a,header\n")); err == nil {
		t.Error("a file with no rows was read")
	}
}

// An Excel workbook reads as its first sheet, dates as the sheet shows
// them, and imports as the CSV does; written back as CSV it reads the same.
func TestImportExcelWorkbook(t *testing.T) {
	wb := excelize.NewFile()
	sheet := wb.GetSheetName(0)
	rows := [][]any{
		{"Site", "Unit", "Share %", "Name", "Email", "Role", "From"},
		{"Harbour View", "Flat 1", 50, "Amara Okafor", "amara@example.com", "leaseholder", "01/06/2019"},
		{"Harbour View", "Flat 2", 50.0, "Tom Reid", "tom@example.com", "tenant", "2024-09-01"},
	}
	for i, r := range rows {
		cell, _ := excelize.CoordinatesToCellName(1, i+1)
		if err := wb.SetSheetRow(sheet, cell, &r); err != nil {
			t.Fatal(err)
		}
	}
	var buf bytes.Buffer
	if err := wb.Write(&buf); err != nil {
		t.Fatal(err)
	}
	tab, err := estateimport.Read(buf.Bytes())
	if err != nil {
		t.Fatal(err)
	}
	if len(tab.Rows) != 2 || tab.Rows[1][2] != "50" || tab.Rows[0][6] != "01/06/2019" {
		t.Fatalf("workbook read as %q", tab.Rows)
	}
	again, err := estateimport.Read([]byte(tab.CSV()))
	if err != nil || fmt.Sprint(again) != fmt.Sprint(tab) {
		t.Fatalf("written back as CSV it reads %q (%v)", again, err)
	}
	db := openEstate(t)
	plan, err := importFile(t, db, tab.CSV(), true)
	if err != nil || plan.UnitsCreated != 2 || plan.LinksCreated != 2 {
		t.Fatalf("import: %+v %v", plan, err)
	}
	if _, err := estateimport.Read([]byte("PK\x03\x04not really a workbook")); !errs.Is(err, errs.Invalid) {
		t.Errorf("a broken workbook: %v", err)
	}
}

// The same estate from three files, one each for units, people and who
// lives where, imported in turn; each again changes nothing.
func TestImportThreeFiles(t *testing.T) {
	db := openEstate(t)
	files := []string{
		"Site,Unit,Share\nHarbour View,Flat 1,50\nHarbour View,Flat 2,50\n",
		"Name,Email,Phone\nAmara Okafor,amara@example.com,07700 900123\nTom Reid,,07700 900456\n",
		"Site,Unit,Email,Name,Role,From\nHarbour View,Flat 1,amara@example.com,Amara Okafor,leaseholder,2019-06-01\n",
	}
	for i, f := range files {
		plan, err := importFile(t, db, f, true)
		if err != nil || plan.Created == 0 {
			t.Fatalf("file %d: %+v %v", i+1, plan, err)
		}
		again, err := importFile(t, db, f, true)
		if err != nil || again.Created+again.Updated != 0 {
			t.Errorf("file %d again: %+v %v", i+1, again, err)
		}
	}
	if u, p, l := count(t, db, `SELECT count(*) FROM units`), count(t, db, `SELECT count(*) FROM people`), count(t, db, `SELECT count(*) FROM unit_people`); u != 2 || p != 2 || l != 1 {
		t.Errorf("%d units, %d people, %d links", u, p, l)
	}
	if _, err := importFile(t, db, "Phone\n07700 900999\n", true); !errs.Is(err, errs.Invalid) {
		t.Errorf("a file with neither homes nor names: %v", err)
	}
}
