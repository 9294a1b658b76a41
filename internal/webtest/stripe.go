package webtest

import (
	"encoding/json"
	"net/http"
	"net/http/httptest"
	"testing"
	"time"
)

// StripeRefusing stands in for Stripe refusing every request, as it
// answers one it will not do (400, its error code and message), until the
// test ends; it returns its address.
func StripeRefusing(t *testing.T, code, message string) string {
	body, _ := json.Marshal(map[string]any{"error": map[string]string{"type": "invalid_request_error", "code": code, "message": message}})
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "application/json")
		w.WriteHeader(http.StatusBadRequest)
		_, _ = w.Write(body)
	}))
	t.Cleanup(srv.Close)
	return srv.URL
}

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

// StripeEvent is an event as Stripe sends it, about object.
func StripeEvent(id, typ string, created time.Time, object map[string]any) []byte {
	b, _ := json.Marshal(map[string]any{
		"id": id, "object": "event", "api_version": "2024-06-20", "created": created.Unix(), "type": typ,
		"livemode": false, "pending_webhooks": 1, "data": map[string]any{"object": object},
	})
	return b
}

// StripeRefundedBody is a charge.refunded event: the charge of the
// PaymentIntent intent for amount, with refunded refunded in all.
func StripeRefundedBody(id string, created time.Time, intent string, amount, refunded int64) []byte {
	return StripeEvent(id, "charge.refunded", created, map[string]any{
		"id": "ch_" + intent, "object": "charge", "amount": amount, "amount_refunded": refunded, "currency": "gbp",
		"payment_intent": intent, "refunded": refunded == amount, "status": "succeeded", "metadata": map[string]string{},
	})
}

// StripeDisputeBody is a charge.dispute.* event about the dispute dp_+intent
// of amount on the PaymentIntent intent, with status, and the money it
// moved: -amount once withdrawn, and +amount more once reinstated.
func StripeDisputeBody(id, typ string, created time.Time, intent string, amount int64, status string, moved ...int64) []byte {
	bts := []map[string]any{}
	for i, m := range moved {
		bts = append(bts, map[string]any{"id": "txn_" + intent + "_" + string(rune('a'+i)), "object": "balance_transaction",
			"amount": m, "currency": "gbp"})
	}
	return StripeEvent(id, typ, created, map[string]any{
		"id": "dp_" + intent, "object": "dispute", "amount": amount, "currency": "gbp", "status": status,
		"charge": "ch_" + intent, "payment_intent": intent, "reason": "fraudulent", "balance_transactions": bts,
	})
}
