package tenants

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"testing"
)

// A value is kept until any write commits, or fails, through Write; then
// it is loaded again. Load errors are not kept.
func TestRecentLoadsAgainAfterEveryWrite(t *testing.T) {
	ctx := context.Background()
	db := openTestDB(t)
	loads := 0
	get := func() any {
		t.Helper()
		v, err := db.Recent("k", func() (any, error) { loads++; return loads, nil })
		if err != nil {
			t.Fatal(err)
		}
		return v
	}
	if get() != 1 || get() != 1 || loads != 1 {
		t.Fatalf("loaded %d times for two reads with no write", loads)
	}
	gen := db.Generation()
	if err := db.Write(ctx, func(tx *sql.Tx) error { return nil }); err != nil {
		t.Fatal(err)
	}
	if db.Generation() != gen+1 {
		t.Fatalf("generation %d after one write, want %d", db.Generation(), gen+1)
	}
	if get() != 2 || get() != 2 {
		t.Fatalf("after a write: loads %d, want 2", loads)
	}
	boom := errors.New("boom")
	if err := db.Write(ctx, func(tx *sql.Tx) error { return boom }); !errors.Is(err, boom) {
		t.Fatal(err)
	}
	if get() != 3 {
		t.Fatalf("after a failed write: loads %d, want 3", loads)
	}
	// A write nothing kept shows (a session's last use) keeps what is
	// kept, and its change is in the database all the same.
	gen = db.Generation()
	if err := db.WriteUnseen(ctx, func(tx *sql.Tx) error {
		_, err := tx.ExecContext(ctx, `CREATE TABLE seen (at TEXT)`)
		return err
	}); err != nil {
		t.Fatal(err)
	}
	if db.Generation() != gen || get() != 3 {
		t.Fatalf("after an unseen write: generation %d (was %d), loads %d", db.Generation(), gen, loads)
	}
	if err := db.ReadPool().QueryRow(`SELECT count(*) FROM seen`).Scan(new(int)); err != nil {
		t.Fatalf("the unseen write did not commit: %v", err)
	}
	if _, err := db.Recent("k2", func() (any, error) { return nil, boom }); !errors.Is(err, boom) {
		t.Fatalf("load error: %v", err)
	}
	v, err := db.Recent("k2", func() (any, error) { return "fine", nil })
	if err != nil || v != "fine" {
		t.Fatalf("after a failed load: %v, %v; want it loaded again", v, err)
	}
}

// A value loaded while a write commits is never kept as current: it is
// stored under the generation read before loading, which the commit moves
// on.
func TestRecentValueLoadedDuringWriteIsLoadedAgain(t *testing.T) {
	ctx := context.Background()
	db := openTestDB(t)
	loads := 0
	v, err := db.Recent("k", func() (any, error) {
		loads++
		// A write commits while this value is being read.
		return "old", db.Write(ctx, func(tx *sql.Tx) error { return nil })
	})
	if err != nil || v != "old" {
		t.Fatal(v, err)
	}
	v, _ = db.Recent("k", func() (any, error) { loads++; return "new", nil })
	if v != "new" || loads != 2 {
		t.Fatalf("got %v after %d loads; a value read during a commit was kept", v, loads)
	}
}

// The cache is bounded: past maxRecent keys it starts again, and every
// value is still right.
func TestRecentIsBounded(t *testing.T) {
	db := openTestDB(t)
	for i := range maxRecent + 10 {
		k := fmt.Sprint(i)
		v, err := db.Recent(k, func() (any, error) { return k, nil })
		if err != nil || v != k {
			t.Fatal(v, err)
		}
	}
	if n := len(db.recent.m); n > maxRecent {
		t.Fatalf("%d entries kept, want at most %d", n, maxRecent)
	}
}
