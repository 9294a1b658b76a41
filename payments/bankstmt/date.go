package bankstmt

import (
	"fmt"
	"regexp"
	"strings"
	"time"
)

// DateFormat is one date layout offered in the column-mapping step.
type DateFormat struct {
	Layout string // a Go time layout; the value stored in Mapping.DateFormat
	Label  string // how a person would describe it
}

// DateFormats are the layouts ParseDate understands, in the order Sniff
// tries them: UK day-first forms come before the US month-first one, so a
// file whose dates all fit both (every day 12 or under) is read the UK way.
// Single-digit days and months ("2/1/2024") are accepted by the two-digit
// layouts, "January" by the "Jan" ones, and a trailing time ("02/01/2024
// 00:00:00", "2024-01-02T10:15:00Z") is ignored.
var DateFormats = []DateFormat{
	{"02/01/2006", "dd/mm/yyyy"},
	{"02/01/06", "dd/mm/yy"},
	{"2006-01-02", "yyyy-mm-dd"},
	{"02-01-2006", "dd-mm-yyyy"},
	{"02.01.2006", "dd.mm.yyyy"},
	{"02 Jan 2006", "dd Mon yyyy"},
	{"2 Jan 2006", "d Mon yyyy"},
	{"02-Jan-2006", "dd-Mon-yyyy"},
	{"02-Jan-06", "dd-Mon-yy"},
	{"02 Jan 06", "dd Mon yy"},
	{"02 January 2006", "dd Month yyyy"},
	{"2006/01/02", "yyyy/mm/dd"},
	{"20060102", "yyyymmdd"},
	{"01/02/2006", "mm/dd/yyyy (US)"},
}

// knownLayout reports whether layout is one of DateFormats.
func knownLayout(layout string) bool {
	for _, f := range DateFormats {
		if f.Layout == layout {
			return true
		}
	}
	return false
}

// dateLabel names a layout for messages.
func dateLabel(layout string) string {
	for _, f := range DateFormats {
		if f.Layout == layout {
			return f.Label
		}
	}
	return layout
}

// timeSuffix matches a time of day after a date: " 10:15", " 10:15:00",
// "T10:15:00.000Z", " 9:05 am", " 00:00:00 +0100".
var timeSuffix = regexp.MustCompile(`(?i)[ T]\d{1,2}:\d{2}(?::\d{2}(?:\.\d+)?)?\s*(?:am|pm)?\s*(?:z|utc|gmt|bst|[+-]\d{2}:?\d{2})?$`)

// ParseDate reads a statement date written in layout (one of DateFormats)
// and returns it as UTC midnight of that calendar date.
func ParseDate(s, layout string) (time.Time, error) {
	d, problem := parseDate(s, layout)
	if problem != "" {
		return time.Time{}, dateError("date", s, problem)
	}
	return d, nil
}

func dateError(label, value, problem string) error {
	if strings.TrimSpace(value) == "" {
		return fmt.Errorf("the %s is empty", label)
	}
	return fmt.Errorf("the %s '%s' %s", label, shorten(value), problem)
}

func parseDate(raw, layout string) (time.Time, string) {
	s := cleanCell(raw)
	if s == "" {
		return time.Time{}, "is empty"
	}
	if len(s) > 64 {
		return time.Time{}, "is not a date"
	}
	s = strings.Join(strings.Fields(s), " ")
	candidates := []string{s}
	if loc := timeSuffix.FindStringIndex(s); loc != nil && loc[0] > 0 {
		candidates = append(candidates, strings.TrimSpace(s[:loc[0]]))
	}
	for _, v := range candidates {
		for _, l := range layoutVariants(layout) {
			t, err := time.Parse(l, v)
			if err != nil {
				continue
			}
			if t.Year() < 1950 || t.Year() > 2200 {
				return time.Time{}, "is not a plausible date"
			}
			return time.Date(t.Year(), t.Month(), t.Day(), 0, 0, 0, 0, time.UTC), ""
		}
	}
	return time.Time{}, "does not match " + dateLabel(layout)
}

// layoutVariants returns layout and its lenient forms: single-digit day
// and month, and full month names.
func layoutVariants(layout string) []string {
	out := []string{layout}
	if layout == "20060102" {
		return out
	}
	short := strings.Replace(layout, "02", "2", 1)
	short = strings.Replace(short, "01", "1", 1)
	if short != layout {
		out = append(out, short)
	}
	if strings.Contains(layout, "Jan") && !strings.Contains(layout, "January") {
		for _, l := range append([]string(nil), out...) {
			out = append(out, strings.Replace(l, "Jan", "January", 1))
		}
	}
	return out
}

// guessDateFormat picks the first of DateFormats that reads every
// non-empty sample, or failing that the one that reads the most of them.
// ok is false when none reads any.
func guessDateFormat(samples []string) (layout string, ok bool) {
	best, bestN, total := "", 0, 0
	for _, s := range samples {
		if cleanCell(s) != "" {
			total++
		}
	}
	if total == 0 {
		return "", false
	}
	for _, f := range DateFormats {
		n := 0
		for _, s := range samples {
			if cleanCell(s) == "" {
				continue
			}
			if _, p := parseDate(s, f.Layout); p == "" {
				n++
			}
		}
		if n == total {
			return f.Layout, true
		}
		if n > bestN {
			best, bestN = f.Layout, n
		}
	}
	return best, bestN > 0
}

// looksLikeDate reports whether s reads as a date in any known layout.
func looksLikeDate(s string) bool {
	// Every layout starts with a digit; most cells that are not dates
	// are rejected here without trying each one.
	s = cleanCell(s)
	if s == "" || s[0] < '0' || s[0] > '9' || len(s) > 40 {
		return false
	}
	for _, f := range DateFormats {
		if _, p := parseDate(s, f.Layout); p == "" {
			return true
		}
	}
	return false
}
