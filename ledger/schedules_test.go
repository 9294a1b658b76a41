package ledger

import (
	"database/sql"
	"slices"
	"strings"
	"testing"
	"time"

	"porch/errs"
	"porch/sqldb"
	"porch/tenants"
)

func date(y int, m time.Month, d int) time.Time { return time.Date(y, m, d, 0, 0, 0, 0, time.UTC) }

func mustSchedule(t *testing.T, db *tenants.DB, in ScheduleInput) Schedule {
	t.Helper()
	var s Schedule
	err := db.Write(t.Context(), func(tx *sql.Tx) error {
		var err error
		s, err = CreateSchedule(t.Context(), tx, t0, in)
		return err
	})
	if err != nil {
		t.Fatal(err)
	}
	return s
}

func run(t *testing.T, db *tenants.DB, today time.Time) int {
	t.Helper()
	var n int
	err := db.Write(t.Context(), func(tx *sql.Tx) error {
		var err error
		n, err = RunSchedules(t.Context(), tx, today, today)
		return err
	})
	if err != nil {
		t.Fatal(err)
	}
	return n
}

// periods lists the schedule's invoices' periods, oldest first, checking
// each has at most one invoice per unit.
func periods(t *testing.T, db *tenants.DB, scheduleID int64) []string {
	t.Helper()
	rows, err := db.ReadPool().Query(`SELECT period, count(*), count(DISTINCT unit_id) FROM invoices WHERE schedule_id = ?
		GROUP BY period ORDER BY period`, scheduleID)
	if err != nil {
		t.Fatal(err)
	}
	defer rows.Close()
	var out []string
	for rows.Next() {
		var p string
		var n, units int
		rows.Scan(&p, &n, &units)
		if n != units {
			t.Errorf("period %s: %d invoices for %d units", p, n, units)
		}
		out = append(out, p)
	}
	return out
}

func TestSchedulesNeverRaiseTwice(t *testing.T) {
	db, ctx := book(t)
	site, units := siteWithShares(t, db, ctx, "Quay", []int64{250000, 250000, 500000})
	service := chargeNamed(t, db, ctx, "Service charge")
	q := mustSchedule(t, db, ScheduleInput{Name: "Quarterly service charge", SiteID: site, ChargeTypeID: service,
		Amount: 6000_00, EveryMonths: 3, StartDate: date(2025, 1, 1), DueDays: 28})
	if q.NextDate != date(2025, 1, 1) || q.Target != "Quay" || q.ChargeType != "Service charge" || !q.Active {
		t.Fatalf("created %+v", q)
	}

	// Nothing is due before the start.
	if n := run(t, db, date(2024, 12, 31)); n != 0 {
		t.Fatalf("raised %d before the start", n)
	}
	// Catching up: four quarters were missed.
	if n := run(t, db, date(2025, 10, 15)); n != 4*len(units) {
		t.Fatalf("catch-up raised %d, want %d", n, 4*len(units))
	}
	want := []string{"2025-01", "2025-04", "2025-07", "2025-10"}
	if got := periods(t, db, q.ID); !slices.Equal(got, want) {
		t.Fatalf("periods %v, want %v", got, want)
	}
	// Running again, the same day or later in the quarter, raises nothing.
	for _, today := range []time.Time{date(2025, 10, 15), date(2025, 10, 16), date(2025, 12, 31)} {
		if n := run(t, db, today); n != 0 {
			t.Fatalf("second run on %s raised %d", sqldb.FormatDate(today), n)
		}
	}
	if got := periods(t, db, q.ID); !slices.Equal(got, want) {
		t.Fatalf("periods after reruns %v", got)
	}
	// The next quarter comes round once.
	if n := run(t, db, date(2026, 1, 1)); n != len(units) {
		t.Fatalf("next quarter raised %d", n)
	}
	if n := run(t, db, date(2026, 1, 2)); n != 0 {
		t.Fatalf("rerun raised %d", n)
	}
	var inv Invoice
	invs, _ := UnitInvoices(ctx, db.Read(), units[2])
	inv = invs[0]
	if inv.Total != 3000_00 || sqldb.FormatDate(inv.IssueDate) != "2026-01-01" || sqldb.FormatDate(inv.DueDate) != "2026-01-29" || inv.Period != "2026-01" {
		t.Errorf("latest invoice %+v", inv)
	}
	got, err := GetSchedule(ctx, db.Read(), q.PublicID)
	if err != nil || got.Runs != 5 || got.LastPeriod != "2026-01" || got.NextDate != date(2026, 4, 1) {
		t.Errorf("schedule after runs %+v, %v", got, err)
	}
	var runs int
	db.ReadPool().QueryRow(`SELECT count(*) FROM schedule_runs`).Scan(&runs)
	if runs != 5 {
		t.Errorf("%d schedule runs recorded", runs)
	}
	tb, _ := Trial(ctx, db.Read(), time.Time{})
	if tb.Total != 0 {
		t.Errorf("trial balance %d", tb.Total)
	}
}

func TestScheduleMonthEndsPausesAndEnds(t *testing.T) {
	db, ctx := book(t)
	units, _ := estateFor(t, db, ctx, 1)
	let := units[len(units)-1]
	rent := chargeNamed(t, db, ctx, "Rent")
	// Rent on the 31st falls on the last day of shorter months.
	s := mustSchedule(t, db, ScheduleInput{Name: "Monthly rent", UnitID: let, ChargeTypeID: rent, Amount: 1850_00,
		EveryMonths: 1, StartDate: date(2025, 1, 31), EndDate: date(2025, 6, 30)})
	if n := run(t, db, date(2025, 3, 31)); n != 3 {
		t.Fatalf("raised %d, want 3", n)
	}
	invs, _ := UnitInvoices(ctx, db.Read(), let)
	var issued []string
	for _, inv := range invs {
		issued = append(issued, sqldb.FormatDate(inv.IssueDate))
	}
	if want := []string{"2025-03-31", "2025-02-28", "2025-01-31"}; !slices.Equal(issued, want) {
		t.Fatalf("issued %v, want %v", issued, want)
	}
	// Paused, it raises nothing; resumed, it catches up what it missed.
	setActive := func(on bool) {
		if err := db.Write(ctx, func(tx *sql.Tx) error { return SetScheduleActive(ctx, tx, s.ID, on) }); err != nil {
			t.Fatal(err)
		}
	}
	setActive(false)
	if n := run(t, db, date(2025, 5, 31)); n != 0 {
		t.Fatalf("paused schedule raised %d", n)
	}
	list, _ := ListSchedules(ctx, db.Read())
	if len(list) != 1 || list[0].Active {
		t.Fatalf("list %+v", list)
	}
	setActive(true)
	if n := run(t, db, date(2025, 5, 31)); n != 2 {
		t.Fatalf("resumed schedule raised %d, want 2", n)
	}
	// It ends with June.
	if n := run(t, db, date(2026, 3, 1)); n != 1 {
		t.Fatalf("raised %d after the end, want only June", n)
	}
	got, _ := GetSchedule(ctx, db.Read(), s.PublicID)
	if got.Runs != 6 || !got.NextDate.IsZero() {
		t.Errorf("finished schedule %+v", got)
	}
	// Rent credited the landlord each month.
	var owed int64
	db.ReadPool().QueryRow(`SELECT -sum(p.amount) FROM postings p JOIN ledger_accounts a ON a.id = p.account_id
		WHERE a.code = '2100' AND p.owner_id IS NOT NULL`).Scan(&owed)
	if owed != 6*1850_00 {
		t.Errorf("client money %d", owed)
	}
	if err := db.Write(ctx, func(tx *sql.Tx) error { return SetScheduleActive(ctx, tx, 9999, true) }); !errs.Is(err, errs.NotFound) {
		t.Errorf("unknown schedule: %v", err)
	}
}

func TestScheduleThatCannotRunRaisesNothing(t *testing.T) {
	db, ctx := book(t)
	site, units := siteWithShares(t, db, ctx, "Quay", []int64{500000, 500000})
	other, _ := siteWithShares(t, db, ctx, "Wharf", []int64{1000000})
	service := chargeNamed(t, db, ctx, "Service charge")
	mustSchedule(t, db, ScheduleInput{Name: "Annual charge, Wharf", SiteID: other, ChargeTypeID: service, Amount: 100_00,
		EveryMonths: 12, StartDate: date(2025, 1, 1)})
	mustSchedule(t, db, ScheduleInput{Name: "Quay quarterly", SiteID: site, ChargeTypeID: service, Amount: 100_00,
		EveryMonths: 3, StartDate: date(2025, 1, 1)})
	db.Writer().Exec(`UPDATE apportionment_shares SET share_ppm = 0 WHERE unit_id = ?`, units[1])
	err := db.Write(ctx, func(tx *sql.Tx) error {
		_, err := RunSchedules(ctx, tx, t0, date(2025, 2, 1))
		return err
	})
	e, ok := errs.As(err)
	if !ok || e.Code != errs.Invalid || !strings.Contains(e.Message, `"Quay quarterly"`) || !strings.Contains(e.Message, "Flat B has no share") {
		t.Fatalf("err = %v", err)
	}
	if n := countRows(t, db, "journals") + countRows(t, db, "schedule_runs"); n != 0 {
		t.Fatalf("%d rows written by a failed run", n)
	}
}

func TestScheduleValidation(t *testing.T) {
	db, ctx := book(t)
	site, _ := siteWithShares(t, db, ctx, "Dock", []int64{500000, 500000})
	short, _ := siteWithShares(t, db, ctx, "Short", []int64{500000, 0})
	units, _ := estateFor(t, db, ctx, 1)
	service := chargeNamed(t, db, ctx, "Service charge")
	rent := chargeNamed(t, db, ctx, "Rent")
	ok := ScheduleInput{Name: "Quarterly", SiteID: site, ChargeTypeID: service, Amount: 100, EveryMonths: 3, StartDate: t0, DueDays: 14}
	with := func(f func(*ScheduleInput)) ScheduleInput { in := ok; f(&in); return in }
	tests := []struct {
		name  string
		in    ScheduleInput
		field string
	}{
		{"no name", with(func(in *ScheduleInput) { in.Name = "  " }), "name"},
		{"site and unit", with(func(in *ScheduleInput) { in.UnitID = units[0] }), "target"},
		{"neither", with(func(in *ScheduleInput) { in.SiteID = 0 }), "target"},
		{"unknown site", with(func(in *ScheduleInput) { in.SiteID = 999 }), "target"},
		{"unknown unit", with(func(in *ScheduleInput) { in.SiteID, in.UnitID = 0, 999 }), "target"},
		{"shares off", with(func(in *ScheduleInput) { in.SiteID = short }), "target"},
		{"rent on a site", with(func(in *ScheduleInput) { in.ChargeTypeID = rent }), "charge_type"},
		{"unknown charge", with(func(in *ScheduleInput) { in.ChargeTypeID = 999 }), "charge_type"},
		{"zero amount", with(func(in *ScheduleInput) { in.Amount = 0 }), "amount"},
		{"negative amount", with(func(in *ScheduleInput) { in.Amount = -1 }), "amount"},
		{"every 2 months", with(func(in *ScheduleInput) { in.EveryMonths = 2 }), "every_months"},
		{"no start", with(func(in *ScheduleInput) { in.StartDate = time.Time{} }), "start_date"},
		{"start out of range", with(func(in *ScheduleInput) { in.StartDate = date(1999, 12, 31) }), "start_date"},
		{"end before start", with(func(in *ScheduleInput) { in.EndDate = t0.AddDate(0, 0, -1) }), "end_date"},
		{"due days", with(func(in *ScheduleInput) { in.DueDays = 91 }), "due_days"},
		{"valid", ok, ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			before := countRows(t, db, "schedules")
			err := db.Write(ctx, func(tx *sql.Tx) error {
				_, err := CreateSchedule(ctx, tx, t0, tt.in)
				return err
			})
			if tt.field == "" {
				if err != nil {
					t.Fatal(err)
				}
				return
			}
			if e, ok := errs.As(err); !ok || e.Fields[tt.field] == "" {
				t.Fatalf("want a message on %s, got %v", tt.field, err)
			}
			if countRows(t, db, "schedules") != before {
				t.Fatal("a schedule was written")
			}
		})
	}
}
