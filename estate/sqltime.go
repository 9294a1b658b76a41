package estate

import (
	"time"
	_ "time/tzdata" // UK dates without the host's zone files
)

// Timestamps are stored as UTC RFC 3339 text and calendar dates as
// YYYY-MM-DD, so both sort correctly as plain strings in SQL.

func fmtTime(t time.Time) string { return t.UTC().Format(time.RFC3339) }

// fmtDate keeps the calendar date of t in its own location: a caller passing
// midnight in Europe/London means that day, not the UTC day before it.
func fmtDate(t time.Time) string { return t.Format(time.DateOnly) }

func parseTime(s string) time.Time {
	t, _ := time.Parse(time.RFC3339, s)
	return t
}

func parseDate(s string) time.Time {
	t, _ := time.Parse(time.DateOnly, s)
	return t
}

// dateOnly drops the clock part of t, keeping its calendar date.
func dateOnly(t time.Time) time.Time {
	y, m, d := t.Date()
	return time.Date(y, m, d, 0, 0, 0, 0, time.UTC)
}

// UK is the zone the organisations' calendar dates are in. The zone data is
// built into the binary (time/tzdata), so a minimal container without
// /usr/share/zoneinfo still keeps UK dates.
var UK = func() *time.Location {
	loc, err := time.LoadLocation("Europe/London")
	if err != nil {
		panic("estate: no Europe/London zone data: " + err.Error())
	}
	return loc
}()

// UKDate is the UK calendar date of the instant t, as a UTC midnight like
// the dates stored.
func UKDate(t time.Time) time.Time { return dateOnly(t.In(UK)) }
