package gocardless

import (
	"context"
	"errors"
	"iter"
)

// API is what Porch needs from GoCardless; *Client implements it, and the
// payments adapter depends on this interface rather than the concrete type.
type API interface {
	CreateBillingRequest(ctx context.Context, p BillingRequestParams, idempotencyKey string) (*BillingRequest, error)
	GetBillingRequest(ctx context.Context, id string) (*BillingRequest, error)
	CreateBillingRequestFlow(ctx context.Context, p BillingRequestFlowParams, idempotencyKey string) (*BillingRequestFlow, error)
	GetMandate(ctx context.Context, id string) (*Mandate, error)
	CreatePayment(ctx context.Context, p PaymentParams, idempotencyKey string) (*Payment, error)
	GetPayment(ctx context.Context, id string) (*Payment, error)
	CancelPayment(ctx context.Context, id string, metadata Metadata) (*Payment, error)
	ListPayments(ctx context.Context, p PaymentListParams) (*Page[Payment], error)
	AllPayments(ctx context.Context, p PaymentListParams) iter.Seq2[Payment, error]
	ListEvents(ctx context.Context, p EventListParams) (*Page[Event], error)
	AllEvents(ctx context.Context, p EventListParams) iter.Seq2[Event, error]
	GetEvent(ctx context.Context, id string) (*Event, error)
	GetPayout(ctx context.Context, id string) (*Payout, error)
	ListPayouts(ctx context.Context, p PayoutListParams) (*Page[Payout], error)
	ListPayoutItems(ctx context.Context, p PayoutItemListParams) (*Page[PayoutItem], error)
	AllPayoutItems(ctx context.Context, p PayoutItemListParams) iter.Seq2[PayoutItem, error]
	GetCreditor(ctx context.Context, id string) (*Creditor, error)
	ListCreditors(ctx context.Context, p CreditorListParams) (*Page[Creditor], error)
	TestConnection(ctx context.Context) (*Creditor, error)
}

var _ API = (*Client)(nil)

// TestConnection checks the token by listing creditors and returns the
// first one (whose name the settings screen shows). A wrong or revoked
// token gives an error matching ErrUnauthorized.
func (c *Client) TestConnection(ctx context.Context) (*Creditor, error) {
	page, err := c.ListCreditors(ctx, CreditorListParams{Limit: 1})
	if err != nil {
		return nil, err
	}
	if len(page.Items) == 0 {
		return nil, errors.New("gocardless: the access token works but sees no creditor")
	}
	return &page.Items[0], nil
}
