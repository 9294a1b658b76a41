package replicate

import (
	"context"
	"database/sql"
	"fmt"
	"testing"
	"time"

	"porch/estate"
)

// The settings kept in memory belong to the open database, not to the
// organisation: once a restore has put back an earlier copy, the same
// running server reopens it and shows the restored settings, not the ones
// it had cached before.
func TestRestoreShowsRestoredSettings(t *testing.T) {
	e := newEnv(t, 150*time.Millisecond)
	ctx := context.Background()
	e.createOrg("acme")
	cachedName := func(change func(ctx context.Context, tx *sql.Tx) error) string {
		t.Helper()
		db, release, err := e.tm.Acquire(ctx, "acme")
		if err != nil {
			t.Fatal(err)
		}
		defer release()
		if change != nil {
			if err := db.Write(ctx, func(tx *sql.Tx) error { return change(ctx, tx) }); err != nil {
				t.Fatal(err)
			}
		}
		s, err := estate.CachedSettings(ctx, db, db.Read())
		if err != nil {
			t.Fatal(err)
		}
		if err := e.rep.Sync(ctx, e.cfg.OrgPath("acme")); err != nil {
			t.Fatal(err)
		}
		return s.Name
	}
	if got := cachedName(nil); got != "acme" {
		t.Fatalf("name %q", got)
	}
	time.Sleep(20 * time.Millisecond) // LTX timestamps have millisecond resolution
	ts := time.Now()
	time.Sleep(20 * time.Millisecond)
	rename := func(ctx context.Context, tx *sql.Tx) error {
		return estate.UpdateBranding(ctx, tx, estate.Branding{Name: "Acme Renamed", PrimaryColour: "#123456"}, time.Now())
	}
	if got := cachedName(rename); got != "Acme Renamed" {
		t.Fatalf("after renaming: %q", got)
	}

	// The lost change is undone as porch restore does it: with nothing
	// holding the database open.
	eventually(t, "idle org closed", func() string {
		e.rep.Wait()
		if n := e.tm.OpenCount(); n != 0 {
			return fmt.Sprintf("%d open", n)
		}
		return ""
	})
	if _, err := e.cfg.ReplaceDB(ctx, e.cfg.OrgPath("acme"), ts); err != nil {
		t.Fatal(err)
	}
	if got := cachedName(nil); got != "acme" {
		t.Fatalf("after the restore the server shows %q, want the restored %q", got, "acme")
	}
}
