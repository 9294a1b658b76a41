package tenants

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"path/filepath"
	"testing"

	"porch/sqldb"
)

func openTestDB(t *testing.T) *DB {
	t.Helper()
	db, err := OpenMigrated(context.Background(), "acme", filepath.Join(t.TempDir(), "acme.db"))
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { db.Close() })
	return db
}

// A value is loaded once, kept, and loaded again only after a write that
// marked it changed has committed; other writes, and writes that roll
// back before marking, leave it alone.
func TestMemoForgetsOnCommittedChange(t *testing.T) {
	ctx := context.Background()
	db := openTestDB(t)
	loads := 0
	get := func() any {
		v, err := db.Memo("k", func() (any, error) { loads++; return loads, nil })
		if err != nil {
			t.Fatal(err)
		}
		return v
	}
	if get() != 1 || get() != 1 || loads != 1 {
		t.Fatalf("loaded %d times for two reads", loads)
	}
	write := func(mark bool, fail error) {
		err := db.Write(ctx, func(tx *sql.Tx) error {
			if mark {
				sqldb.Changed(tx, "k")
				sqldb.Changed(tx, "k") // twice is once
			}
			return fail
		})
		if !errors.Is(err, fail) {
			t.Fatal(err)
		}
	}
	write(false, nil)
	if get() != 1 {
		t.Fatal("an unmarked write dropped the value")
	}
	write(true, nil)
	if get() != 2 || get() != 2 {
		t.Fatalf("after a marked commit: loads %d, want 2", loads)
	}
	write(true, errors.New("refused"))
	if get() != 3 {
		t.Fatalf("after a marked rollback: loads %d, want 3 (forgetting is harmless)", loads)
	}
	// Marks on a transaction nobody watches go nowhere and leave nothing.
	tx, err := db.Writer().BeginTx(ctx, nil)
	if err != nil {
		t.Fatal(err)
	}
	sqldb.Changed(tx, "k")
	tx.Rollback()
	if get() != 3 {
		t.Fatal("a mark outside Write dropped the value")
	}
}

// A value read before a change commits, and finished loading after the
// change was forgotten, is returned to its caller but not kept.
func TestMemoDropsLoadOverlappingForget(t *testing.T) {
	db := openTestDB(t)
	v, err := db.Memo("k", func() (any, error) {
		db.Forget("k") // the commit lands while this load is reading
		return "stale", nil
	})
	if err != nil || v != "stale" {
		t.Fatal(v, err)
	}
	v, _ = db.Memo("k", func() (any, error) { return "fresh", nil })
	if v != "fresh" {
		t.Fatalf("kept %v, want the load after the change", v)
	}
	if _, err := db.Memo("e", func() (any, error) { return nil, errors.New("boom") }); err == nil {
		t.Fatal("error lost")
	}
	if v, _ := db.Memo("e", func() (any, error) { return "ok", nil }); v != "ok" {
		t.Fatal("an error was kept")
	}
}

// Known custom hostnames are answered from memory; unknown ones are asked
// of the catalog every time and never kept, whatever arrives.
func TestResolveCachesOnlyKnownHostnames(t *testing.T) {
	ctx := context.Background()
	m := newManager(t, Options{BaseDomain: "porch.test"})
	if err := m.Create(ctx, "acme", "Acme", writeName("Acme")); err != nil {
		t.Fatal(err)
	}
	if err := m.AddHostname(ctx, "portal.acme.co.uk", "acme"); err != nil {
		t.Fatal(err)
	}
	for i := range 500 {
		if _, _, err := m.Resolve(ctx, fmt.Sprintf("random-%d.example", i)); err == nil {
			t.Fatal("unknown host resolved")
		}
	}
	if slug, _, err := m.Resolve(ctx, "Portal.Acme.co.uk:443"); err != nil || slug != "acme" {
		t.Fatal(slug, err)
	}
	m.hosts.mu.Lock()
	n := len(m.hosts.m)
	m.hosts.mu.Unlock()
	if n != 1 {
		t.Fatalf("%d hosts kept, want only the known one", n)
	}
	// The next request for it is answered from memory.
	if _, ok, _ := m.hosts.get("portal.acme.co.uk", m.opt.Now()); !ok {
		t.Fatal("known host not kept")
	}
}
