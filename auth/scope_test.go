package auth_test

import (
	"context"
	"database/sql"
	"reflect"
	"testing"
	"time"

	"porch/auth"
	"porch/demo"
	"porch/errs"
	"porch/estate"
	"porch/internal/testdb"
	"porch/sqldb"
)

// counting is a Querier that counts the queries run through it.
type counting struct {
	q sqldb.Querier
	n int
}

func (c *counting) QueryContext(ctx context.Context, query string, args ...any) (*sql.Rows, error) {
	c.n++
	return c.q.QueryContext(ctx, query, args...)
}

func (c *counting) QueryRowContext(ctx context.Context, query string, args ...any) *sql.Row {
	c.n++
	return c.q.QueryRowContext(ctx, query, args...)
}

// oldLoadScope is how the scope was loaded before it took two queries:
// current links, every link and the staff role, each asked of the
// database separately. The new loader must give exactly the same scope.
func oldLoadScope(ctx context.Context, q sqldb.Querier, personID int64, today time.Time) (auth.Scope, error) {
	s := auth.Scope{PersonID: personID}
	var err error
	if s.Current, err = estate.UnitsOfPerson(ctx, q, personID, today); err != nil {
		return s, err
	}
	if s.History, err = estate.UnitHistoryOfPerson(ctx, q, personID); err != nil {
		return s, err
	}
	role, err := estate.StaffRole(ctx, q, personID)
	switch {
	case err == nil:
		s.StaffRole = role
	case !errs.Is(err, errs.NotFound):
		return s, err
	}
	return s, nil
}

// The demo organisation, plus one person with several units on both kinds
// of site, past, current and future links, two roles at one unit, a link
// ending and one starting on the day, and a staff role: the scope from two
// queries matches the old loader's for everyone on every date that matters.
func TestLoadScopeMatchesOldLoaderInTwoQueries(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	began := time.Now()
	now := time.Date(2026, 3, 14, 10, 0, 0, 0, time.UTC)
	today := time.Date(2026, 3, 14, 0, 0, 0, 0, time.UTC)
	db := testdb.Org(t, demo.DemoSlug)
	if err := demo.Seed(ctx, db, now); err != nil {
		t.Fatal(err)
	}
	err := db.Write(ctx, func(tx *sql.Tx) error {
		sites, err := estate.ListSites(ctx, tx)
		if err != nil {
			return err
		}
		var block, let []estate.Unit
		for _, s := range sites {
			us, err := estate.ListUnits(ctx, tx, s.ID)
			if err != nil {
				return err
			}
			if s.Kind == estate.KindBlock {
				block = append(block, us...)
			} else {
				let = append(let, us...)
			}
		}
		if len(block) < 3 || len(let) < 2 {
			t.Fatalf("demo has %d block units and %d let ones; the test needs 3 and 2", len(block), len(let))
		}
		p, err := estate.CreatePerson(ctx, tx, estate.PersonInput{FullName: "Rich Many-Homes", Email: "rich@example.com", PortalEnabled: true}, now)
		if err != nil {
			return err
		}
		day := func(d int) time.Time { return today.AddDate(0, 0, d) }
		ptr := func(t time.Time) *time.Time { return &t }
		links := []struct {
			unit  estate.Unit
			role  string
			start time.Time
			end   *time.Time
		}{
			// Owners and occupiers: the demo's homes have their paying
			// leaseholders and tenants already.
			{block[0], estate.RoleOwner, day(-800), nil},
			{block[0], estate.RoleOccupier, day(-100), nil},
			{block[1], estate.RoleOwner, day(-400), ptr(day(0))},    // ends today
			{block[2], estate.RoleOwner, day(30), nil},              // future
			{let[0], estate.RoleOccupier, day(-300), ptr(day(-40))}, // past
			{let[0], estate.RoleOccupier, day(0), nil},              // back, from today
			{let[1], estate.RoleOwner, day(-200), ptr(day(-1))},     // ended yesterday
			{let[1], estate.RoleOwner, day(10), ptr(day(400))},      // future, bounded
		}
		for _, l := range links {
			if _, err := estate.LinkPerson(ctx, tx, time.Now(), l.unit.ID, p.ID, l.role, l.start, l.end); err != nil {
				return err
			}
		}
		return estate.AddStaff(ctx, tx, p.ID, estate.StaffRoleManager, now)
	})
	if err != nil {
		t.Fatal(err)
	}

	seeded := time.Since(began)
	q := db.Read()
	people, err := estate.ListPeople(ctx, q)
	if err != nil {
		t.Fatal(err)
	}
	// For each person: today, and every date on which one of their links
	// starts or ends with the days either side, where a mistake in
	// "current" would show.
	datesOf := func(personID int64) []time.Time {
		dates := []time.Time{now, today}
		links, err := estate.UnitHistoryOfPerson(ctx, q, personID)
		if err != nil {
			t.Fatal(err)
		}
		for _, l := range links {
			ds := []time.Time{l.Start}
			if l.End != nil {
				ds = append(ds, *l.End)
			}
			for _, d := range ds {
				dates = append(dates, d.AddDate(0, 0, -1), d, d.Add(15*time.Hour), d.AddDate(0, 0, 1))
			}
		}
		return dates
	}

	var rich, withHistory, staff, compared int
	for _, p := range people {
		for _, d := range datesOf(p.ID) {
			want, err := oldLoadScope(ctx, q, p.ID, d)
			if err != nil {
				t.Fatal(err)
			}
			c := &counting{q: q}
			got, err := auth.LoadScope(ctx, c, p.ID, d)
			if err != nil {
				t.Fatal(err)
			}
			if c.n > 2 {
				t.Fatalf("LoadScope(%s) ran %d queries, want at most 2", p.FullName, c.n)
			}
			if !reflect.DeepEqual(got, want) {
				t.Fatalf("LoadScope(%s, %s):\n got  %+v\n want %+v", p.FullName, sqldb.FormatDate(d), got, want)
			}
			compared++
		}
		s, _ := auth.LoadScope(ctx, q, p.ID, today)
		if len(s.History) > len(s.Current) {
			withHistory++
		}
		if s.IsStaff() {
			staff++
		}
		if p.Email == "rich@example.com" {
			rich++
			if len(s.Current) != 4 || len(s.History) != 8 || s.StaffRole != estate.StaffRoleManager {
				t.Fatalf("rich's scope today: %d current, %d links, staff %q; want 4, 8, manager", len(s.Current), len(s.History), s.StaffRole)
			}
		}
	}
	t.Logf("%d people, %d scopes compared; seeded in %s, compared in %s", len(people), compared, seeded, time.Since(began)-seeded)
	if rich != 1 || withHistory < 2 || staff < 2 || compared < 100 {
		t.Fatalf("fixture too thin: rich %d, people with past or future links %d, staff %d, scopes compared %d", rich, withHistory, staff, compared)
	}
}
