package main

import (
	"bytes"
	"context"
	"database/sql"
	"errors"
	"fmt"
	"log/slog"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/benbjohnson/litestream"
	"github.com/superfly/ltx"

	"porch/estate"
	"porch/replicate"
)

// syncBuffer is a log destination safe for the server's goroutines.
type syncBuffer struct {
	mu sync.Mutex
	b  bytes.Buffer
}

func (s *syncBuffer) Write(p []byte) (int, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.b.Write(p)
}

func (s *syncBuffer) String() string {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.b.String()
}

func startServer(t *testing.T, dataDir, litestreamConfig string) (*Main, *syncBuffer, error) {
	t.Helper()
	logs := &syncBuffer{}
	m := &Main{Logger: slog.New(slog.NewTextHandler(logs, nil)), Config: Config{Addr: "127.0.0.1:0", DataDir: dataDir,
		BaseDomain: "localhost", MaxOpenOrgs: 16, OrgIdle: time.Hour, LitestreamConfig: litestreamConfig}}
	if err := m.Run(context.Background()); err != nil {
		return nil, logs, err
	}
	t.Cleanup(func() { m.Close() })
	return m, logs, nil
}

func TestServeWithoutReplicationSaysSo(t *testing.T) {
	dir := t.TempDir()
	_, logs, err := startServer(t, dir, "")
	if err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(logs.String(), "replication off") {
		t.Fatalf("start-up log does not say replication is off:\n%s", logs)
	}
	if _, _, err := startServer(t, dir, ""); !errors.Is(err, replicate.ErrLocked) {
		t.Fatalf("second server on the same data directory: %v", err)
	}
}

func TestRestoreAndBackupCheckCommands(t *testing.T) {
	ctx := context.Background()
	dataDir, repDir := t.TempDir(), t.TempDir()
	conf := fastReplication(t, dataDir, repDir)
	flags := []string{"--data", dataDir, "--litestream-config", conf}

	m, logs, err := startServer(t, dataDir, conf)
	if err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(logs.String(), "replication on") {
		t.Fatalf("start-up log does not say replication is on:\n%s", logs)
	}
	if err := createOrg(ctx, m.Tenants, NewOrg{Slug: "acme", Name: "Acme", ManagerEmail: "ops@acme.example"}, time.Now()); err != nil {
		t.Fatal(err)
	}
	db, release, err := m.Tenants.Acquire(ctx, "acme")
	if err != nil {
		t.Fatal(err)
	}
	err = db.Write(ctx, func(tx *sql.Tx) error {
		_, err := estate.CreateSite(ctx, tx, estate.SiteInput{Name: "Harbour View", Kind: estate.KindLettings}, time.Now())
		return err
	})
	release()
	if err != nil {
		t.Fatal(err)
	}

	out, _, err := runCLI(t, append([]string{"backup-check", "--settle", "2s"}, flags...)...)
	if err != nil {
		t.Fatalf("backup-check with the server running: %v\n%s", err, out)
	}
	if !strings.Contains(out, "ok  catalog") || !strings.Contains(out, "ok  acme") {
		t.Fatalf("backup-check output:\n%s", out)
	}

	// The live database is not overwritten while the server runs...
	_, _, err = runCLI(t, append([]string{"restore", "acme"}, flags...)...)
	if err == nil || !strings.Contains(err.Error(), "Stop the server first") {
		t.Fatalf("restore over a live database: %v", err)
	}
	// ...but a copy may be restored beside it.
	copyPath := filepath.Join(t.TempDir(), "acme-copy.db")
	out, _, err = runCLI(t, append([]string{"restore", "acme", "--to", copyPath}, flags...)...)
	if err != nil || !strings.Contains(out, "integrity check passed") {
		t.Fatalf("restore --to: %v\n%s", err, out)
	}
	if n := countSites(t, copyPath); n != 1 {
		t.Fatalf("restored copy has %d sites", n)
	}

	if err := m.Close(); err != nil {
		t.Fatal(err)
	}
	out, _, err = runCLI(t, append([]string{"restore", "acme"}, flags...)...)
	if err != nil || !strings.Contains(out, "kept at") {
		t.Fatalf("restore with the server stopped: %v\n%s", err, out)
	}

	// A damaged replica fails the check, naming the organisation.
	rcfg, err := replicate.Load(conf, dataDir)
	if err != nil {
		t.Fatal(err)
	}
	corruptRestorePlan(t, rcfg, rcfg.OrgPath("acme"))
	out, _, err = runCLI(t, append([]string{"backup-check", "--settle", "0"}, flags...)...)
	if err == nil || !strings.Contains(out, "FAILED  acme") {
		t.Fatalf("backup-check on a damaged replica: %v\n%s", err, out)
	}
}

// fastReplication writes a Litestream configuration replicating dataDir to
// local files under repDir, syncing every 50ms.
func fastReplication(t *testing.T, dataDir, repDir string) string {
	t.Helper()
	conf := filepath.Join(t.TempDir(), "litestream.yml")
	yml := fmt.Sprintf(`dbs:
  - path: %[1]s/catalog.db
    monitor-interval: 50ms
    replica: {path: %[2]s/catalog, sync-interval: 50ms}
  - dir: %[1]s/orgs
    pattern: "*.db"
    monitor-interval: 50ms
    replica: {path: %[2]s/orgs, sync-interval: 50ms}
`, dataDir, repDir)
	if err := os.WriteFile(conf, []byte(yml), 0o600); err != nil {
		t.Fatal(err)
	}
	return conf
}

func countSites(t *testing.T, path string) int {
	t.Helper()
	db, err := sql.Open("sqlite", "file:"+path+"?mode=ro")
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	var n int
	if err := db.QueryRow(`SELECT count(*) FROM sites`).Scan(&n); err != nil {
		t.Fatal(err)
	}
	return n
}

// corruptRestorePlan damages the largest LTX file that restoring the latest
// state of dbPath reads.
func corruptRestorePlan(t *testing.T, cfg *replicate.Config, dbPath string) {
	t.Helper()
	client, err := cfg.ReplicaClient(dbPath)
	if err != nil {
		t.Fatal(err)
	}
	plan, err := litestream.CalcRestorePlan(context.Background(), client, 0, time.Time{}, slog.New(slog.DiscardHandler))
	if err != nil {
		t.Fatal(err)
	}
	var biggest *ltx.FileInfo
	for _, info := range plan {
		if biggest == nil || info.Size > biggest.Size {
			biggest = info
		}
	}
	path := filepath.Join(strings.TrimPrefix(cfg.ReplicaURL(dbPath), "file://"), "ltx", fmt.Sprint(biggest.Level), ltx.FormatFilename(biggest.MinTXID, biggest.MaxTXID))
	f, err := os.OpenFile(path, os.O_RDWR, 0)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	if _, err := f.WriteAt(bytes.Repeat([]byte{0xde, 0xad}, 128), biggest.Size/2); err != nil {
		t.Fatal(err)
	}
}
