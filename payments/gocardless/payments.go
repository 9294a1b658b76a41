package gocardless

import (
	"context"
	"iter"
	"net/http"
)

// PaymentParams creates a payment against a mandate. Amount is in pence.
type PaymentParams struct {
	Amount   int64  `json:"amount"`
	Currency string `json:"currency"`
	// ChargeDate (YYYY-MM-DD) is when to collect; empty means as soon as
	// possible (the mandate's next possible charge date).
	ChargeDate  string   `json:"charge_date,omitempty"`
	Reference   string   `json:"reference,omitempty"`
	Description string   `json:"description,omitempty"`
	Metadata    Metadata `json:"metadata,omitempty"`
	// RetryIfPossible lets GoCardless retry a failed collection (Success+).
	RetryIfPossible bool         `json:"retry_if_possible,omitempty"`
	Links           PaymentLinks `json:"links"`
}

// PaymentLinks names the mandate a new payment collects from.
type PaymentLinks struct {
	Mandate string `json:"mandate"`
}

// CreatePayment creates a payment. The same idempotencyKey always yields the
// same payment: a repeat returns the payment the first call created.
func (c *Client) CreatePayment(ctx context.Context, p PaymentParams, idempotencyKey string) (*Payment, error) {
	return create(ctx, c, "payments", p, idempotencyKey, c.GetPayment)
}

// GetPayment fetches a payment.
func (c *Client) GetPayment(ctx context.Context, id string) (*Payment, error) {
	return get[Payment](ctx, c, "payments", id)
}

// CancelPayment cancels a payment that has not been submitted yet; later
// states answer 422 invalid_state (reason cancellation_failed). It is not
// retried automatically. metadata may be nil.
func (c *Client) CancelPayment(ctx context.Context, id string, metadata Metadata) (*Payment, error) {
	path, err := resourcePath("payments", id, "actions", "cancel")
	if err != nil {
		return nil, err
	}
	data := map[string]any{}
	if metadata != nil {
		data["metadata"] = metadata
	}
	r := request{method: http.MethodPost, path: path, body: map[string]any{"data": data}}
	return unwrap[Payment](ctx, c, r, "payments")
}

// PaymentListParams filters ListPayments.
type PaymentListParams struct {
	Limit         int
	After, Before string
	CreatedAt     TimeRange
	Mandate       string
	Customer      string
	Creditor      string
	Status        string
	Currency      string
}

func (p PaymentListParams) values() queryBuilder {
	q := newQuery(p.Limit, p.After, p.Before)
	q.time("created_at", p.CreatedAt)
	q.set("mandate", p.Mandate)
	q.set("customer", p.Customer)
	q.set("creditor", p.Creditor)
	q.set("status", p.Status)
	q.set("currency", p.Currency)
	return q
}

// ListPayments returns one page of payments.
func (c *Client) ListPayments(ctx context.Context, p PaymentListParams) (*Page[Payment], error) {
	return list[Payment](ctx, c, "/payments", "payments", p.values())
}

// AllPayments iterates over every payment matching p.
func (c *Client) AllPayments(ctx context.Context, p PaymentListParams) iter.Seq2[Payment, error] {
	return all(ctx, func(ctx context.Context, after string) (*Page[Payment], error) {
		p.After = after
		return c.ListPayments(ctx, p)
	}, p.After)
}

// GetMandate fetches a mandate.
func (c *Client) GetMandate(ctx context.Context, id string) (*Mandate, error) {
	return get[Mandate](ctx, c, "mandates", id)
}
