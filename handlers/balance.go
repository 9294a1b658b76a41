package handlers

import (
	"context"
	"time"

	"porch/auth"
	"porch/ledger"
	"porch/sqldb"
)

// AccountBalance is a unit's account as the resident's cards show it: what
// is owed (negative: in credit) and how many invoices are overdue. The
// home page and the money pages render it in their first HTML, so the
// figure is there without script.
type AccountBalance struct {
	UnitPublicID string
	Balance      int64 // positive: owed; negative: in credit
	Overdue      int
	Currency     string
	Plan         *PlanNote // the payment plan on the account, if any
}

// Owed and Credit are the balance as shown: what is owed, or the credit.
func (b AccountBalance) Owed() int64   { return max(b.Balance, 0) }
func (b AccountBalance) Credit() int64 { return max(-b.Balance, 0) }

// CanPay reports whether the card offers the person a Pay button: they
// owe something on their own account.
func (b AccountBalance) CanPay() bool { return b.Balance > 0 }

// PayURL is the page where the person chooses how to pay the account.
func (b AccountBalance) PayURL() string { return "/money/units/" + b.UnitPublicID + "/pay" }

// BalanceOf reads the balance and overdue invoices of a unit's account as
// the person may read it, on the date today.
func BalanceOf(ctx context.Context, q sqldb.Querier, u auth.MoneyUnit, today time.Time, currency string) (AccountBalance, error) {
	b := AccountBalance{UnitPublicID: u.PublicID, Currency: currency}
	var err error
	if b.Balance, err = ledger.DebtorBalance(ctx, q, u.Debtor()); err != nil {
		return b, err
	}
	overdue, err := ledger.DebtorOverdue(ctx, q, u.Debtor(), today)
	if err != nil {
		return b, err
	}
	for _, issued := range overdue {
		if u.Covers(issued) {
			b.Overdue++
		}
	}
	b.Plan, err = PlanNoteOf(ctx, q, u, today, currency)
	return b, err
}
