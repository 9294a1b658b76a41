package tickets

import (
	"context"
	"fmt"
	"strconv"
	"strings"
	"time"

	"porch/sqldb"
)

// Status filters beyond the statuses themselves: every ticket still
// needing work, every ticket, and the status "open" on its own (a request
// nobody has started on), which "open" as a filter cannot name.
const (
	FilterOpen = "open"
	FilterAll  = "all"
	FilterNew  = "new"
)

// AssigneeNone is the assignee filter for tickets nobody has taken.
const AssigneeNone = "none"

// PageSize is how many tickets a page of the list shows.
const PageSize = 50

// Filter narrows the staff's list of tickets. Ids are public ids; an
// empty field does not narrow.
type Filter struct {
	Site      string
	Status    string // FilterOpen, FilterAll (or ""), FilterNew, or a status
	Category  string
	Assignee  string // a person's public id, or AssigneeNone
	Priority  string
	OlderThan int // days; 0 for any age
	Q         string
	Oldest    bool // oldest first rather than newest
	Page      int  // from 1
}

// where is the filter as SQL conditions on ticketFrom's aliases, and the
// arguments they bind.
func (f Filter) where(now time.Time) (string, []any) {
	var conds []string
	var args []any
	add := func(cond string, a ...any) { conds = append(conds, cond); args = append(args, a...) }
	switch f.Status {
	case "", FilterAll:
	case FilterOpen:
		add(`t.status NOT IN ('resolved', 'closed')`)
	case FilterNew:
		add(`t.status = ?`, StatusOpen)
	default:
		add(`t.status = ?`, f.Status)
	}
	if f.Site != "" {
		add(`s.public_id = ?`, f.Site)
	}
	if f.Category != "" {
		add(`c.public_id = ?`, f.Category)
	}
	switch f.Assignee {
	case "":
	case AssigneeNone:
		add(`t.assignee_id IS NULL`)
	default:
		add(`a.public_id = ?`, f.Assignee)
	}
	if f.Priority != "" {
		add(`t.priority = ?`, f.Priority)
	}
	if f.OlderThan > 0 {
		add(`t.created_at <= ?`, sqldb.At(now.AddDate(0, 0, -f.OlderThan)))
	}
	if q := strings.TrimSpace(f.Q); q != "" {
		if n, err := strconv.ParseInt(strings.TrimPrefix(q, "#"), 10, 64); err == nil {
			add(`(t.number = ? OR t.title LIKE ? ESCAPE '\')`, n, likePattern(q))
		} else {
			add(`t.title LIKE ? ESCAPE '\'`, likePattern(q))
		}
	}
	if len(conds) == 0 {
		return "", nil
	}
	return " WHERE " + strings.Join(conds, " AND "), args
}

// likePattern matches text anywhere, its own % and _ taken literally.
func likePattern(s string) string {
	r := strings.NewReplacer(`\`, `\\`, `%`, `\%`, `_`, `\_`)
	return "%" + r.Replace(s) + "%"
}

// List returns a page of the tickets the filter lets through, newest (or
// oldest) first, and how many it lets through in all.
func List(ctx context.Context, q sqldb.Querier, now time.Time, f Filter) ([]Ticket, int, error) {
	where, args := f.where(now)
	var total int
	if err := q.QueryRowContext(ctx, `SELECT count(*)`+ticketFrom+where, args...).Scan(&total); err != nil {
		return nil, 0, fmt.Errorf("count tickets: %w", err)
	}
	order := ` ORDER BY t.created_at DESC, t.id DESC`
	if f.Oldest {
		order = ` ORDER BY t.created_at, t.id`
	}
	page := max(f.Page, 1)
	out, err := sqldb.QueryAll(ctx, q, scanTicket, `SELECT `+ticketCols+ticketFrom+where+order+` LIMIT ? OFFSET ?`,
		append(args, PageSize, (page-1)*PageSize)...)
	if err != nil {
		return nil, 0, fmt.Errorf("list tickets: %w", err)
	}
	return out, total, nil
}

// Counts are the figures the staff dashboard shows about tickets.
type Counts struct {
	Open             int // not resolved or closed
	Unassigned       int // open, nobody has taken it
	Urgent           int // open and urgent
	AwaitingResident int
	Older            int // open and raised more than StaleDays ago
}

// StaleDays is the age past which an open ticket counts as old.
const StaleDays = 7

// Count reads the dashboard's figures.
func Count(ctx context.Context, q sqldb.Querier, now time.Time) (Counts, error) {
	var c Counts
	err := q.QueryRowContext(ctx, `SELECT count(*),
		coalesce(sum(assignee_id IS NULL), 0),
		coalesce(sum(priority = 'urgent'), 0),
		coalesce(sum(status = 'awaiting_resident'), 0),
		coalesce(sum(created_at <= ?), 0)
		FROM tickets WHERE status NOT IN ('resolved', 'closed')`, sqldb.At(now.AddDate(0, 0, -StaleDays))).
		Scan(&c.Open, &c.Unassigned, &c.Urgent, &c.AwaitingResident, &c.Older)
	if err != nil {
		return Counts{}, fmt.Errorf("count tickets: %w", err)
	}
	return c, nil
}
