package payments

import (
	"encoding/json"
	"fmt"
	"strings"

	stripe "github.com/stripe/stripe-go/v76"

	"porch/views"
)

// Kinds of event beside those about a payment's state (Kind ""): news of
// the card charge behind a paid payment, which Stripe reports as the
// charge's or the dispute's whole state each time.
const (
	KindRefund  = "refund"  // charge.refunded: the charge's cumulative amount refunded
	KindDispute = "dispute" // charge.dispute.*: the dispute as it now stands
)

// Dispute states Porch reads from Stripe's dispute object.
const (
	DisputeWon  = "won"
	DisputeLost = "lost"
)

// DisputeNews is a dispute as a charge.dispute.* event shows it.
type DisputeNews struct {
	Ref    string // Stripe's dispute id (dp_...)
	Status string // Stripe's status: needs_response, under_review, won, lost ...
	Amount int64  // the amount disputed
	// Held is what the dispute takes back from the payment now: the
	// disputed amount once lost; nothing once won; else what Stripe has
	// withdrawn and not reinstated.
	Held int64
	rank int // of the event's type, to order two events of the same second
}

// disputeRank orders the dispute events of one second: later in a
// dispute's life wins.
var disputeRank = map[string]int{
	"charge.dispute.created": 1, "charge.dispute.updated": 2, "charge.dispute.funds_withdrawn": 3,
	"charge.dispute.funds_reinstated": 4, "charge.dispute.closed": 5,
}

// stripeCharge is the part of a charge read from charge.refunded.
type stripeCharge struct {
	ID             string            `json:"id"`
	Amount         int64             `json:"amount"`
	AmountRefunded int64             `json:"amount_refunded"`
	PaymentIntent  json.RawMessage   `json:"payment_intent"`
	Metadata       map[string]string `json:"metadata"`
}

// stripeDispute is the part of a dispute read from charge.dispute.*.
type stripeDispute struct {
	ID            string          `json:"id"`
	Amount        int64           `json:"amount"`
	Status        string          `json:"status"`
	Charge        json.RawMessage `json:"charge"`
	PaymentIntent json.RawMessage `json:"payment_intent"`
	// Stripe lists the money a dispute moved: the withdrawal (negative)
	// and, when won, the reinstatement.
	BalanceTransactions []struct {
		Amount int64 `json:"amount"`
	} `json:"balance_transactions"`
}

// chargeEvent reads a charge.refunded or charge.dispute.* event into ev.
func chargeEvent(se stripe.Event, ev *Event) error {
	typ := string(se.Type)
	switch {
	case typ == "charge.refunded":
		var ch stripeCharge
		if err := json.Unmarshal(se.Data.Raw, &ch); err != nil {
			return fmt.Errorf("read charge of %s: %w", se.ID, err)
		}
		ev.Kind, ev.ChargeRef, ev.Refunded = KindRefund, ch.ID, ch.AmountRefunded
		ev.ProviderPayment, ev.PaymentPublic = idOf(ch.PaymentIntent), ch.Metadata["porch_payment"]
	case disputeRank[typ] > 0:
		var dp stripeDispute
		if err := json.Unmarshal(se.Data.Raw, &dp); err != nil {
			return fmt.Errorf("read dispute of %s: %w", se.ID, err)
		}
		ev.Kind, ev.ChargeRef, ev.ProviderPayment = KindDispute, idOf(dp.Charge), idOf(dp.PaymentIntent)
		ev.Dispute = DisputeNews{Ref: dp.ID, Status: dp.Status, Amount: dp.Amount, rank: disputeRank[typ]}
		switch dp.Status {
		case DisputeLost:
			ev.Dispute.Held = dp.Amount
		case DisputeWon:
		default:
			var moved int64
			for _, bt := range dp.BalanceTransactions {
				moved += bt.Amount
			}
			ev.Dispute.Held = min(max(-moved, 0), dp.Amount)
		}
	}
	return nil
}

// takeCharge moves p to the charge state ev reports, if ev is newer than
// what p already knows of it, and says whether it did.
func takeCharge(p *Payment, ev Event) bool {
	at := ev.Created.UTC()
	switch ev.Kind {
	case KindRefund:
		// Newest wins; of two in the same second, the larger total (a
		// charge's refunds only grow but by a refund's failure).
		if !p.RefundedAt.IsZero() && (at.Before(p.RefundedAt) || at.Equal(p.RefundedAt) && ev.Refunded <= p.Refunded) {
			return false
		}
		p.Refunded, p.RefundedAt = min(max(ev.Refunded, 0), p.Amount), at
	case KindDispute:
		if !p.DisputeAt.IsZero() && (at.Before(p.DisputeAt) || at.Equal(p.DisputeAt) && ev.Dispute.rank <= disputeRank[p.disputeType()]) {
			return false
		}
		p.DisputeRef, p.DisputeStatus, p.DisputeHeld, p.DisputeAt = ev.Dispute.Ref, ev.Dispute.Status, min(ev.Dispute.Held, p.Amount), at
	default:
		return false
	}
	return true
}

// disputeType is the event type whose rank the stored dispute state
// stands for: a closed dispute's, else one still open.
func (p Payment) disputeType() string {
	switch p.DisputeStatus {
	case DisputeWon, DisputeLost:
		return "charge.dispute.closed"
	case "":
		return ""
	}
	if p.DisputeHeld > 0 {
		return "charge.dispute.funds_withdrawn"
	}
	return "charge.dispute.updated"
}

// Returned is what refunds and disputes have taken back from the payment.
func (p Payment) Returned() int64 { return min(p.Refunded+p.DisputeHeld, p.Amount) }

// Standing is what the payment's receipt on the ledger is for: its
// amount less what was returned while it is received, else nothing.
func (p Payment) Standing() int64 {
	if !Received(p.Status) {
		return 0
	}
	return p.Amount - p.Returned()
}

// DisputeOpen reports a dispute not yet decided.
func (p Payment) DisputeOpen() bool {
	switch p.DisputeStatus {
	case "", DisputeWon, DisputeLost, "warning_closed":
		return false
	}
	return true
}

// DisputeWords says where a dispute stands, for people.
func (p Payment) DisputeWords() string {
	switch {
	case p.DisputeRef == "":
		return ""
	case p.DisputeStatus == DisputeWon:
		return "Dispute won: the payment stands"
	case p.DisputeStatus == "warning_closed":
		return "Enquiry closed: the payment stands"
	case p.DisputeStatus == DisputeLost:
		return "Dispute lost: " + views.Money(p.DisputeHeld, p.Currency) + " returned to the card holder"
	case p.DisputeHeld > 0:
		return "Disputed: " + views.Money(p.DisputeHeld, p.Currency) + " withdrawn while the card holder's bank decides"
	}
	return "Disputed: the card holder's bank is deciding"
}

// chargeReason is why a payment's receipt is changed after news of its
// charge, for the ledger's reversal.
func chargeReason(p Payment) string {
	var parts []string
	if p.Refunded > 0 {
		parts = append(parts, views.Money(p.Refunded, p.Currency)+" refunded")
	}
	if p.DisputeRef != "" {
		parts = append(parts, strings.ToLower(p.DisputeWords()[:1])+p.DisputeWords()[1:])
	}
	if len(parts) == 0 {
		return "the provider reported " + views.Money(p.Amount, p.Currency) + " paid"
	}
	return fmt.Sprintf("card payment of %s: %s; %s still paid", views.Money(p.Amount, p.Currency), strings.Join(parts, "; "),
		views.Money(p.Amount-p.Returned(), p.Currency))
}
