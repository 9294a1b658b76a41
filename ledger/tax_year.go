package ledger

import (
	"cmp"
	"context"
	"fmt"
	"slices"
	"strings"
	"time"

	"porch/sqldb"
)

// A landlord's annual summary for the property pages of their UK tax
// return: rent received (the cash basis most individual landlords use),
// and the fees and expenses taken from their money, under the return's
// headings, for a tax year (6 April to 5 April).

// TaxYear is a UK tax year, 6 April of Start's year to 5 April of the next.
type TaxYear struct{ Start, End time.Time }

// TaxYearStarting is the tax year that starts on 6 April of the year.
func TaxYearStarting(year int) TaxYear {
	start := time.Date(year, time.April, 6, 0, 0, 0, 0, time.UTC)
	return TaxYear{Start: start, End: start.AddDate(1, 0, -1)}
}

// TaxYearOf is the tax year the day falls in.
func TaxYearOf(d time.Time) TaxYear {
	y := d.Year()
	if d.Before(time.Date(y, time.April, 6, 0, 0, 0, 0, time.UTC)) {
		y--
	}
	return TaxYearStarting(y)
}

// Label names the year as HMRC does: "2025 to 2026".
func (t TaxYear) Label() string { return fmt.Sprintf("%d to %d", t.Start.Year(), t.Start.Year()+1) }

// Year is the year it starts in.
func (t TaxYear) Year() int { return t.Start.Year() }

// TaxLine is an amount under a label.
type TaxLine struct {
	Label  string
	Amount int64
}

// TaxHeading is one heading of the return's allowable expenses with what
// was spent under it, by category.
type TaxHeading struct {
	Heading string
	Total   int64
	Lines   []TaxLine
}

// TaxProperty is one property's part of the summary.
type TaxProperty struct {
	UnitID   int64
	Name     string
	Rent     int64
	Expenses int64 // fees included
}

// TaxSummary is a landlord's annual summary.
type TaxSummary struct {
	OwnerID    int64
	Year       TaxYear
	Rent       int64 // rent received
	Headings   []TaxHeading
	Fees       []TaxLine // the agent's fees by category (also under their heading)
	FeesTotal  int64
	Allowable  int64 // every fee and expense
	Properties []TaxProperty
}

// Profit is the rent received less the allowable expenses.
func (s TaxSummary) Profit() int64 { return s.Rent - s.Allowable }

// TaxSummaryOf builds a landlord's summary for the tax year, for one
// property or (unitID 0) all of theirs. A reversed fee or expense takes
// the category of the entry it undoes, and counts against it.
func TaxSummaryOf(ctx context.Context, q sqldb.Querier, ownerID, unitID int64, year TaxYear) (TaxSummary, error) {
	s := TaxSummary{OwnerID: ownerID, Year: year}
	rent, err := RentReceived(ctx, q, ownerID, unitID, year.Start, year.End)
	if err != nil {
		return s, err
	}
	props := map[int64]*TaxProperty{}
	prop := func(id int64) *TaxProperty {
		if props[id] == nil {
			props[id] = &TaxProperty{UnitID: id}
		}
		return props[id]
	}
	for id, n := range rent {
		prop(id).Rent += n
		s.Rent += n
	}
	lo, hi := dateBounds(year.Start, year.End)
	rows, err := q.QueryContext(ctx, `SELECT coalesce(r.kind, j.kind), coalesce(r.cost_category, j.cost_category),
			coalesce(p.unit_id, 0), sum(p.amount)
		FROM postings p JOIN journals j ON j.id = p.journal_id JOIN ledger_accounts a ON a.id = p.account_id
		LEFT JOIN journals r ON r.id = j.reverses_id
		WHERE p.owner_id = ? AND a.purpose = 'client_money' AND coalesce(r.kind, j.kind) IN ('fee', 'expense')
			AND j.date >= ? AND j.date <= ? AND (? = 0 OR p.unit_id = ?)
		GROUP BY 1, 2, 3`, ownerID, lo, hi, unitID, unitID)
	if err != nil {
		return s, err
	}
	defer rows.Close()
	byCategory := map[string]int64{}
	for rows.Next() {
		var kind, cat string
		var unit, n int64
		if err := rows.Scan(&kind, &cat, &unit, &n); err != nil {
			return s, err
		}
		c := CostCategoryOf(kind, cat)
		byCategory[c.Key] += n
		s.Allowable += n
		if unit != 0 {
			prop(unit).Expenses += n
		}
	}
	if err := rows.Err(); err != nil {
		return s, err
	}
	for _, h := range []string{HeadingRates, HeadingRepairs, HeadingProfessional, HeadingServices, HeadingOther} {
		th := TaxHeading{Heading: h}
		for _, c := range CostCategories {
			if n := byCategory[c.Key]; c.Heading == h && n != 0 {
				th.Lines = append(th.Lines, TaxLine{Label: c.Label, Amount: n})
				th.Total += n
				if c.Kind == KindFee {
					s.Fees = append(s.Fees, TaxLine{Label: c.Label, Amount: n})
					s.FeesTotal += n
				}
			}
		}
		s.Headings = append(s.Headings, th)
	}
	if err := s.nameProperties(ctx, q, props); err != nil {
		return s, err
	}
	return s, nil
}

// nameProperties fills Properties from the amounts by unit, by name.
func (s *TaxSummary) nameProperties(ctx context.Context, q sqldb.Querier, props map[int64]*TaxProperty) error {
	for id, p := range props {
		if err := q.QueryRowContext(ctx, `SELECT name FROM units WHERE id = ?`, id).Scan(&p.Name); err != nil {
			return err
		}
		s.Properties = append(s.Properties, *p)
	}
	slices.SortFunc(s.Properties, func(a, b TaxProperty) int {
		return cmp.Or(strings.Compare(a.Name, b.Name), cmp.Compare(a.UnitID, b.UnitID))
	})
	return nil
}
