package jobs

import (
	"context"
	"database/sql"
	"log/slog"
	"strings"
	"sync"
	"testing"
	"time"

	"porch/errs"
	"porch/estate"
	"porch/internal/testclock"
	"porch/internal/testdb"
	"porch/internal/testlog"
	"porch/ledger"
	"porch/tenants"
)

// day1 is a Wednesday morning in April: 10:00 in London.
var day1 = time.Date(2026, 4, 1, 9, 0, 0, 0, time.UTC)

func date(y int, m time.Month, d int) time.Time { return time.Date(y, m, d, 0, 0, 0, 0, time.UTC) }

func TestTodayIsTheUKDate(t *testing.T) {
	tests := []struct {
		now  time.Time
		want time.Time
	}{
		{time.Date(2026, 3, 31, 23, 30, 0, 0, time.UTC), date(2026, 4, 1)},  // 00:30 BST
		{time.Date(2026, 1, 31, 23, 30, 0, 0, time.UTC), date(2026, 1, 31)}, // GMT
		{time.Date(2026, 4, 1, 9, 0, 0, 0, time.UTC), date(2026, 4, 1)},
		{time.Date(2026, 10, 24, 23, 0, 0, 0, time.UTC), date(2026, 10, 25)},
	}
	for _, tt := range tests {
		if got := Today(tt.now); !got.Equal(tt.want) {
			t.Errorf("Today(%s) = %s, want %s", tt.now, got, tt.want)
		}
	}
}

// book is what one organisation holds for the tests: a block with a
// quarterly service charge starting day1, and a let house with a gas safety
// check deducted from its landlord on day1.
type book struct {
	site, letUnit int64
	units         []int64
	schedule      string // public id
}

// seedBook opens the org's ledger and fills it; with brokenShares the
// block's shares stop totalling 100% after the schedule is made, so the
// ledger refuses to raise it.
func seedBook(ctx context.Context, db *tenants.DB, brokenShares bool) (book, error) {
	var b book
	before := day1.AddDate(0, 0, -10)
	err := db.Write(ctx, func(tx *sql.Tx) error {
		if err := estate.InitSettings(ctx, tx, "Test", before); err != nil {
			return err
		}
		if err := ledger.EnsureChart(ctx, tx, before); err != nil {
			return err
		}
		if err := testdb.Summaries(ctx, tx, before); err != nil {
			return err
		}
		site, err := estate.CreateSite(ctx, tx, estate.SiteInput{Name: "Quay House", Kind: estate.KindBlock,
			AddressLine1: "1 Quay Street", Town: "Bristol", Postcode: "BS1 4RN"}, before)
		if err != nil {
			return err
		}
		b.site = site.ID
		for _, u := range []estate.UnitInput{{Name: "Flat 1", Share: "60"}, {Name: "Flat 2", Share: "40"}} {
			unit, err := estate.CreateUnit(ctx, tx, site.ID, u, before)
			if err != nil {
				return err
			}
			b.units = append(b.units, unit.ID)
		}
		cts, err := ledger.ChargeTypes(ctx, tx)
		if err != nil {
			return err
		}
		var service int64
		for _, ct := range cts {
			if ct.Name == "Service charge" {
				service = ct.ID
			}
		}
		s, err := ledger.CreateSchedule(ctx, tx, before, ledger.ScheduleInput{Name: "Quarterly service charge", SiteID: site.ID,
			ChargeTypeID: service, Amount: 1000_00, EveryMonths: 3, StartDate: date(2026, 4, 1), DueDays: 28})
		if err != nil {
			return err
		}
		b.schedule = s.PublicID
		let, err := estate.CreateSite(ctx, tx, estate.SiteInput{Name: "Lettings", Kind: estate.KindLettings}, before)
		if err != nil {
			return err
		}
		house, err := estate.CreateUnit(ctx, tx, let.ID, estate.UnitInput{Name: "12 Albion Road", AddressLine1: "12 Albion Road",
			Town: "London", Postcode: "N16 9JS"}, before)
		if err != nil {
			return err
		}
		b.letUnit = house.ID
		owner, err := estate.CreatePerson(ctx, tx, estate.PersonInput{FullName: "Lena Landlord"}, before)
		if err != nil {
			return err
		}
		if _, err := estate.LinkPerson(ctx, tx, time.Now(), house.ID, owner.ID, estate.RoleOwner, before.AddDate(-1, 0, 0), nil); err != nil {
			return err
		}
		_, err = ledger.ScheduleDeduction(ctx, tx, before, ledger.DeductionInput{UnitID: house.ID, Description: "Annual gas safety certificate",
			Supplier: "Northside Heating Ltd", Amount: 85_00, DueDate: day1})
		if err != nil {
			return err
		}
		if brokenShares {
			_, err = tx.ExecContext(ctx, `UPDATE apportionment_shares SET share_ppm = 300000 WHERE unit_id = ?`, b.units[1])
		}
		return err
	})
	return b, err
}

// world is a catalog with three organisations: "alpha" whose schedule can
// no longer be raised, "bravo" whose book is in order, and "charlie" which
// has never opened its book.
type world struct {
	tm    *tenants.Manager
	books map[string]book
	clock *testclock.Clock
	logs  *testlog.Buffer
}

func newWorld(t *testing.T) *world {
	t.Helper()
	ctx := context.Background()
	w := &world{books: map[string]book{}, clock: testclock.New(day1), logs: &testlog.Buffer{}}
	tm, err := tenants.NewManager(ctx, tenants.Options{DataDir: t.TempDir(), BaseDomain: "porch.test"})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { tm.Close() })
	w.tm = tm
	for _, slug := range []string{"alpha", "bravo"} {
		err := tm.Create(ctx, slug, strings.ToUpper(slug), func(ctx context.Context, db *tenants.DB) error {
			b, err := seedBook(ctx, db, slug == "alpha")
			w.books[slug] = b
			return err
		})
		if err != nil {
			t.Fatal(err)
		}
	}
	err = tm.Create(ctx, "charlie", "Charlie", func(ctx context.Context, db *tenants.DB) error {
		return db.Write(ctx, func(tx *sql.Tx) error { return estate.InitSettings(ctx, tx, "Charlie", day1) })
	})
	if err != nil {
		t.Fatal(err)
	}
	return w
}

func (w *world) runner() *Runner {
	return New(w.tm, Config{Now: w.clock.Now, Check: 5 * time.Millisecond,
		Logger: slog.New(slog.NewTextHandler(w.logs, &slog.HandlerOptions{Level: slog.LevelDebug}))})
}

// count runs a count query on the org's database.
func (w *world) count(t *testing.T, slug, query string, args ...any) int {
	t.Helper()
	db, release, err := w.tm.Acquire(context.Background(), slug)
	if err != nil {
		t.Fatal(err)
	}
	defer release()
	var n int
	if err := db.ReadPool().QueryRow(query, args...).Scan(&n); err != nil {
		t.Fatal(err)
	}
	return n
}

func (w *world) invoices(t *testing.T, slug string) int {
	return w.count(t, slug, `SELECT count(*) FROM invoices WHERE schedule_id IS NOT NULL`)
}

func (w *world) posted(t *testing.T, slug string) int {
	return w.count(t, slug, `SELECT count(*) FROM scheduled_deductions WHERE journal_id IS NOT NULL`)
}

func byOrg(results []Result) map[string]Result {
	out := map[string]Result{}
	for _, r := range results {
		out[r.Org] = r
	}
	return out
}

func TestRunAllRaisesOncePerDayAndSkipsBrokenOrgs(t *testing.T) {
	w := newWorld(t)
	r := w.runner()
	ctx := context.Background()

	results, err := r.RunAll(ctx)
	if err != nil {
		t.Fatal(err)
	}
	if len(results) != 3 || results[0].Org != "alpha" || results[1].Org != "bravo" || results[2].Org != "charlie" {
		t.Fatalf("results %+v", results)
	}
	got := byOrg(results)

	// bravo: the quarter's demand on both flats, and the deduction.
	if b := got["bravo"]; b.Err != nil || b.Raised != 2 || b.Deductions != 1 || b.NoLedger {
		t.Errorf("bravo %+v", b)
	}
	if n := w.invoices(t, "bravo"); n != 2 {
		t.Errorf("bravo has %d scheduled invoices", n)
	}
	var total int
	if total = w.count(t, "bravo", `SELECT coalesce(sum(total), 0) FROM invoices WHERE period = '2026-04'`); total != 1000_00 {
		t.Errorf("bravo's quarter totals %d", total)
	}
	if n := w.posted(t, "bravo"); n != 1 {
		t.Errorf("bravo has %d deductions posted", n)
	}

	// alpha, first in the catalog, could not raise its schedule: that part
	// is refused and rolled back, its deduction still posts, and bravo
	// after it ran.
	a := got["alpha"]
	if a.Err == nil || errs.CodeOf(a.Err) != errs.Invalid || a.Retry() || a.Raised != 0 || a.Deductions != 1 {
		t.Errorf("alpha %+v", a)
	}
	if n := w.invoices(t, "alpha") + w.count(t, "alpha", `SELECT count(*) FROM schedule_runs`); n != 0 {
		t.Errorf("alpha's refused schedule left %d rows", n)
	}
	if n := w.posted(t, "alpha"); n != 1 {
		t.Errorf("alpha has %d deductions posted", n)
	}
	if !strings.Contains(w.logs.String(), "Quarterly service charge") {
		t.Errorf("the refusal is not logged with the schedule's name:\n%s", w.logs)
	}

	// charlie has no chart of accounts: skipped, nothing created.
	if c := got["charlie"]; !c.NoLedger || c.Err != nil {
		t.Errorf("charlie %+v", c)
	}
	if n := w.count(t, "charlie", `SELECT count(*) FROM ledger_accounts`); n != 0 {
		t.Errorf("charlie got %d accounts", n)
	}

	// Later the same day, and the next day, nothing more is due.
	for _, later := range []time.Duration{6 * time.Hour, 24 * time.Hour} {
		w.clock.Set(day1.Add(later))
		results, err := r.RunAll(ctx)
		if err != nil {
			t.Fatal(err)
		}
		if b := byOrg(results)["bravo"]; b.Err != nil || b.Raised != 0 || b.Deductions != 0 {
			t.Errorf("run again after %s: bravo %+v", later, b)
		}
	}
	if n := w.invoices(t, "bravo"); n != 2 {
		t.Errorf("after reruns bravo has %d scheduled invoices", n)
	}
	if n := w.count(t, "bravo", `SELECT count(*) FROM journals WHERE kind = 'expense'`); n != 1 {
		t.Errorf("after reruns bravo has %d expenses", n)
	}

	// The next quarter is raised once, on its day.
	w.clock.Set(time.Date(2026, 7, 1, 6, 0, 0, 0, time.UTC))
	results, _ = r.RunAll(ctx)
	if b := byOrg(results)["bravo"]; b.Raised != 2 {
		t.Errorf("next quarter: bravo %+v", b)
	}
	if n := w.count(t, "bravo", `SELECT count(*) FROM invoices WHERE period = '2026-07'`); n != 2 {
		t.Errorf("next quarter has %d invoices", n)
	}

	// Once alpha's shares are put right, its missed quarters are caught up.
	db, release, err := w.tm.Acquire(ctx, "alpha")
	if err != nil {
		t.Fatal(err)
	}
	if _, err := db.Writer().Exec(`UPDATE apportionment_shares SET share_ppm = 400000 WHERE unit_id = ?`, w.books["alpha"].units[1]); err != nil {
		t.Fatal(err)
	}
	release()
	results, _ = r.RunAll(ctx)
	if a := byOrg(results)["alpha"]; a.Err != nil || a.Raised != 4 {
		t.Errorf("alpha after correcting shares %+v", a)
	}
}

func TestRunAllReleasesEachOrg(t *testing.T) {
	w := newWorld(t)
	orgs := &countingOrgs{Manager: w.tm}
	r := New(orgs, Config{Now: w.clock.Now, Logger: slog.New(slog.NewTextHandler(w.logs, nil))})
	if _, err := r.RunAll(context.Background()); err != nil {
		t.Fatal(err)
	}
	if orgs.acquired != 3 || orgs.maxHeld != 1 || orgs.held != 0 {
		t.Errorf("acquired %d, at most %d held at once, %d still held", orgs.acquired, orgs.maxHeld, orgs.held)
	}
}

// countingOrgs counts the databases a Runner holds.
type countingOrgs struct {
	*tenants.Manager
	mu                      sync.Mutex
	acquired, held, maxHeld int
}

func (o *countingOrgs) Acquire(ctx context.Context, slug string) (*tenants.DB, func(), error) {
	db, release, err := o.Manager.Acquire(ctx, slug)
	if err != nil {
		return nil, nil, err
	}
	o.mu.Lock()
	o.acquired++
	o.held++
	o.maxHeld = max(o.maxHeld, o.held)
	o.mu.Unlock()
	return db, func() {
		o.mu.Lock()
		o.held--
		o.mu.Unlock()
		release()
	}, nil
}

func TestRunAtStartAndWhenTheDateChanges(t *testing.T) {
	w := newWorld(t)
	w.clock.Set(day1.Add(-2 * time.Hour)) // 08:00 on 1 April in London
	r := w.runner()
	ctx, cancel := context.WithCancel(context.Background())
	stopped := make(chan struct{})
	go func() {
		r.Run(ctx)
		close(stopped)
	}()

	passes := func() int { return strings.Count(w.logs.String(), "daily ledger jobs done") }
	waitFor := func(what string, cond func() bool) {
		t.Helper()
		deadline := time.Now().Add(10 * time.Second)
		for !cond() {
			if time.Now().After(deadline) {
				t.Fatalf("timed out waiting for %s; logs:\n%s", what, w.logs)
			}
			time.Sleep(5 * time.Millisecond)
		}
	}

	// At start-up the day's work is done at once.
	waitFor("the start-up pass", func() bool { return passes() == 1 })
	if n := w.invoices(t, "bravo"); n != 2 {
		t.Fatalf("after start-up bravo has %d invoices", n)
	}
	// While the date stays the same the clock is checked but nothing runs.
	time.Sleep(50 * time.Millisecond)
	w.clock.Set(day1.Add(12 * time.Hour)) // 22:00 BST, still 1 April
	time.Sleep(50 * time.Millisecond)
	if n := passes(); n != 1 {
		t.Fatalf("%d passes on one day", n)
	}
	// The next quarter's day comes round: it runs once.
	w.clock.Set(time.Date(2026, 6, 30, 23, 5, 0, 0, time.UTC)) // 00:05 BST on 1 July
	waitFor("the pass of the new day", func() bool { return passes() == 2 })
	if n := w.count(t, "bravo", `SELECT count(*) FROM invoices WHERE period = '2026-07'`); n != 2 {
		t.Fatalf("1 July raised %d invoices", n)
	}
	time.Sleep(50 * time.Millisecond)
	if n := passes(); n != 2 {
		t.Fatalf("%d passes after the new day", n)
	}
	// A kick runs a pass at once, raising nothing new.
	r.Kick()
	waitFor("the kicked pass", func() bool { return passes() == 3 })
	if n := w.invoices(t, "bravo"); n != 4 {
		t.Fatalf("after the kick bravo has %d invoices", n)
	}

	cancel()
	select {
	case <-stopped:
	case <-time.After(5 * time.Second):
		t.Fatal("Run did not stop when its context was cancelled")
	}
}
