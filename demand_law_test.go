package main

import (
	"context"
	"database/sql"
	"strings"
	"testing"
	"time"

	"porch/demo"
	"porch/estate"
	"porch/handlers"
	"porch/internal/pdftext"
	"porch/ledger"
)

// TestEachDemandCarriesWhatTheLawAsks raises, in the demo, a demand of
// each kind and reads its PDF as served: on a block, every demand names
// the landlord and an address for notices (LTA 1987 ss47–48); a service
// charge carries its summary of rights (LTA 1985 s21B), an administration
// charge its own (CLRA 2002 Sch 11), ground rent the notice in the s166
// form with its notes; a lettings tenancy's rent carries none of these.
func TestEachDemandCarriesWhatTheLawAsks(t *testing.T) {
	m := startDemo(t)
	db := demoDB(t, m)
	ctx := context.Background()
	settings, err := estate.GetSettings(ctx, db.Read())
	if err != nil {
		t.Fatal(err)
	}
	org := &handlers.Org{Slug: demo.DemoSlug, DB: db, Settings: settings}
	today := estate.UKDate(time.Now())

	held := func(siteKind, role string) int64 {
		var id int64
		if err := db.Read().QueryRowContext(ctx, `SELECT u.id FROM units u JOIN sites s ON s.id = u.site_id
			JOIN occupancies o ON o.unit_id = u.id WHERE s.kind = ? AND o.role = ? AND o.end_date IS NULL
			ORDER BY u.id LIMIT 1`, siteKind, role).Scan(&id); err != nil {
			t.Fatalf("a %s unit with a %s: %v", siteKind, role, err)
		}
		return id
	}
	charge := func(kind string) int64 {
		var id int64
		if err := db.Read().QueryRowContext(ctx, `SELECT id FROM charge_types WHERE kind = ? ORDER BY id LIMIT 1`, kind).Scan(&id); err != nil {
			t.Fatalf("a %s charge: %v", kind, err)
		}
		return id
	}
	flat, let := held(estate.KindBlock, estate.RoleLeaseholder), held(estate.KindLettings, estate.RoleTenant)

	const (
		landlord   = "sections 47 and 48"
		service    = "Service Charges – Summary of tenants' rights and obligations"
		admin      = "Administration Charges – Summary of tenants' rights and obligations"
		rentNotice = "Notice to long leaseholder of rent due"
	)
	all := []string{landlord, service, admin, rentNotice, "Notes for leaseholders", "section 166"}
	for _, tt := range []struct {
		name  string
		unit  int64
		kind  string
		carry []string
	}{
		{"service charge", flat, ledger.ChargeServiceCharge, []string{landlord, service}},
		{"administration charge", flat, ledger.ChargeAdminCharge, []string{landlord, admin}},
		{"ground rent", flat, ledger.ChargeGroundRent, []string{landlord, rentNotice, "section 166 of the Commonhold and Leasehold Reform Act 2002",
			"This notice requires you to pay £125.00 being rent payable for the period", "Payment should be made to: Northgate Property Management",
			"the landlord, through Northgate Property Management, its managing agent", "Notes for leaseholders", "SAMPLE WORDING FOR THE DEMO ONLY"}},
		{"lettings rent", let, ledger.ChargeRent, nil},
	} {
		t.Run(tt.name, func(t *testing.T) {
			var inv ledger.Invoice
			err := db.Write(ctx, func(tx *sql.Tx) error {
				var err error
				inv, err = ledger.RaiseDemand(ctx, tx, time.Now(), ledger.DemandInput{UnitID: tt.unit, IssueDate: today,
					DueDate: today.AddDate(0, 0, ledger.RentNoticeMinDays),
					Lines:   []ledger.DemandLine{{ChargeTypeID: charge(tt.kind), Description: tt.name + ", year to 31 March", Amount: 125_00}}})
				return err
			})
			if err != nil {
				t.Fatal(err)
			}
			doc, _, err := handlers.InvoicePDF(ctx, db.Read(), org, "https://demo.example", inv, today, "")
			if err != nil {
				t.Fatal(err)
			}
			text := strings.Join(strings.Fields(pdftext.Read(t, doc)), " ")
			for _, want := range all {
				carries := false
				for _, c := range tt.carry {
					carries = carries || strings.Contains(c, want) || strings.Contains(want, c)
				}
				if has := strings.Contains(text, want); has != carries {
					t.Errorf("carries %q: %v, want %v", want, has, carries)
				}
			}
			for _, want := range tt.carry {
				if !strings.Contains(text, want) {
					t.Errorf("lacks %q:\n%s", want, text)
				}
			}
		})
	}
}

// TestDemoQuarterIsServed: the demo's current quarter of Harbour View
// demands is served as the screens serve them, one copy to each holder.
func TestDemoQuarterIsServed(t *testing.T) {
	db := demoDB(t, startDemo(t))
	runs, err := ledger.DemandRuns(context.Background(), db.Read(), 10)
	if err != nil {
		t.Fatal(err)
	}
	var flats, holders int
	if err := db.ReadPool().QueryRow(`SELECT count(DISTINCT u.id), count(*) FROM units u JOIN sites s ON s.id = u.site_id
		JOIN occupancies o ON o.unit_id = u.id JOIN occupancy_parties p ON p.occupancy_id = o.id
		WHERE s.name = 'Harbour View' AND o.role = 'leaseholder' AND o.end_date IS NULL`).Scan(&flats, &holders); err != nil {
		t.Fatal(err)
	}
	if len(runs) != 1 || runs[0].Invoices != flats || runs[0].Emailed+runs[0].ToPost != holders || runs[0].Emailed == 0 {
		t.Errorf("runs %+v, want one of %d invoices to %d holders", runs, flats, holders)
	}
}
