package handlers

import (
	"strings"
	"time"

	"porch/estate"
)

// DateTimeLocal is the layout of an <input type="datetime-local">.
const DateTimeLocal = "2006-01-02T15:04"

// ParseFormDateTime reads a datetime-local field as a moment in the UK,
// where the organisations' clocks are, with a message when it is not one.
// A blank field is the zero time and no message.
func ParseFormDateTime(s string) (time.Time, string) {
	s = strings.TrimSpace(s)
	if s == "" {
		return time.Time{}, ""
	}
	t, err := time.ParseInLocation(DateTimeLocal, s, estate.UK)
	if err != nil {
		return time.Time{}, "Enter a date and time, for example 2026-03-31 09:00."
	}
	if t.Before(earliestDate) || t.After(latestDate) {
		return time.Time{}, "Enter a date between 2000 and 2099."
	}
	return t.UTC(), ""
}

// FormDateTime writes a moment as a datetime-local field shows it, in UK
// time; "" for the zero time.
func FormDateTime(t time.Time) string {
	if t.IsZero() {
		return ""
	}
	return t.In(estate.UK).Format(DateTimeLocal)
}
