package sqldb

import (
	"context"
	"database/sql"
	"sync"
)

// TxStmts is a Querier over one transaction that reuses prepared
// statements. Make one per transaction with Stmts.Tx; everything it
// prepares is closed by database/sql when the transaction ends.
type TxStmts struct {
	c  *Stmts
	tx *sql.Tx

	mu sync.Mutex
	m  map[string]*sql.Stmt
}

// Tx returns a Querier over tx, which must belong to the cache's database.
//
// A statement already in the cache is bound to the transaction with
// tx.StmtContext, which reuses its preparation on the transaction's
// connection. One not in the cache is prepared on the transaction's
// connection for the rest of the transaction (a loop of inserts parses its
// SQL once) but not added to the cache: preparing into the cache takes a
// pooled connection, and the writer pool has one, held by tx itself.
func (c *Stmts) Tx(tx *sql.Tx) *TxStmts {
	return &TxStmts{c: c, tx: tx, m: map[string]*sql.Stmt{}}
}

func (t *TxStmts) stmt(ctx context.Context, query string) (*sql.Stmt, error) {
	t.mu.Lock()
	defer t.mu.Unlock()
	if st, ok := t.m[query]; ok {
		return st, nil
	}
	var st *sql.Stmt
	var err error
	if shared := t.c.cached(query); shared != nil {
		st = t.tx.StmtContext(ctx, shared)
	} else {
		st, err = t.tx.PrepareContext(ctx, query)
	}
	if err != nil {
		return nil, err
	}
	t.m[query] = st
	return st, nil
}

// QueryContext runs query in the transaction through a prepared statement.
func (t *TxStmts) QueryContext(ctx context.Context, query string, args ...any) (*sql.Rows, error) {
	st, err := t.stmt(ctx, query)
	if err != nil {
		return nil, err
	}
	return st.QueryContext(ctx, args...)
}

// QueryRowContext runs query in the transaction through a prepared
// statement; if preparing fails, the query runs unprepared so its Row
// reports the failure.
func (t *TxStmts) QueryRowContext(ctx context.Context, query string, args ...any) *sql.Row {
	st, err := t.stmt(ctx, query)
	if err != nil {
		return t.tx.QueryRowContext(ctx, query, args...)
	}
	return st.QueryRowContext(ctx, args...)
}

// ExecContext runs query in the transaction through a prepared statement.
func (t *TxStmts) ExecContext(ctx context.Context, query string, args ...any) (sql.Result, error) {
	st, err := t.stmt(ctx, query)
	if err != nil {
		return nil, err
	}
	return st.ExecContext(ctx, args...)
}
