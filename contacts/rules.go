// Package contacts holds the rules for residents' and owners' own contact
// details: which details they may change on their profile at once, which
// wait for the office to confirm them, and which they cannot change in the
// portal at all; and the changes waiting for the office, approved or
// rejected through the same estate.UpdatePerson as the staff's own edits.
package contacts

import (
	"context"
	"database/sql"
	"fmt"
	"slices"
	"strings"
	"time"

	"porch/errs"
	"porch/estate"
	"porch/sqldb"
)

// What a rule lets a person do with a group of their details.
const (
	Immediate = "immediate" // saved as soon as they save it
	Confirm   = "confirm"   // waits for the office to approve it
	Locked    = "locked"    // not changed in the portal: they contact the office
)

// RuleChoices are the rules, in the order the rules screen offers them.
var RuleChoices = []string{Immediate, Confirm, Locked}

// RuleLabel names a rule for people.
func RuleLabel(rule string) string {
	switch rule {
	case Immediate:
		return "Applies at once"
	case Confirm:
		return "Needs confirmation by the office"
	case Locked:
		return "Cannot be changed in the portal"
	}
	return rule
}

// The groups of details that share one rule.
const (
	GroupName          = "name"           // title and full name
	GroupPhones        = "phones"         // the main and the other phone number
	GroupAddress       = "address"        // the correspondence address
	GroupContactMethod = "contact_method" // how they prefer to be contacted
)

// Group is a group of details with its default rule.
type Group struct {
	Key, Label, Hint string
	Default          string
}

// Groups are the groups of details, in the order the profile shows them.
// A name usually changes with a marriage or a mistake, and the office
// wants to see the evidence; phone numbers and the preferred way of
// contact are the person's own business; a correspondence address decides
// where legal notices go, so the office checks it.
var Groups = []Group{
	{GroupName, "Name", "Title and full name", Confirm},
	{GroupPhones, "Phone numbers", "Main and other phone number", Immediate},
	{GroupAddress, "Correspondence address", "Where letters go, if not to their home", Confirm},
	{GroupContactMethod, "Preferred contact method", "Email, phone or post", Immediate},
}

// Rules maps each group's key to its rule.
type Rules map[string]string

// DefaultRules are the rules of an organisation that set none.
func DefaultRules() Rules {
	r := Rules{}
	for _, g := range Groups {
		r[g.Key] = g.Default
	}
	return r
}

// Of is the rule of the group, its default when none is stored.
func (r Rules) Of(group string) string {
	if rule, ok := r[group]; ok {
		return rule
	}
	for _, g := range Groups {
		if g.Key == group {
			return g.Default
		}
	}
	return Locked
}

// LoadRules reads the organisation's rules, with the default for any
// group it set no rule for.
func LoadRules(ctx context.Context, q sqldb.Querier) (Rules, error) {
	r := DefaultRules()
	rows, err := q.QueryContext(ctx, `SELECT field, rule FROM contact_rules`)
	if err != nil {
		return nil, fmt.Errorf("contact rules: %w", err)
	}
	defer rows.Close()
	for rows.Next() {
		var group, rule string
		if err := rows.Scan(&group, &rule); err != nil {
			return nil, fmt.Errorf("contact rules: %w", err)
		}
		r[group] = rule
	}
	return r, rows.Err()
}

// SaveRules stores a rule for every group and returns what changed, for
// the audit log. A group left out or given an unknown rule is refused
// with a message on its field (the group's key), and nothing is saved.
func SaveRules(ctx context.Context, tx *sql.Tx, in Rules, now time.Time) (estate.Changes, error) {
	before, err := LoadRules(ctx, tx)
	if err != nil {
		return nil, err
	}
	f := errs.Fields{}
	for _, g := range Groups {
		if !validRule(in[g.Key]) {
			f.Add(g.Key, "Choose what happens when someone changes their "+strings.ToLower(g.Label)+".")
		}
	}
	if err := f.Err(); err != nil {
		return nil, err
	}
	var changes estate.Changes
	for _, g := range Groups {
		if before.Of(g.Key) != in[g.Key] {
			changes = append(changes, estate.Change{Field: g.Key, Old: RuleLabel(before.Of(g.Key)), New: RuleLabel(in[g.Key])})
		}
		if _, err := tx.ExecContext(ctx, `INSERT INTO contact_rules (field, rule, updated_at) VALUES (?, ?, ?)
			ON CONFLICT (field) DO UPDATE SET rule = excluded.rule, updated_at = excluded.updated_at`,
			g.Key, in[g.Key], sqldb.At(now)); err != nil {
			return nil, fmt.Errorf("save contact rule: %w", err)
		}
	}
	return changes, nil
}

func validRule(rule string) bool { return slices.Contains(RuleChoices, rule) }
