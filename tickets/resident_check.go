package tickets

import (
	"context"
	"fmt"

	"porch/sqldb"
)

// Check refuses a request Raise would refuse, with the same field
// messages, without saving anything: a form can then show every problem
// at once, its photos' among them, before any of it is filed.
func (n New) Check(ctx context.Context, q sqldb.Querier) error {
	return n.tidy(ctx, q)
}

// CountOpenOwn counts the person's requests that still need work (not
// resolved or closed), for the link to them on their home page.
func CountOpenOwn(ctx context.Context, q sqldb.Querier, personID int64) (int, error) {
	var n int
	err := q.QueryRowContext(ctx, `SELECT count(*) FROM tickets WHERE raised_by = ? AND status NOT IN (?, ?)`,
		personID, StatusResolved, StatusClosed).Scan(&n)
	if err != nil {
		return 0, fmt.Errorf("count own open tickets: %w", err)
	}
	return n, nil
}
