//go:build linux

package replicate

import (
	"context"
	"database/sql"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"runtime"
	"runtime/debug"
	"syscall"
	"testing"
	"time"

	"porch/estate"
	"porch/sqldb"
	"porch/tenants"
)

// BenchmarkIdleOrgs measures what replication costs a server with 1,000
// organisations of which 50 are open (and so registered with Litestream)
// and nobody is writing: CPU over a fixed idle window (getrusage), live heap
// after GC, open file descriptors and goroutines. Sub-benchmarks compare
// replication off, on with no org open, and on with 50 open, with
// Litestream's default intervals (1s monitor, 1s sync). Each iteration is
// one window, PORCH_BENCH_IDLE long (default 10s):
//
//	go test -run '^$' -bench IdleOrgs -benchtime 1x ./replicate/
func BenchmarkIdleOrgs(b *testing.B) {
	window := 10 * time.Second
	if v := os.Getenv("PORCH_BENCH_IDLE"); v != "" {
		d, err := time.ParseDuration(v)
		if err != nil {
			b.Fatal(err)
		}
		window = d
	}
	const orgs = 1000
	for _, tc := range []struct {
		name        string
		replication bool
		active      int
	}{
		{"replication=off/active=50", false, 50},
		{"replication=on/active=0", true, 0},
		{"replication=on/active=50", true, 50},
	} {
		b.Run(tc.name, func(b *testing.B) {
			idleOrgs(b, orgs, tc.active, tc.replication, window)
		})
	}
}

func idleOrgs(b *testing.B, orgs, active int, replication bool, window time.Duration) {
	ctx := context.Background()
	dataDir, repDir := b.TempDir(), b.TempDir()
	seedOrgs(b, dataDir, orgs)

	var opt = tenants.Options{DataDir: dataDir, IdleTimeout: time.Hour, MaxOpen: 256, Logger: quietLogger()}
	var rep *Replicator
	if replication {
		file := filepath.Join(b.TempDir(), "litestream.yml")
		text := fmt.Sprintf("dbs:\n  - path: %[1]s/catalog.db\n    replica:\n      path: %[2]s/catalog\n  - dir: %[1]s/orgs\n    pattern: \"*.db\"\n    replica:\n      path: %[2]s/orgs\n", dataDir, repDir)
		if err := os.WriteFile(file, []byte(text), 0o600); err != nil {
			b.Fatal(err)
		}
		cfg, err := Load(file, dataDir)
		if err != nil {
			b.Fatal(err)
		}
		rep = New(cfg, quietLogger())
		opt.OnOpen, opt.OnClose = rep.OnOpen, rep.OnClose
	}
	tm, err := tenants.NewManager(ctx, opt)
	if err != nil {
		b.Fatal(err)
	}
	if rep != nil {
		if err := rep.Open(ctx); err != nil {
			b.Fatal(err)
		}
	}
	defer func() {
		tm.Close()
		if rep != nil {
			rep.Close(ctx)
		}
	}()

	heap0, rss0 := memory()
	// Open the active orgs, write once to each, and hold them open.
	for i := range active {
		db, release, err := tm.Acquire(ctx, orgSlug(i))
		if err != nil {
			b.Fatal(err)
		}
		defer release()
		err = db.Write(ctx, func(tx *sql.Tx) error {
			_, err := estate.CreateSite(ctx, tx, estate.SiteInput{Name: "Active", Kind: estate.KindLettings}, time.Now())
			return err
		})
		if err != nil {
			b.Fatal(err)
		}
	}
	if rep != nil && rep.Registered() != active+1 {
		b.Fatalf("%d registered, want %d", rep.Registered(), active+1)
	}
	time.Sleep(3 * time.Second) // first syncs and snapshots done

	b.ResetTimer()
	var cpu time.Duration
	for range b.N {
		before := rusage(b)
		time.Sleep(window)
		cpu += rusage(b) - before
	}
	b.StopTimer()
	heap, rss := memory()
	elapsed := time.Duration(b.N) * window
	b.ReportMetric(100*cpu.Seconds()/elapsed.Seconds(), "%cpu")
	b.ReportMetric(float64(heap)/(1<<20), "heap-MiB")
	b.ReportMetric(float64(rss)/(1<<20), "rss-MiB")
	if active > 0 {
		b.ReportMetric(float64(heap-heap0)/float64(active)/(1<<10), "heap-KiB/active")
		b.ReportMetric(float64(rss-rss0)/float64(active)/(1<<10), "rss-KiB/active")
	}
	b.ReportMetric(float64(openFDs()), "fds")
	b.ReportMetric(float64(runtime.NumGoroutine()), "goroutines")
	b.ReportMetric(0, "ns/op")
}

// seedOrgs makes n organisations quickly: one created properly, copied.
func seedOrgs(b *testing.B, dataDir string, n int) {
	ctx := context.Background()
	tm, err := tenants.NewManager(ctx, tenants.Options{DataDir: dataDir, Logger: quietLogger()})
	if err != nil {
		b.Fatal(err)
	}
	now := time.Now()
	err = tm.Create(ctx, orgSlug(0), "Org", func(ctx context.Context, db *tenants.DB) error {
		return db.Write(ctx, func(tx *sql.Tx) error {
			if err := estate.InitSettings(ctx, tx, "Org", now); err != nil {
				return err
			}
			for i := range 20 {
				if _, err := estate.CreateSite(ctx, tx, estate.SiteInput{Name: fmt.Sprint("Site ", i), Kind: estate.KindLettings}, now); err != nil {
					return err
				}
			}
			return nil
		})
	})
	if err != nil {
		b.Fatal(err)
	}
	src := filepath.Join(dataDir, "orgs", orgSlug(0)+".db")
	tx, err := tm.Catalog().BeginTx(ctx, nil)
	if err != nil {
		b.Fatal(err)
	}
	for i := 1; i < n; i++ {
		if err := copyFile(src, filepath.Join(dataDir, "orgs", orgSlug(i)+".db")); err != nil {
			b.Fatal(err)
		}
		if _, err := tx.ExecContext(ctx, `INSERT INTO orgs (slug, name, created_at) VALUES (?, 'Org', ?)`, orgSlug(i), sqldb.At(now)); err != nil {
			b.Fatal(err)
		}
	}
	if err := tx.Commit(); err != nil {
		b.Fatal(err)
	}
	if err := tm.Close(); err != nil {
		b.Fatal(err)
	}
}

func orgSlug(i int) string { return fmt.Sprintf("org%04d", i) }

func copyFile(src, dst string) error {
	in, err := os.Open(src)
	if err != nil {
		return err
	}
	defer in.Close()
	out, err := os.Create(dst)
	if err != nil {
		return err
	}
	if _, err := io.Copy(out, in); err != nil {
		out.Close()
		return err
	}
	return out.Close()
}

func rusage(b *testing.B) time.Duration {
	var ru syscall.Rusage
	if err := syscall.Getrusage(syscall.RUSAGE_SELF, &ru); err != nil {
		b.Fatal(err)
	}
	return time.Duration(ru.Utime.Nano() + ru.Stime.Nano())
}

// memory returns the live Go heap after a collection and the resident set
// size, which also counts SQLite's page caches (allocated outside the Go
// heap by the pure-Go SQLite).
func memory() (heap, rss int64) {
	for range 3 { // objects freed by finalizers need more than one cycle
		runtime.GC()
	}
	debug.FreeOSMemory()
	var ms runtime.MemStats
	runtime.ReadMemStats(&ms)
	heap = int64(ms.HeapAlloc)
	if b, err := os.ReadFile("/proc/self/statm"); err == nil {
		var size, resident int64
		if _, err := fmt.Sscan(string(b), &size, &resident); err == nil {
			rss = resident * int64(os.Getpagesize())
		}
	}
	return heap, rss
}

func openFDs() int {
	ents, err := os.ReadDir("/proc/self/fd")
	if err != nil {
		return -1
	}
	return len(ents)
}
