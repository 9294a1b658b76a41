package demo_test

import (
	"context"
	"testing"

	"porch/calendar"
	"porch/demo"
	"porch/estate"
)

// Amara has turned off the calendar's emails, and only those: she is left
// out of the mail of Harbour View's planned works, which her neighbours
// get.
func TestDemoEmailPreferences(t *testing.T) {
	db := seeded(t)
	ctx, q := context.Background(), db.Read()
	amara, err := estate.FindPersonByEmail(ctx, q, demo.ResidentEmail)
	if err != nil {
		t.Fatal(err)
	}
	prefs, err := estate.MailPrefsOf(ctx, q, amara.ID)
	if err != nil {
		t.Fatal(err)
	}
	for _, k := range estate.MailKinds {
		if want := k.Kind != estate.MailCalendar; prefs.Wants(k.Kind) != want {
			t.Errorf("Amara wants %s: %v", k.Kind, prefs.Wants(k.Kind))
		}
	}
	events, err := calendar.List(ctx, q, now.AddDate(0, -1, 0))
	if err != nil {
		t.Fatal(err)
	}
	homes, err := estate.UnitsOfPerson(ctx, q, amara.ID, now)
	if err != nil || len(homes) == 0 {
		t.Fatalf("Amara's homes: %v", err)
	}
	var site int64
	if err := db.ReadPool().QueryRow(`SELECT site_id FROM units WHERE id = ?`, homes[0].UnitID).Scan(&site); err != nil {
		t.Fatal(err)
	}
	checked := 0
	for _, e := range events {
		if e.SiteID != site || !e.WholeSite {
			continue
		}
		rs, err := calendar.Recipients(ctx, q, e, now)
		if err != nil {
			t.Fatal(err)
		}
		for _, r := range rs {
			if r.PersonID == amara.ID {
				t.Errorf("Amara would be emailed about %q", e.Title)
			}
		}
		if len(rs) == 0 {
			t.Errorf("nobody would be emailed about %q", e.Title)
		}
		checked++
	}
	if checked == 0 {
		t.Fatal("no whole-site event at Amara's building to check")
	}
}
