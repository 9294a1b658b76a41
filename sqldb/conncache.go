package sqldb

import (
	"context"
	"database/sql"
	"database/sql/driver"
	"strings"
)

// The sqlite driver parses the SQL of every plain query and exec again.
// Reads avoid that through Stmts; writes run on an *sql.Tx handed to
// functions all over the code base, so their statements are kept below
// database/sql instead: a connection that prepares each statement text
// the first time it runs it and reuses the preparation on every later
// run, on that connection, until it closes.

// maxConnStmts bounds the statements one connection keeps. Past it, a new
// text is run the plain way rather than kept.
const maxConnStmts = 512

// StatementCaching returns a connector for dsn through the driver
// registered as driverName whose connections keep their statements. Open
// it with sql.OpenDB.
func StatementCaching(driverName, dsn string) (driver.Connector, error) {
	db, err := sql.Open(driverName, "")
	if err != nil {
		return nil, err
	}
	drv := db.Driver()
	if err := db.Close(); err != nil {
		return nil, err
	}
	return &cachingConnector{drv: drv, dsn: dsn}, nil
}

type cachingConnector struct {
	drv driver.Driver
	dsn string
}

func (c *cachingConnector) Connect(context.Context) (driver.Conn, error) {
	conn, err := c.drv.Open(c.dsn)
	if err != nil {
		return nil, err
	}
	return &cachingConn{Conn: conn, stmts: map[string]*connStmt{}}, nil
}

func (c *cachingConnector) Driver() driver.Driver { return c.drv }

// cachingConn is a driver connection that keeps its statements. database/sql
// uses a connection from one goroutine at a time, so it needs no lock.
type cachingConn struct {
	driver.Conn
	stmts map[string]*connStmt
}

// connStmt is a kept statement. busy is set while rows read from it are
// open: SQLite runs a statement once at a time, so a query run again
// inside a loop over its own rows is run the plain way.
type connStmt struct {
	st   driver.Stmt
	busy bool
}

// cacheable reports whether query is one statement: a text of several
// (a migration) is left to the driver, which runs them in turn.
func cacheable(query string) bool {
	q := strings.TrimRight(strings.TrimSpace(query), ";")
	return q != "" && !strings.Contains(q, ";")
}

// kept returns the statement kept for query, preparing it the first time;
// nil when it is busy or cannot be kept.
func (c *cachingConn) kept(ctx context.Context, query string) (*connStmt, error) {
	if s, ok := c.stmts[query]; ok {
		if s.busy {
			return nil, nil
		}
		return s, nil
	}
	if len(c.stmts) >= maxConnStmts || !cacheable(query) {
		return nil, nil
	}
	st, err := c.Conn.(driver.ConnPrepareContext).PrepareContext(ctx, query)
	if err != nil {
		return nil, err
	}
	s := &connStmt{st: st}
	c.stmts[query] = s
	return s, nil
}

func (c *cachingConn) ExecContext(ctx context.Context, query string, args []driver.NamedValue) (driver.Result, error) {
	s, err := c.kept(ctx, query)
	if err != nil {
		return nil, err
	}
	if s == nil {
		return c.Conn.(driver.ExecerContext).ExecContext(ctx, query, args)
	}
	return s.st.(driver.StmtExecContext).ExecContext(ctx, args)
}

func (c *cachingConn) QueryContext(ctx context.Context, query string, args []driver.NamedValue) (driver.Rows, error) {
	s, err := c.kept(ctx, query)
	if err != nil {
		return nil, err
	}
	if s == nil {
		return c.Conn.(driver.QueryerContext).QueryContext(ctx, query, args)
	}
	rows, err := s.st.(driver.StmtQueryContext).QueryContext(ctx, args)
	if err != nil {
		return nil, err
	}
	s.busy = true
	return &keptRows{Rows: rows, s: s}, nil
}

// Close finalises the kept statements, then closes the connection.
func (c *cachingConn) Close() error {
	for q, s := range c.stmts {
		_ = s.st.Close()
		delete(c.stmts, q)
	}
	return c.Conn.Close()
}

func (c *cachingConn) Prepare(q string) (driver.Stmt, error) {
	return c.PrepareContext(context.Background(), q)
}

func (c *cachingConn) PrepareContext(ctx context.Context, q string) (driver.Stmt, error) {
	return c.Conn.(driver.ConnPrepareContext).PrepareContext(ctx, q)
}

func (c *cachingConn) BeginTx(ctx context.Context, opts driver.TxOptions) (driver.Tx, error) {
	return c.Conn.(driver.ConnBeginTx).BeginTx(ctx, opts)
}

func (c *cachingConn) Ping(ctx context.Context) error { return c.Conn.(driver.Pinger).Ping(ctx) }

func (c *cachingConn) ResetSession(ctx context.Context) error {
	return c.Conn.(driver.SessionResetter).ResetSession(ctx)
}

func (c *cachingConn) IsValid() bool { return c.Conn.(driver.Validator).IsValid() }

// keptRows frees its statement for the next run when closed.
type keptRows struct {
	driver.Rows
	s *connStmt
}

func (r *keptRows) Close() error {
	r.s.busy = false
	return r.Rows.Close()
}
