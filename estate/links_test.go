package estate_test

import (
	"context"
	"database/sql"
	"testing"
	"time"

	"porch/errs"
	"porch/estate"
	"porch/tenants"
)

// newFlat creates a block with one flat.
func newFlat(t *testing.T, db *tenants.DB, name string) estate.Unit {
	t.Helper()
	block, _ := newSites(t, db)
	var u estate.Unit
	mustWrite(t, db, func(ctx context.Context, tx *sql.Tx) (err error) {
		u, err = estate.CreateUnit(ctx, tx, block.ID, estate.UnitInput{Name: name}, testNow)
		return err
	})
	return u
}

func link(db *tenants.DB, unitID, personID int64, role string, start time.Time, end *time.Time) (estate.Link, error) {
	var l estate.Link
	ctx := context.Background()
	err := db.Write(ctx, func(tx *sql.Tx) (err error) {
		l, err = estate.LinkPerson(ctx, tx, time.Now(), unitID, personID, role, start, end)
		return err
	})
	return l, err
}

func TestLinkPersonValidation(t *testing.T) {
	start := date(2024, 6, 1)
	before := date(2024, 5, 31)
	tests := []struct {
		name  string
		role  string
		start time.Time
		end   *time.Time
		field string
	}{
		{"bad role", "landlady", start, nil, "role"},
		{"no start", "tenant", time.Time{}, nil, "start_date"},
		{"end before start", "tenant", start, &before, "end_date"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			db := newDB(t)
			u := newFlat(t, db, "Flat 1")
			p := newPerson(t, db, "Amara Okafor", "amara@example.com")
			_, err := link(db, u.ID, p.ID, tt.role, tt.start, tt.end)
			if msg := fieldErrors(t, err)[tt.field]; msg == "" {
				t.Errorf("no message for %s in %v", tt.field, err)
			}
			if n := count(t, db, "unit_people"); n != 0 {
				t.Errorf("%d links written", n)
			}
		})
	}
}

func TestLinkPersonDates(t *testing.T) {
	db := newDB(t)
	ctx := context.Background()
	u := newFlat(t, db, "Flat 1")
	seller := newPerson(t, db, "Amara Okafor", "amara@example.com")
	buyer := newPerson(t, db, "Tom Hughes", "tom@example.com")

	// A one-day link is allowed: the end date is the last day it applies.
	sameDay := date(2020, 1, 1)
	if _, err := link(db, u.ID, seller.ID, "occupier", sameDay, &sameDay); err != nil {
		t.Fatalf("one-day link: %v", err)
	}
	sold, err := link(db, u.ID, seller.ID, "leaseholder", date(2015, 4, 1), nil)
	if err != nil {
		t.Fatal(err)
	}
	// The same role again over overlapping dates is refused, naming the person field.
	_, err = link(db, u.ID, seller.ID, "leaseholder", date(2023, 1, 1), nil)
	if msg := fieldErrors(t, err)["person"]; msg != "Amara Okafor is already a leaseholder here for some of those dates." {
		t.Errorf("overlap message = %q", msg)
	}

	// Sale: seller's link ends on 30 April, buyer's starts on 1 May.
	mustWrite(t, db, func(ctx context.Context, tx *sql.Tx) error {
		return estate.EndLink(ctx, tx, sold.ID, date(2024, 4, 30))
	})
	if _, err := link(db, u.ID, buyer.ID, "leaseholder", date(2024, 5, 1), nil); err != nil {
		t.Fatal(err)
	}
	// An ended link still blocks a new one over the dates it covered.
	if _, err := link(db, u.ID, seller.ID, "leaseholder", date(2020, 1, 1), ptr(date(2020, 12, 31))); err == nil {
		t.Error("overlapping past link allowed")
	}

	holders := func(on time.Time) []string {
		t.Helper()
		ps, err := estate.PeopleOfUnit(ctx, db.Read(), u.ID, on)
		if err != nil {
			t.Fatal(err)
		}
		var names []string
		for _, p := range ps {
			names = append(names, p.FullName+" "+p.Role)
		}
		return names
	}
	if got := holders(date(2024, 4, 30)); len(got) != 1 || got[0] != "Amara Okafor leaseholder" {
		t.Errorf("on 30 April: %v", got)
	}
	if got := holders(date(2024, 5, 1)); len(got) != 1 || got[0] != "Tom Hughes leaseholder" {
		t.Errorf("on 1 May: %v", got)
	}
	if got := holders(date(2015, 3, 31)); len(got) != 0 {
		t.Errorf("before any link: %v", got)
	}

	// UnitsOfPerson leaves out ended links.
	units, err := estate.UnitsOfPerson(ctx, db.Read(), seller.ID, testNow)
	if err != nil {
		t.Fatal(err)
	}
	if len(units) != 0 {
		t.Errorf("seller still has units: %+v", units)
	}
	units, err = estate.UnitsOfPerson(ctx, db.Read(), buyer.ID, testNow)
	if err != nil {
		t.Fatal(err)
	}
	if len(units) != 1 || units[0].UnitName != "Flat 1" || units[0].Role != "leaseholder" ||
		units[0].SiteName != "Harbour View" || units[0].End != nil || !units[0].Start.Equal(date(2024, 5, 1)) {
		t.Errorf("buyer's units = %+v", units)
	}
	units, err = estate.UnitsOfPerson(ctx, db.Read(), seller.ID, date(2024, 4, 30))
	if err != nil {
		t.Fatal(err)
	}
	if len(units) != 1 || units[0].End == nil || !units[0].End.Equal(date(2024, 4, 30)) {
		t.Errorf("seller's units before the sale = %+v", units)
	}
}

func ptr[T any](v T) *T { return &v }

func TestEndLink(t *testing.T) {
	db := newDB(t)
	u := newFlat(t, db, "Flat 1")
	p := newPerson(t, db, "Amara Okafor", "amara@example.com")
	l, err := link(db, u.ID, p.ID, "tenant", date(2024, 6, 1), nil)
	if err != nil {
		t.Fatal(err)
	}
	end := func(id int64, on time.Time) error {
		return write(t, db, func(ctx context.Context, tx *sql.Tx) error { return estate.EndLink(ctx, tx, id, on) })
	}
	if msg := fieldErrors(t, end(l.ID, date(2024, 5, 31)))["end_date"]; msg == "" {
		t.Error("ending before the start has no end_date message")
	}
	wantNotFound(t, end(999, date(2024, 7, 1)))
	if err := end(l.ID, date(2024, 6, 1)); err != nil {
		t.Fatal(err)
	}
	if err := end(l.ID, date(2024, 7, 1)); !errs.Is(err, errs.Conflict) {
		t.Errorf("ending twice: %v", err)
	}
}

func TestLinkNotFound(t *testing.T) {
	db := newDB(t)
	u := newFlat(t, db, "Flat 1")
	p := newPerson(t, db, "Amara Okafor", "amara@example.com")
	_, err := link(db, 999, p.ID, "tenant", date(2024, 6, 1), nil)
	wantNotFound(t, err)
	_, err = link(db, u.ID, 999, "tenant", date(2024, 6, 1), nil)
	wantNotFound(t, err)
}
