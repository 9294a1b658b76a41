package sqldb_test

import (
	"context"
	"database/sql"
	"sort"
	"testing"
	"time"

	"porch/sqldb"
)

func TestFormatIsFixedWidthUTC(t *testing.T) {
	t.Parallel()
	london := time.FixedZone("BST", 3600)
	cases := []struct {
		in   time.Time
		want string
	}{
		{time.Date(2025, 3, 14, 10, 30, 0, 0, time.UTC), "2025-03-14T10:30:00.000000000Z"},
		{time.Date(2025, 3, 14, 10, 30, 0, 500_000_000, time.UTC), "2025-03-14T10:30:00.500000000Z"},
		{time.Date(2025, 3, 14, 10, 30, 0, 1, time.UTC), "2025-03-14T10:30:00.000000001Z"},
		{time.Date(2025, 7, 1, 9, 0, 0, 0, london), "2025-07-01T08:00:00.000000000Z"},
		{time.Time{}, "0001-01-01T00:00:00.000000000Z"},
	}
	for _, c := range cases {
		got := sqldb.Format(c.in)
		if got != c.want || len(got) != len(sqldb.Layout) {
			t.Errorf("Format(%v) = %q, want %q", c.in, got, c.want)
		}
		back, err := sqldb.Parse(got)
		if err != nil || !back.Equal(c.in) || back.Location() != time.UTC {
			t.Errorf("Parse(%q) = %v, %v; want %v in UTC", got, back, err, c.in)
		}
	}
}

// Text order is time order, for instants apart by a nanosecond, within a
// second and across a second boundary.
func TestFormatSortsAsText(t *testing.T) {
	t.Parallel()
	base := time.Date(2025, 3, 14, 10, 30, 59, 0, time.UTC)
	var ts []time.Time
	for _, d := range []time.Duration{0, 1, 50 * time.Millisecond, 500 * time.Millisecond,
		999_999_999, time.Second, 1050 * time.Millisecond, time.Hour} {
		ts = append(ts, base.Add(d))
	}
	texts := make([]string, len(ts))
	for i, v := range ts {
		texts[len(ts)-1-i] = sqldb.Format(v) // reversed
	}
	sort.Strings(texts)
	for i, s := range texts {
		if s != sqldb.Format(ts[i]) {
			t.Fatalf("text order %v is not time order", texts)
		}
	}
}

// Parse reads every layout Porch has stored instants in.
func TestParseOldLayouts(t *testing.T) {
	t.Parallel()
	want := time.Date(2024, 11, 5, 17, 4, 9, 0, time.UTC)
	for _, s := range []string{
		"2024-11-05T17:04:09Z",           // RFC 3339, whole seconds
		"2024-11-05T17:04:09.000Z",       // milliseconds
		"2024-11-05T17:04:09.000000000Z", // Layout
		"2024-11-05T18:04:09+01:00",      // an offset
	} {
		got, err := sqldb.Parse(s)
		if err != nil || !got.Equal(want) || got.Location() != time.UTC {
			t.Errorf("Parse(%q) = %v, %v", s, got, err)
		}
	}
	if got, _ := sqldb.Parse("2024-11-05T17:04:09.5Z"); !got.Equal(want.Add(500 * time.Millisecond)) {
		t.Errorf("trimmed fraction read as %v", got)
	}
	for _, bad := range []string{"", "2024-11-05", "yesterday"} {
		if _, err := sqldb.Parse(bad); err == nil {
			t.Errorf("Parse(%q) accepted", bad)
		}
	}
}

// Time goes through the driver as Layout text and comes back equal; NULL
// and the empty string read as the zero time.
func TestTimeValueAndScan(t *testing.T) {
	t.Parallel()
	db := fileDB(t)
	ctx := context.Background()
	if _, err := db.ExecContext(ctx, `CREATE TABLE t (id INTEGER PRIMARY KEY, at TEXT)`); err != nil {
		t.Fatal(err)
	}
	at := time.Date(2025, 3, 14, 10, 30, 0, 123456789, time.FixedZone("X", 3600))
	if _, err := db.ExecContext(ctx, `INSERT INTO t (id, at) VALUES (1, ?), (2, NULL), (3, ''), (4, 'not a time')`, sqldb.At(at)); err != nil {
		t.Fatal(err)
	}
	var text string
	if err := db.QueryRowContext(ctx, `SELECT at FROM t WHERE id = 1`).Scan(&text); err != nil || text != "2025-03-14T09:30:00.123456789Z" {
		t.Errorf("stored %q, %v", text, err)
	}
	var got sqldb.Time
	if err := db.QueryRowContext(ctx, `SELECT at FROM t WHERE id = 1`).Scan(&got); err != nil || !got.Equal(at) {
		t.Errorf("scanned %v, %v; want %v", got, err, at)
	}
	var field time.Time
	if err := db.QueryRowContext(ctx, `SELECT at FROM t WHERE id = 1`).Scan(sqldb.Into(&field)); err != nil || !field.Equal(at) {
		t.Errorf("Into %v, %v", field, err)
	}
	for _, id := range []int{2, 3} {
		got, field = sqldb.At(at), at
		if err := db.QueryRowContext(ctx, `SELECT at FROM t WHERE id = ?`, id).Scan(&got); err != nil || !got.IsZero() {
			t.Errorf("row %d scanned %v, %v; want zero", id, got, err)
		}
		if err := db.QueryRowContext(ctx, `SELECT at FROM t WHERE id = ?`, id).Scan(sqldb.Into(&field)); err != nil || !field.IsZero() {
			t.Errorf("row %d Into %v, %v; want zero", id, field, err)
		}
	}
	if err := db.QueryRowContext(ctx, `SELECT at FROM t WHERE id = 4`).Scan(&got); err == nil {
		t.Error("garbage scanned without error")
	}
	// Comparing in SQL compares instants: the argument is Layout too.
	var n int
	if err := db.QueryRowContext(ctx, `SELECT count(*) FROM t WHERE id < 4 AND at > ?`, sqldb.At(at.Add(-time.Nanosecond))).Scan(&n); err != nil || n != 1 {
		t.Errorf("at > (at - 1ns) matched %d rows, %v; want 1", n, err)
	}
}

func TestDates(t *testing.T) {
	t.Parallel()
	london := time.FixedZone("BST", 3600)
	midnight := time.Date(2025, 6, 1, 0, 0, 0, 0, london) // 31 May in UTC
	if got := sqldb.FormatDate(midnight); got != "2025-06-01" {
		t.Errorf("FormatDate kept %q, want the caller's own date", got)
	}
	if got := sqldb.ParseDate("2025-06-01"); !got.Equal(time.Date(2025, 6, 1, 0, 0, 0, 0, time.UTC)) {
		t.Errorf("ParseDate = %v", got)
	}
	if got := sqldb.ParseDate(""); !got.IsZero() {
		t.Errorf("ParseDate(\"\") = %v", got)
	}
}

func fileDB(t testing.TB) *sql.DB {
	t.Helper()
	db, err := sql.Open("sqlite", "file:"+t.TempDir()+"/t.db?_pragma=journal_mode(WAL)&_pragma=busy_timeout(5000)")
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { db.Close() })
	return db
}
