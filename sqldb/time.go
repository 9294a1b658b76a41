package sqldb

import (
	"database/sql"
	"database/sql/driver"
	"fmt"
	"time"
)

// Layout is the text form of every stored instant: UTC, always nine
// fraction digits, so every value has the same width and comparing or
// sorting the text in SQL (ORDER BY created_at, expires_at > ?) compares
// the instants. Trimmed RFC 3339 (time.RFC3339Nano) would sort "…:05.5Z"
// before "…:05Z"; fewer digits would tie instants within a second or a
// millisecond, and mixing widths sorts "…:05Z" after "…:05.100Z".
const Layout = "2006-01-02T15:04:05.000000000Z"

// Time is an instant as stored. As a query argument it is written in
// Layout; scanned, it reads Layout (or any RFC 3339 text) back in UTC. NULL
// and the empty string read as the zero Time, which is how the schema says
// "not yet" (revoked_at IS NULL, an empty status_at).
type Time struct{ time.Time }

// At wraps t for use as a query argument.
func At(t time.Time) Time { return Time{t} }

// Format returns t as stored.
func Format(t time.Time) string { return t.UTC().Format(Layout) }

// Parse reads a stored instant. Besides Layout it accepts any RFC 3339
// text, so a value written by hand or by an older release still reads; the
// result is in UTC.
func Parse(s string) (time.Time, error) {
	t, err := time.Parse(time.RFC3339Nano, s)
	if err != nil {
		return time.Time{}, fmt.Errorf("sqldb: stored time %q: %w", s, err)
	}
	return t.UTC(), nil
}

// Value implements driver.Valuer.
func (t Time) Value() (driver.Value, error) { return Format(t.Time), nil }

// Scan implements sql.Scanner.
func (t *Time) Scan(src any) error {
	switch v := src.(type) {
	case nil:
		t.Time = time.Time{}
	case string:
		return t.parse(v)
	case []byte:
		return t.parse(string(v))
	case time.Time:
		t.Time = v.UTC()
	default:
		return fmt.Errorf("sqldb: cannot read %T as a time", src)
	}
	return nil
}

func (t *Time) parse(s string) error {
	if s == "" {
		t.Time = time.Time{}
		return nil
	}
	v, err := Parse(s)
	if err != nil {
		return err
	}
	t.Time = v
	return nil
}

// Into scans a stored instant straight into a time.Time field, as Time
// would: rows.Scan(&p.ID, sqldb.Into(&p.CreatedAt)).
func Into(dst *time.Time) sql.Scanner { return (*into)(dst) }

type into time.Time

func (d *into) Scan(src any) error {
	var t Time
	if err := t.Scan(src); err != nil {
		return err
	}
	*d = into(t.Time)
	return nil
}

// DateLayout is the text form of a stored calendar date: a due date, an
// issue date, a tenancy's start. A date is not an instant and has no zone;
// YYYY-MM-DD also sorts as text.
const DateLayout = time.DateOnly

// FormatDate returns the calendar date of t as stored, in t's own location:
// a caller passing midnight in Europe/London means that day, not the UTC
// day before it.
func FormatDate(t time.Time) string { return t.Format(DateLayout) }

// ParseDate reads a stored calendar date as midnight UTC. Dates are written
// only by FormatDate and an empty column means "no date", so text that is
// not a date reads as the zero time.
func ParseDate(s string) time.Time {
	t, _ := time.Parse(DateLayout, s)
	return t
}
