package mail

import (
	"context"
	"database/sql"
	"errors"
	"io/fs"
	"log/slog"
	"path/filepath"
	"testing"
	"time"

	"github.com/pressly/goose/v3"
	gomail "github.com/wneessen/go-mail"
	_ "modernc.org/sqlite"

	"porch/errs"
	"porch/estate"
	"porch/internal/testclock"
	"porch/internal/testlog"
	"porch/migrations"
	"porch/sqldb"
	"porch/tenants"
)

const testSlug = "acme"

// The tenants manager is what the server passes to NewSender.
var _ Orgs = (*tenants.Manager)(nil)

// testOrgs is an Orgs over real database files: one org, opened once with
// tenants.Open, and a catalog opened like the tenants manager opens it.
type testOrgs struct {
	catalog *sql.DB
	db      *tenants.DB
	// fail, when set, makes Acquire of that slug fail, as a broken
	// database would.
	fail string
}

func (o *testOrgs) Acquire(ctx context.Context, slug string) (*tenants.DB, func(), error) {
	if slug == o.fail || slug != o.db.Slug {
		return nil, nil, errs.E(errs.Unavailable, "This portal is temporarily unavailable.")
	}
	return o.db, func() {}, nil
}

func (o *testOrgs) Catalog() *sql.DB { return o.catalog }

// env is one organisation with an outbox, a catalog, a clock and a log.
type env struct {
	t      *testing.T
	ctx    context.Context
	orgs   *testOrgs
	clock  *testclock.Clock
	logBuf *testlog.Buffer
	log    *slog.Logger
	dbPath string // the organisation's database file, to reopen it as after a restart
}

func newEnv(t *testing.T) *env {
	t.Helper()
	ctx := t.Context()
	dir := t.TempDir()

	cat, err := sql.Open("sqlite", "file:"+filepath.Join(dir, "catalog.db")+
		"?_pragma=busy_timeout(5000)&_pragma=journal_mode(WAL)&_pragma=foreign_keys(ON)&_txlock=immediate")
	if err != nil {
		t.Fatal(err)
	}
	// One connection, as in production: a query left open while the
	// catalog is written would deadlock here, and the test would show it.
	cat.SetMaxOpenConns(1)
	t.Cleanup(func() { cat.Close() })
	migrate(t, cat, migrations.Catalog())

	dbPath := filepath.Join(dir, testSlug+".db")
	db, err := tenants.Open(ctx, testSlug, dbPath)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { db.Close() })
	migrate(t, db.Writer(), migrations.Org())

	clk := testclock.New(time.Date(2025, 3, 14, 9, 30, 0, 0, time.UTC))
	err = db.Write(ctx, func(tx *sql.Tx) error {
		if err := estate.InitSettings(ctx, tx, "Acme Lettings", clk.Now()); err != nil {
			return err
		}
		_, err := tx.ExecContext(ctx, `UPDATE settings SET contact_email = 'office@acme.example' WHERE id = 1`)
		return err
	})
	if err != nil {
		t.Fatal(err)
	}
	for _, slug := range []string{testSlug, "ghost"} {
		if _, err := cat.ExecContext(ctx, `INSERT INTO orgs (slug, name, created_at) VALUES (?, ?, ?)`,
			slug, slug, sqldb.At(clk.Now())); err != nil {
			t.Fatal(err)
		}
	}
	buf := &testlog.Buffer{}
	return &env{
		t: t, ctx: ctx, orgs: &testOrgs{catalog: cat, db: db}, clock: clk,
		logBuf: buf, log: slog.New(slog.NewTextHandler(buf, &slog.HandlerOptions{Level: slog.LevelDebug})),
		dbPath: dbPath,
	}
}

func migrate(t *testing.T, db *sql.DB, fsys fs.FS) {
	t.Helper()
	p, err := goose.NewProvider(goose.DialectSQLite3, db, fsys)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := p.Up(t.Context()); err != nil {
		t.Fatal(err)
	}
}

func (e *env) sender(tr Transport) *Sender {
	return NewSender(e.orgs, tr, SenderConfig{Now: e.clock.Now, Logger: e.log, Poll: time.Hour})
}

// enqueue adds m to the outbox in its own transaction.
func (e *env) enqueue(m Message) string {
	e.t.Helper()
	var id string
	err := e.orgs.db.Write(e.ctx, func(tx *sql.Tx) error {
		var err error
		id, err = Enqueue(e.ctx, e.orgs.catalog, testSlug, tx, e.clock.Now(), m)
		return err
	})
	if err != nil {
		e.t.Fatalf("enqueue: %v", err)
	}
	return id
}

// outboxState is what the tests check of an outbox row.
type outboxState struct {
	Status, LastError string
	Attempts          int
	NextAttempt       time.Time
	SentAt            sql.NullString
}

func (e *env) row(id string) outboxState {
	e.t.Helper()
	var s outboxState
	err := e.orgs.db.Read().QueryRowContext(e.ctx, `SELECT status, last_error, attempts, next_attempt_at, sent_at
		FROM mail_outbox WHERE public_id = ?`, id).Scan(&s.Status, &s.LastError, &s.Attempts, sqldb.Into(&s.NextAttempt), &s.SentAt)
	if err != nil {
		e.t.Fatalf("outbox row %s: %v", id, err)
	}
	return s
}

// hint returns the org's mail_due time, and whether there is one.
func (e *env) hint(slug string) (time.Time, bool) {
	e.t.Helper()
	var at sqldb.Time
	err := e.orgs.catalog.QueryRowContext(e.ctx, `SELECT due_at FROM mail_due WHERE slug = ?`, slug).Scan(&at)
	if errors.Is(err, sql.ErrNoRows) {
		return time.Time{}, false
	}
	if err != nil {
		e.t.Fatal(err)
	}
	return at.Time, true
}

// funcTransport adapts a function to Transport.
type funcTransport func(ctx context.Context, slug string, msg *gomail.Msg) error

func (f funcTransport) Send(ctx context.Context, slug string, msg *gomail.Msg) error {
	return f(ctx, slug, msg)
}
