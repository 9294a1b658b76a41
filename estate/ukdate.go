package estate

import (
	"time"
	_ "time/tzdata" // UK dates without the host's zone files
)

// Stored timestamps and calendar dates are written and read by package
// sqldb; what is left here is the organisations' own calendar.

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
