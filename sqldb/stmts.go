package sqldb

import (
	"context"
	"database/sql"
	"errors"
	"sync"
)

// DefaultMaxStmts bounds a Stmts cache. Queries are constant strings in the
// code, so a few hundred cover an application; text built per call (an IN
// list of varying length) beyond the bound runs unprepared rather than
// growing the cache without end.
const DefaultMaxStmts = 256

// Stmts is a cache of prepared statements for one *sql.DB, keyed by SQL
// text. The driver parses SQL again on every db.QueryContext; through Stmts
// a query is prepared once and database/sql keeps it prepared on each
// pooled connection it runs on. Stmts is a Querier, so QueryAll and every
// read function that takes a Querier use the cache when handed one; Tx
// does the same inside a transaction. It is safe for concurrent use.
type Stmts struct {
	db  *sql.DB
	max int

	mu     sync.Mutex
	m      map[string]*sql.Stmt
	closed bool
}

// NewStmts returns an empty cache for db holding at most max statements
// (DefaultMaxStmts when max <= 0). Close it before closing db.
func NewStmts(db *sql.DB, max int) *Stmts {
	if max <= 0 {
		max = DefaultMaxStmts
	}
	return &Stmts{db: db, max: max, m: map[string]*sql.Stmt{}}
}

// ErrStmtsClosed is returned by Prepare after Close.
var ErrStmtsClosed = errors.New("sqldb: statement cache closed")

// Prepare prepares and caches queries ahead of use. Statements a
// transaction runs are taken from the cache but never prepared into it
// (see Tx), so a write path can be warmed here once at start-up.
func (c *Stmts) Prepare(ctx context.Context, queries ...string) error {
	for _, q := range queries {
		st, err := c.stmt(ctx, q)
		if err != nil {
			return err
		}
		if st == nil {
			if c.isClosed() {
				return ErrStmtsClosed
			}
			return errors.New("sqldb: statement cache full")
		}
	}
	return nil
}

// stmt returns the cached statement for query, preparing it on first use.
// It returns nil, nil when the statement cannot be cached (the cache is
// full or closed): the caller then runs the query unprepared, exactly as
// without a cache.
//
// The lock is not held while preparing. Preparing waits for a pooled
// connection, and a caller holding one (rows open) while waiting for the
// lock could otherwise deadlock the pool. Two callers racing on the same
// new query both prepare; one statement is kept and the other closed.
func (c *Stmts) stmt(ctx context.Context, query string) (*sql.Stmt, error) {
	c.mu.Lock()
	st, ok := c.m[query]
	full := c.closed || len(c.m) >= c.max
	c.mu.Unlock()
	if ok || full {
		return st, nil
	}
	st, err := c.db.PrepareContext(ctx, query)
	if err != nil {
		return nil, err
	}
	c.mu.Lock()
	defer c.mu.Unlock()
	if have, ok := c.m[query]; ok {
		st.Close()
		return have, nil
	}
	if c.closed || len(c.m) >= c.max {
		st.Close()
		return nil, nil
	}
	c.m[query] = st
	return st, nil
}

// cached returns the statement for query if it is already prepared.
func (c *Stmts) cached(query string) *sql.Stmt {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.m[query]
}

func (c *Stmts) isClosed() bool {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.closed
}

// QueryContext runs query through its prepared statement.
func (c *Stmts) QueryContext(ctx context.Context, query string, args ...any) (*sql.Rows, error) {
	st, err := c.stmt(ctx, query)
	if err != nil {
		return nil, err
	}
	if st == nil {
		return c.db.QueryContext(ctx, query, args...)
	}
	return st.QueryContext(ctx, args...)
}

// QueryRowContext runs query through its prepared statement. A *sql.Row
// can carry an error only when database/sql makes it, so when preparing
// fails the query runs unprepared and reports the same failure (a syntax
// error, a closed database) through its Row.
func (c *Stmts) QueryRowContext(ctx context.Context, query string, args ...any) *sql.Row {
	st, err := c.stmt(ctx, query)
	if err != nil || st == nil {
		return c.db.QueryRowContext(ctx, query, args...)
	}
	return st.QueryRowContext(ctx, args...)
}

// ExecContext runs query through its prepared statement.
func (c *Stmts) ExecContext(ctx context.Context, query string, args ...any) (sql.Result, error) {
	st, err := c.stmt(ctx, query)
	if err != nil {
		return nil, err
	}
	if st == nil {
		return c.db.ExecContext(ctx, query, args...)
	}
	return st.ExecContext(ctx, args...)
}

// Len reports how many statements are cached.
func (c *Stmts) Len() int {
	c.mu.Lock()
	defer c.mu.Unlock()
	return len(c.m)
}

// Close closes every cached statement. Later queries run unprepared;
// Prepare fails.
func (c *Stmts) Close() error {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.closed = true
	var errs []error
	for q, st := range c.m {
		errs = append(errs, st.Close())
		delete(c.m, q)
	}
	return errors.Join(errs...)
}
