package sqldb

import (
	"context"
	"database/sql/driver"
	"sync"
)

// CountingDriver wraps a database/sql driver and counts, per connection,
// every SQL text the driver compiles (each prepare, and each plain query or
// exec, which the driver parses afresh) and every statement run. Tests
// register one under a name of their own to show what a request makes the
// driver parse; the server never uses it.
type CountingDriver struct {
	driver.Driver

	mu     sync.Mutex
	parsed []parse
	runs   map[string]int // by data source name
}

type parse struct{ dsn, query string }

// Parsed returns the SQL texts compiled on connections whose data source
// name on accepts (nil accepts all), oldest first.
func (d *CountingDriver) Parsed(on func(dsn string) bool) []string {
	d.mu.Lock()
	defer d.mu.Unlock()
	var out []string
	for _, p := range d.parsed {
		if on == nil || on(p.dsn) {
			out = append(out, p.query)
		}
	}
	return out
}

// Runs counts the statements run, prepared or not, on connections whose
// data source name on accepts (nil accepts all).
func (d *CountingDriver) Runs(on func(dsn string) bool) int {
	d.mu.Lock()
	defer d.mu.Unlock()
	n := 0
	for dsn, k := range d.runs {
		if on == nil || on(dsn) {
			n += k
		}
	}
	return n
}

// Reset forgets what has been counted so far.
func (d *CountingDriver) Reset() {
	d.mu.Lock()
	defer d.mu.Unlock()
	d.parsed, d.runs = nil, nil
}

// parse records query compiled on a connection to dsn.
func (d *CountingDriver) parse(dsn, query string) {
	d.mu.Lock()
	defer d.mu.Unlock()
	d.parsed = append(d.parsed, parse{dsn, query})
}

// run records a statement run on a connection to dsn.
func (d *CountingDriver) run(dsn string) {
	d.mu.Lock()
	defer d.mu.Unlock()
	if d.runs == nil {
		d.runs = map[string]int{}
	}
	d.runs[dsn]++
}

// Open opens a connection of the wrapped driver that counts.
func (d *CountingDriver) Open(dsn string) (driver.Conn, error) {
	c, err := d.Driver.Open(dsn)
	if err != nil {
		return nil, err
	}
	return &countingConn{Conn: c, d: d, dsn: dsn}, nil
}

// countingConn passes everything on to the driver's connection. It offers
// the optional interfaces database/sql looks for that the sqlite driver
// implements, so the pool treats it exactly as it treats the driver's own.
type countingConn struct {
	driver.Conn
	d   *CountingDriver
	dsn string
}

func (c *countingConn) Prepare(q string) (driver.Stmt, error) {
	return c.PrepareContext(context.Background(), q)
}

func (c *countingConn) PrepareContext(ctx context.Context, q string) (driver.Stmt, error) {
	c.d.parse(c.dsn, q)
	st, err := c.Conn.(driver.ConnPrepareContext).PrepareContext(ctx, q)
	if err != nil {
		return nil, err
	}
	return &countingStmt{Stmt: st, c: c}, nil
}

func (c *countingConn) QueryContext(ctx context.Context, q string, args []driver.NamedValue) (driver.Rows, error) {
	c.d.parse(c.dsn, q)
	c.d.run(c.dsn)
	return c.Conn.(driver.QueryerContext).QueryContext(ctx, q, args)
}

func (c *countingConn) ExecContext(ctx context.Context, q string, args []driver.NamedValue) (driver.Result, error) {
	c.d.parse(c.dsn, q)
	c.d.run(c.dsn)
	return c.Conn.(driver.ExecerContext).ExecContext(ctx, q, args)
}

func (c *countingConn) BeginTx(ctx context.Context, opts driver.TxOptions) (driver.Tx, error) {
	return c.Conn.(driver.ConnBeginTx).BeginTx(ctx, opts)
}

func (c *countingConn) Ping(ctx context.Context) error {
	return c.Conn.(driver.Pinger).Ping(ctx)
}

func (c *countingConn) ResetSession(ctx context.Context) error {
	return c.Conn.(driver.SessionResetter).ResetSession(ctx)
}

func (c *countingConn) IsValid() bool {
	return c.Conn.(driver.Validator).IsValid()
}

// countingStmt is a prepared statement that counts its runs. The sqlite
// driver's statements take contexts, so database/sql uses only these two.
type countingStmt struct {
	driver.Stmt
	c *countingConn
}

func (s *countingStmt) QueryContext(ctx context.Context, args []driver.NamedValue) (driver.Rows, error) {
	s.c.d.run(s.c.dsn)
	return s.Stmt.(driver.StmtQueryContext).QueryContext(ctx, args)
}

func (s *countingStmt) ExecContext(ctx context.Context, args []driver.NamedValue) (driver.Result, error) {
	s.c.d.run(s.c.dsn)
	return s.Stmt.(driver.StmtExecContext).ExecContext(ctx, args)
}
