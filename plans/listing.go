package plans

import (
	"context"
	"fmt"
	"strings"

	"porch/ledger"
	"porch/sqldb"
)

// Listed is a plan as the managers' list shows it: with its home and
// site.
type Listed struct {
	Plan
	UnitPublicID string
	UnitName     string
	SiteID       int64
	SitePublicID string
	SiteName     string
}

// Filter chooses the plans of the managers' list: by status (none: the
// open ones) and by site (0: every site).
type Filter struct {
	Statuses []string
	SiteID   int64
}

// List finds the plans the filter chooses: requests waiting for a decision
// first, then offers, then plans being kept, then those that ended; the
// newest first within each.
func List(ctx context.Context, q sqldb.Querier, f Filter) ([]Listed, error) {
	statuses := f.Statuses
	if len(statuses) == 0 {
		statuses = []string{StatusRequested, StatusOffered, StatusActive}
	}
	where := []string{`p.status IN (?` + strings.Repeat(`, ?`, len(statuses)-1) + `)`}
	var args []any
	for _, s := range statuses {
		args = append(args, s)
	}
	if f.SiteID != 0 {
		where = append(where, `u.site_id = ?`)
		args = append(args, f.SiteID)
	}
	return sqldb.QueryAll(ctx, q, func(s sqldb.Scanner) (Listed, error) {
		var l Listed
		var err error
		l.Plan, err = scanPlan(withMore{s, []any{&l.UnitPublicID, &l.UnitName, &l.SiteID, &l.SitePublicID, &l.SiteName}})
		return l, err
	}, `SELECT `+planCols+`, u.public_id, u.name, s.id, s.public_id, s.name
		FROM payment_plans p JOIN units u ON u.id = p.unit_id JOIN sites s ON s.id = u.site_id
		WHERE `+strings.Join(where, ` AND `)+`
		ORDER BY CASE p.status WHEN 'requested' THEN 0 WHEN 'offered' THEN 1 WHEN 'active' THEN 2 ELSE 3 END,
			p.updated_at DESC, p.id DESC`, args...)
}

// withMore scans a row's first columns as the wrapped scanner's caller
// asks and the rest into more.
type withMore struct {
	sqldb.Scanner
	more []any
}

func (w withMore) Scan(dest ...any) error { return w.Scanner.Scan(append(dest, w.more...)...) }

// CountRequested is how many requests wait for a manager's decision.
func CountRequested(ctx context.Context, q sqldb.Querier) (int, error) {
	var n int
	err := q.QueryRowContext(ctx, `SELECT count(*) FROM payment_plans WHERE status = ?`, StatusRequested).Scan(&n)
	if err != nil {
		return 0, fmt.Errorf("count plan requests: %w", err)
	}
	return n, nil
}

// CoveredInvoice is an invoice a plan covers: what it had outstanding
// when the plan was made, and the invoice as it stands now.
type CoveredInvoice struct {
	ledger.Invoice
	OutstandingThen int64
}

// Covered lists the invoices the plan covers, oldest due first.
func Covered(ctx context.Context, q sqldb.Querier, planID int64) ([]CoveredInvoice, error) {
	then := map[int64]int64{}
	rows, err := sqldb.QueryAll(ctx, q, func(s sqldb.Scanner) ([2]int64, error) {
		var r [2]int64
		return r, s.Scan(&r[0], &r[1])
	}, `SELECT invoice_id, outstanding FROM plan_invoices WHERE plan_id = ? ORDER BY invoice_id`, planID)
	if err != nil {
		return nil, fmt.Errorf("covered invoices: %w", err)
	}
	ids := make([]int64, len(rows))
	for i, r := range rows {
		ids[i], then[r[0]] = r[0], r[1]
	}
	invs, err := ledger.InvoicesByID(ctx, q, ids)
	if err != nil {
		return nil, err
	}
	out := make([]CoveredInvoice, len(invs))
	for i, inv := range invs {
		out[i] = CoveredInvoice{Invoice: inv, OutstandingThen: then[inv.ID]}
	}
	return out, nil
}
