package replicate

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"time"

	"github.com/benbjohnson/litestream"
)

// ErrNoBackup means the replica holds nothing to restore (at or before the
// time asked for).
var ErrNoBackup = errors.New("no backup in the replica")

// Restore writes the replica of the database at dbPath, as it was at ts (the
// latest state when ts is zero), to out, which must not exist, and checks the
// result with PRAGMA integrity_check. A restore that fails leaves nothing at
// out.
func (c *Config) Restore(ctx context.Context, dbPath, out string, ts time.Time) error {
	client, err := c.ReplicaClient(dbPath)
	if err != nil {
		return err
	}
	if _, err := os.Stat(out); err == nil {
		return fmt.Errorf("%s already exists", out)
	}
	if err := os.MkdirAll(filepath.Dir(out), 0o750); err != nil {
		return err
	}
	opt := litestream.NewRestoreOptions()
	opt.OutputPath = out
	opt.Timestamp = ts
	err = litestream.NewReplicaWithClient(nil, client).Restore(ctx, opt)
	switch {
	case errors.Is(err, litestream.ErrTxNotAvailable) && !ts.IsZero():
		return fmt.Errorf("%w of %s from %s or earlier (%s)", ErrNoBackup, filepath.Base(dbPath), ts.UTC().Format(time.RFC3339), c.ReplicaURL(dbPath))
	case errors.Is(err, litestream.ErrTxNotAvailable):
		return fmt.Errorf("%w of %s (%s)", ErrNoBackup, filepath.Base(dbPath), c.ReplicaURL(dbPath))
	case err != nil:
		removeDB(out)
		return fmt.Errorf("restore %s from %s: %w", filepath.Base(dbPath), c.ReplicaURL(dbPath), err)
	}
	if err := IntegrityCheck(ctx, out); err != nil {
		removeDB(out)
		return fmt.Errorf("restored %s is damaged: %w", filepath.Base(dbPath), err)
	}
	return nil
}

// IntegrityCheck runs PRAGMA integrity_check on the database at path.
func IntegrityCheck(ctx context.Context, path string) error {
	db, err := sql.Open("sqlite", "file:"+path+"?_pragma=busy_timeout(5000)")
	if err != nil {
		return err
	}
	defer db.Close()
	rows, err := db.QueryContext(ctx, `PRAGMA integrity_check`)
	if err != nil {
		return fmt.Errorf("integrity check: %w", err)
	}
	defer rows.Close()
	var problems []string
	for rows.Next() {
		var s string
		if err := rows.Scan(&s); err != nil {
			return err
		}
		if s != "ok" && len(problems) < 5 {
			problems = append(problems, s)
		}
	}
	if err := rows.Err(); err != nil {
		return fmt.Errorf("integrity check: %w", err)
	}
	if len(problems) > 0 {
		return fmt.Errorf("integrity check: %s", strings.Join(problems, "; "))
	}
	return nil
}

// ReplaceDB restores the replica of the database at dbPath over it. The
// caller must make sure nothing has the database open (the server is
// stopped). The restored copy is written and checked beside the database
// first, so a failed restore leaves the database as it was; the database it
// replaces is kept as <path>.replaced-<time>, returned, for the operator to
// delete once satisfied. Litestream's local state for the database is
// removed so that replication resumes from the restored copy.
func (c *Config) ReplaceDB(ctx context.Context, dbPath string, ts time.Time) (kept string, err error) {
	tmp := dbPath + ".restoring"
	removeDB(tmp)
	if err := c.Restore(ctx, dbPath, tmp, ts); err != nil {
		return "", err
	}
	if _, err := os.Stat(dbPath); err == nil {
		kept = dbPath + ".replaced-" + time.Now().UTC().Format("20060102T150405Z")
		if err := os.Rename(dbPath, kept); err != nil {
			removeDB(tmp)
			return "", err
		}
		if err := os.Rename(dbPath+"-wal", kept+"-wal"); err != nil && !os.IsNotExist(err) {
			return kept, err
		}
	}
	_ = os.Remove(dbPath + "-wal")
	_ = os.Remove(dbPath + "-shm")
	if err := os.Rename(tmp, dbPath); err != nil {
		return kept, err
	}
	if err := os.RemoveAll(c.metaPath(dbPath)); err != nil {
		return kept, err
	}
	return kept, nil
}

// metaPath is where Litestream keeps its local state for dbPath.
func (c *Config) metaPath(dbPath string) string {
	db, err := c.newDB(dbPath)
	if err != nil {
		dir, file := filepath.Split(dbPath)
		return filepath.Join(dir, "."+file+litestream.MetaDirSuffix)
	}
	return db.MetaPath()
}

// RestoreAllResult is the outcome for one database of RestoreAll.
type RestoreAllResult struct {
	Name string // "catalog", the organisation's slug, or "<slug> files"
	Path string
	Err  error
}

// RestoreAll rebuilds an empty data directory from the replicas: the
// catalog first, then every organisation it lists with its file store. It carries on past an
// organisation that fails and reports each result to report; the error is
// non-nil if anything failed.
func (c *Config) RestoreAll(ctx context.Context, ts time.Time, report func(RestoreAllResult)) error {
	if _, err := os.Stat(c.CatalogPath()); err == nil {
		return fmt.Errorf("%s already exists: restore --all rebuilds an empty data directory; restore single organisations with porch restore SLUG", c.CatalogPath())
	}
	if existing, _ := filepath.Glob(filepath.Join(c.DataDir, "orgs", "*.db")); len(existing) > 0 {
		return fmt.Errorf("%s already holds organisation databases: restore --all rebuilds an empty data directory", filepath.Join(c.DataDir, "orgs"))
	}
	if err := c.Restore(ctx, c.CatalogPath(), c.CatalogPath(), ts); err != nil {
		report(RestoreAllResult{Name: "catalog", Path: c.CatalogPath(), Err: err})
		return err
	}
	report(RestoreAllResult{Name: "catalog", Path: c.CatalogPath()})
	slugs, err := ListOrgs(ctx, c.CatalogPath())
	if err != nil {
		return err
	}
	failed := 0
	for _, slug := range slugs {
		if err := ctx.Err(); err != nil {
			return err
		}
		p := c.OrgPath(slug)
		err := c.Restore(ctx, p, p, ts)
		report(RestoreAllResult{Name: slug, Path: p, Err: err})
		if err == nil {
			// Its files come back with it, from the same moment.
			var restored bool
			if restored, err = c.RestoreFiles(ctx, p, p, ts); restored || err != nil {
				report(RestoreAllResult{Name: slug + " files", Path: c.FilesPath(slug), Err: err})
			}
		}
		if err != nil {
			failed++
		}
	}
	if failed > 0 {
		return fmt.Errorf("%d of %d organisations could not be restored", failed, len(slugs))
	}
	return nil
}

func removeDB(p string) {
	for _, s := range []string{"", "-wal", "-shm", ".tmp"} {
		_ = os.Remove(p + s)
	}
}
