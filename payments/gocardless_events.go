package payments

import (
	"encoding/json"
	"fmt"
	"strings"
	"unicode"
	"unicode/utf8"

	"porch/payments/gocardless"
)

// MetaPayment is the metadata key under which Porch gives GoCardless a
// payment's public id; GoCardless echoes it in the payment's events.
const MetaPayment = "porch_payment"

// GoCardlessIncoming is one event of a verified GoCardless webhook (or of
// the events list), with its own JSON as received, which is what is
// stored.
type GoCardlessIncoming struct {
	Event gocardless.Event
	Raw   []byte
}

// ForMandates reports whether the event is about a mandate or the billing
// request that sets one up: those are applied by ApplyMandateEvent. Every
// other event (payments, and payouts, refunds and the rest, which are
// stored as ignored) goes through Apply, after GoCardlessEvent.
func (in GoCardlessIncoming) ForMandates() bool {
	switch in.Event.ResourceType {
	case gocardless.ResourceMandates, gocardless.ResourceBillingRequests:
		return true
	}
	return false
}

// ReadGoCardlessWebhook verifies a GoCardless webhook (the raw body, the
// Webhook-Signature header and the endpoint's secret) and splits it into
// its events, in the order sent. A bad signature is an error wrapping
// gocardless.ErrInvalidSignature, checked before anything is read.
func ReadGoCardlessWebhook(body []byte, signature, secret string) ([]GoCardlessIncoming, error) {
	events, err := gocardless.VerifyWebhook(body, signature, secret)
	if err != nil {
		return nil, err
	}
	var env struct {
		Events []json.RawMessage `json:"events"`
	}
	if err := json.Unmarshal(body, &env); err != nil {
		return nil, fmt.Errorf("gocardless: decoding webhook events: %w", err)
	}
	if len(env.Events) != len(events) {
		return nil, fmt.Errorf("gocardless: webhook has %d events, read %d", len(env.Events), len(events))
	}
	out := make([]GoCardlessIncoming, len(events))
	for i, ev := range events {
		out[i] = GoCardlessIncoming{Event: ev, Raw: env.Events[i]}
	}
	return out, nil
}

// GoCardlessEvent reads a GoCardless event into Porch's terms for Apply.
// Events about payments move the payment to the state the action names;
// an action that does not change what Porch records (chargeback_settled,
// and any GoCardless adds later), and every event about another kind of
// resource, has no Status and is stored as ignored. resourceStatus is the
// payment's status when the caller has it (an events list with
// include=payment); only pending_customer_approval is taken from it, to
// read a created event rightly. raw is the event's JSON as received.
func GoCardlessEvent(ev gocardless.Event, via string, raw []byte, resourceStatus string) Event {
	out := Event{Provider: GoCardless, ID: ev.ID, Type: ev.ResourceType + "." + ev.Action, Created: ev.CreatedAt.UTC(),
		Via: via, Payload: raw}
	if len(out.Payload) == 0 {
		out.Payload, _ = json.Marshal(ev)
	}
	if ev.ResourceType != gocardless.ResourcePayments {
		return out
	}
	out.PaymentRef = ev.Links.Payment
	out.PaymentPublic = ev.ResourceMetadata[MetaPayment]
	if out.PaymentPublic == "" {
		out.PaymentPublic = ev.Metadata[MetaPayment]
	}
	switch ev.Action {
	case gocardless.ActionCreated:
		out.Status = StatusPendingSubmission
		if resourceStatus == StatusPendingApproval {
			out.Status = StatusPendingApproval
		}
	case gocardless.ActionResubmissionRequested:
		out.Status = StatusPendingSubmission
	case gocardless.ActionSubmitted:
		out.Status = StatusSubmitted
	case gocardless.ActionConfirmed:
		out.Status = StatusConfirmed
	case gocardless.ActionPaidOut:
		out.Status, out.PayoutRef = StatusPaidOut, ev.Links.Payout
	case gocardless.ActionChargebackCancelled:
		// The payer's bank withdrew the claim: the money is the
		// creditor's again, as it was once paid out.
		out.Status = StatusPaidOut
	case gocardless.ActionFailed:
		out.Status = StatusFailed
	case gocardless.ActionCancelled:
		out.Status = StatusCancelled
	case "customer_approval_denied":
		out.Status = StatusApprovalDenied
	case gocardless.ActionChargedBack:
		out.Status = StatusChargedBack
	case gocardless.ActionLateFailureSettled:
		out.Status = StatusLateFailureSettled
		out.Failure = "your bank returned the payment after it had been collected"
	}
	switch out.Status {
	case StatusFailed, StatusCancelled, StatusApprovalDenied, StatusChargedBack:
		out.Failure = gocardlessFailure(ev)
	}
	return out
}

// gocardlessCauses puts the causes GoCardless reports most often in words
// a resident can act on. Causes are stable across schemes, unlike the
// banks' reason codes.
var gocardlessCauses = map[string]string{
	"insufficient_funds":                 "your bank said there was not enough money in the account",
	"refer_to_payer":                     "your bank refused the payment; please ask your bank why",
	"bank_account_closed":                "the bank account has been closed",
	"bank_account_transferred":           "the bank account has moved to another bank",
	"authorisation_disputed":             "your bank reclaimed the payment at your request (an indemnity claim)",
	"direct_debit_not_enabled":           "the bank account does not take Direct Debits",
	"invalid_bank_details":               "the bank details were not recognised",
	"mandate_cancelled":                  "the Direct Debit was cancelled",
	"mandate_failed":                     "the bank refused the Direct Debit",
	"mandate_expired":                    "the Direct Debit has expired",
	"payment_cancelled":                  "the payment was cancelled",
	"return_on_odd_consented_to_payment": "your bank returned the payment",
	"customer_approval_denied":           "the payment was not approved",
}

// gocardlessFailure says why a payment did not (or no longer) count, as a
// phrase that follows "did not go through: ".
func gocardlessFailure(ev gocardless.Event) string {
	if s, ok := gocardlessCauses[ev.Details.Cause]; ok {
		return s
	}
	d := strings.TrimSpace(ev.Details.Description)
	d = strings.TrimRight(d, ". ")
	if d == "" {
		switch ev.Action {
		case gocardless.ActionCancelled:
			return "the payment was cancelled"
		case gocardless.ActionChargedBack:
			return "your bank reclaimed the payment"
		}
		return "your bank did not pay"
	}
	// A sentence from GoCardless reads on after a colon with its first
	// letter in lower case, unless it starts with an acronym.
	r, size := utf8.DecodeRuneInString(d)
	if next, _ := utf8.DecodeRuneInString(d[size:]); !unicode.IsUpper(next) {
		d = string(unicode.ToLower(r)) + d[size:]
	}
	return cut(d, 300)
}
