package estateimport

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"sort"
	"strings"
	"time"

	"porch/errs"
	"porch/estate"
	"porch/sqldb"
)

// Outcome is what an import does, or would do, to one thing of a row.
type Outcome string

// Outcomes.
const (
	None      Outcome = ""          // the row has no such thing
	Create    Outcome = "create"    // added
	Update    Outcome = "update"    // changed to match the file
	Unchanged Outcome = "unchanged" // already as the file says
)

// RowPlan is what the import does with one row of the file: its unit, its
// person and the link between them, or why the row is refused.
type RowPlan struct {
	Line     int // in the file, counting the header as line 1
	Site     string
	Unit     string
	UnitDoes Outcome
	Person   string
	PersonDo Outcome
	Role     string
	LinkDoes Outcome
	Problems []string
}

// Refused reports whether the row cannot be imported.
func (r RowPlan) Refused() bool { return len(r.Problems) > 0 }

// Plan is the whole import, row by row, with its totals.
type Plan struct {
	Rows                         []RowPlan
	Created, Updated, Unchanged  int // things (units, people, links)
	RefusedRows                  int
	UnitsCreated, PeopleCreated  int
	LinksCreated, UnitsUpdated   int
	PeopleUpdated, RowsUnchanged int
}

// ErrRefused is returned with a plan that has refused rows: nothing may be
// kept, and the caller rolls the transaction back.
var ErrRefused = errs.E(errs.Invalid, "Some rows cannot be imported; nothing was imported. Correct them and try again.")

// Apply imports the table's rows in tx through the estate functions the
// screens use, row after row so a later row sees what an earlier one
// added (the same person on two flats). It returns the plan; with refused
// rows it returns ErrRefused too, and tx must be rolled back. A preview is
// Apply in a transaction that is always rolled back.
func Apply(ctx context.Context, tx *sql.Tx, t Table, m Mapping, now time.Time) (Plan, error) {
	var p Plan
	if missing := m.Missing(); len(missing) > 0 {
		return p, errs.E(errs.Invalid, "Choose the file's column for "+strings.Join(missing, " and ")+".")
	}
	sites, err := siteIndex(ctx, tx)
	if err != nil {
		return p, err
	}
	idx := &index{sites: sites, units: map[int64]map[string]estate.Unit{}}
	for i, row := range t.Rows {
		r := RowPlan{Line: i + 2, Site: m.value(row, "site"), Unit: m.value(row, "unit")}
		if err := importRow(ctx, tx, idx, m, row, &r, now); err != nil {
			return p, err
		}
		p.add(r)
	}
	if p.RefusedRows > 0 {
		return p, ErrRefused
	}
	return p, nil
}

// add counts a row into the plan's totals.
func (p *Plan) add(r RowPlan) {
	p.Rows = append(p.Rows, r)
	if r.Refused() {
		p.RefusedRows++
		return
	}
	changed := false
	for _, o := range []Outcome{r.UnitDoes, r.PersonDo, r.LinkDoes} {
		switch o {
		case Create:
			p.Created++
			changed = true
		case Update:
			p.Updated++
			changed = true
		case Unchanged:
			p.Unchanged++
		}
	}
	if !changed {
		p.RowsUnchanged++
	}
	count := func(o Outcome, created, updated *int) {
		switch o {
		case Create:
			*created++
		case Update:
			*updated++
		}
	}
	var none int
	count(r.UnitDoes, &p.UnitsCreated, &p.UnitsUpdated)
	count(r.PersonDo, &p.PeopleCreated, &p.PeopleUpdated)
	count(r.LinkDoes, &p.LinksCreated, &none)
}

// siteIndex finds the sites in use by name, ignoring case.
func siteIndex(ctx context.Context, q sqldb.Querier) (map[string]estate.Site, error) {
	sums, _, err := estate.FindSites(ctx, q, estate.SiteFilter{})
	if err != nil {
		return nil, err
	}
	out := make(map[string]estate.Site, len(sums))
	for _, s := range sums {
		out[strings.ToLower(s.Name)] = s.Site
	}
	return out, nil
}

// problems files field messages as "Share: …" on the row.
func problems(r *RowPlan, what string, err error) error {
	de, ok := errs.As(err)
	if !ok || de.Code != errs.Invalid {
		return err
	}
	if len(de.Fields) == 0 {
		r.Problems = append(r.Problems, what+": "+de.Message)
		return nil
	}
	keys := make([]string, 0, len(de.Fields))
	for k := range de.Fields {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	for _, k := range keys {
		r.Problems = append(r.Problems, what+": "+de.Fields[k])
	}
	return nil
}

// index is what the import has looked up so far: the sites by name, and
// each site's units in use by name, read once per site and kept up to date
// as rows add units, so a file of a thousand rows is not a thousand reads
// of the site.
type index struct {
	sites map[string]estate.Site
	units map[int64]map[string]estate.Unit
}

// unit finds the site's unit in use named name, ignoring case.
func (x *index) unit(ctx context.Context, q sqldb.Querier, siteID int64, name string) (estate.Unit, bool, error) {
	byName, ok := x.units[siteID]
	if !ok {
		units, err := estate.ListUnits(ctx, q, siteID)
		if err != nil {
			return estate.Unit{}, false, err
		}
		byName = make(map[string]estate.Unit, len(units))
		for _, u := range units {
			byName[strings.ToLower(u.Name)] = u
		}
		x.units[siteID] = byName
	}
	u, ok := byName[strings.ToLower(name)]
	return u, ok, nil
}

// keep records a unit added or changed by a row.
func (x *index) keep(u estate.Unit) {
	if byName, ok := x.units[u.SiteID]; ok {
		byName[strings.ToLower(u.Name)] = u
	}
}

// isNotFound reports an estate NotFound.
func isNotFound(err error) bool { return errs.Is(err, errs.NotFound) || errors.Is(err, sql.ErrNoRows) }

// rowError wraps an unexpected error with the row's line.
func rowError(r *RowPlan, err error) error { return fmt.Errorf("line %d: %w", r.Line, err) }
