package staff

import (
	"context"
	"time"

	"porch/estate"
	"porch/handlers"
	"porch/ledger"
	"porch/sqldb"
)

// personHolding is one of a person's leases or tenancies on their page,
// with its account's balance when it pays its unit's charges: a seller's
// closed account that still owes shows here to be chased.
type personHolding struct {
	estate.Holding
	Balance int64
	Status  string // current, ended or to come
}

// BalanceAbs is the balance without its sign.
func (h personHolding) BalanceAbs() int64 { return handlers.Abs64(h.Balance) }

// loadHoldings reads the person's holdings and each account's balance.
func loadHoldings(ctx context.Context, q sqldb.Querier, personID int64, today time.Time) ([]personHolding, error) {
	hs, err := estate.HoldingsOfPerson(ctx, q, personID)
	if err != nil {
		return nil, err
	}
	out := make([]personHolding, len(hs))
	for i, h := range hs {
		out[i] = personHolding{Holding: h, Status: "current"}
		switch {
		case h.End != nil && h.End.Before(today):
			out[i].Status = "ended"
		case h.Start.After(today):
			out[i].Status = "to come"
		}
		if h.Billable() {
			if out[i].Balance, err = ledger.DebtorBalance(ctx, q, ledger.Debtor{UnitID: h.UnitID, Occupancies: []int64{h.ID}}); err != nil {
				return nil, err
			}
		}
	}
	return out, nil
}
