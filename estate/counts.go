package estate

import (
	"context"
	"fmt"

	"porch/sqldb"
)

// EstateCounts sizes the estate for the organisation's home page.
type EstateCounts struct {
	Sites  int
	Units  int
	People int
}

// Counts returns how many sites, units and people the organisation has.
func Counts(ctx context.Context, q sqldb.Querier) (EstateCounts, error) {
	var c EstateCounts
	err := q.QueryRowContext(ctx, `SELECT
		(SELECT count(*) FROM sites), (SELECT count(*) FROM units), (SELECT count(*) FROM people)`).
		Scan(&c.Sites, &c.Units, &c.People)
	if err != nil {
		return c, fmt.Errorf("count estate: %w", err)
	}
	return c, nil
}
