package gocardless

import (
	"context"
	"iter"
	"time"
)

// Event resource types.
const (
	ResourceBillingRequests = "billing_requests"
	ResourceCreditors       = "creditors"
	ResourceMandates        = "mandates"
	ResourcePayments        = "payments"
	ResourcePayouts         = "payouts"
	ResourceRefunds         = "refunds"
	ResourceSubscriptions   = "subscriptions"
)

// Event actions for payments (resource type "payments") that change what
// Porch records. Unknown actions must be stored and otherwise ignored:
// GoCardless adds new ones without a version change.
const (
	ActionCreated               = "created"
	ActionSubmitted             = "submitted"
	ActionConfirmed             = "confirmed"
	ActionPaidOut               = "paid_out"
	ActionCancelled             = "cancelled"
	ActionFailed                = "failed"
	ActionLateFailureSettled    = "late_failure_settled"
	ActionChargedBack           = "charged_back"
	ActionChargebackSettled     = "chargeback_settled"
	ActionChargebackCancelled   = "chargeback_cancelled"
	ActionResubmissionRequested = "resubmission_requested"
	// Mandates.
	ActionActive = "active"
	// Billing requests.
	ActionFulfilled = "fulfilled"
	// Payouts.
	ActionPaid = "paid"
)

// Event records something that happened to a resource. Webhooks carry
// events; the events list returns the same objects.
type Event struct {
	ID               string       `json:"id"`
	CreatedAt        time.Time    `json:"created_at"`
	ResourceType     string       `json:"resource_type"`
	Action           string       `json:"action"`
	Links            EventLinks   `json:"links"`
	Details          EventDetails `json:"details"`
	Metadata         Metadata     `json:"metadata,omitempty"`
	ResourceMetadata Metadata     `json:"resource_metadata,omitempty"`
}

// EventLinks are the IDs of the resources an event concerns.
type EventLinks struct {
	Payment               string `json:"payment,omitempty"`
	Mandate               string `json:"mandate,omitempty"`
	Payout                string `json:"payout,omitempty"`
	Refund                string `json:"refund,omitempty"`
	Subscription          string `json:"subscription,omitempty"`
	Creditor              string `json:"creditor,omitempty"`
	Customer              string `json:"customer,omitempty"`
	CustomerBankAccount   string `json:"customer_bank_account,omitempty"`
	BillingRequest        string `json:"billing_request,omitempty"`
	BillingRequestFlow    string `json:"billing_request_flow,omitempty"`
	MandateRequestMandate string `json:"mandate_request_mandate,omitempty"`
	PaymentRequestPayment string `json:"payment_request_payment,omitempty"`
	NewMandate            string `json:"new_mandate,omitempty"`
	ParentEvent           string `json:"parent_event,omitempty"`
	Organisation          string `json:"organisation,omitempty"`
}

// EventDetails explains an event. GoCardless recommends acting on Cause,
// which is stable across schemes, rather than the scheme's ReasonCode.
type EventDetails struct {
	Origin           string `json:"origin,omitempty"` // bank, api, gocardless, customer, payer
	Cause            string `json:"cause,omitempty"`
	Description      string `json:"description,omitempty"`
	Scheme           string `json:"scheme,omitempty"`
	ReasonCode       string `json:"reason_code,omitempty"`
	Property         string `json:"property,omitempty"`
	WillAttemptRetry bool   `json:"will_attempt_retry,omitempty"`
	NotRetriedReason string `json:"not_retried_reason,omitempty"`
	Currency         string `json:"currency,omitempty"`
	BankAccountID    string `json:"bank_account_id,omitempty"`
	ItemCount        int    `json:"item_count,omitempty"`
}

// EventListParams filters ListEvents. Include ("payment", "mandate",
// "payout", "billing_request") needs ResourceType set to the matching
// plural and fills Page.Linked.
type EventListParams struct {
	Limit          int
	After, Before  string
	CreatedAt      TimeRange
	ResourceType   string
	Action         string
	Include        string
	Payment        string
	Mandate        string
	Payout         string
	BillingRequest string
}

func (p EventListParams) values() queryBuilder {
	q := newQuery(p.Limit, p.After, p.Before)
	q.time("created_at", p.CreatedAt)
	q.set("resource_type", p.ResourceType)
	q.set("action", p.Action)
	q.set("include", p.Include)
	q.set("payment", p.Payment)
	q.set("mandate", p.Mandate)
	q.set("payout", p.Payout)
	q.set("billing_request", p.BillingRequest)
	return q
}

// ListEvents returns one page of events, newest first.
func (c *Client) ListEvents(ctx context.Context, p EventListParams) (*Page[Event], error) {
	return list[Event](ctx, c, "/events", "events", p.values())
}

// AllEvents iterates over every event matching p, following cursors. It
// stops at the first error, which it yields.
func (c *Client) AllEvents(ctx context.Context, p EventListParams) iter.Seq2[Event, error] {
	return all(ctx, func(ctx context.Context, after string) (*Page[Event], error) {
		p.After = after
		return c.ListEvents(ctx, p)
	}, p.After)
}

// GetEvent fetches one event.
func (c *Client) GetEvent(ctx context.Context, id string) (*Event, error) {
	return get[Event](ctx, c, "events", id)
}
