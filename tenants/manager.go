package tenants

import (
	"container/list"
	"context"
	"database/sql"
	"fmt"
	"log/slog"
	"os"
	"path/filepath"
	"sync"
	"time"

	"porch/errs"
)

// Options configure a Manager.
type Options struct {
	DataDir     string        // holds catalog.db and orgs/<slug>.db
	BaseDomain  string        // orgs are served at <slug>.<BaseDomain>
	MaxOpen     int           // open org databases kept at most (default 512)
	IdleTimeout time.Duration // an unused database is closed after this (default 10m)
	RetryFailed time.Duration // a database that failed to open is retried after this (default 30s)
	Logger      *slog.Logger
	Now         func() time.Time

	// OnOpen runs after an org database is opened and migrated, OnClose just
	// before it is closed; replication hooks in here.
	OnOpen  func(*DB) error
	OnClose func(*DB)

	// Driver is the database/sql driver organisation databases are opened
	// with: "sqlite" when empty. Tests name a sqldb.CountingDriver here to
	// see what each request makes the driver parse.
	Driver string
}

// Manager resolves hosts to organisations and hands out their databases
// from a bounded cache. Safe for concurrent use.
type Manager struct {
	opt     Options
	catalog *sql.DB
	migr    *migrator

	mu      sync.Mutex
	open    map[string]*list.Element // slug -> element of lru holding *DB
	lru     *list.List               // front = most recently used
	opening map[string]*opening      // opens in progress, so concurrent requests share one
	failed  map[string]failure       // recent open failures
	closed  bool

	hosts  hostCache        // custom hostnames the catalog knows; see hosts.go
	labels ttlCache[label]  // subdomains the catalog knows; see addresses.go
	addrs  ttlCache[string] // slug -> the subdomain it is served at

	stop chan struct{}
	done chan struct{}
}

type opening struct {
	done chan struct{}
	db   *DB
	err  error
}

type failure struct {
	at  time.Time
	err error
}

// NewManager opens (and migrates) the catalog and starts the idle reaper.
func NewManager(ctx context.Context, opt Options) (*Manager, error) {
	if opt.MaxOpen <= 0 {
		opt.MaxOpen = 512
	}
	if opt.IdleTimeout <= 0 {
		opt.IdleTimeout = 10 * time.Minute
	}
	if opt.RetryFailed <= 0 {
		opt.RetryFailed = 30 * time.Second
	}
	if opt.Logger == nil {
		opt.Logger = slog.Default()
	}
	if opt.Now == nil {
		opt.Now = time.Now
	}
	if opt.BaseDomain == "" {
		opt.BaseDomain = "localhost"
	}
	if opt.Driver == "" {
		opt.Driver = "sqlite"
	}
	if err := os.MkdirAll(filepath.Join(opt.DataDir, "orgs"), 0o750); err != nil {
		return nil, fmt.Errorf("data directory: %w", err)
	}
	cat, err := openCatalog(ctx, filepath.Join(opt.DataDir, "catalog.db"))
	if err != nil {
		return nil, err
	}
	migr, err := newMigrator()
	if err != nil {
		cat.Close()
		return nil, err
	}
	m := &Manager{
		opt: opt, catalog: cat, migr: migr,
		open: map[string]*list.Element{}, lru: list.New(),
		opening: map[string]*opening{}, failed: map[string]failure{},
		stop: make(chan struct{}), done: make(chan struct{}),
	}
	go m.reap()
	return m, nil
}

// Catalog returns the catalog database.
func (m *Manager) Catalog() *sql.DB { return m.catalog }

// BaseDomain returns the domain orgs are served under.
func (m *Manager) BaseDomain() string { return m.opt.BaseDomain }

// DataDir returns the data directory.
func (m *Manager) DataDir() string { return m.opt.DataDir }

func (m *Manager) path(slug string) string {
	return filepath.Join(m.opt.DataDir, "orgs", slug+".db")
}

// Acquire returns the open database of the org, opening and migrating it
// if needed. The caller must call release when done; a database is never
// closed while acquired. Unknown orgs give NotFound; an org whose database
// cannot be opened or migrated gives Unavailable.
func (m *Manager) Acquire(ctx context.Context, slug string) (*DB, func(), error) {
	for {
		m.mu.Lock()
		if m.closed {
			m.mu.Unlock()
			return nil, nil, errs.E(errs.Unavailable, "Porch is shutting down; try again in a moment.")
		}
		if el, ok := m.open[slug]; ok {
			db := el.Value.(*DB)
			db.refs.Add(1)
			db.touch()
			m.lru.MoveToFront(el)
			m.mu.Unlock()
			return db, m.releaser(db), nil
		}
		if op, ok := m.opening[slug]; ok {
			m.mu.Unlock()
			select {
			case <-op.done:
			case <-ctx.Done():
				return nil, nil, ctx.Err()
			}
			if op.err != nil {
				return nil, nil, op.err
			}
			continue // it is in the cache now
		}
		if f, ok := m.failed[slug]; ok && m.opt.Now().Sub(f.at) < m.opt.RetryFailed {
			m.mu.Unlock()
			return nil, nil, f.err
		}
		op := &opening{done: make(chan struct{})}
		m.opening[slug] = op
		m.mu.Unlock()

		op.db, op.err = m.openOrg(ctx, slug)

		m.mu.Lock()
		delete(m.opening, slug)
		if op.err != nil {
			if errs.CodeOf(op.err) == errs.Unavailable {
				m.failed[slug] = failure{at: m.opt.Now(), err: op.err}
			}
			close(op.done)
			m.mu.Unlock()
			return nil, nil, op.err
		}
		// Hold the new database before making room, so it is not the one
		// evicted.
		op.db.refs.Add(1)
		m.open[slug] = m.lru.PushFront(op.db)
		delete(m.failed, slug)
		close(op.done)
		evict := m.overflow()
		m.mu.Unlock()
		m.closeAll(evict)
		return op.db, m.releaser(op.db), nil
	}
}

func (m *Manager) releaser(db *DB) func() {
	var once sync.Once
	return func() {
		once.Do(func() {
			db.touch()
			if db.refs.Add(-1) == 0 {
				m.mu.Lock()
				evict := m.overflow()
				m.mu.Unlock()
				m.closeAll(evict)
			}
		})
	}
}

// openOrg opens and migrates one org database. Errors are logged here, once,
// with the slug, and turned into a client-safe Unavailable.
func (m *Manager) openOrg(ctx context.Context, slug string) (*DB, error) {
	known, err := m.Exists(ctx, slug)
	if err != nil {
		return nil, err
	}
	if !known {
		return nil, errs.E(errs.NotFound, "There is no organisation at this address.")
	}
	path := m.path(slug)
	if _, err := os.Stat(path); err != nil {
		m.opt.Logger.Error("org database missing", "org", slug, "path", path, "err", err)
		return nil, errs.Wrap(errs.Unavailable, "This portal is temporarily unavailable.", err)
	}
	db, err := open(ctx, m.opt.Driver, slug, path)
	if err == nil {
		err = m.migr.up(ctx, db)
		if err != nil {
			db.Close()
		}
	}
	if err != nil {
		m.opt.Logger.Error("org database unavailable", "org", slug, "path", path, "err", err)
		return nil, errs.Wrap(errs.Unavailable, "This portal is temporarily unavailable.", err)
	}
	if m.opt.OnOpen != nil {
		if err := m.opt.OnOpen(db); err != nil {
			m.opt.Logger.Error("org database open hook failed", "org", slug, "err", err)
			db.Close()
			return nil, errs.Wrap(errs.Unavailable, "This portal is temporarily unavailable.", err)
		}
	}
	return db, nil
}

// overflow removes from the cache, least recently used first, the unused
// databases beyond MaxOpen and returns them for closing outside the lock.
// Called with m.mu held.
func (m *Manager) overflow() []*DB {
	var out []*DB
	for el := m.lru.Back(); el != nil && m.lru.Len() > m.opt.MaxOpen; {
		prev := el.Prev()
		if db := el.Value.(*DB); db.refs.Load() == 0 {
			m.lru.Remove(el)
			delete(m.open, db.Slug)
			out = append(out, db)
		}
		el = prev
	}
	return out
}

// idle removes unused databases not touched within IdleTimeout. Called with
// m.mu held.
func (m *Manager) idle(now time.Time) []*DB {
	var out []*DB
	for el := m.lru.Back(); el != nil; {
		prev := el.Prev()
		db := el.Value.(*DB)
		if db.refs.Load() == 0 && now.Sub(time.Unix(0, db.lastUsed.Load())) >= m.opt.IdleTimeout {
			m.lru.Remove(el)
			delete(m.open, db.Slug)
			out = append(out, db)
		}
		el = prev
	}
	return out
}

func (m *Manager) closeAll(dbs []*DB) {
	for _, db := range dbs {
		if m.opt.OnClose != nil {
			m.opt.OnClose(db)
		}
		if err := db.Close(); err != nil {
			m.opt.Logger.Error("closing org database", "org", db.Slug, "err", err)
		}
	}
}

// CloseIdle closes the databases idle for IdleTimeout now; the reaper calls
// it periodically.
func (m *Manager) CloseIdle() int {
	m.mu.Lock()
	dbs := m.idle(time.Now())
	m.mu.Unlock()
	m.closeAll(dbs)
	return len(dbs)
}

// OpenCount reports how many org databases are open.
func (m *Manager) OpenCount() int {
	m.mu.Lock()
	defer m.mu.Unlock()
	return m.lru.Len()
}

func (m *Manager) reap() {
	defer close(m.done)
	every := m.opt.IdleTimeout / 4
	if every > time.Minute {
		every = time.Minute
	}
	if every < 10*time.Millisecond {
		every = 10 * time.Millisecond
	}
	t := time.NewTicker(every)
	defer t.Stop()
	for {
		select {
		case <-m.stop:
			return
		case <-t.C:
			m.CloseIdle()
		}
	}
}

// Close stops handing out databases and closes every open one and the
// catalog. Requests still holding a database should have finished (the
// HTTP server is shut down first).
func (m *Manager) Close() error {
	m.mu.Lock()
	if m.closed {
		m.mu.Unlock()
		return nil
	}
	m.closed = true
	var dbs []*DB
	for el := m.lru.Front(); el != nil; el = el.Next() {
		dbs = append(dbs, el.Value.(*DB))
	}
	m.lru.Init()
	m.open = map[string]*list.Element{}
	m.mu.Unlock()
	close(m.stop)
	<-m.done
	m.closeAll(dbs)
	return m.catalog.Close()
}
