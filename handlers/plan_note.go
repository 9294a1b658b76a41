package handlers

import (
	"context"
	"time"

	"porch/auth"
	"porch/errs"
	"porch/plans"
	"porch/sqldb"
)

// PlanNote is what a resident's account card says of a payment plan on
// the account: one asked for, one offered to accept, or the one being
// kept with its next instalment.
type PlanNote struct {
	PublicID string
	Status   string
	Next     *plans.Row // the next instalment of a plan being kept
	Behind   int64      // what its past instalments still owe
	Currency string
}

// URL is the plan's page.
func (n PlanNote) URL() string { return "/money/plans/" + n.PublicID }

// Requested, Offered and Active say where the plan stands.
func (n PlanNote) Requested() bool { return n.Status == plans.StatusRequested }
func (n PlanNote) Offered() bool   { return n.Status == plans.StatusOffered }
func (n PlanNote) Active() bool    { return n.Status == plans.StatusActive }

// PlanNoteOf reads the open plan on the person's accounts at the unit;
// nil when there is none. One indexed query when there is none.
func PlanNoteOf(ctx context.Context, q sqldb.Querier, u auth.MoneyUnit, today time.Time, currency string) (*PlanNote, error) {
	p, err := plans.OpenOfAccounts(ctx, q, u.ID, u.Accounts)
	if errs.Is(err, errs.NotFound) {
		return nil, nil
	}
	if err != nil {
		return nil, err
	}
	n := &PlanNote{PublicID: p.PublicID, Status: p.Status, Currency: currency}
	if p.Status == plans.StatusActive {
		pr, err := plans.Progressed(ctx, q, p, today)
		if err != nil {
			return nil, err
		}
		n.Next, n.Behind = pr.Next, pr.Behind
	}
	return n, nil
}
