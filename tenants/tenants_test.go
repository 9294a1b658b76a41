package tenants

import (
	"context"
	"database/sql"
	"os"
	"strings"
	"sync"
	"testing"
	"time"

	"porch/errs"
)

func newManager(t testing.TB, opt Options) *Manager {
	t.Helper()
	if opt.DataDir == "" {
		opt.DataDir = t.TempDir()
	}
	m, err := NewManager(context.Background(), opt)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { m.Close() })
	return m
}

// writeName is a Create init that leaves a mark to read back.
func writeName(name string) func(context.Context, *DB) error {
	return func(ctx context.Context, db *DB) error {
		return db.Write(ctx, func(tx *sql.Tx) error {
			_, err := tx.ExecContext(ctx, `INSERT INTO settings (id, name, updated_at) VALUES (1, ?, '2026-01-01T00:00:00Z')`, name)
			return err
		})
	}
}

func TestValidateSlug(t *testing.T) {
	tests := []struct {
		slug string
		want string // substring of the message; empty means valid
	}{
		{"acme", ""},
		{"acme-lettings", ""},
		{"a1", ""},
		{"", "empty"},
		{"a", "too short"},
		{strings.Repeat("a", 41), "too long"},
		{"Acme", "upper-case"},
		{"acme lettings", "spaces"},
		{"acme_lettings", `'_'`},
		{"acme.co", `'.'`},
		{"-acme", "hyphen"},
		{"acme-", "hyphen"},
		{"ac--me", "two hyphens"},
		{"www", "reserved"},
		{"admin", "reserved"},
		{"static", "reserved"},
	}
	for _, tt := range tests {
		t.Run(tt.slug, func(t *testing.T) {
			err := ValidateSlug(tt.slug)
			if tt.want == "" {
				if err != nil {
					t.Fatalf("ValidateSlug(%q) = %v, want nil", tt.slug, err)
				}
				return
			}
			if err == nil || !strings.Contains(err.Error(), tt.want) {
				t.Fatalf("ValidateSlug(%q) = %v, want message with %q", tt.slug, err, tt.want)
			}
			if !errs.Is(err, errs.Invalid) {
				t.Fatalf("code = %v, want invalid", errs.CodeOf(err))
			}
		})
	}
}

func TestResolve(t *testing.T) {
	ctx := context.Background()
	m := newManager(t, Options{BaseDomain: "porch.example"})
	if err := m.Create(ctx, "acme", "Acme", writeName("Acme")); err != nil {
		t.Fatal(err)
	}
	if err := m.AddHostname(ctx, "Portal.Acme.co.uk", "acme"); err != nil {
		t.Fatal(err)
	}
	tests := []struct {
		host     string
		slug     string
		isBase   bool
		notFound bool
	}{
		{host: "acme.porch.example", slug: "acme"},
		{host: "acme.porch.example:8080", slug: "acme"},
		{host: "ACME.Porch.Example", slug: "acme"},
		{host: "acme.porch.example.", slug: "acme"},
		{host: "portal.acme.co.uk", slug: "acme"},
		{host: "PORTAL.ACME.CO.UK:443", slug: "acme"},
		{host: "porch.example", isBase: true},
		{host: "porch.example:8080", isBase: true},
		{host: "other.porch.example", notFound: true},
		{host: "x.acme.porch.example", notFound: true},
		{host: "evil.example", notFound: true},
		{host: "acme", notFound: true},
		{host: "", notFound: true},
	}
	for _, tt := range tests {
		t.Run(tt.host, func(t *testing.T) {
			slug, isBase, err := m.Resolve(ctx, tt.host)
			if tt.notFound {
				if !errs.Is(err, errs.NotFound) {
					t.Fatalf("Resolve(%q) = %q, %v, %v; want not found", tt.host, slug, isBase, err)
				}
				return
			}
			if err != nil || slug != tt.slug || isBase != tt.isBase {
				t.Fatalf("Resolve(%q) = %q, %v, %v; want %q, %v", tt.host, slug, isBase, err, tt.slug, tt.isBase)
			}
		})
	}
}

func TestCreateRefusesAndLeavesNothing(t *testing.T) {
	ctx := context.Background()
	m := newManager(t, Options{})
	if err := m.Create(ctx, "acme", "Acme", writeName("Acme")); err != nil {
		t.Fatal(err)
	}
	if err := m.Create(ctx, "acme", "Acme again", writeName("x")); !errs.Is(err, errs.Conflict) || !strings.Contains(err.Error(), "already taken") {
		t.Fatalf("duplicate create: %v", err)
	}
	if err := m.Create(ctx, "Bad Slug", "Bad", nil); !errs.Is(err, errs.Invalid) {
		t.Fatalf("bad slug: %v", err)
	}
	if _, err := os.Stat(m.path("Bad Slug")); !os.IsNotExist(err) {
		t.Fatalf("bad slug left a file: %v", err)
	}
	// An init that fails leaves no file and no catalog row.
	boom := func(context.Context, *DB) error { return errs.E(errs.Invalid, "boom") }
	if err := m.Create(ctx, "broken", "Broken", boom); err == nil {
		t.Fatal("create with failing init succeeded")
	}
	if ok, _ := m.Exists(ctx, "broken"); ok {
		t.Fatal("failed create is listed")
	}
	if _, err := os.Stat(m.path("broken")); !os.IsNotExist(err) {
		t.Fatalf("failed create left a file: %v", err)
	}
	orgs, err := m.List(ctx)
	if err != nil || len(orgs) != 1 || orgs[0].Slug != "acme" || orgs[0].Name != "Acme" {
		t.Fatalf("List = %+v, %v", orgs, err)
	}
}

func TestMigrateFreshAndAlreadyMigrated(t *testing.T) {
	ctx := context.Background()
	path := t.TempDir() + "/x.db"
	db, err := Open(ctx, "x", path)
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	mg, err := newMigrator()
	if err != nil {
		t.Fatal(err)
	}
	if _, ok := mg.current(ctx, db.Writer()); ok {
		t.Fatal("fresh database reports a version")
	}
	if err := mg.up(ctx, db); err != nil {
		t.Fatal(err)
	}
	v, ok := mg.current(ctx, db.Writer())
	if !ok || v != mg.latest {
		t.Fatalf("after up: version %d %v, want %d", v, ok, mg.latest)
	}
	// Again: a no-op that must not fail or add rows.
	var before, after int
	db.Writer().QueryRowContext(ctx, `SELECT count(*) FROM goose_db_version`).Scan(&before)
	if err := mg.up(ctx, db); err != nil {
		t.Fatal(err)
	}
	db.Writer().QueryRowContext(ctx, `SELECT count(*) FROM goose_db_version`).Scan(&after)
	if before != after {
		t.Fatalf("second up changed goose_db_version: %d -> %d rows", before, after)
	}
	var fk, wal string
	db.Writer().QueryRowContext(ctx, `PRAGMA foreign_keys`).Scan(&fk)
	db.Writer().QueryRowContext(ctx, `PRAGMA journal_mode`).Scan(&wal)
	if fk != "1" || wal != "wal" {
		t.Fatalf("pragmas: foreign_keys=%s journal_mode=%s", fk, wal)
	}
	// The read pool must refuse writes.
	if _, err := db.ReadPool().ExecContext(ctx, `DELETE FROM settings`); err == nil {
		t.Fatal("read pool accepted a write")
	}
}

func TestCacheEvictsAndClosesHandles(t *testing.T) {
	ctx := context.Background()
	var mu sync.Mutex
	closed := map[string]int{}
	m := newManager(t, Options{MaxOpen: 2, IdleTimeout: time.Hour, OnClose: func(db *DB) {
		mu.Lock()
		closed[db.Slug]++
		mu.Unlock()
	}})
	for _, s := range []string{"aa", "bb", "cc"} {
		if err := m.Create(ctx, s, s, writeName(s)); err != nil {
			t.Fatal(err)
		}
	}
	dbA, relA, err := m.Acquire(ctx, "aa")
	if err != nil {
		t.Fatal(err)
	}
	relA()
	_, relB, _ := m.Acquire(ctx, "bb")
	relB()
	// A third org pushes out the least recently used, aa.
	dbC, relC, err := m.Acquire(ctx, "cc")
	if err != nil {
		t.Fatal(err)
	}
	if n := m.OpenCount(); n != 2 {
		t.Fatalf("open = %d, want 2", n)
	}
	mu.Lock()
	if closed["aa"] != 1 {
		t.Fatalf("aa closed %d times, want 1 (closed=%v)", closed["aa"], closed)
	}
	mu.Unlock()
	if err := dbA.ReadPool().PingContext(ctx); err == nil || !strings.Contains(err.Error(), "closed") {
		t.Fatalf("evicted handle still usable: %v", err)
	}
	// A database in use is never closed, even over the limit.
	_, relB2, _ := m.Acquire(ctx, "bb")
	_, relA2, _ := m.Acquire(ctx, "aa")
	if n := m.OpenCount(); n != 3 {
		t.Fatalf("open while all in use = %d, want 3", n)
	}
	if err := dbC.ReadPool().PingContext(ctx); err != nil {
		t.Fatalf("in-use handle closed: %v", err)
	}
	relC()
	relB2()
	relA2()
	if n := m.OpenCount(); n != 2 {
		t.Fatalf("open after release = %d, want 2", n)
	}
}

func TestIdleClose(t *testing.T) {
	ctx := context.Background()
	m := newManager(t, Options{IdleTimeout: 20 * time.Millisecond})
	if err := m.Create(ctx, "acme", "Acme", writeName("Acme")); err != nil {
		t.Fatal(err)
	}
	db, rel, err := m.Acquire(ctx, "acme")
	if err != nil {
		t.Fatal(err)
	}
	time.Sleep(50 * time.Millisecond)
	if m.OpenCount() != 1 {
		t.Fatal("acquired database closed while in use")
	}
	rel()
	deadline := time.Now().Add(5 * time.Second)
	for m.OpenCount() != 0 && time.Now().Before(deadline) {
		time.Sleep(10 * time.Millisecond)
	}
	if m.OpenCount() != 0 {
		t.Fatal("idle database not closed")
	}
	if err := db.ReadPool().PingContext(ctx); err == nil {
		t.Fatal("idle-closed handle still open")
	}
}

func TestCorruptOrgIsUnavailableOthersServe(t *testing.T) {
	ctx := context.Background()
	m := newManager(t, Options{})
	for _, s := range []string{"good", "bad"} {
		if err := m.Create(ctx, s, s, writeName(s)); err != nil {
			t.Fatal(err)
		}
	}
	if err := os.WriteFile(m.path("bad"), []byte(strings.Repeat("not a database ", 500)), 0o600); err != nil {
		t.Fatal(err)
	}
	if _, _, err := m.Acquire(ctx, "bad"); !errs.Is(err, errs.Unavailable) {
		t.Fatalf("corrupt org: %v, want unavailable", err)
	}
	db, rel, err := m.Acquire(ctx, "good")
	if err != nil {
		t.Fatal(err)
	}
	defer rel()
	var name string
	if err := db.Read().QueryRowContext(ctx, `SELECT name FROM settings`).Scan(&name); err != nil || name != "good" {
		t.Fatalf("good org: %q %v", name, err)
	}
	if _, _, err := m.Acquire(ctx, "nobody"); !errs.Is(err, errs.NotFound) {
		t.Fatalf("unknown org: %v", err)
	}
}

func TestConcurrentAcquireOpensOnce(t *testing.T) {
	ctx := context.Background()
	opens := 0
	var mu sync.Mutex
	m := newManager(t, Options{OnOpen: func(*DB) error { mu.Lock(); opens++; mu.Unlock(); return nil }})
	if err := m.Create(ctx, "acme", "Acme", writeName("Acme")); err != nil {
		t.Fatal(err)
	}
	var wg sync.WaitGroup
	for range 20 {
		wg.Add(1)
		go func() {
			defer wg.Done()
			_, rel, err := m.Acquire(ctx, "acme")
			if err != nil {
				t.Error(err)
				return
			}
			rel()
		}()
	}
	wg.Wait()
	if opens != 1 {
		t.Fatalf("opened %d times, want 1", opens)
	}
}
