package migrations_test

import (
	"context"
	"database/sql"
	"fmt"
	"io/fs"
	"path/filepath"
	"strings"
	"testing"

	"github.com/pressly/goose/v3"
	_ "modernc.org/sqlite"

	"porch/migrations"
	"porch/sqldb"
)

// oldStamps are the texts earlier releases stored instants as, and the
// values the schema uses for "none": each is written into every timestamp
// column of every table before the timestamp migration runs.
var oldStamps = []string{
	"2024-11-05T17:04:09Z",           // RFC 3339, whole seconds: estate, catalog
	"2024-11-05T17:04:09.120Z",       // milliseconds: auth, ledger, mail
	"2024-11-05T17:04:09.123456789Z", // nine digits: payments since fixed-width
	"2024-11-05T17:04:09.5Z",         // nanoseconds, trailing zeros trimmed: payments before
	"2024-11-05T17:04:09.000123Z",
	"0001-01-01T00:00:00Z", // the zero time, as payments stored an unknown status time
	"",                     // an empty status_at
	"not a time",
	"\x00null", // NULL where the column allows it, else the empty string
}

// isStamp says which columns hold instants. The schema names them so
// (created_at, at, provider_events.created); the test finds them from the
// schema rather than from a list, so a timestamp column the migration
// leaves out fails here.
func isStamp(col string) bool {
	return col == "at" || col == "created" || strings.HasSuffix(col, "_at")
}

// wantStamp is what the migration must make of old: the same instant in
// sqldb.Layout, read by Go rather than by SQL; anything else unchanged.
func wantStamp(old any) any {
	s, ok := old.(string)
	if !ok || !strings.HasSuffix(s, "Z") {
		return old
	}
	t, err := sqldb.Parse(s)
	if err != nil {
		return old
	}
	return sqldb.Format(t)
}

func TestOrgTimestampMigration(t *testing.T) {
	testTimestampMigration(t, migrations.Org(), 7, 8)
}

func TestCatalogTimestampMigration(t *testing.T) {
	testTimestampMigration(t, migrations.Catalog(), 1, 2)
}

// testTimestampMigration opens a database at version before, writes a row
// per old stamp into every table, migrates to version after and checks
// every cell: instants rewritten to sqldb.Layout without losing a digit,
// everything else as it was. Migrating down again leaves instants each old
// writer could read; up again gives the same layout.
func testTimestampMigration(t *testing.T, fsys fs.FS, before, after int64) {
	t.Parallel()
	ctx := context.Background()
	db, err := sql.Open("sqlite", "file:"+filepath.Join(t.TempDir(), "m.db"))
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	// One connection, so the pragmas below hold for goose too: rows of
	// made-up values break foreign keys and CHECKs, not the migration.
	db.SetMaxOpenConns(1)
	p, err := goose.NewProvider(goose.DialectSQLite3, db, fsys)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := p.UpTo(ctx, before); err != nil {
		t.Fatal(err)
	}
	if _, err := db.ExecContext(ctx, `PRAGMA foreign_keys = OFF; PRAGMA ignore_check_constraints = ON`); err != nil {
		t.Fatal(err)
	}
	tables := schema(t, db)
	stamps := 0
	for _, tb := range tables {
		for i, s := range oldStamps {
			insertRow(t, db, tb, i, s)
		}
		for _, c := range tb.cols {
			if isStamp(c.name) {
				stamps++
			}
		}
	}
	if stamps < 3 {
		t.Fatalf("found only %d timestamp columns", stamps)
	}
	old := snapshot(t, db, tables)

	if _, err := p.UpTo(ctx, after); err != nil {
		t.Fatal(err)
	}
	up := snapshot(t, db, tables)
	converted := 0
	for key, was := range old {
		got, want := up[key], was
		if isStamp(key.col) {
			want = wantStamp(was)
		}
		if got != want {
			t.Errorf("%s.%s row %d: %q became %q, want %q", key.table, key.col, key.row, was, got, want)
		}
		if got != was {
			converted++
		}
	}
	if converted == 0 {
		t.Fatal("nothing converted")
	}
	t.Logf("%d tables, %d timestamp columns, %d values rewritten", len(tables), stamps, converted)

	if _, err := p.DownTo(ctx, before); err != nil {
		t.Fatal(err)
	}
	down := snapshot(t, db, tables)
	for key, v := range up {
		s, ok := v.(string)
		if !isStamp(key.col) || !ok || len(s) != len(sqldb.Layout) {
			continue
		}
		d, _ := down[key].(string)
		was, err1 := sqldb.Parse(s)
		back, err2 := sqldb.Parse(d)
		if err1 != nil || err2 != nil || back.After(was) || was.Sub(back).Seconds() >= 1 ||
			(len(d) != 20 && len(d) != 24 && len(d) != 30) {
			t.Errorf("down: %s.%s row %d: %q became %q", key.table, key.col, key.row, s, d)
		}
	}
	if _, err := p.UpTo(ctx, after); err != nil {
		t.Fatal(err)
	}
	for key, v := range snapshot(t, db, tables) {
		if isStamp(key.col) && v != wantStamp(down[key]) {
			t.Errorf("up again: %s.%s row %d: %q", key.table, key.col, key.row, v)
		}
	}
}

type column struct {
	name, typ   string
	notNull, pk bool
	hasDefault  bool
}

type table struct {
	name  string
	cols  []column
	rowid bool // the one INTEGER PRIMARY KEY, filled in by SQLite
}

func schema(t *testing.T, db *sql.DB) []table {
	t.Helper()
	names, err := sqldb.QueryAll(context.Background(), db, func(s sqldb.Scanner) (string, error) {
		var n string
		return n, s.Scan(&n)
	}, `SELECT name FROM sqlite_schema WHERE type = 'table' AND name NOT LIKE 'sqlite_%' AND name <> 'goose_db_version' ORDER BY name`)
	if err != nil {
		t.Fatal(err)
	}
	var out []table
	for _, n := range names {
		tb := table{name: n}
		tb.cols, err = sqldb.QueryAll(context.Background(), db, func(s sqldb.Scanner) (column, error) {
			var c column
			var def sql.NullString
			var pk int
			err := s.Scan(&c.name, &c.typ, &c.notNull, &def, &pk)
			c.pk, c.hasDefault = pk > 0, def.Valid
			return c, err
		}, `SELECT name, upper(type), "notnull", dflt_value, pk FROM pragma_table_info(?) ORDER BY cid`, n)
		if err != nil {
			t.Fatal(err)
		}
		pks := 0
		for _, c := range tb.cols {
			if c.pk {
				pks++
			}
		}
		for _, c := range tb.cols {
			tb.rowid = tb.rowid || (c.pk && pks == 1 && c.typ == "INTEGER")
		}
		out = append(out, tb)
	}
	return out
}

// insertRow writes stamp into every timestamp column of tb and distinct
// made-up values into the other columns that need one.
func insertRow(t *testing.T, db *sql.DB, tb table, row int, stamp string) {
	t.Helper()
	var cols, marks []string
	var args []any
	for _, c := range tb.cols {
		var v any
		switch {
		case c.pk && tb.rowid:
			continue
		case isStamp(c.name) && stamp == "\x00null":
			if c.notNull {
				v = ""
			}
		case isStamp(c.name):
			v = stamp
		case !c.notNull && !c.pk || c.hasDefault:
			continue
		case c.typ == "INTEGER":
			v = 1000 + row
		case c.typ == "BLOB":
			v = []byte{1}
		default:
			v = fmt.Sprintf("x%d", row)
		}
		cols, marks, args = append(cols, c.name), append(marks, "?"), append(args, v)
	}
	q := fmt.Sprintf(`INSERT INTO %s (%s) VALUES (%s)`, tb.name, strings.Join(cols, ", "), strings.Join(marks, ", "))
	if _, err := db.Exec(q, args...); err != nil {
		t.Fatalf("%s: %v", q, err)
	}
}

type cell struct {
	table, col string
	row        int64
}

// snapshot reads every cell of every table, keyed by rowid.
func snapshot(t *testing.T, db *sql.DB, tables []table) map[cell]any {
	t.Helper()
	out := map[cell]any{}
	for _, tb := range tables {
		var names []string
		for _, c := range tb.cols {
			names = append(names, c.name)
		}
		rows, err := db.Query(`SELECT rowid, ` + strings.Join(names, ", ") + ` FROM ` + tb.name)
		if err != nil {
			t.Fatal(err)
		}
		for rows.Next() {
			var id int64
			vals := make([]any, len(names))
			dest := []any{&id}
			for i := range vals {
				dest = append(dest, &vals[i])
			}
			if err := rows.Scan(dest...); err != nil {
				t.Fatal(err)
			}
			for i, n := range names {
				if b, ok := vals[i].([]byte); ok {
					vals[i] = string(b)
				}
				out[cell{tb.name, n, id}] = vals[i]
			}
		}
		rows.Close()
		if err := rows.Err(); err != nil {
			t.Fatal(err)
		}
	}
	return out
}
