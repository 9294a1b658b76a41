package replicate

import (
	"context"
	"os"
	"path/filepath"
	"testing"
	"time"
)

// The shipped litestream.yml, as it is and with nothing in the
// environment, replicates a real organisation and the catalog to
// <data>/replica, and the restore code brings both back.
func TestShippedConfigReplicatesAndRestores(t *testing.T) {
	t.Setenv("PORCH_REPLICA_URL", "")
	e := &env{t: t, dataDir: t.TempDir()}
	e.start("../litestream.yml", time.Hour)
	ctx := context.Background()
	e.createOrg("acme")
	e.addSites("acme", 0, 3)
	for _, p := range []string{e.cfg.CatalogPath(), e.cfg.OrgPath("acme")} {
		if err := e.rep.Sync(ctx, p); err != nil {
			t.Fatal(err)
		}
	}
	for _, dir := range []string{"catalog", filepath.Join("orgs", "acme.db")} {
		if _, err := os.Stat(filepath.Join(e.dataDir, "replica", dir)); err != nil {
			t.Errorf("no replica under the data directory: %v", err)
		}
	}
	for _, p := range []string{e.cfg.CatalogPath(), e.cfg.OrgPath("acme")} {
		live := dump(t, p)
		got, err := e.restoreDump(p, time.Time{})
		if err != nil {
			t.Fatalf("restore %s: %v", filepath.Base(p), err)
		}
		if d := diffDumps(live, got); d != "" {
			t.Errorf("restored %s differs from the live database: %s", filepath.Base(p), d)
		}
	}
	if n := len(dump(t, e.cfg.OrgPath("acme"))["sites"]); n != 3 {
		t.Errorf("acme has %d sites, want 3", n)
	}
}
