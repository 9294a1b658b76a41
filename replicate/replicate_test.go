package replicate

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"os"
	"path/filepath"
	"sort"
	"strings"
	"testing"
	"time"

	"github.com/benbjohnson/litestream"
	"github.com/benbjohnson/litestream/file"
	"github.com/superfly/ltx"

	"porch/estate"
	"porch/tenants"
)

// testConfig is a litestream.yml for dataDir with file replicas under
// replicaDir, syncing often so tests are quick.
func testConfig(dataDir, replicaDir string) string {
	return fmt.Sprintf(`
levels:
  - interval: 1h
dbs:
  - path: %[1]s/catalog.db
    monitor-interval: 20ms
    replica:
      type: file
      path: %[2]s/catalog
      sync-interval: 20ms
  - dir: %[1]s/orgs
    pattern: "*.db"
    monitor-interval: 20ms
    replica:
      url: file://%[2]s/orgs
      sync-interval: 20ms
`, dataDir, replicaDir)
}

type env struct {
	t       *testing.T
	dataDir string
	repDir  string
	cfg     *Config
	rep     *Replicator
	tm      *tenants.Manager
}

func quietLogger() *slog.Logger { return slog.New(slog.NewTextHandler(io.Discard, nil)) }

// newEnv starts what the server starts: the tenants manager with the
// replication hooks, and the replicator with the catalog registered.
func newEnv(t *testing.T, idle time.Duration) *env {
	t.Helper()
	e := &env{t: t, dataDir: t.TempDir(), repDir: t.TempDir()}
	file := filepath.Join(t.TempDir(), "litestream.yml")
	if err := os.WriteFile(file, []byte(testConfig(e.dataDir, e.repDir)), 0o600); err != nil {
		t.Fatal(err)
	}
	e.start(file, idle)
	return e
}

// start loads the configuration file for e.dataDir and starts the tenants
// manager and the replicator on it.
func (e *env) start(file string, idle time.Duration) {
	t := e.t
	t.Helper()
	var err error
	if e.cfg, err = Load(file, e.dataDir); err != nil {
		t.Fatal(err)
	}
	e.rep = New(e.cfg, quietLogger())
	e.tm, err = tenants.NewManager(context.Background(), tenants.Options{
		DataDir: e.dataDir, IdleTimeout: idle, Logger: quietLogger(),
		OnOpen: e.rep.OnOpen, OnClose: e.rep.OnClose,
	})
	if err != nil {
		t.Fatal(err)
	}
	if err := e.rep.Open(context.Background()); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(e.stop)
}

// stop closes as the server does: databases first (each synced and
// unregistered), then replication.
func (e *env) stop() {
	if e.tm != nil {
		if err := e.tm.Close(); err != nil {
			e.t.Error(err)
		}
		e.tm = nil
	}
	if e.rep != nil {
		if err := e.rep.Close(context.Background()); err != nil {
			e.t.Error(err)
		}
		e.rep = nil
	}
}

// createOrg creates an organisation as porch org create does.
func (e *env) createOrg(slug string) {
	e.t.Helper()
	now := time.Now()
	err := e.tm.Create(context.Background(), slug, strings.ToUpper(slug)+" Lettings", func(ctx context.Context, db *tenants.DB) error {
		return db.Write(ctx, func(tx *sql.Tx) error {
			if err := estate.InitSettings(ctx, tx, slug, now); err != nil {
				return err
			}
			_, err := estate.CreatePerson(ctx, tx, estate.PersonInput{FullName: "Manager of " + slug, Email: slug + "@example.com", PortalEnabled: true}, now)
			return err
		})
	})
	if err != nil {
		e.t.Fatal(err)
	}
}

// addSites writes n sites to the org through the cache, as a request would.
func (e *env) addSites(slug string, from, n int) {
	e.t.Helper()
	ctx := context.Background()
	db, release, err := e.tm.Acquire(ctx, slug)
	if err != nil {
		e.t.Fatal(err)
	}
	defer release()
	for i := from; i < from+n; i++ {
		err := db.Write(ctx, func(tx *sql.Tx) error {
			_, err := estate.CreateSite(ctx, tx, estate.SiteInput{Name: fmt.Sprintf("%s site %d", slug, i), Kind: estate.KindLettings}, time.Now())
			return err
		})
		if err != nil {
			e.t.Fatal(err)
		}
	}
}

// dump is a logical dump of every table: its rows as text, sorted.
func dump(t *testing.T, path string) map[string][]string {
	t.Helper()
	db, err := sql.Open("sqlite", "file:"+path+"?mode=ro&_pragma=busy_timeout(5000)")
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	tables, err := userTables(context.Background(), db)
	if err != nil {
		t.Fatal(err)
	}
	out := map[string][]string{}
	for _, table := range tables {
		rows, err := db.Query(`SELECT * FROM ` + quoteIdent(table))
		if err != nil {
			t.Fatal(err)
		}
		cols, _ := rows.Columns()
		var lines []string
		for rows.Next() {
			vals := make([]any, len(cols))
			ptrs := make([]any, len(cols))
			for i := range vals {
				ptrs[i] = &vals[i]
			}
			if err := rows.Scan(ptrs...); err != nil {
				t.Fatal(err)
			}
			var b strings.Builder
			for i, v := range vals {
				if i > 0 {
					b.WriteString("|")
				}
				if bs, ok := v.([]byte); ok {
					v = string(bs)
				}
				fmt.Fprintf(&b, "%v", v)
			}
			lines = append(lines, b.String())
		}
		rows.Close()
		sort.Strings(lines)
		out[table] = lines
	}
	return out
}

func diffDumps(want, got map[string][]string) string {
	var d []string
	for table, rows := range want {
		g, ok := got[table]
		switch {
		case !ok:
			d = append(d, "missing table "+table)
		case strings.Join(rows, "\n") != strings.Join(g, "\n"):
			d = append(d, fmt.Sprintf("table %s: %d rows want, %d got", table, len(rows), len(g)))
		}
	}
	for table := range got {
		if _, ok := want[table]; !ok {
			d = append(d, "extra table "+table)
		}
	}
	sort.Strings(d)
	return strings.Join(d, "; ")
}

// eventually retries check until it returns "" or the deadline passes.
func eventually(t *testing.T, what string, check func() string) {
	t.Helper()
	deadline := time.Now().Add(10 * time.Second)
	for {
		msg := check()
		if msg == "" {
			return
		}
		if time.Now().After(deadline) {
			t.Fatalf("%s: %s", what, msg)
		}
		time.Sleep(50 * time.Millisecond)
	}
}

// restoreDump restores dbPath's replica (as of ts) into a fresh file and
// dumps it.
func (e *env) restoreDump(dbPath string, ts time.Time) (map[string][]string, error) {
	out := filepath.Join(e.t.TempDir(), filepath.Base(dbPath))
	if err := e.cfg.Restore(context.Background(), dbPath, out, ts); err != nil {
		return nil, err
	}
	return dump(e.t, out), nil
}

func TestReplicateAndRestore(t *testing.T) {
	e := newEnv(t, time.Hour)
	ctx := context.Background()
	slugs := []string{"acme", "beta"}
	for _, s := range slugs {
		e.createOrg(s)
		e.addSites(s, 0, 3)
		if got := e.rep.Registered(); got < 2 {
			t.Fatalf("after opening %s, %d databases registered", s, got)
		}
	}
	if got := e.rep.Registered(); got != 3 {
		t.Fatalf("registered %d databases, want the catalog and two orgs", got)
	}
	// Litestream owns checkpoints of the databases it replicates.
	db, release, err := e.tm.Acquire(ctx, "acme")
	if err != nil {
		t.Fatal(err)
	}
	var pages int
	err = db.Writer().QueryRowContext(ctx, `PRAGMA wal_autocheckpoint`).Scan(&pages)
	release()
	if err != nil || pages != 0 {
		t.Fatalf("writer wal_autocheckpoint = %d, %v; want 0 while replicated", pages, err)
	}

	// State A, synced explicitly.
	early := map[string]map[string][]string{}
	for _, s := range slugs {
		if err := e.rep.Sync(ctx, e.cfg.OrgPath(s)); err != nil {
			t.Fatal(err)
		}
		early[s] = dump(t, e.cfg.OrgPath(s))
	}
	time.Sleep(20 * time.Millisecond) // LTX timestamps have millisecond resolution
	ts := time.Now()
	time.Sleep(20 * time.Millisecond)

	// State B, left to the background sync.
	for _, s := range slugs {
		e.addSites(s, 3, 4)
	}
	for _, p := range []string{e.cfg.CatalogPath(), e.cfg.OrgPath("acme"), e.cfg.OrgPath("beta")} {
		live := dump(t, p)
		eventually(t, "restore of "+filepath.Base(p)+" matches the live database", func() string {
			got, err := e.restoreDump(p, time.Time{})
			if err != nil {
				return err.Error()
			}
			return diffDumps(live, got)
		})
	}
	if n := len(dump(t, e.cfg.OrgPath("acme"))["sites"]); n != 7 {
		t.Fatalf("acme has %d sites live, want 7", n)
	}

	// Point in time: the earlier state, without the later sites.
	for _, s := range slugs {
		got, err := e.restoreDump(e.cfg.OrgPath(s), ts)
		if err != nil {
			t.Fatal(err)
		}
		if d := diffDumps(early[s], got); d != "" {
			t.Errorf("%s restored at %s differs from its state then: %s", s, ts.Format(time.RFC3339Nano), d)
		}
		if len(got["sites"]) != 3 {
			t.Errorf("%s at %s has %d sites, want 3", s, ts, len(got["sites"]))
		}
	}

	// Before anything was replicated there is nothing to restore.
	if _, err := e.restoreDump(e.cfg.OrgPath("acme"), time.Now().Add(-time.Hour)); !errors.Is(err, ErrNoBackup) {
		t.Fatalf("restore before the first backup: %v, want ErrNoBackup", err)
	}

	res, err := e.cfg.Check(ctx, t.TempDir(), 0)
	if err != nil {
		t.Fatal(err)
	}
	if len(res) != 3 {
		t.Fatalf("checked %d databases, want 3", len(res))
	}
	for _, r := range res {
		if r.Err != nil || r.Tables == 0 {
			t.Errorf("check %s: %d tables, %v", r.Name, r.Tables, r.Err)
		}
	}
}

// An org closed by the idle reaper is synced and unregistered: its last
// writes reach the replica without an explicit sync, and it stops costing
// anything.
func TestIdleCloseSyncsAndUnregisters(t *testing.T) {
	e := newEnv(t, 150*time.Millisecond)
	e.createOrg("acme")
	e.addSites("acme", 0, 2)
	eventually(t, "idle org closed and unregistered", func() string {
		e.rep.Wait()
		if n, r := e.tm.OpenCount(), e.rep.Registered(); n != 0 || r != 1 {
			return fmt.Sprintf("%d open, %d registered", n, r)
		}
		return ""
	})
	live := dump(t, e.cfg.OrgPath("acme"))
	got, err := e.restoreDump(e.cfg.OrgPath("acme"), time.Time{})
	if err != nil {
		t.Fatal(err)
	}
	if d := diffDumps(live, got); d != "" {
		t.Fatalf("after idle close the replica differs: %s", d)
	}

	// Reopened, it is replicated again from where it left off.
	e.addSites("acme", 2, 1)
	live = dump(t, e.cfg.OrgPath("acme"))
	eventually(t, "reopened org replicated", func() string {
		got, err := e.restoreDump(e.cfg.OrgPath("acme"), time.Time{})
		if err != nil {
			return err.Error()
		}
		return diffDumps(live, got)
	})
}

// An org created while replication was off gets its first snapshot from
// CatchUp, without being opened.
func TestCatchUp(t *testing.T) {
	e := newEnv(t, time.Hour)
	e.createOrg("acme")
	if _, err := e.restoreDump(e.cfg.OrgPath("acme"), time.Time{}); !errors.Is(err, ErrNoBackup) {
		t.Fatalf("before catch-up: %v, want ErrNoBackup", err)
	}
	n, err := e.rep.CatchUp(context.Background(), []string{e.cfg.OrgPath("acme")})
	if err != nil || n != 1 {
		t.Fatalf("CatchUp = %d, %v", n, err)
	}
	e.rep.Wait()
	if _, err := e.restoreDump(e.cfg.OrgPath("acme"), time.Time{}); err != nil {
		t.Fatal(err)
	}
	if n, _ := e.rep.CatchUp(context.Background(), []string{e.cfg.OrgPath("acme")}); n != 0 {
		t.Fatalf("second CatchUp replicated %d", n)
	}
}

func TestBackupCheckFailsOnDamagedReplica(t *testing.T) {
	e := newEnv(t, time.Hour)
	ctx := context.Background()
	e.createOrg("acme")
	e.createOrg("beta")
	e.addSites("acme", 0, 20)
	e.addSites("beta", 0, 2)
	for _, s := range []string{"acme", "beta"} {
		if err := e.rep.Sync(ctx, e.cfg.OrgPath(s)); err != nil {
			t.Fatal(err)
		}
	}
	if err := e.rep.Sync(ctx, e.cfg.CatalogPath()); err != nil {
		t.Fatal(err)
	}
	e.stop() // the replica must not be rewritten under the damage

	corruptReplica(t, e.cfg, e.cfg.OrgPath("acme"))
	res, err := e.cfg.Check(ctx, t.TempDir(), 0)
	if err != nil {
		t.Fatal(err)
	}
	verdict := map[string]error{}
	for _, r := range res {
		verdict[r.Name] = r.Err
	}
	if verdict["acme"] == nil {
		t.Fatal("backup check passed a damaged replica")
	}
	t.Logf("acme: %v", verdict["acme"])
	if verdict["beta"] != nil || verdict["catalog"] != nil {
		t.Fatalf("undamaged replicas failed: beta %v, catalog %v", verdict["beta"], verdict["catalog"])
	}
}

// corruptReplica damages the largest LTX file that restoring the latest
// state of dbPath reads.
func corruptReplica(t *testing.T, cfg *Config, dbPath string) {
	t.Helper()
	client, err := cfg.ReplicaClient(dbPath)
	if err != nil {
		t.Fatal(err)
	}
	plan, err := litestream.CalcRestorePlan(context.Background(), client, 0, time.Time{}, quietLogger())
	if err != nil {
		t.Fatal(err)
	}
	var biggest *ltx.FileInfo
	for _, info := range plan {
		if biggest == nil || info.Size > biggest.Size {
			biggest = info
		}
	}
	path := client.(*file.ReplicaClient).LTXFilePath(biggest.Level, biggest.MinTXID, biggest.MaxTXID)
	f, err := os.OpenFile(path, os.O_RDWR, 0)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	junk := []byte(strings.Repeat("\xde\xad\xbe\xef", 64))
	if _, err := f.WriteAt(junk, biggest.Size/2); err != nil {
		t.Fatal(err)
	}
}

func TestBackupCheckFailsOnMismatch(t *testing.T) {
	e := newEnv(t, time.Hour)
	ctx := context.Background()
	e.createOrg("acme")
	e.addSites("acme", 0, 2)
	if err := e.rep.Sync(ctx, e.cfg.OrgPath("acme")); err != nil {
		t.Fatal(err)
	}
	e.stop()
	// A write the replica never saw (as if replication had silently stopped).
	db, err := tenants.Open(ctx, "acme", e.cfg.OrgPath("acme"))
	if err != nil {
		t.Fatal(err)
	}
	err = db.Write(ctx, func(tx *sql.Tx) error {
		_, err := estate.CreateSite(ctx, tx, estate.SiteInput{Name: "unreplicated", Kind: estate.KindLettings}, time.Now())
		return err
	})
	db.Close()
	if err != nil {
		t.Fatal(err)
	}
	res, err := e.cfg.Check(ctx, t.TempDir(), 10*time.Millisecond)
	if err != nil {
		t.Fatal(err)
	}
	for _, r := range res {
		if r.Name == "acme" {
			if r.Err == nil || !strings.Contains(r.Err.Error(), "table sites has 3 rows live, 2 in the replica") {
				t.Fatalf("check acme: %v", r.Err)
			}
			return
		}
	}
	t.Fatal("acme not checked")
}

// Restoring over a database (server stopped) keeps the old file, and
// replication carries on from the restored copy.
func TestReplaceDB(t *testing.T) {
	e := newEnv(t, time.Hour)
	ctx := context.Background()
	e.createOrg("acme")
	e.addSites("acme", 0, 2)
	if err := e.rep.Sync(ctx, e.cfg.OrgPath("acme")); err != nil {
		t.Fatal(err)
	}
	time.Sleep(20 * time.Millisecond)
	ts := time.Now()
	time.Sleep(20 * time.Millisecond)
	e.addSites("acme", 2, 5) // the mistake to undo
	if err := e.rep.Sync(ctx, e.cfg.OrgPath("acme")); err != nil {
		t.Fatal(err)
	}
	e.stop()

	kept, err := e.cfg.ReplaceDB(ctx, e.cfg.OrgPath("acme"), ts)
	if err != nil {
		t.Fatal(err)
	}
	if n := len(dump(t, kept)["sites"]); n != 7 {
		t.Fatalf("kept copy has %d sites, want 7", n)
	}
	if n := len(dump(t, e.cfg.OrgPath("acme"))["sites"]); n != 2 {
		t.Fatalf("restored database has %d sites, want 2", n)
	}

	// Start again on the restored data: new writes replicate, and the
	// latest restore is the restored state plus them.
	e2 := &env{t: t, dataDir: e.dataDir, repDir: e.repDir, cfg: e.cfg}
	e2.rep = New(e.cfg, quietLogger())
	e2.tm, err = tenants.NewManager(ctx, tenants.Options{DataDir: e.dataDir, IdleTimeout: time.Hour, Logger: quietLogger(),
		OnOpen: e2.rep.OnOpen, OnClose: e2.rep.OnClose})
	if err != nil {
		t.Fatal(err)
	}
	if err := e2.rep.Open(ctx); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(e2.stop)
	e2.addSites("acme", 100, 1)
	live := dump(t, e.cfg.OrgPath("acme"))
	if len(live["sites"]) != 3 {
		t.Fatalf("live has %d sites, want 3", len(live["sites"]))
	}
	eventually(t, "restored org replicated again", func() string {
		got, err := e2.restoreDump(e.cfg.OrgPath("acme"), time.Time{})
		if err != nil {
			return err.Error()
		}
		return diffDumps(live, got)
	})
}

func TestRestoreAll(t *testing.T) {
	e := newEnv(t, time.Hour)
	ctx := context.Background()
	for _, s := range []string{"acme", "beta"} {
		e.createOrg(s)
		e.addSites(s, 0, 2)
	}
	want := map[string]map[string][]string{}
	for _, p := range []string{e.cfg.CatalogPath(), e.cfg.OrgPath("acme"), e.cfg.OrgPath("beta")} {
		if err := e.rep.Sync(ctx, p); err != nil {
			t.Fatal(err)
		}
		want[filepath.Base(p)] = dump(t, p)
	}
	e.stop()

	// A new machine: same configuration, empty data directory.
	if err := e.cfg.RestoreAll(ctx, time.Time{}, func(RestoreAllResult) {}); err == nil {
		t.Fatal("restore --all over an existing data directory succeeded")
	}
	newData := t.TempDir()
	b, _ := os.ReadFile(e.cfg.File)
	file := filepath.Join(t.TempDir(), "litestream.yml")
	os.WriteFile(file, []byte(strings.ReplaceAll(string(b), e.dataDir, newData)), 0o600)
	cfg, err := Load(file, newData)
	if err != nil {
		t.Fatal(err)
	}
	var names []string
	if err := cfg.RestoreAll(ctx, time.Time{}, func(r RestoreAllResult) {
		if r.Err != nil {
			t.Errorf("%s: %v", r.Name, r.Err)
		}
		names = append(names, r.Name)
	}); err != nil {
		t.Fatal(err)
	}
	if strings.Join(names, ",") != "catalog,acme,beta" {
		t.Fatalf("restored %v", names)
	}
	for _, p := range []string{cfg.CatalogPath(), cfg.OrgPath("acme"), cfg.OrgPath("beta")} {
		if d := diffDumps(want[filepath.Base(p)], dump(t, p)); d != "" {
			t.Errorf("%s: %s", filepath.Base(p), d)
		}
	}
	// The restored directory serves.
	tm, err := tenants.NewManager(ctx, tenants.Options{DataDir: newData, Logger: quietLogger()})
	if err != nil {
		t.Fatal(err)
	}
	defer tm.Close()
	db, release, err := tm.Acquire(ctx, "beta")
	if err != nil {
		t.Fatal(err)
	}
	defer release()
	s, err := estate.GetSettings(ctx, db.Read())
	if err != nil || s.Name != "beta" {
		t.Fatalf("settings %+v, %v", s, err)
	}
}

func TestLockDataDir(t *testing.T) {
	dir := t.TempDir()
	l, err := LockDataDir(dir)
	if err != nil {
		t.Fatal(err)
	}
	_, err = LockDataDir(dir)
	if !errors.Is(err, ErrLocked) || !strings.Contains(err.Error(), fmt.Sprintf("pid %d", os.Getpid())) {
		t.Fatalf("second lock: %v", err)
	}
	if err := l.Unlock(); err != nil {
		t.Fatal(err)
	}
	l, err = LockDataDir(dir)
	if err != nil {
		t.Fatalf("lock after unlock: %v", err)
	}
	l.Unlock()
}
