package payments

import (
	"context"
	"errors"
	"fmt"
	"net/http"
	"strings"
	"time"

	stripe "github.com/stripe/stripe-go/v76"

	"porch/payments/gocardless"
)

// stripeFeeTypes are balance transactions that are themselves Stripe's
// fees (billing, tax, currency conversion), not money from payers.
var stripeFeeTypes = map[stripe.BalanceTransactionType]bool{
	stripe.BalanceTransactionTypeStripeFee: true, stripe.BalanceTransactionTypeTaxFee: true, "stripe_fx_fee": true,
}

// StripePayoutFigures reads what a paid Stripe payout settled from the
// balance transactions it paid out: their fees are the provider's fees,
// and the payout's own amount is what reached the bank. Stripe itemises
// only automatic payouts; a manual one is recorded with no fees.
func (s *StripeAPI) StripePayoutFigures(ctx context.Context, news PayoutNews) (Payout, error) {
	po := news.Stripe
	out := Payout{Provider: Stripe, Ref: po.ID, Net: po.Amount, Currency: strings.ToUpper(po.Currency),
		ArrivalDate: ukDate(time.Unix(po.ArrivalDate, 0))}
	if !news.StripeAutomatic {
		out.Note = "A manual payout: Stripe does not itemise it, so no fees are recorded."
		return out, nil
	}
	p := &stripe.BalanceTransactionListParams{Payout: stripe.String(po.ID)}
	p.Context = ctx
	p.Limit = stripe.Int64(100)
	it := s.api.BalanceTransactions.List(p)
	var fees, net int64
	n := 0
	for it.Next() {
		bt := it.BalanceTransaction()
		if bt.Type == stripe.BalanceTransactionTypePayout {
			continue
		}
		fees += bt.Fee
		if stripeFeeTypes[bt.Type] {
			fees -= bt.Amount
		}
		net += bt.Net
		n++
	}
	if err := it.Err(); err != nil {
		err = stripeError(err)
		var se *StripeError
		if errors.As(err, &se) && se.Status == http.StatusNotFound {
			return Payout{}, fmt.Errorf("%w: %w", ErrPayoutUnknown, err)
		}
		return Payout{}, err
	}
	out.Fees = fees
	if n > 0 && net != po.Amount {
		out.Note = fmt.Sprintf("Stripe's transactions in this payout come to %s, the payout to %s; the payout's amount is what was recorded in the bank.",
			payoutMoney(net, out.Currency), payoutMoney(po.Amount, out.Currency))
	}
	return out, nil
}

// payoutFee reports payout items that are GoCardless's fees (and a
// partner's), deducted from the payout.
func payoutFee(typ string) bool {
	switch typ {
	case gocardless.PayoutItemGoCardlessFee, gocardless.PayoutItemAppFee, gocardless.PayoutItemSurchargeFee:
		return true
	}
	return false
}

// GoCardlessPayoutFigures fetches a GoCardless payout and its items: the
// payments paid out less failures, chargebacks and refunds are what it
// settles from the clearing account, the fee items its fees, and its
// amount what reached the bank. GoCardless keeps items for six months;
// without them the payout's deducted fees are used.
func GoCardlessPayoutFigures(ctx context.Context, api gocardless.API, id string) (Payout, error) {
	po, err := api.GetPayout(ctx, id)
	if errors.Is(err, gocardless.ErrNotFound) {
		return Payout{}, fmt.Errorf("%w: %w", ErrPayoutUnknown, err)
	}
	if err != nil {
		return Payout{}, err
	}
	out := Payout{Provider: GoCardless, Ref: po.ID, Reference: po.Reference, Net: po.Amount, Currency: strings.ToUpper(po.Currency)}
	if d, err := time.Parse(time.DateOnly, po.ArrivalDate); err == nil {
		out.ArrivalDate = d
	} else {
		out.ArrivalDate = ukDate(po.CreatedAt)
	}
	var settled int64 // tenths of a penny
	items := 0
	for it, err := range api.AllPayoutItems(ctx, gocardless.PayoutItemListParams{Payout: id, Limit: gocardless.MaxPageSize}) {
		if err != nil {
			if errors.Is(err, gocardless.ErrNotFound) && items == 0 {
				out.Fees = po.DeductedFees
				out.Note = "GoCardless no longer itemises this payout; its deducted fees were used."
				return out, nil
			}
			return Payout{}, err
		}
		items++
		tenths, err := it.Tenths()
		if err != nil {
			return Payout{}, err
		}
		if !payoutFee(it.Type) {
			settled += tenths
		}
	}
	if items == 0 {
		out.Fees = po.DeductedFees
		return out, nil
	}
	// GoCardless rounds only the payout's total, so the fees are what
	// separates it from the payments it settles, to the penny.
	gross := roundTenths(settled)
	out.Fees = gross - out.Net
	return out, nil
}

func roundTenths(t int64) int64 {
	if t < 0 {
		return -((-t + 5) / 10)
	}
	return (t + 5) / 10
}
