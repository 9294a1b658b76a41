package notices_test

import (
	"context"
	"database/sql"
	"testing"
	"time"

	"porch/errs"
	"porch/estate"
	"porch/internal/testdb"
	"porch/notices"
	"porch/tenants"
)

var testNow = time.Date(2026, 3, 14, 10, 30, 0, 0, time.UTC)

func write(_ *testing.T, db *tenants.DB, fn func(ctx context.Context, tx *sql.Tx) error) error {
	return testdb.Write(db, fn)
}

// estateOf is two sites, a flat on each, a resident of each and a manager.
type estateOf struct {
	db               *tenants.DB
	north, south     estate.Site
	ann, bob, office estate.Person
}

func newEstate(t *testing.T) *estateOf {
	t.Helper()
	e := &estateOf{db: testdb.Org(t, "test")}
	if err := write(t, e.db, func(ctx context.Context, tx *sql.Tx) (err error) {
		for _, s := range []struct {
			to     *estate.Site
			name   string
			person *estate.Person
			pname  string
			email  string
		}{{&e.north, "North Court", &e.ann, "Ann Ash", "ann@example.com"}, {&e.south, "South Court", &e.bob, "Bob Birch", "bob@example.com"}} {
			if *s.to, err = estate.CreateSite(ctx, tx, estate.SiteInput{Name: s.name, Kind: estate.KindBlock,
				AddressLine1: "1 Quay Street", Town: "Bristol", Postcode: "BS1 4AA"}, testNow); err != nil {
				return err
			}
			u, err := estate.CreateUnit(ctx, tx, s.to.ID, estate.UnitInput{Name: "Flat 1"}, testNow)
			if err != nil {
				return err
			}
			if *s.person, err = estate.CreatePerson(ctx, tx, estate.PersonInput{FullName: s.pname, Email: s.email, PortalEnabled: true}, testNow); err != nil {
				return err
			}
			if _, err := estate.LinkPerson(ctx, tx, testNow, u.ID, s.person.ID, estate.RoleLeaseholder, testNow.AddDate(-1, 0, 0), nil); err != nil {
				return err
			}
		}
		e.office, err = estate.CreatePerson(ctx, tx, estate.PersonInput{FullName: "Olive Office", Email: "olive@example.com"}, testNow)
		return err
	}); err != nil {
		t.Fatal(err)
	}
	return e
}

func (e *estateOf) post(t *testing.T, in notices.Input) notices.Notice {
	t.Helper()
	var n notices.Notice
	if err := write(t, e.db, func(ctx context.Context, tx *sql.Tx) (err error) {
		n, err = notices.Create(ctx, tx, testNow, e.office.ID, in)
		return err
	}); err != nil {
		t.Fatal(err)
	}
	return n
}

func titles(ns []notices.Notice) []string {
	out := make([]string, len(ns))
	for i, n := range ns {
		out[i] = n.Title
	}
	return out
}

func TestResidentsSeeLiveNoticesOfTheirSites(t *testing.T) {
	t.Parallel()
	e := newEstate(t)
	ctx := context.Background()
	both := []int64{e.north.ID, e.south.ID}
	e.post(t, notices.Input{Title: "Old news", Body: "x", SiteIDs: both, Publish: true, PublishAt: testNow.Add(-48 * time.Hour)})
	e.post(t, notices.Input{Title: "Lift service", Body: "Monday", SiteIDs: []int64{e.north.ID}, Publish: true})
	e.post(t, notices.Input{Title: "Bins moved", Body: "x", SiteIDs: both, Publish: true, Pinned: true, PublishAt: testNow.Add(-72 * time.Hour)})
	e.post(t, notices.Input{Title: "Draft", Body: "x", SiteIDs: both})
	e.post(t, notices.Input{Title: "Next week", Body: "x", SiteIDs: both, Publish: true, PublishAt: testNow.Add(24 * time.Hour)})
	exp := e.post(t, notices.Input{Title: "Gone soon", Body: "x", SiteIDs: both, Publish: true, ExpiresAt: testNow.Add(time.Hour)})
	wd := e.post(t, notices.Input{Title: "Mistake", Body: "x", SiteIDs: both, Publish: true})
	if err := write(t, e.db, func(ctx context.Context, tx *sql.Tx) error {
		_, err := notices.Withdraw(ctx, tx, testNow, wd.PublicID)
		return err
	}); err != nil {
		t.Fatal(err)
	}

	got, err := notices.ForSites(ctx, e.db.Read(), e.ann.ID, []int64{e.north.ID}, testNow.Add(2*time.Hour), 0)
	if err != nil {
		t.Fatal(err)
	}
	want := []string{"Bins moved", "Lift service", "Old news"}
	if g := titles(got); len(g) != 3 || g[0] != want[0] || g[1] != want[1] || g[2] != want[2] {
		t.Errorf("north sees %v, want %v (pinned first, then newest; no draft, scheduled, expired or withdrawn)", g, want)
	}
	if got[0].Read {
		t.Error("a notice never opened is marked read")
	}
	south, _ := notices.ForSites(ctx, e.db.Read(), e.bob.ID, []int64{e.south.ID}, testNow.Add(2*time.Hour), 0)
	if g := titles(south); len(g) != 2 {
		t.Errorf("south sees %v", g)
	}
	if n := exp.State(testNow.Add(2 * time.Hour)); n != notices.StateExpired {
		t.Errorf("state %s", n)
	}

	// Bob on the south site cannot open a north-only notice.
	lift := got[1]
	if _, err := notices.GetFor(ctx, e.db.Read(), lift.PublicID, e.bob.ID, []int64{e.south.ID}, testNow); !errs.Is(err, errs.NotFound) {
		t.Errorf("south resident opening a north notice: %v", err)
	}
	if err := write(t, e.db, func(ctx context.Context, tx *sql.Tx) error {
		return notices.MarkRead(ctx, tx, lift.ID, e.ann.ID, testNow)
	}); err != nil {
		t.Fatal(err)
	}
	again, _ := notices.ForSites(ctx, e.db.Read(), e.ann.ID, []int64{e.north.ID}, testNow, 0)
	for _, n := range again {
		if n.Read != (n.ID == lift.ID) {
			t.Errorf("%s read = %v", n.Title, n.Read)
		}
	}

	// Switched off for the north site: its residents see none at all.
	if err := write(t, e.db, func(ctx context.Context, tx *sql.Tx) error {
		return notices.SetSiteVisible(ctx, tx, e.north.ID, false)
	}); err != nil {
		t.Fatal(err)
	}
	if off, _ := notices.ForSites(ctx, e.db.Read(), e.ann.ID, []int64{e.north.ID}, testNow, 0); len(off) != 0 {
		t.Errorf("announcements off, yet north sees %v", titles(off))
	}
	if _, err := notices.GetFor(ctx, e.db.Read(), lift.PublicID, e.ann.ID, []int64{e.north.ID}, testNow); !errs.Is(err, errs.NotFound) {
		t.Errorf("opening a notice on a site that switched them off: %v", err)
	}
}

func TestNoticeInputRefused(t *testing.T) {
	t.Parallel()
	e := newEstate(t)
	err := write(t, e.db, func(ctx context.Context, tx *sql.Tx) error {
		_, err := notices.Create(ctx, tx, testNow, e.office.ID, notices.Input{Title: " ", Body: "", SiteIDs: []int64{e.north.ID, 999},
			Publish: true, ExpiresAt: testNow.Add(-time.Hour)})
		return err
	})
	er, ok := errs.As(err)
	if !ok || er.Fields["title"] == "" || er.Fields["body"] == "" || er.Fields["sites"] == "" || er.Fields["expires_at"] == "" {
		t.Fatalf("err = %v", err)
	}
}

func TestEmailCopiesGoOnce(t *testing.T) {
	t.Parallel()
	e := newEstate(t)
	ctx := context.Background()
	n := e.post(t, notices.Input{Title: "Water off", Body: "Tuesday 9–12", SiteIDs: []int64{e.north.ID, e.south.ID}, Publish: true, EmailCopy: true})
	e.post(t, notices.Input{Title: "No copy", Body: "x", SiteIDs: []int64{e.north.ID}, Publish: true})
	due, err := notices.DueCopies(ctx, e.db.Read(), testNow)
	if err != nil || len(due) != 1 || due[0].ID != n.ID {
		t.Fatalf("due = %v, %v", titles(due), err)
	}
	rs, err := notices.Recipients(ctx, e.db.Read(), n.ID, testNow)
	if err != nil || len(rs) != 2 || rs[0].Email != "ann@example.com" || rs[1].Email != "bob@example.com" {
		t.Fatalf("recipients %+v, %v", rs, err)
	}
	var first, second bool
	if err := write(t, e.db, func(ctx context.Context, tx *sql.Tx) (err error) {
		if first, err = notices.MarkEmailed(ctx, tx, n.ID, testNow); err != nil {
			return err
		}
		second, err = notices.MarkEmailed(ctx, tx, n.ID, testNow)
		return err
	}); err != nil || !first || second {
		t.Fatalf("marked %v then %v, %v", first, second, err)
	}
	if due, _ := notices.DueCopies(ctx, e.db.Read(), testNow); len(due) != 0 {
		t.Errorf("still due after the copies went: %v", titles(due))
	}
}
