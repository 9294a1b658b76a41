package payments

import (
	"context"
	"database/sql"
	"encoding/json"
	"fmt"
	"time"

	stripe "github.com/stripe/stripe-go/v76"

	"porch/ledger"
	"porch/sqldb"
)

// settle makes the ledger agree with p as the event left it: while p is
// received, one receipt stands for what it still pays (Standing: its
// amount less refunds and disputes), else none. When that figure changes
// the standing receipt is reversed by a compensating journal, which
// re-opens what it paid, and a receipt for the new figure is posted, which
// pays it again up to that figure. Each step is decided from p's state,
// not from the event, so a repeat or an older event posts nothing.
func settle(ctx context.Context, tx *sql.Tx, now time.Time, p *Payment, ev Event, eff *Effect) error {
	want := p.Standing()
	have, byHand, err := standing(ctx, tx, p.ReceiptJournal)
	if err != nil {
		return err
	}
	if byHand {
		// A manager reversed the receipt on the unit's account: the
		// ledger is theirs to put right, and is left as it is.
		eff.Note = "Its receipt was reversed by hand; the ledger was left as it is."
		return nil
	}
	if want == have {
		return nil
	}
	if p.ReceiptJournal != 0 {
		reason := reversalReason(*p)
		if ev.Kind != "" || want > 0 {
			reason = chargeReason(*p)
		}
		if _, err := ledger.Reverse(ctx, tx, now, p.ReceiptJournal, ukDate(ev.Created), reason, 0); err != nil {
			return fmt.Errorf("reverse the receipt of payment %s: %w", p.PublicID, err)
		}
		p.ReceiptJournal, eff.Reversed = 0, ev.Kind == ""
	}
	if want > 0 {
		id, err := postReceipt(ctx, tx, now, *p, want, ev.Created)
		if err != nil {
			return err
		}
		p.ReceiptJournal = id
		if ev.Kind == "" && have == 0 {
			eff.Received, eff.Receipt = true, id
		}
	}
	return nil
}

// standing reads the amount of the receipt journal that stands for a
// payment, and whether it was reversed by someone else.
func standing(ctx context.Context, q sqldb.Querier, journal int64) (amount int64, byHand bool, err error) {
	if journal == 0 {
		return 0, false, nil
	}
	err = q.QueryRowContext(ctx, `SELECT coalesce((SELECT sum(amount) FROM postings WHERE journal_id = j.id AND amount > 0), 0),
		EXISTS (SELECT 1 FROM journals r WHERE r.reverses_id = j.id) FROM journals j WHERE j.id = ?`, journal).Scan(&amount, &byHand)
	if err != nil {
		return 0, false, fmt.Errorf("read the receipt of a payment: %w", err)
	}
	return amount, byHand, nil
}

// refundsLanded marks the refunds managers asked for as succeeded once the
// charge's refunded total reaches what each makes it.
func refundsLanded(ctx context.Context, tx *sql.Tx, now time.Time, p Payment) error {
	_, err := tx.ExecContext(ctx, `UPDATE payment_refunds SET status = 'succeeded', failure = '', updated_at = ?
		WHERE payment_id = ? AND status IN ('requested', 'pending') AND target <= ?`, sqldb.At(now), p.ID, p.Refunded)
	return err
}

// adoptChargeNews applies to p the news of its charge (refunds, disputes)
// that arrived before the event that told Porch its PaymentIntent, and so
// was stored unmatched: those events now count as applied to p.
func adoptChargeNews(ctx context.Context, tx *sql.Tx, p *Payment) error {
	type early struct {
		id      int64
		payload string
	}
	waiting, err := sqldb.QueryAll(ctx, tx, func(s sqldb.Scanner) (early, error) {
		var e early
		return e, s.Scan(&e.id, &e.payload)
	}, `SELECT id, payload FROM provider_events WHERE provider = ? AND resource = ? AND outcome = 'unmatched'
		ORDER BY created, id`, p.Provider, p.ProviderPayment)
	if err != nil {
		return err
	}
	for _, e := range waiting {
		var se stripe.Event
		if err := json.Unmarshal([]byte(e.payload), &se); err != nil {
			continue
		}
		ev, err := stripeEvent(se, ViaWebhook)
		if err != nil || ev.Kind == "" || ev.ProviderPayment != p.ProviderPayment {
			continue
		}
		takeCharge(p, ev)
		if _, err := tx.ExecContext(ctx, `UPDATE provider_events SET outcome = 'applied', payment_id = ?,
			note = 'Applied once the payment it is about was known.' WHERE id = ?`, p.ID, e.id); err != nil {
			return err
		}
	}
	return nil
}
