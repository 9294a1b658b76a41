package payments

import (
	"encoding/json"
	"errors"
	"strings"
	"testing"

	"porch/payments/gocardless"
)

func gcEvent(resource, action string) gocardless.Event {
	return gocardless.Event{ID: "EV1", CreatedAt: t0, ResourceType: resource, Action: action,
		Links: gocardless.EventLinks{Payment: "PM1"}, ResourceMetadata: gocardless.Metadata{MetaPayment: "pub1"}}
}

func TestGoCardlessEventStates(t *testing.T) {
	tests := []struct {
		action, resourceStatus string
		want                   string
		failure                bool
	}{
		{"created", "", StatusPendingSubmission, false},
		{"created", StatusPendingApproval, StatusPendingApproval, false},
		{"created", StatusConfirmed, StatusPendingSubmission, false},
		{"customer_approval_denied", "", StatusApprovalDenied, true},
		{"submitted", "", StatusSubmitted, false},
		{"confirmed", "", StatusConfirmed, false},
		{"paid_out", "", StatusPaidOut, false},
		{"failed", "", StatusFailed, true},
		{"cancelled", "", StatusCancelled, true},
		{"charged_back", "", StatusChargedBack, true},
		{"late_failure_settled", "", StatusLateFailureSettled, true},
		{"resubmission_requested", "", StatusPendingSubmission, false},
		{"chargeback_cancelled", "", StatusPaidOut, false},
		{"chargeback_settled", "", "", false},
		{"surcharge_fee_debited", "", "", false},
	}
	for _, tt := range tests {
		t.Run(tt.action, func(t *testing.T) {
			ev := gcEvent("payments", tt.action)
			got := GoCardlessEvent(ev, ViaWebhook, []byte(`{"id":"EV1"}`), tt.resourceStatus)
			if got.Status != tt.want {
				t.Errorf("status %q, want %q", got.Status, tt.want)
			}
			if got.Provider != GoCardless || got.ID != "EV1" || got.Type != "payments."+tt.action || !got.Created.Equal(t0) ||
				got.PaymentRef != "PM1" || got.PaymentPublic != "pub1" || string(got.Payload) != `{"id":"EV1"}` {
				t.Errorf("event %+v", got)
			}
			if (got.Failure != "") != tt.failure {
				t.Errorf("failure %q", got.Failure)
			}
			if tt.want != "" {
				if _, ok := stage[got.Status]; !ok {
					t.Errorf("state %q unknown to Apply", got.Status)
				}
			}
		})
	}
}

func TestGoCardlessEventDetails(t *testing.T) {
	ev := gcEvent("payments", "paid_out")
	ev.Links.Payout = "PO1"
	ev.ResourceMetadata = nil
	ev.Metadata = gocardless.Metadata{MetaPayment: "pub2"}
	got := GoCardlessEvent(ev, ViaSync, nil, "")
	if got.PayoutRef != "PO1" || got.PaymentPublic != "pub2" || got.Via != ViaSync {
		t.Errorf("paid out: %+v", got)
	}
	var back gocardless.Event
	if err := json.Unmarshal(got.Payload, &back); err != nil || back.ID != "EV1" {
		t.Errorf("payload re-encoded: %s %v", got.Payload, err)
	}

	failed := gcEvent("payments", "failed")
	failed.Details = gocardless.EventDetails{Cause: "insufficient_funds", Description: "The payment failed due to insufficient funds."}
	if f := GoCardlessEvent(failed, ViaWebhook, nil, "").Failure; f != "your bank said there was not enough money in the account" {
		t.Errorf("known cause: %q", f)
	}
	failed.Details = gocardless.EventDetails{Cause: "something_new", Description: "The bank could not process this payment."}
	if f := GoCardlessEvent(failed, ViaWebhook, nil, "").Failure; f != "the bank could not process this payment" {
		t.Errorf("description: %q", f)
	}
	failed.Details = gocardless.EventDetails{Cause: "x", Description: "ARUDD returned it."}
	if f := GoCardlessEvent(failed, ViaWebhook, nil, "").Failure; f != "ARUDD returned it" {
		t.Errorf("acronym: %q", f)
	}
	failed.Details = gocardless.EventDetails{}
	if f := GoCardlessEvent(failed, ViaWebhook, nil, "").Failure; f == "" {
		t.Error("no failure text without details")
	}

	// Other resources are kept, with no state: stored as ignored.
	for _, res := range []string{"payouts", "refunds", "creditors"} {
		got := GoCardlessEvent(gcEvent(res, "paid"), ViaWebhook, nil, "")
		if got.Status != "" || got.PaymentRef != "" || got.Type != res+".paid" {
			t.Errorf("%s: %+v", res, got)
		}
	}
}

func TestReadGoCardlessWebhook(t *testing.T) {
	body := []byte(`{"events":[
		{"id":"EV1","created_at":"2026-03-02T09:00:00.000Z","resource_type":"payments","action":"confirmed","links":{"payment":"PM1"},"details":{"cause":"payment_confirmed"},"extra":{"kept":true}},
		{"id":"EV2","created_at":"2026-03-02T09:00:01.000Z","resource_type":"mandates","action":"active","links":{"mandate":"MD1"}},
		{"id":"EV3","created_at":"2026-03-02T09:00:02.000Z","resource_type":"billing_requests","action":"fulfilled","links":{"billing_request":"BRQ1","mandate_request_mandate":"MD1"}}
	]}`)
	sig := gocardless.SignWebhook(body, "secret-1")
	got, err := ReadGoCardlessWebhook(body, sig, "secret-1")
	if err != nil {
		t.Fatal(err)
	}
	if len(got) != 3 || got[0].Event.ID != "EV1" || got[1].Event.ID != "EV2" || got[2].Event.ID != "EV3" {
		t.Fatalf("events %+v", got)
	}
	if !strings.Contains(string(got[0].Raw), `"extra":{"kept":true}`) || strings.Contains(string(got[0].Raw), "EV2") {
		t.Errorf("raw of the first event: %s", got[0].Raw)
	}
	if got[0].ForMandates() || !got[1].ForMandates() || !got[2].ForMandates() {
		t.Error("ForMandates splits wrongly")
	}
	for _, bad := range []struct{ sig, secret string }{{sig, "secret-2"}, {"", "secret-1"}, {"zz", "secret-1"}, {sig, ""}} {
		if _, err := ReadGoCardlessWebhook(body, bad.sig, bad.secret); !errors.Is(err, gocardless.ErrInvalidSignature) {
			t.Errorf("signature %q secret %q: %v", bad.sig, bad.secret, err)
		}
	}
	tampered := []byte(strings.Replace(string(body), "confirmed", "paid_out", 1))
	if _, err := ReadGoCardlessWebhook(tampered, sig, "secret-1"); !errors.Is(err, gocardless.ErrInvalidSignature) {
		t.Errorf("tampered body: %v", err)
	}
	if _, err := ReadGoCardlessWebhook([]byte(`{"nope":1}`), gocardless.SignWebhook([]byte(`{"nope":1}`), "s"), "s"); err == nil {
		t.Error("a body without events was read")
	}
}
