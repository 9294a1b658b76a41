package ledger

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"slices"
	"strings"
	"time"

	"porch/errs"
	"porch/sqldb"
)

// ScheduleInput is a recurring demand: an amount for a whole site
// (apportioned by the units' shares in one of its schedules) or for one
// unit, raised every 1, 3, 6 or 12 months from the start date until the
// optional end date. Field names in validation errors: name, target (site,
// its schedule, or unit), charge_type, amount, every_months, start_date,
// end_date, due_days.
type ScheduleInput struct {
	Name            string
	SiteID          int64 // apportioned over the site's units; or
	UnitID          int64 // demanded from this unit
	ApportionmentID int64 // for a site, the schedule to split by; 0 is its default
	ChargeTypeID    int64
	Amount          int64
	EveryMonths     int
	StartDate       time.Time
	EndDate         time.Time // zero: no end
	DueDays         int       // days from issue to due, 0 to 90
}

// Schedule is a recurring demand as stored, with what its runs have done.
type Schedule struct {
	ID              int64
	PublicID        string
	Name            string
	SiteID          int64
	UnitID          int64
	ApportionmentID int64  // for a site, the schedule it splits by; 0 for the default
	Apportionment   string // for a site, the name of the schedule it splits by
	Target          string // the site's or unit's name
	ChargeTypeID    int64
	ChargeType      string
	Amount          int64
	EveryMonths     int
	StartDate       time.Time
	EndDate         time.Time // zero: no end
	DueDays         int
	Active          bool
	Runs            int       // periods raised so far
	LastPeriod      string    // the latest period raised, "" if none
	NextDate        time.Time // start of the first period not yet raised; zero when finished
}

// Every lists the intervals a schedule can have, in months.
var Every = []int{1, 3, 6, 12}

func (in *ScheduleInput) validate() errs.Fields {
	f := errs.Fields{}
	in.Name = strings.Join(strings.Fields(in.Name), " ")
	switch {
	case in.Name == "":
		f.Add("name", "Enter a name, such as \"Quarterly service charge\".")
	case len(in.Name) > 120:
		f.Add("name", "Keep the name to 120 characters or fewer.")
	}
	if (in.SiteID == 0) == (in.UnitID == 0) {
		f.Add("target", "Choose either a site, to share the amount among its units, or a single unit.")
	}
	if in.ChargeTypeID == 0 {
		f.Add("charge_type", "Choose a charge type.")
	}
	if in.Amount <= 0 {
		f.Add("amount", "Enter an amount greater than zero.")
	} else if in.Amount > 100_000_000_00 {
		f.Add("amount", "That amount is too large for one charge.")
	}
	switch in.EveryMonths {
	case 1, 3, 6, 12:
	default:
		f.Add("every_months", "Choose monthly, quarterly, half-yearly or yearly.")
	}
	switch {
	case in.StartDate.IsZero():
		f.Add("start_date", "Enter the date of the first demand.")
	case in.StartDate.Before(minDate) || !in.StartDate.Before(maxDate):
		f.Add("start_date", "Enter a start date between 2000 and 2099.")
	}
	switch {
	case in.EndDate.IsZero():
	case in.EndDate.Before(minDate) || !in.EndDate.Before(maxDate):
		f.Add("end_date", "Enter an end date between 2000 and 2099, or leave it blank.")
	case !in.StartDate.IsZero() && in.EndDate.Before(in.StartDate):
		f.Add("end_date", "The end date cannot be before the start date.")
	}
	if in.DueDays < 0 || in.DueDays > 90 {
		f.Add("due_days", "Enter the days to pay as a number from 0 to 90.")
	}
	return f
}

// CreateSchedule validates and stores a recurring demand. For a site, the
// charge must be one the site's units share (not rent), and the shares of
// the schedule it splits by must total 100% now, so a schedule that could
// never run is refused at once.
func CreateSchedule(ctx context.Context, tx *sql.Tx, now time.Time, in ScheduleInput) (Schedule, error) {
	f := in.validate()
	var ct ChargeType
	if in.ChargeTypeID != 0 {
		var err error
		if ct, err = ChargeTypeByID(ctx, tx, in.ChargeTypeID); errs.Is(err, errs.NotFound) {
			f.Add("charge_type", "Choose a charge type.")
		} else if err != nil {
			return Schedule{}, err
		}
	}
	if _, bad := f["target"]; !bad {
		if in.SiteID != 0 {
			var site string
			err := tx.QueryRowContext(ctx, `SELECT name FROM sites WHERE id = ?`, in.SiteID).Scan(&site)
			if errors.Is(err, sql.ErrNoRows) {
				f.Add("target", "Choose a site.")
			} else if err != nil {
				return Schedule{}, err
			} else {
				if ct.IsClientMoney() {
					f.Add("charge_type", ct.Name+" is collected for each let unit's landlord; schedule it for the unit, not the whole site.")
				}
				if _, _, err := siteShares(ctx, tx, in.SiteID, in.ApportionmentID, site, f, "target", "target"); err != nil {
					return Schedule{}, err
				}
			}
		} else {
			var one int
			err := tx.QueryRowContext(ctx, `SELECT 1 FROM units WHERE id = ?`, in.UnitID).Scan(&one)
			if errors.Is(err, sql.ErrNoRows) {
				f.Add("target", "Choose a unit.")
			} else if err != nil {
				return Schedule{}, err
			}
		}
	}
	if _, bad := f["target"]; !bad {
		if err := checkScheduleRentNotice(ctx, tx, in, ct, f); err != nil {
			return Schedule{}, err
		}
	}
	if err := f.Err(); err != nil {
		return Schedule{}, err
	}
	var end any
	if !in.EndDate.IsZero() {
		end = sqldb.FormatDate(in.EndDate)
	}
	pub := sqldb.NewPublicID()
	if in.SiteID == 0 {
		in.ApportionmentID = 0
	}
	res, err := tx.ExecContext(ctx, `INSERT INTO schedules (public_id, name, site_id, unit_id, apportionment_id, charge_type_id, amount,
		every_months, start_date, end_date, due_days, active, created_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, 1, ?)`,
		pub, in.Name, nullID(in.SiteID), nullID(in.UnitID), nullID(in.ApportionmentID), in.ChargeTypeID, in.Amount, in.EveryMonths,
		sqldb.FormatDate(in.StartDate), end, in.DueDays, sqldb.At(now))
	if err != nil {
		return Schedule{}, fmt.Errorf("create schedule: %w", err)
	}
	id, _ := res.LastInsertId()
	return scheduleByID(ctx, tx, id)
}

const scheduleCols = `s.id, s.public_id, s.name, coalesce(s.site_id, 0), coalesce(s.unit_id, 0),
	coalesce(s.apportionment_id, 0),
	coalesce(ap.name, (SELECT d.name FROM apportionments d WHERE d.site_id = s.site_id AND d.is_default = 1), ''), coalesce(st.name, u.name, ''), s.charge_type_id, c.name, s.amount, s.every_months, s.start_date,
	coalesce(s.end_date, ''), s.due_days, s.active,
	(SELECT count(*) FROM schedule_runs r WHERE r.schedule_id = s.id),
	coalesce((SELECT max(r.period) FROM schedule_runs r WHERE r.schedule_id = s.id), '')
	FROM schedules s JOIN charge_types c ON c.id = s.charge_type_id
	LEFT JOIN sites st ON st.id = s.site_id LEFT JOIN units u ON u.id = s.unit_id
	LEFT JOIN apportionments ap ON ap.id = s.apportionment_id`

func scanSchedule(r interface{ Scan(...any) error }) (Schedule, error) {
	var s Schedule
	var start, end string
	err := r.Scan(&s.ID, &s.PublicID, &s.Name, &s.SiteID, &s.UnitID, &s.ApportionmentID, &s.Apportionment, &s.Target, &s.ChargeTypeID, &s.ChargeType,
		&s.Amount, &s.EveryMonths, &start, &end, &s.DueDays, &s.Active, &s.Runs, &s.LastPeriod)
	s.StartDate = sqldb.ParseDate(start)
	if end != "" {
		s.EndDate = sqldb.ParseDate(end)
	}
	return s, err
}

// GetSchedule returns a schedule by public id, or NotFound.
func GetSchedule(ctx context.Context, q sqldb.Querier, publicID string) (Schedule, error) {
	s, err := scanSchedule(q.QueryRowContext(ctx, `SELECT `+scheduleCols+` WHERE s.public_id = ?`, publicID))
	if errors.Is(err, sql.ErrNoRows) {
		return s, errs.E(errs.NotFound, "There is no such schedule.")
	}
	if err != nil {
		return s, err
	}
	return s, s.fillNext(ctx, q)
}

func scheduleByID(ctx context.Context, q sqldb.Querier, id int64) (Schedule, error) {
	s, err := scanSchedule(q.QueryRowContext(ctx, `SELECT `+scheduleCols+` WHERE s.id = ?`, id))
	if errors.Is(err, sql.ErrNoRows) {
		return s, errs.E(errs.NotFound, "There is no such schedule.")
	}
	if err != nil {
		return s, err
	}
	return s, s.fillNext(ctx, q)
}

// ListSchedules lists every schedule, active ones first, by name.
func ListSchedules(ctx context.Context, q sqldb.Querier) ([]Schedule, error) {
	// Read them all before filling in their next dates: fillNext queries
	// too, and the rows must be closed first.
	out, err := sqldb.QueryAll(ctx, q, scanSchedule, `SELECT `+scheduleCols+` ORDER BY s.active DESC, s.name COLLATE NOCASE, s.id`)
	if err != nil {
		return nil, err
	}
	for i := range out {
		if err := out[i].fillNext(ctx, q); err != nil {
			return nil, err
		}
	}
	return out, nil
}

// fillNext sets NextDate from the periods already run.
func (s *Schedule) fillNext(ctx context.Context, q sqldb.Querier) error {
	done, err := runPeriods(ctx, q, s.ID)
	if err != nil {
		return err
	}
	s.NextDate = time.Time{}
	for k := 0; ; k++ {
		start := s.periodStart(k)
		if !start.Before(maxDate) || (!s.EndDate.IsZero() && start.After(s.EndDate)) {
			return nil
		}
		if !done[periodKey(start)] {
			s.NextDate = start
			return nil
		}
	}
}

func runPeriods(ctx context.Context, q sqldb.Querier, scheduleID int64) (map[string]bool, error) {
	rows, err := q.QueryContext(ctx, `SELECT period FROM schedule_runs WHERE schedule_id = ?`, scheduleID)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	done := map[string]bool{}
	for rows.Next() {
		var p string
		if err := rows.Scan(&p); err != nil {
			return nil, err
		}
		done[p] = true
	}
	return done, rows.Err()
}

// periodStart is the first day of the schedule's k-th period: the start
// date moved on k intervals, keeping its day of the month where the month
// has it (a schedule starting on the 31st runs on the last day of shorter
// months rather than spilling into the next).
func (s Schedule) periodStart(k int) time.Time {
	months := s.StartDate.Year()*12 + int(s.StartDate.Month()) - 1 + k*s.EveryMonths
	y, m := months/12, time.Month(months%12+1)
	last := time.Date(y, m+1, 0, 0, 0, 0, 0, time.UTC).Day()
	return time.Date(y, m, min(s.StartDate.Day(), last), 0, 0, 0, 0, time.UTC)
}

// periodKey names a period by the month it starts in, such as "2026-04";
// periods of one schedule start in different months, so the key is unique.
func periodKey(start time.Time) string { return start.Format("2006-01") }

// SetScheduleActive pauses or resumes a schedule. A paused schedule raises
// nothing; when resumed, the next run raises the periods that started
// while it was paused, as if the runs had been missed.
func SetScheduleActive(ctx context.Context, tx *sql.Tx, scheduleID int64, active bool) error {
	res, err := tx.ExecContext(ctx, `UPDATE schedules SET active = ? WHERE id = ?`, active, scheduleID)
	if err != nil {
		return err
	}
	if n, _ := res.RowsAffected(); n == 0 {
		return errs.E(errs.NotFound, "There is no such schedule.")
	}
	return nil
}

// RunSchedules raises, for every active schedule, each period that has
// started on or before today and not been raised yet, oldest first, so
// runs that were missed are caught up. Each period's schedule_runs row is
// written in the same transaction as its demands, and a period already
// recorded is never raised again, so running twice (or concurrently, since
// writes are serialised) never raises twice. It returns how many invoices
// were raised. If one schedule cannot be raised (its site's shares no longer
// total 100%, say) the error names it; the caller's transaction should then
// be rolled back so no schedule is half run.
func RunSchedules(ctx context.Context, tx *sql.Tx, now, today time.Time) (int, error) {
	all, err := ListSchedules(ctx, tx)
	if err != nil {
		return 0, err
	}
	raised := 0
	for _, s := range all {
		if !s.Active {
			continue
		}
		done, err := runPeriods(ctx, tx, s.ID)
		if err != nil {
			return raised, err
		}
		for k := 0; ; k++ {
			start := s.periodStart(k)
			if start.After(today) || (!s.EndDate.IsZero() && start.After(s.EndDate)) || !start.Before(maxDate) {
				break
			}
			key := periodKey(start)
			if done[key] {
				continue
			}
			n, err := s.raise(ctx, tx, now, start, key)
			if err != nil {
				if e, ok := errs.As(err); ok && e.Code == errs.Invalid {
					return raised, errs.Wrap(errs.Invalid, fmt.Sprintf("The schedule %q could not raise its demand for %s: %s Correct it or pause the schedule; no schedule was run.",
						s.Name, key, fieldsText(e)), err)
				}
				return raised, fmt.Errorf("schedule %d period %s: %w", s.ID, key, err)
			}
			raised += n
		}
	}
	return raised, nil
}

// raise posts one period of the schedule and records the run.
func (s Schedule) raise(ctx context.Context, tx *sql.Tx, now, start time.Time, key string) (int, error) {
	res, err := tx.ExecContext(ctx, `INSERT INTO schedule_runs (schedule_id, period, run_at) VALUES (?, ?, ?)
		ON CONFLICT DO NOTHING`, s.ID, key, sqldb.At(now))
	if err != nil {
		return 0, err
	}
	if n, _ := res.RowsAffected(); n == 0 {
		return 0, nil // already raised
	}
	due := start.AddDate(0, 0, s.DueDays)
	if s.SiteID != 0 {
		invs, err := postBulk(ctx, tx, now, s.SiteID, BulkInput{IssueDate: start, DueDate: due,
			Lines:         []BulkLine{{ChargeTypeID: s.ChargeTypeID, Description: s.Name, Total: s.Amount}},
			Apportionment: s.ApportionmentID}, 0, key, s.ID)
		return len(invs), err
	}
	if _, err := RaiseDemand(ctx, tx, now, DemandInput{UnitID: s.UnitID, IssueDate: start, DueDate: due, Period: key, ScheduleID: s.ID,
		Lines: []DemandLine{{ChargeTypeID: s.ChargeTypeID, Description: s.Name, Amount: s.Amount}}}); err != nil {
		return 0, err
	}
	return 1, ApplyCredit(ctx, tx, now, s.UnitID)
}

// fieldsText joins an error's field messages into one sentence or more.
func fieldsText(e *errs.Error) string {
	if len(e.Fields) == 0 {
		return e.Message
	}
	keys := make([]string, 0, len(e.Fields))
	for k := range e.Fields {
		keys = append(keys, k)
	}
	slices.Sort(keys)
	msgs := make([]string, len(keys))
	for i, k := range keys {
		msgs[i] = e.Fields[k]
	}
	return strings.Join(msgs, " ")
}
