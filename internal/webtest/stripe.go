package webtest

import (
	"encoding/json"
	"time"
)

// StripeEventBody is a Checkout Session event as Stripe sends it.
func StripeEventBody(id, typ string, created time.Time, session, paymentStatus, porchPayment string, amount int64) []byte {
	var intent any
	if paymentStatus == "paid" {
		intent = "pi_" + session
	}
	b, _ := json.Marshal(map[string]any{
		"id": id, "object": "event", "api_version": "2024-06-20", "created": created.Unix(), "type": typ,
		"livemode": false, "pending_webhooks": 1,
		"data": map[string]any{"object": map[string]any{
			"id": session, "object": "checkout.session", "payment_status": paymentStatus, "amount_total": amount,
			"currency": "gbp", "payment_intent": intent, "mode": "payment",
			"metadata": map[string]string{"porch_payment": porchPayment, "porch_org": "acme"},
		}},
	})
	return b
}
