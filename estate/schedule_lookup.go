package estate

import (
	"context"
	"fmt"
	"time"

	"porch/sqldb"
)

// ScheduleRun is one period a recurring demand raised, with the invoices
// raised for it.
type ScheduleRun struct {
	Period    string // the month the period starts in, "2026-04"
	RunAt     time.Time
	IssueDate time.Time // zero if no invoice was raised
	Invoices  int
	FirstNo   int64
	LastNo    int64
	Total     int64
}

// ScheduleRuns lists the periods a schedule has raised, newest first, with
// the number, range and total of their invoices. It reads the ledger's
// tables for the managers' schedule page and never writes.
func ScheduleRuns(ctx context.Context, q sqldb.Querier, scheduleID int64) ([]ScheduleRun, error) {
	rows, err := q.QueryContext(ctx, `SELECT r.period, r.run_at, coalesce(min(i.issue_date), ''), count(i.id),
		coalesce(min(i.number), 0), coalesce(max(i.number), 0), coalesce(sum(i.total), 0)
		FROM schedule_runs r LEFT JOIN invoices i ON i.schedule_id = r.schedule_id AND i.period = r.period
		WHERE r.schedule_id = ? GROUP BY r.period, r.run_at ORDER BY r.period DESC`, scheduleID)
	if err != nil {
		return nil, fmt.Errorf("schedule runs: %w", err)
	}
	defer rows.Close()
	var out []ScheduleRun
	for rows.Next() {
		var r ScheduleRun
		var issue string
		if err := rows.Scan(&r.Period, sqldb.Into(&r.RunAt), &issue, &r.Invoices, &r.FirstNo, &r.LastNo, &r.Total); err != nil {
			return nil, fmt.Errorf("schedule runs: %w", err)
		}
		if issue != "" {
			r.IssueDate = sqldb.ParseDate(issue)
		}
		out = append(out, r)
	}
	return out, rows.Err()
}
