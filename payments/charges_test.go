package payments

import (
	"encoding/json"
	"testing"
	"time"
)

// chargeEventJSON is a charge.* event as Stripe sends it about object.
func chargeEventJSON(id, typ string, created time.Time, object map[string]any) []byte {
	b, _ := json.Marshal(map[string]any{"id": id, "object": "event", "api_version": "2024-06-20", "created": created.Unix(),
		"type": typ, "data": map[string]any{"object": object}})
	return b
}

func TestParseStripeChargeEvents(t *testing.T) {
	const secret = "whsec_test_secret"
	now := time.Now()
	dispute := func(status string, moved ...int64) map[string]any {
		var bts []map[string]any
		for _, m := range moved {
			bts = append(bts, map[string]any{"object": "balance_transaction", "amount": m})
		}
		return map[string]any{"id": "dp_1", "object": "dispute", "amount": 5000, "status": status, "charge": "ch_1",
			"payment_intent": "pi_1", "balance_transactions": bts}
	}
	tests := []struct {
		typ      string
		object   map[string]any
		kind     string
		refunded int64
		status   string
		held     int64
	}{
		{"charge.refunded", map[string]any{"id": "ch_1", "object": "charge", "amount": 5000, "amount_refunded": 1250,
			"payment_intent": "pi_1"}, KindRefund, 1250, "", 0},
		{"charge.refunded", map[string]any{"id": "ch_1", "object": "charge", "amount": 5000, "amount_refunded": 5000,
			"payment_intent": map[string]any{"id": "pi_1", "object": "payment_intent"}}, KindRefund, 5000, "", 0},
		{"charge.dispute.created", dispute("needs_response"), KindDispute, 0, "needs_response", 0},
		{"charge.dispute.funds_withdrawn", dispute("needs_response", -5000), KindDispute, 0, "needs_response", 5000},
		{"charge.dispute.updated", dispute("under_review", -5000), KindDispute, 0, "under_review", 5000},
		{"charge.dispute.funds_reinstated", dispute("won", -5000, 5000), KindDispute, 0, DisputeWon, 0},
		{"charge.dispute.closed", dispute("won", -5000, 5000), KindDispute, 0, DisputeWon, 0},
		{"charge.dispute.closed", dispute("lost"), KindDispute, 0, DisputeLost, 5000},
		{"charge.dispute.closed", dispute("warning_closed"), KindDispute, 0, "warning_closed", 0},
	}
	for i, tt := range tests {
		body := chargeEventJSON("evt_c"+string(rune('a'+i)), tt.typ, now, tt.object)
		ev, err := ParseStripeWebhook(body, SignStripe(body, secret, now), secret)
		if err != nil {
			t.Fatalf("%s: %v", tt.typ, err)
		}
		if ev.Kind != tt.kind || ev.ProviderPayment != "pi_1" || ev.Refunded != tt.refunded || ev.Dispute.Status != tt.status ||
			ev.Dispute.Held != tt.held || ev.Status != "" || ev.resource() != "pi_1" {
			t.Errorf("%d %s: %+v", i, tt.typ, ev)
		}
	}
}

func TestTakeChargeKeepsTheNewest(t *testing.T) {
	t0 := time.Date(2026, 3, 1, 10, 0, 0, 0, time.UTC)
	p := Payment{Amount: 10000, Status: StatusPaid}
	refund := func(at time.Time, total int64) Event { return Event{Kind: KindRefund, Created: at, Refunded: total} }
	steps := []struct {
		ev      Event
		applied bool
		want    int64
	}{
		{refund(t0, 2000), true, 2000},
		{refund(t0, 2000), false, 2000},                   // the same state again
		{refund(t0, 5000), true, 5000},                    // same second, more refunded
		{refund(t0.Add(-time.Minute), 1000), false, 5000}, // older
		{refund(t0.Add(time.Hour), 20000), true, 10000},   // never more than the payment
	}
	for i, s := range steps {
		if got := takeCharge(&p, s.ev); got != s.applied || p.Refunded != s.want {
			t.Errorf("step %d: applied %v, refunded %d; want %v, %d", i, got, p.Refunded, s.applied, s.want)
		}
	}
	if p.Standing() != 0 || p.Returned() != 10000 {
		t.Errorf("refunded in full: standing %d, returned %d", p.Standing(), p.Returned())
	}
	d := Payment{Amount: 8000, Status: StatusPaid}
	withdrawn := Event{Kind: KindDispute, Created: t0, Dispute: DisputeNews{Ref: "dp_1", Status: "needs_response", Held: 8000, rank: disputeRank["charge.dispute.funds_withdrawn"]}}
	opened := Event{Kind: KindDispute, Created: t0, Dispute: DisputeNews{Ref: "dp_1", Status: "needs_response", rank: disputeRank["charge.dispute.created"]}}
	if !takeCharge(&d, withdrawn) || takeCharge(&d, opened) || d.DisputeHeld != 8000 || d.Standing() != 0 {
		t.Errorf("a dispute opened in the same second as its withdrawal undid it: %+v", d)
	}
}
