// Package timeorder checks lists that sort rows by a stored instant. Rows
// are written a fraction of a second apart, within one second and across a
// second boundary, and in an order that is not time order; the list must
// come back in true time order. Each check also proves itself: it rewrites
// the rows' instants in the layout their column was written in before
// sqldb.Layout and expects the order to break, so the check would have
// caught the old layouts.
package timeorder

import (
	"context"
	"database/sql"
	"slices"
	"sort"
	"testing"
	"time"

	"porch/sqldb"
)

// The layouts instants were stored in before sqldb.Layout.
const (
	Seconds = time.RFC3339               // estate and the catalog: ties within a second
	Millis  = "2006-01-02T15:04:05.000Z" // auth, ledger and mail: ties within a millisecond
	Trimmed = time.RFC3339Nano           // payments, at first: "…:05Z" sorts after "…:05.5Z"
)

// Instants returns the times to write rows at, in the order to write them.
// base must be a whole second. Two instants fall within one millisecond,
// four within one second, two on whole seconds, two in the next second; and
// each later-written row of a pair that an old layout ties is the older,
// so a list breaking ties by id comes out wrong under that layout.
func Instants(base time.Time) []time.Time {
	return []time.Time{
		base.Add(1050 * time.Millisecond),
		base.Add(500*time.Millisecond + 500*time.Microsecond),
		base.Add(500 * time.Millisecond),
		base.Add(50 * time.Millisecond),
		base,
		base.Add(time.Second),
	}
}

// Row is a row written at an instant, named by its key.
type Row struct {
	Key any
	At  time.Time
}

// List is a list under test, sorted by one stored instant.
type List struct {
	Name          string // the function read, for messages
	Table, Column string // where the instant is stored
	Key           string // the column that names a row
	Old           string // the layout Column was written in before sqldb.Layout
	NewestFirst   bool
	// TieByKey is set when the list breaks ties by Key (ORDER BY at DESC,
	// id DESC): an old layout that ties two instants then gives a definite
	// wrong order. Without it the order of tied rows is left to SQLite,
	// and the check proves only that the old texts do tie or misorder.
	TieByKey bool
	// Read returns the keys of the list, in its order. A list that keeps
	// only the first row of the order (the newest mandate of a unit)
	// returns that prefix.
	Read func() ([]any, error)
}

// Check reads l and compares it with rows in true time order, then
// rewrites the rows' instants in l.Old and expects the old layout to break
// the order. db is a writable handle on the table; the rows are put back
// in sqldb.Layout afterwards.
func Check(t testing.TB, db *sql.DB, l List, rows []Row) {
	t.Helper()
	sorted := slices.Clone(rows)
	sort.SliceStable(sorted, func(i, j int) bool {
		if l.NewestFirst {
			return sorted[i].At.After(sorted[j].At)
		}
		return sorted[i].At.Before(sorted[j].At)
	})
	want := make([]any, len(sorted))
	for i, r := range sorted {
		want[i] = r.Key
	}
	got, err := l.Read()
	if err != nil {
		t.Fatalf("%s: %v", l.Name, err)
	}
	if len(got) == 0 || len(got) > len(want) || !slices.Equal(got, want[:len(got)]) {
		t.Errorf("%s by %s.%s: got %v, want %v (true time order)", l.Name, l.Table, l.Column, got, want)
	}

	set := func(text func(time.Time) any) {
		t.Helper()
		for _, r := range rows {
			if _, err := db.ExecContext(context.Background(), `UPDATE `+l.Table+` SET `+l.Column+` = ? WHERE `+l.Key+` = ?`,
				text(r.At), r.Key); err != nil {
				t.Fatal(err)
			}
		}
	}
	set(func(at time.Time) any { return at.UTC().Format(l.Old) })
	defer set(func(at time.Time) any { return sqldb.At(at) })

	inOrder := true
	for i := 1; i < len(sorted); i++ {
		a, b := sorted[i-1].At.UTC().Format(l.Old), sorted[i].At.UTC().Format(l.Old)
		if l.NewestFirst {
			a, b = b, a
		}
		inOrder = inOrder && a < b
	}
	if inOrder {
		t.Errorf("%s.%s: layout %q keeps these instants in order as text; the check would not catch it", l.Table, l.Column, l.Old)
	}
	if !l.TieByKey {
		return
	}
	old, err := l.Read()
	if err != nil {
		t.Fatalf("%s in layout %q: %v", l.Name, l.Old, err)
	}
	if len(old) > 0 && slices.Equal(old, want[:min(len(old), len(want))]) {
		t.Errorf("%s by %s.%s in layout %q still in time order: the check would not catch it", l.Name, l.Table, l.Column, l.Old)
	}
}

// Keys maps a list of rows to their keys, for List.Read.
func Keys[T any](list []T, err error, key func(T) any) ([]any, error) {
	if err != nil {
		return nil, err
	}
	out := make([]any, len(list))
	for i, v := range list {
		out[i] = key(v)
	}
	return out, nil
}
