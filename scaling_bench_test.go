package main

import (
	"bufio"
	"context"
	"fmt"
	"io"
	"log/slog"
	"net"
	"net/http"
	"os"
	"path/filepath"
	"runtime"
	"runtime/debug"
	"strconv"
	"strings"
	"testing"
	"time"

	"porch/demo"
	"porch/tenants"
)

// scaleOrgs is how many organisations BenchmarkOpenOrgsMemory opens: enough
// for the per-org figure to stand out of the noise, few enough to set up in
// seconds (and about 100 MiB of disk for the demo-sized ones).
const scaleOrgs = 100

// BenchmarkOpenOrgsMemory measures what an open organisation costs a
// running server: it starts Porch on a data directory with scaleOrgs
// organisations, requests each one's home page over HTTP (which opens and
// migrates-checks its database and keeps it in the cache), and reports the
// growth of resident memory, Go heap and open file descriptors per org.
//
//   - new: organisations as `porch org create` leaves them;
//   - demo: copies of the demo organisation (40 units, two years of
//     accounts, about 1 MiB);
//   - demo-hot: the same, with every page of each database read once
//     through its read pool, as after a busy spell (SQLite's page cache is
//     per connection, up to 2 MB each).
//
// Run it once per variant: go test -run '^$' -bench OpenOrgsMemory -benchtime 1x .
func BenchmarkOpenOrgsMemory(b *testing.B) {
	for _, v := range []struct {
		name string
		demo bool
		hot  bool
	}{{"new", false, false}, {"demo", true, false}, {"demo-hot", true, true}} {
		b.Run(v.name, func(b *testing.B) {
			dir := b.TempDir()
			slugs := scaleDataDir(b, dir, v.demo)
			for b.Loop() {
				measureOpenOrgs(b, dir, slugs, v.hot)
			}
		})
	}
}

// scaleDataDir creates the organisations: new ones through createOrg, or
// demo copies by creating each org and replacing its file with the seeded
// demo database (seeding each would take a second apiece).
func scaleDataDir(b *testing.B, dir string, withDemo bool) []string {
	ctx := context.Background()
	now := time.Now()
	var template []byte
	if withDemo {
		tdir := b.TempDir()
		tm, err := tenants.NewManager(ctx, tenants.Options{DataDir: tdir, BaseDomain: "localhost"})
		if err != nil {
			b.Fatal(err)
		}
		if _, err := ensureDemo(ctx, tm, now, nil); err != nil {
			b.Fatal(err)
		}
		tm.Close()
		if template, err = os.ReadFile(filepath.Join(tdir, "orgs", demo.DemoSlug+".db")); err != nil {
			b.Fatal(err)
		}
	}
	tm, err := tenants.NewManager(ctx, tenants.Options{DataDir: dir, BaseDomain: "localhost"})
	if err != nil {
		b.Fatal(err)
	}
	var slugs []string
	for i := range scaleOrgs {
		slug := fmt.Sprintf("org%03d", i)
		if withDemo {
			err = tm.Create(ctx, slug, "Org "+slug, nil)
		} else {
			err = createOrg(ctx, tm, NewOrg{Slug: slug, Name: "Org " + slug, ManagerEmail: "ops@" + slug + ".example"}, now)
		}
		if err != nil {
			b.Fatal(err)
		}
		slugs = append(slugs, slug)
	}
	if err := tm.Close(); err != nil {
		b.Fatal(err)
	}
	for _, slug := range slugs {
		if template != nil {
			if err := os.WriteFile(filepath.Join(dir, "orgs", slug+".db"), template, 0o600); err != nil {
				b.Fatal(err)
			}
		}
	}
	return slugs
}

// measureOpenOrgs runs a server on dir, opens every org, and reports the
// growth per org.
func measureOpenOrgs(b *testing.B, dir string, slugs []string, hot bool) {
	ctx := context.Background()
	m := &Main{Logger: slog.New(slog.NewTextHandler(io.Discard, nil)), Config: Config{Addr: "127.0.0.1:0", DataDir: dir,
		BaseDomain: "localhost", MaxOpenOrgs: len(slugs) + 1, OrgIdle: time.Hour}}
	if err := m.Run(ctx); err != nil {
		b.Fatal(err)
	}
	defer m.Close()
	_, port, _ := net.SplitHostPort(m.Addr())
	c := client(m.Addr())
	get := func(host string) {
		res, err := c.Get("http://" + host + ":" + port + "/")
		if err != nil {
			b.Fatal(err)
		}
		io.Copy(io.Discard, res.Body)
		res.Body.Close()
		if res.StatusCode != http.StatusOK {
			b.Fatalf("%s: status %d", host, res.StatusCode)
		}
	}
	get("localhost") // templates, catalog and connection warm before the baseline
	before := sampleProcess(b)
	for _, slug := range slugs {
		get(slug + ".localhost")
		if hot {
			db, release, err := m.Tenants.Acquire(ctx, slug)
			if err != nil {
				b.Fatal(err)
			}
			var ok string
			if err := db.Read().QueryRowContext(ctx, `PRAGMA integrity_check`).Scan(&ok); err != nil || ok != "ok" {
				b.Fatalf("%s: integrity_check %q %v", slug, ok, err)
			}
			release()
		}
	}
	if n := m.Tenants.OpenCount(); n != len(slugs) {
		b.Fatalf("%d orgs open, want %d", n, len(slugs))
	}
	after := sampleProcess(b)
	n := float64(len(slugs))
	b.ReportMetric(float64(after.rss-before.rss)/1024/n, "RSS-KiB/org")
	b.ReportMetric(float64(after.heap-before.heap)/1024/n, "heap-KiB/org")
	b.ReportMetric(float64(after.fds-before.fds)/n, "fds/org")
	b.ReportMetric(float64(after.rss)/1024/1024, "RSS-MiB-total")
}

type processSample struct {
	rss, heap int64 // bytes
	fds       int
}

// sampleProcess reads the process's resident set (which includes SQLite's
// page caches, allocated outside the Go heap), the Go heap in use, and the
// number of open file descriptors, after a full collection.
func sampleProcess(b *testing.B) processSample {
	runtime.GC()
	debug.FreeOSMemory()
	var ms runtime.MemStats
	runtime.ReadMemStats(&ms)
	s := processSample{heap: int64(ms.HeapInuse)}
	f, err := os.Open("/proc/self/status")
	if err != nil {
		b.Skip("no /proc: resident memory is measured on Linux only")
	}
	defer f.Close()
	sc := bufio.NewScanner(f)
	for sc.Scan() {
		if rest, ok := strings.CutPrefix(sc.Text(), "VmRSS:"); ok {
			kb, _ := strconv.ParseInt(strings.TrimSuffix(strings.TrimSpace(rest), " kB"), 10, 64)
			s.rss = kb * 1024
		}
	}
	fds, err := os.ReadDir("/proc/self/fd")
	if err != nil {
		b.Fatal(err)
	}
	s.fds = len(fds)
	return s
}
