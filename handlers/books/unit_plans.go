package books

import (
	"context"
	"strings"

	"porch/errs"
	"porch/plans"
	"porch/sqldb"
)

// accountPlan is where a lease's or tenancy's account stands with payment
// plans: its open plan, or what is overdue that a plan could repay.
type accountPlan struct {
	Label   string // the account's people and dates
	Key     string // the occupancy's public id
	Overdue int64  // what its overdue invoices still owe
	Open    *plans.Plan
}

// OfferURL is the form offering a plan for the account's arrears.
func (p accountPlan) OfferURL(unitPublicID string) string {
	return "/admin/plans/new?unit=" + unitPublicID + "&account=" + p.Key
}

// StatusText is the open plan's status in a sentence: "being kept".
func (p accountPlan) StatusText() string { return strings.ToLower(p.Open.StatusLabel()) }

// loadPlans reads, for each of the unit's leases and tenancies, its open
// payment plan or its arrears: the page offers a plan for arrears with
// none open, and links to the plan that is.
func (a *unitAccount) loadPlans(ctx context.Context, q sqldb.Querier) error {
	a.Plans = nil
	for _, t := range a.Accounts {
		if t.Key == unitOwnAccount || (a.Account != nil && a.Account.Key != t.Key) {
			continue
		}
		ap := accountPlan{Label: t.Label, Key: t.Key}
		open, err := plans.OpenFor(ctx, q, a.Unit.ID, t.id)
		switch {
		case err == nil:
			ap.Open = &open
		case !errs.Is(err, errs.NotFound):
			return err
		default:
			if ap.Overdue, _, err = plans.Arrears(ctx, q, a.Unit.ID, t.id, a.today); err != nil {
				return err
			}
		}
		if ap.Open != nil || ap.Overdue > 0 {
			a.Plans = append(a.Plans, ap)
		}
	}
	return nil
}
