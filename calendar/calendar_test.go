package calendar_test

import (
	"bytes"
	"context"
	"database/sql"
	"strings"
	"testing"
	"time"

	"github.com/emersion/go-ical"

	"porch/calendar"
	"porch/errs"
	"porch/estate"
	"porch/internal/testdb"
	"porch/tenants"
	"porch/tickets"
)

var testNow = time.Date(2026, 3, 14, 10, 30, 0, 0, time.UTC)

// block is a site with two flats, Ann in one and Bob in the other.
type block struct {
	db            *tenants.DB
	site          estate.Site
	flat1, flat2  estate.Unit
	ann, bob, mgr estate.Person
}

func newBlock(t *testing.T) *block {
	t.Helper()
	b := &block{db: testdb.Org(t, "test")}
	if err := testdb.Write(b.db, func(ctx context.Context, tx *sql.Tx) (err error) {
		if b.site, err = estate.CreateSite(ctx, tx, estate.SiteInput{Name: "Harbour View", Kind: estate.KindBlock,
			AddressLine1: "1 Quay Street", Town: "Bristol", Postcode: "BS1 4AA"}, testNow); err != nil {
			return err
		}
		for _, x := range []struct {
			unit   *estate.Unit
			name   string
			person *estate.Person
			pname  string
		}{{&b.flat1, "Flat 1", &b.ann, "Ann Ash"}, {&b.flat2, "Flat 2", &b.bob, "Bob Birch"}} {
			if *x.unit, err = estate.CreateUnit(ctx, tx, b.site.ID, estate.UnitInput{Name: x.name}, testNow); err != nil {
				return err
			}
			if *x.person, err = estate.CreatePerson(ctx, tx, estate.PersonInput{FullName: x.pname,
				Email: strings.ToLower(strings.Fields(x.pname)[0]) + "@example.com", PortalEnabled: true}, testNow); err != nil {
				return err
			}
			if _, err := estate.LinkPerson(ctx, tx, testNow, x.unit.ID, x.person.ID, estate.RoleLeaseholder, testNow.AddDate(-1, 0, 0), nil); err != nil {
				return err
			}
		}
		b.mgr, err = estate.CreatePerson(ctx, tx, estate.PersonInput{FullName: "Mo Manager"}, testNow)
		return err
	}); err != nil {
		t.Fatal(err)
	}
	return b
}

func (b *block) plan(t *testing.T, in calendar.Input) calendar.Event {
	t.Helper()
	in.SiteID = b.site.ID
	var e calendar.Event
	if err := testdb.Write(b.db, func(ctx context.Context, tx *sql.Tx) (err error) {
		e, err = calendar.Create(ctx, tx, testNow, b.mgr.ID, in)
		return err
	}); err != nil {
		t.Fatal(err)
	}
	return e
}

func day(d int) time.Time { return time.Date(2026, 3, d, 0, 0, 0, 0, time.UTC) }

func titles(es []calendar.Event) string {
	var s []string
	for _, e := range es {
		s = append(s, e.Title)
	}
	return strings.Join(s, ", ")
}

func TestEventsReachThePeopleTheyAffect(t *testing.T) {
	t.Parallel()
	b := newBlock(t)
	ctx := context.Background()
	roof := b.plan(t, calendar.Input{Kind: "works", Title: "Roof repairs", AllDay: true, Start: day(16), End: day(20), WholeSite: true})
	b.plan(t, calendar.Input{Kind: "inspection", Title: "Gas check, flat 2", Start: day(17).Add(9 * time.Hour), End: day(17).Add(10 * time.Hour),
		UnitIDs: []int64{b.flat2.ID}})
	alarm := b.plan(t, calendar.Input{Kind: "fire_alarm", Title: "Fire alarm test", Start: day(15).Add(10 * time.Hour), End: day(15).Add(10*time.Hour + 30*time.Minute), WholeSite: true})
	if got := roof.When(); got != "Mon 16 Mar – Fri 20 Mar 2026" {
		t.Errorf("roof when %q", got)
	}
	if got := alarm.When(); got != "Sun 15 Mar 2026, 10:00–10:30" {
		t.Errorf("alarm when %q", got)
	}
	ann, _ := calendar.Upcoming(ctx, b.db.Read(), []int64{b.site.ID}, []int64{b.flat1.ID}, testNow, 0)
	if got := titles(ann); got != "Fire alarm test, Roof repairs" {
		t.Errorf("Ann sees %q", got)
	}
	bob, _ := calendar.Upcoming(ctx, b.db.Read(), []int64{b.site.ID}, []int64{b.flat2.ID}, testNow, 0)
	if got := titles(bob); got != "Fire alarm test, Roof repairs, Gas check, flat 2" {
		t.Errorf("Bob sees %q", got)
	}
	gas := bob[2]
	if rs, _ := calendar.Recipients(ctx, b.db.Read(), gas, testNow); len(rs) != 1 || rs[0].Email != "bob@example.com" {
		t.Errorf("gas check told %+v", rs)
	}
	if rs, _ := calendar.Recipients(ctx, b.db.Read(), roof, testNow); len(rs) != 2 {
		t.Errorf("roof told %+v", rs)
	}

	// Moving it says so and counts the change; cancelling hides it.
	var moved, renamed bool
	if err := testdb.Write(b.db, func(ctx context.Context, tx *sql.Tx) (err error) {
		in := calendar.Input{Kind: "works", Title: "Roof repairs", AllDay: true, Start: day(23), End: day(27), WholeSite: true}
		if roof, moved, err = calendar.Update(ctx, tx, testNow, roof.PublicID, in); err != nil {
			return err
		}
		in.Title = "Roof and gutter repairs"
		roof, renamed, err = calendar.Update(ctx, tx, testNow, roof.PublicID, in)
		if err != nil {
			return err
		}
		_, err = calendar.Cancel(ctx, tx, testNow, alarm.PublicID)
		return err
	}); err != nil {
		t.Fatal(err)
	}
	if !moved || renamed || roof.Sequence != 2 {
		t.Errorf("moved %v, renamed-only counted as moved %v, sequence %d", moved, renamed, roof.Sequence)
	}
	ann, _ = calendar.Upcoming(ctx, b.db.Read(), []int64{b.site.ID}, []int64{b.flat1.ID}, testNow, 0)
	if got := titles(ann); got != "Roof and gutter repairs" {
		t.Errorf("after cancelling the alarm test Ann sees %q", got)
	}
}

func TestEventInputRefused(t *testing.T) {
	t.Parallel()
	b := newBlock(t)
	err := testdb.Write(b.db, func(ctx context.Context, tx *sql.Tx) error {
		_, err := calendar.Create(ctx, tx, testNow, b.mgr.ID, calendar.Input{SiteID: b.site.ID, Kind: "party", Title: "",
			Start: day(20).Add(time.Hour), End: day(20), UnitIDs: []int64{9999}})
		return err
	})
	e, ok := errs.As(err)
	if !ok || e.Fields["kind"] == "" || e.Fields["title"] == "" || e.Fields["end"] == "" || e.Fields["units"] == "" {
		t.Fatalf("err = %v", err)
	}
	err = testdb.Write(b.db, func(ctx context.Context, tx *sql.Tx) error {
		_, err := calendar.Create(ctx, tx, testNow, b.mgr.ID, calendar.Input{SiteID: b.site.ID, Kind: "cleaning", Title: "Done",
			AllDay: true, Start: day(1), End: day(2), WholeSite: true})
		return err
	})
	if e, _ := errs.As(err); e == nil || e.Fields["end"] == "" {
		t.Errorf("an event already over: %v", err)
	}
}

func TestFeedParsesAndTokensRevoke(t *testing.T) {
	t.Parallel()
	b := newBlock(t)
	ctx := context.Background()
	b.plan(t, calendar.Input{Kind: "works", Title: "Roof repairs", Description: "Scaffold; balcony doors shut, please.", AllDay: true,
		Start: day(16), End: day(20), WholeSite: true})
	b.plan(t, calendar.Input{Kind: "meeting", Title: "Residents' meeting", Start: day(26).Add(18 * time.Hour), End: day(26).Add(19 * time.Hour), WholeSite: true})
	var cats []tickets.Category
	var tk tickets.Ticket
	if err := testdb.Write(b.db, func(ctx context.Context, tx *sql.Tx) (err error) {
		cats, _ = tickets.ListCategories(ctx, tx)
		if tk, err = tickets.Raise(ctx, tx, testNow, tickets.New{SiteID: b.site.ID, UnitID: b.flat1.ID, Location: tickets.LocationHome,
			CategoryID: cats[1].ID, Title: "No hot water", Description: "Since Sunday.", RaisedBy: b.ann.ID, CreatedBy: b.ann.ID}); err != nil {
			return err
		}
		_, err = tx.ExecContext(ctx, `UPDATE tickets SET contractor = 'Swift Plumbing', appointment_date = '2026-03-17',
			appointment_from = '08:00', appointment_to = '12:00' WHERE id = ?`, tk.ID)
		return err
	}); err != nil {
		t.Fatal(err)
	}

	var first, second string
	if err := testdb.Write(b.db, func(ctx context.Context, tx *sql.Tx) (err error) {
		if first, err = calendar.NewFeed(ctx, tx, b.ann.ID, testNow); err != nil {
			return err
		}
		second, err = calendar.NewFeed(ctx, tx, b.ann.ID, testNow)
		return err
	}); err != nil {
		t.Fatal(err)
	}
	if _, err := calendar.FeedPerson(ctx, b.db.Read(), first); !errs.Is(err, errs.NotFound) {
		t.Errorf("a replaced token still works: %v", err)
	}
	if id, err := calendar.FeedPerson(ctx, b.db.Read(), second); err != nil || id != b.ann.ID {
		t.Fatalf("new token: %d %v", id, err)
	}

	f := calendar.Feed{Name: "Acme", Domain: "acme.porch.test", SiteIDs: []int64{b.site.ID}, UnitIDs: []int64{b.flat1.ID}}
	data, err := f.Build(ctx, b.db.Read(), b.ann.ID, testNow)
	if err != nil {
		t.Fatal(err)
	}
	cal, err := ical.NewDecoder(bytes.NewReader(data)).Decode()
	if err != nil {
		t.Fatalf("the feed does not parse: %v\n%s", err, data)
	}
	evs := cal.Events()
	if len(evs) != 3 {
		t.Fatalf("%d events in the feed:\n%s", len(evs), data)
	}
	byName := map[string]ical.Event{}
	for _, e := range evs {
		s, _ := e.Props.Text(ical.PropSummary)
		byName[s] = e
	}
	roof := byName["Roof repairs"]
	if p := roof.Props.Get(ical.PropDateTimeStart); p == nil || p.ValueType() != ical.ValueDate || p.Value != "20260316" {
		t.Errorf("roof start %+v", p)
	}
	if p := roof.Props.Get(ical.PropDateTimeEnd); p == nil || p.Value != "20260321" {
		t.Errorf("roof end (the day after the last) %+v", p)
	}
	visit, ok := byName["Swift Plumbing: request #1, No hot water"]
	if !ok {
		t.Fatalf("no appointment in the feed:\n%s", data)
	}
	if start, err := visit.DateTimeStart(time.UTC); err != nil || !start.Equal(time.Date(2026, 3, 17, 8, 0, 0, 0, time.UTC)) {
		t.Errorf("visit start %v %v (08:00 GMT)", start, err)
	}
	if err := testdb.Write(b.db, func(ctx context.Context, tx *sql.Tx) error { return calendar.StopFeed(ctx, tx, b.ann.ID) }); err != nil {
		t.Fatal(err)
	}
	if _, err := calendar.FeedPerson(ctx, b.db.Read(), second); !errs.Is(err, errs.NotFound) {
		t.Errorf("a stopped feed still works: %v", err)
	}
}
