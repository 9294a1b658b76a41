// Package sqldb is the database kit every domain package shares: the read
// handle they take, one way to read row lists, public ids, the one text
// form of stored timestamps and dates, and prepared-statement reuse.
//
// It knows nothing of any table. Domain packages own their SQL; this
// package only makes sure they all store and read the same way.
package sqldb

import (
	"context"
	"database/sql"
)

// Querier is what read functions need: a statement cache from Stmts (an
// organisation's reads, so each query is parsed once per connection), a
// *sql.Tx, so reads compose into a write transaction, or a plain *sql.DB.
type Querier interface {
	QueryContext(ctx context.Context, query string, args ...any) (*sql.Rows, error)
	QueryRowContext(ctx context.Context, query string, args ...any) *sql.Row
}

// Scanner is a row to read: *sql.Row or *sql.Rows.
type Scanner = interface{ Scan(dest ...any) error }

// QueryAll runs query on q and reads every row with scan. A row that fails
// to scan stops the read and its error is returned; the rows are always
// closed.
func QueryAll[T any](ctx context.Context, q Querier, scan func(Scanner) (T, error), query string, args ...any) ([]T, error) {
	rows, err := q.QueryContext(ctx, query, args...)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []T
	for rows.Next() {
		v, err := scan(rows)
		if err != nil {
			return nil, err
		}
		out = append(out, v)
	}
	return out, rows.Err()
}
