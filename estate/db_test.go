package estate_test

import (
	"context"
	"database/sql"
	"testing"
	"time"

	"porch/errs"
	"porch/internal/testdb"
	"porch/tenants"
)

// testNow is the clock of every test: a fixed instant, so stored timestamps
// and date rules are predictable.
var testNow = time.Date(2025, 3, 14, 10, 30, 0, 0, time.UTC)

// newDB returns a freshly migrated organisation database in a temporary
// directory, closed when the test ends.
func newDB(t *testing.T) *tenants.DB {
	t.Helper()
	return testdb.Org(t, "test")
}

// write runs fn in one write transaction and returns its error.
func write(t *testing.T, db *tenants.DB, fn func(ctx context.Context, tx *sql.Tx) error) error {
	t.Helper()
	ctx := context.Background()
	return db.Write(ctx, func(tx *sql.Tx) error { return fn(ctx, tx) })
}

// mustWrite is write for steps that are not under test.
func mustWrite(t *testing.T, db *tenants.DB, fn func(ctx context.Context, tx *sql.Tx) error) {
	t.Helper()
	if err := write(t, db, fn); err != nil {
		t.Fatal(err)
	}
}

// count returns the number of rows in table.
func count(t *testing.T, db *tenants.DB, table string) int {
	t.Helper()
	var n int
	if err := db.ReadPool().QueryRow(`SELECT count(*) FROM ` + table).Scan(&n); err != nil {
		t.Fatal(err)
	}
	return n
}

// fieldErrors returns the per-field messages of a validation error, failing
// the test when err is anything else.
func fieldErrors(t *testing.T, err error) map[string]string {
	t.Helper()
	e, ok := errs.As(err)
	if !ok || e.Code != errs.Invalid {
		t.Fatalf("want a validation error, got %v", err)
	}
	return e.Fields
}

// wantNotFound fails the test unless err is NotFound.
func wantNotFound(t *testing.T, err error) {
	t.Helper()
	if !errs.Is(err, errs.NotFound) {
		t.Fatalf("want not found, got %v", err)
	}
}

func date(y int, m time.Month, d int) time.Time { return time.Date(y, m, d, 0, 0, 0, 0, time.UTC) }
