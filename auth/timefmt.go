package auth

import "time"

// Timestamps are stored as fixed-width UTC text so that comparing strings
// in SQL compares instants.
const stamp = "2006-01-02T15:04:05.000Z"

func ts(t time.Time) string { return t.UTC().Format(stamp) }

func parseTS(s string) time.Time {
	t, _ := time.Parse(time.RFC3339, s)
	return t
}
