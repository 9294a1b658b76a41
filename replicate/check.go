package replicate

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"sort"
	"strings"
	"time"
)

// CheckResult is the outcome of checking one database's replica.
type CheckResult struct {
	Name   string // "catalog", the organisation's slug, or "<slug> files" for its file store
	Tables int
	Rows   int64
	Err    error // nil when the replica restored, passed integrity_check and matched the live row counts
}

// Check restores the catalog and every organisation it lists (with its file
// store, when it has one) into tmpDir,
// checks each copy's integrity and compares its row count per table with
// the live database. Writes committed in the last moments may not have
// reached the replica yet, so a database whose counts differ, or that has
// no backup yet, is checked once more after settle before it is reported. The error is non-nil only if
// the check itself could not run; each database's verdict is in its result.
func (c *Config) Check(ctx context.Context, tmpDir string, settle time.Duration) ([]CheckResult, error) {
	slugs, err := ListOrgs(ctx, c.CatalogPath())
	if err != nil {
		return nil, err
	}
	type target struct{ name, path string }
	targets := []target{{"catalog", c.CatalogPath()}}
	for _, s := range slugs {
		targets = append(targets, target{s, c.OrgPath(s)})
		// An organisation has a file store once it has stored a file.
		if _, err := os.Stat(c.FilesPath(s)); err == nil {
			targets = append(targets, target{s + " files", c.FilesPath(s)})
		}
	}
	var out []CheckResult
	for _, t := range targets {
		if err := ctx.Err(); err != nil {
			return out, err
		}
		res := c.checkOne(ctx, t.name, t.path, tmpDir)
		if (errors.Is(res.Err, errMismatch) || errors.Is(res.Err, ErrNoBackup)) && settle > 0 {
			select {
			case <-ctx.Done():
				return out, ctx.Err()
			case <-time.After(settle):
			}
			res = c.checkOne(ctx, t.name, t.path, tmpDir)
		}
		out = append(out, res)
	}
	return out, nil
}

var errMismatch = errors.New("row counts differ")

func (c *Config) checkOne(ctx context.Context, name, live, tmpDir string) CheckResult {
	res := CheckResult{Name: name}
	if _, err := os.Stat(live); err != nil {
		res.Err = fmt.Errorf("live database missing: %w", err)
		return res
	}
	restored := filepath.Join(tmpDir, filepath.Base(live))
	removeDB(restored)
	defer removeDB(restored)
	if err := c.Restore(ctx, live, restored, time.Time{}); err != nil {
		res.Err = err
		return res
	}
	want, err := CountRows(ctx, live)
	if err != nil {
		res.Err = fmt.Errorf("count live rows: %w", err)
		return res
	}
	got, err := CountRows(ctx, restored)
	if err != nil {
		res.Err = fmt.Errorf("count restored rows: %w", err)
		return res
	}
	res.Tables = len(want)
	for _, n := range want {
		res.Rows += n
	}
	var diffs []string
	for _, table := range tableNames(want, got) {
		w, inLive := want[table]
		g, inCopy := got[table]
		switch {
		case !inCopy:
			diffs = append(diffs, fmt.Sprintf("table %s is missing from the replica", table))
		case !inLive:
			diffs = append(diffs, fmt.Sprintf("table %s is in the replica but not the live database", table))
		case w != g:
			diffs = append(diffs, fmt.Sprintf("table %s has %d rows live, %d in the replica", table, w, g))
		}
	}
	if len(diffs) > 0 {
		res.Err = fmt.Errorf("%w: %s", errMismatch, strings.Join(diffs, "; "))
	}
	return res
}

func tableNames(a, b map[string]int64) []string {
	seen := map[string]bool{}
	var out []string
	for _, m := range []map[string]int64{a, b} {
		for t := range m {
			if !seen[t] {
				seen[t] = true
				out = append(out, t)
			}
		}
	}
	sort.Strings(out)
	return out
}

// CountRows counts the rows of every table of the database at path, in one
// short read transaction, leaving out SQLite's and Litestream's own tables.
// It opens the database read-only, so it is safe on a live database.
func CountRows(ctx context.Context, path string) (map[string]int64, error) {
	db, err := sql.Open("sqlite", "file:"+path+"?mode=ro&_pragma=busy_timeout(5000)")
	if err != nil {
		return nil, err
	}
	defer db.Close()
	tx, err := db.BeginTx(ctx, &sql.TxOptions{ReadOnly: true})
	if err != nil {
		return nil, err
	}
	defer tx.Rollback()
	tables, err := userTables(ctx, tx)
	if err != nil {
		return nil, err
	}
	out := make(map[string]int64, len(tables))
	for _, t := range tables {
		var n int64
		if err := tx.QueryRowContext(ctx, `SELECT count(*) FROM `+quoteIdent(t)).Scan(&n); err != nil {
			return nil, fmt.Errorf("count %s: %w", t, err)
		}
		out[t] = n
	}
	return out, nil
}

// userTables lists the application's tables: not SQLite's internal ones,
// not Litestream's bookkeeping (_litestream_seq, _litestream_lock).
func userTables(ctx context.Context, q interface {
	QueryContext(context.Context, string, ...any) (*sql.Rows, error)
}) ([]string, error) {
	rows, err := q.QueryContext(ctx, `SELECT name FROM sqlite_schema
		WHERE type = 'table' AND name NOT LIKE 'sqlite\_%' ESCAPE '\' AND name NOT LIKE '\_litestream\_%' ESCAPE '\'
		ORDER BY name`)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []string
	for rows.Next() {
		var s string
		if err := rows.Scan(&s); err != nil {
			return nil, err
		}
		out = append(out, s)
	}
	return out, rows.Err()
}

func quoteIdent(s string) string { return `"` + strings.ReplaceAll(s, `"`, `""`) + `"` }
