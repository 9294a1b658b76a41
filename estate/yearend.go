package estate

import (
	"fmt"
	"strconv"
	"strings"
	"time"
)

// The service-charge year end is a day of the year, kept as "MM-DD" so it
// sorts and compares as text. People type it the UK way round, day first.

// yearEndMessage is shown next to a year end that is not a day of the year.
const yearEndMessage = "Enter the day and month the service-charge year ends, for example 31/12 or 31 December."

// ParseYearEnd reads a year end typed as "31/12", "31-12", "31 December",
// "31st Dec" or "December 31" into "MM-DD"; blank is "" (not set). The
// message says what is wrong, or is "". 29 February is refused: most years
// have no such day, so accounts could not close on it.
func ParseYearEnd(s string) (string, string) {
	s = strings.ToLower(strings.TrimSpace(s))
	if s == "" {
		return "", ""
	}
	s = strings.NewReplacer("/", " ", "-", " ", ".", " ", ",", " ").Replace(s)
	parts := strings.Fields(s)
	if len(parts) != 2 {
		return "", yearEndMessage
	}
	day, month := parts[0], parts[1]
	if _, err := strconv.Atoi(trimOrdinal(day)); err != nil {
		day, month = month, day // "December 31"
	}
	d, err := strconv.Atoi(trimOrdinal(day))
	if err != nil {
		return "", yearEndMessage
	}
	m, ok := monthOf(month)
	if !ok {
		return "", yearEndMessage
	}
	if m == time.February && d == 29 {
		return "", "29 February is not in every year: choose 28 February or 1 March."
	}
	// time.Date normalises 31 April to 1 May; a day that moves was not real.
	if t := time.Date(2023, m, d, 0, 0, 0, 0, time.UTC); d < 1 || t.Month() != m {
		return "", fmt.Sprintf("%s has no day %d. %s", m, d, yearEndMessage)
	}
	return fmt.Sprintf("%02d-%02d", int(m), d), ""
}

// trimOrdinal drops the "st", "nd", "rd" or "th" of "31st".
func trimOrdinal(s string) string {
	for _, suf := range []string{"st", "nd", "rd", "th"} {
		if t, ok := strings.CutSuffix(s, suf); ok && t != "" {
			return t
		}
	}
	return s
}

// monthOf reads a month as a number (1 to 12), a name or its first three
// letters.
func monthOf(s string) (time.Month, bool) {
	if n, err := strconv.Atoi(s); err == nil {
		return time.Month(n), n >= 1 && n <= 12
	}
	if len(s) < 3 {
		return 0, false
	}
	for m := time.January; m <= time.December; m++ {
		if name := strings.ToLower(m.String()); strings.HasPrefix(name, s) || s == "sept" && m == time.September {
			return m, true
		}
	}
	return 0, false
}

// FormatYearEnd writes a stored year end "12-31" as "31 December"; "" stays "".
func FormatYearEnd(mmdd string) string {
	t, err := time.Parse("01-02", mmdd)
	if err != nil {
		return mmdd
	}
	return strconv.Itoa(t.Day()) + " " + t.Month().String()
}
