package books

import (
	"context"

	"porch/errs"
	"porch/estate"
	"porch/handlers"
	"porch/ledger"
	"porch/sqldb"
	"porch/views"
)

// A unit's account page reads the whole unit by default, and one of its
// accounts when asked (?account=): each lease or tenancy that paid its
// charges has its own, so a seller's arrears stay on the seller's and a
// buyer's start at zero.

// unitOwnAccount is the key of what was charged to the unit while it had
// no paying occupancy.
const unitOwnAccount = "unit"

// accountTab is one of a unit's accounts.
type accountTab struct {
	Key      string // the occupancy's public id, or unitOwnAccount
	Label    string
	Balance  int64
	Current  bool // the lease or tenancy in force today
	Selected bool
	id       int64
}

// BalanceAbs is the balance without its sign.
func (t accountTab) BalanceAbs() int64 { return handlers.Abs64(t.Balance) }

// loadAccounts reads the unit's accounts, selecting the one keyed
// selected (none: the whole unit). An unknown key is NotFound.
func (a *unitAccount) loadAccounts(ctx context.Context, q sqldb.Querier, selected string) error {
	occ, err := estate.OccupanciesOfUnit(ctx, q, a.Unit.ID)
	if err != nil {
		return err
	}
	balances, err := ledger.UnitAccountBalances(ctx, q, a.Unit.ID)
	if err != nil {
		return err
	}
	a.Accounts, a.AccountChoices, a.Whole = nil, nil, accountTab{}
	for _, b := range balances {
		a.Whole.Balance += b.Balance
	}
	for _, o := range occ {
		if !estate.Billable(o.Role, a.Unit.SiteKind) {
			continue
		}
		dates := "from " + views.Date(o.Start)
		if o.End != nil {
			dates = views.Date(o.Start) + " to " + views.Date(*o.End)
		}
		t := accountTab{Key: o.PublicID, Label: o.Names() + ", " + dates, Balance: balances[o.ID].Balance,
			Current: o.Current(a.today), id: o.ID}
		a.Accounts = append(a.Accounts, t)
		a.AccountChoices = append(a.AccountChoices, handlers.Choice{Value: t.Key, Label: t.Label})
	}
	if b, ok := balances[0]; ok {
		a.Accounts = append(a.Accounts, accountTab{Key: unitOwnAccount, Label: "While it had no " + payerRole(a.Unit.SiteKind),
			Balance: b.Balance})
	}
	if selected == "" {
		return nil
	}
	for i := range a.Accounts {
		if a.Accounts[i].Key == selected {
			a.Accounts[i].Selected = true
			a.Account = &a.Accounts[i]
			return nil
		}
	}
	return errs.E(errs.NotFound, "That account is not one of this unit's.")
}

// payerRole names who pays a unit's charges at a site of kind.
func payerRole(siteKind string) string {
	if siteKind == estate.KindLettings {
		return estate.RoleTenant
	}
	return estate.RoleLeaseholder
}

// debtor is the account the page shows: the one selected, or the whole
// unit.
func (a *unitAccount) debtor() ledger.Debtor {
	if a.Account == nil {
		return ledger.WholeUnit(a.Unit.ID)
	}
	return ledger.Debtor{UnitID: a.Unit.ID, Occupancies: []int64{a.Account.id}}
}

// occupancyField reads the account a receipt or credit is for: blank is
// the one paying on its date (or the invoice's, when one is named).
func occupancyField(ctx context.Context, q sqldb.Querier, f errs.Fields, u estate.Unit, publicID string) int64 {
	if publicID == "" {
		return 0
	}
	o, err := estate.GetOccupancy(ctx, q, publicID)
	if err != nil || o.UnitID != u.ID || !estate.Billable(o.Role, u.SiteKind) {
		f.Add("occupancy", "Choose one of this unit's accounts, or leave it to the one paying on that date.")
		return 0
	}
	return o.ID
}
