package tickets

import (
	"context"
	"fmt"

	"porch/sqldb"
)

// OfUnit lists the requests raised about a home, whoever raised them, for
// its owner: the open ones first, then the most recently changed, at most
// limit. Communal requests of its building are not the owner's and are
// left out.
func OfUnit(ctx context.Context, q sqldb.Querier, unitID int64, limit int) ([]Ticket, error) {
	out, err := sqldb.QueryAll(ctx, q, scanTicket, `SELECT `+ticketCols+ticketFrom+` WHERE t.unit_id = ?
		ORDER BY t.status IN (?, ?), t.updated_at DESC, t.id DESC LIMIT ?`, unitID, StatusResolved, StatusClosed, limit)
	if err != nil {
		return nil, fmt.Errorf("tickets of unit: %w", err)
	}
	return out, nil
}

// StatusText names the ticket's status for people: "In progress".
func (t Ticket) StatusText() string { return StatusLabel(t.Status) }
