package main

import (
	"context"
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strings"
	"text/tabwriter"
	"time"

	"porch/replicate"
	"porch/tenants"
)

const restoreUsage = `Usage:
  porch restore SLUG [--timestamp T] [--to PATH]   restore one organisation from its replica
  porch restore --all [--timestamp T]              rebuild an empty data directory from the replicas

Without --to, SLUG's live database is replaced (the server must be stopped);
the old file is kept beside it as <slug>.db.replaced-<time>. The organisation's
file store (<slug>.files.db, its photos and documents) is restored with it,
from the same moment, beside the database.
--timestamp restores the state as of that moment (RFC 3339, e.g. 2026-03-01T09:30:00Z).
`

// cmdRestore restores one organisation, or a whole data directory, from the
// replicas named in the Litestream configuration.
func cmdRestore(ctx context.Context, args []string, stdout, stderr io.Writer) error {
	var cfg Config
	var all bool
	var to, at string
	fs := newFlagSet("restore", stderr)
	fs.Usage = func() { fmt.Fprint(stderr, restoreUsage, "\nFlags:\n"); fs.PrintDefaults() }
	fs.storageFlags(&cfg, "./data")
	fs.replicationFlags(&cfg)
	fs.BoolVar(&all, "all", false, "restore the catalog and every organisation it lists into an empty data directory")
	fs.StringVar(&to, "to", "", "write the restored database here instead of over the live one")
	fs.StringVar(&at, "timestamp", "", "restore the state as of this time (RFC 3339); default the latest")
	slug := ""
	if len(args) > 0 && !strings.HasPrefix(args[0], "-") {
		slug, args = args[0], args[1:]
	}
	if err := fs.parse(args); err != nil {
		return err
	}
	if slug == "" && fs.NArg() == 1 {
		slug = fs.Arg(0)
	} else if fs.NArg() > 0 {
		return fmt.Errorf("unexpected arguments: %s", strings.Join(fs.Args(), " "))
	}
	if all == (slug != "") {
		fmt.Fprint(stderr, restoreUsage)
		return errUsage
	}
	var ts time.Time
	if at != "" {
		var err error
		if ts, err = time.Parse(time.RFC3339, at); err != nil {
			return fmt.Errorf("--timestamp %q: give a time like 2026-03-01T09:30:00Z", at)
		}
	}
	rcfg, err := replicate.Load(cfg.LitestreamConfig, cfg.DataDir)
	if err != nil {
		return err
	}
	as := "latest"
	if !ts.IsZero() {
		as = "as of " + ts.UTC().Format(time.RFC3339)
	}

	if all {
		if to != "" {
			return errors.New("--to restores one organisation; --all restores into --data")
		}
		lock, err := replicate.LockDataDir(rcfg.DataDir)
		if err != nil {
			return err
		}
		defer lock.Unlock()
		failed := 0
		err = rcfg.RestoreAll(ctx, ts, func(r replicate.RestoreAllResult) {
			if r.Err != nil {
				failed++
				fmt.Fprintf(stdout, "FAILED    %s: %v\n", r.Name, r.Err)
				return
			}
			fmt.Fprintf(stdout, "restored  %s (%s)\n", r.Name, as)
		})
		if err != nil {
			return err
		}
		fmt.Fprintf(stdout, "Restored %s and every organisation; start porch serve with --data %s.\n", rcfg.CatalogPath(), cfg.DataDir)
		return nil
	}

	if err := tenants.ValidateSlug(slug); err != nil {
		return err
	}
	live := rcfg.OrgPath(slug)
	if to != "" {
		abs, err := filepath.Abs(to)
		if err != nil {
			return err
		}
		if abs != live {
			if _, err := os.Stat(abs); err == nil {
				return fmt.Errorf("%s already exists; choose a new path", to)
			}
			if err := rcfg.Restore(ctx, live, abs, ts); err != nil {
				return err
			}
			fmt.Fprintf(stdout, "Restored %s (%s) to %s; integrity check passed.\n", slug, as, abs)
			if ok, err := rcfg.RestoreFiles(ctx, live, abs, ts); err != nil {
				return fmt.Errorf("%s's files: %w", slug, err)
			} else if ok {
				fmt.Fprintf(stdout, "Restored %s's files (%s) to %s; integrity check passed.\n", slug, as, tenants.FilesPath(abs))
			}
			return nil
		}
	}
	// Over the live database: only with the server stopped. A missing
	// database (a lost file) may be put back while it runs, since nothing
	// can have it open.
	lock, err := replicate.LockDataDir(rcfg.DataDir)
	if errors.Is(err, replicate.ErrLocked) {
		if _, statErr := os.Stat(live); statErr == nil {
			return fmt.Errorf("%s's database is live: %w. Stop the server first, or restore a copy with --to PATH", slug, err)
		}
	} else if err != nil {
		return err
	} else {
		defer lock.Unlock()
	}
	if orgs, err := replicate.ListOrgs(ctx, rcfg.CatalogPath()); err == nil && !contains(orgs, slug) {
		fmt.Fprintf(stderr, "note: the catalog does not list %s, so porch will not serve it until it does\n", slug)
	}
	kept, err := rcfg.ReplaceDB(ctx, live, ts)
	if err != nil {
		return err
	}
	fmt.Fprintf(stdout, "Restored %s (%s) to %s; integrity check passed.\n", slug, as, live)
	if kept != "" {
		fmt.Fprintf(stdout, "The database it replaced is kept at %s; delete it when satisfied.\n", kept)
	}
	// Its files, from the same moment, so that no restored row names a
	// file the store lacks.
	kept, ok, err := rcfg.ReplaceFiles(ctx, live, ts)
	if err != nil {
		return fmt.Errorf("%s's files: %w", slug, err)
	}
	if ok {
		fmt.Fprintf(stdout, "Restored %s's files (%s) to %s; integrity check passed.\n", slug, as, rcfg.FilesPath(slug))
	}
	if kept != "" {
		fmt.Fprintf(stdout, "The file store it replaced is kept at %s; delete it when satisfied.\n", kept)
	}
	return nil
}

func contains(list []string, s string) bool {
	for _, x := range list {
		if x == s {
			return true
		}
	}
	return false
}

// cmdBackupCheck restores every database to a temporary directory and
// compares it with the live one; a non-nil error (exit status 1) means a
// replica is missing, damaged or behind.
func cmdBackupCheck(ctx context.Context, args []string, stdout, stderr io.Writer) error {
	var cfg Config
	var settle time.Duration
	fs := newFlagSet("backup-check", stderr)
	fs.storageFlags(&cfg, "./data")
	fs.replicationFlags(&cfg)
	fs.DurationVar(&settle, "settle", 5*time.Second, "before failing a database whose row counts differ, wait this long for replication to catch up and check again")
	if err := fs.parse(args); err != nil {
		return err
	}
	if fs.NArg() > 0 {
		return fmt.Errorf("unexpected arguments: %s", strings.Join(fs.Args(), " "))
	}
	rcfg, err := replicate.Load(cfg.LitestreamConfig, cfg.DataDir)
	if err != nil {
		return err
	}
	tmp, err := os.MkdirTemp("", "porch-backup-check-")
	if err != nil {
		return err
	}
	defer os.RemoveAll(tmp)
	results, err := rcfg.Check(ctx, tmp, settle)
	if err != nil {
		return err
	}
	tw := tabwriter.NewWriter(stdout, 0, 4, 2, ' ', 0)
	failed := 0
	for _, r := range results {
		if r.Err != nil {
			failed++
			fmt.Fprintf(tw, "FAILED\t%s\t%v\n", r.Name, r.Err)
			continue
		}
		fmt.Fprintf(tw, "ok\t%s\t%d tables, %d rows match\n", r.Name, r.Tables, r.Rows)
	}
	if err := tw.Flush(); err != nil {
		return err
	}
	if failed > 0 {
		return fmt.Errorf("backup check failed for %d of %d databases (replicas at %s)", failed, len(results), rcfg.OrgsReplicaURL())
	}
	fmt.Fprintf(stdout, "All %d replicas restore, pass integrity_check and match the live databases.\n", len(results))
	return nil
}
