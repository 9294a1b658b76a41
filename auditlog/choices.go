package auditlog

import (
	"context"
	"fmt"
	"sort"

	"porch/sqldb"
)

// Action is a kind of action, as the filter offers it.
type Action struct {
	Code, Label, Group string
}

// Actions lists every kind of action, by group in order and then by
// label.
func Actions() []Action {
	rank := map[string]int{}
	for i, g := range groups {
		rank[g] = i
	}
	out := make([]Action, 0, len(phrases))
	for c, p := range phrases {
		out = append(out, Action{Code: c, Label: p.Label, Group: p.Group})
	}
	sort.Slice(out, func(i, j int) bool {
		if a, b := rank[out[i].Group], rank[out[j].Group]; a != b {
			return a < b
		}
		return out[i].Label < out[j].Label
	})
	return out
}

// Actor is someone who appears in the log as having acted.
type Actor struct {
	PublicID, Name string
}

// Actors lists the people who appear in the log as having acted, by name.
func Actors(ctx context.Context, q sqldb.Querier) ([]Actor, error) {
	rows, err := q.QueryContext(ctx, `SELECT p.public_id, p.full_name FROM people p
		WHERE p.id IN (SELECT DISTINCT person_id FROM audit_log WHERE person_id IS NOT NULL)
		ORDER BY p.full_name, p.public_id`)
	if err != nil {
		return nil, fmt.Errorf("audit log people: %w", err)
	}
	defer rows.Close()
	var out []Actor
	for rows.Next() {
		var a Actor
		if err := rows.Scan(&a.PublicID, &a.Name); err != nil {
			return nil, err
		}
		out = append(out, a)
	}
	return out, rows.Err()
}
