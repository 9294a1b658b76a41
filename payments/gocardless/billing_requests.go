package gocardless

import (
	"context"
)

// Schemes and currency Porch uses.
const (
	SchemeBacs = "bacs"
	GBP        = "GBP"
)

// BillingRequestParams creates a billing request. Porch sets up Bacs
// mandates in GBP, optionally with a first payment.
type BillingRequestParams struct {
	MandateRequest *MandateRequestParams      `json:"mandate_request,omitempty"`
	PaymentRequest *PaymentRequestParams      `json:"payment_request,omitempty"`
	Metadata       Metadata                   `json:"metadata,omitempty"`
	Links          *BillingRequestParamsLinks `json:"links,omitempty"`
}

// MandateRequestParams asks for a mandate. Scheme "bacs" and currency "GBP"
// for UK Direct Debit.
type MandateRequestParams struct {
	Scheme   string   `json:"scheme,omitempty"`
	Currency string   `json:"currency,omitempty"`
	Metadata Metadata `json:"metadata,omitempty"`
}

// PaymentRequestParams asks for a one-off payment (pence) as part of the
// billing request.
type PaymentRequestParams struct {
	Amount      int64    `json:"amount"`
	Currency    string   `json:"currency"`
	Description string   `json:"description,omitempty"`
	Metadata    Metadata `json:"metadata,omitempty"`
}

// BillingRequestParamsLinks reuses an existing customer (for a resident who
// already set up a mandate once).
type BillingRequestParamsLinks struct {
	Customer string `json:"customer,omitempty"`
}

// CreateBillingRequest creates a billing request. The same idempotencyKey
// always yields the same billing request.
func (c *Client) CreateBillingRequest(ctx context.Context, p BillingRequestParams, idempotencyKey string) (*BillingRequest, error) {
	return create(ctx, c, "billing_requests", p, idempotencyKey, c.GetBillingRequest)
}

// GetBillingRequest fetches a billing request; once fulfilled its
// Links.MandateRequestMandate names the new mandate.
func (c *Client) GetBillingRequest(ctx context.Context, id string) (*BillingRequest, error) {
	return get[BillingRequest](ctx, c, "billing_requests", id)
}

// BillingRequestFlowParams creates a hosted flow for a billing request.
type BillingRequestFlowParams struct {
	RedirectURI string `json:"redirect_uri,omitempty"`
	ExitURI     string `json:"exit_uri,omitempty"`
	// LockCustomerDetails and LockBankAccount stop the payer editing what
	// was prefilled.
	LockCustomerDetails bool                    `json:"lock_customer_details,omitempty"`
	LockBankAccount     bool                    `json:"lock_bank_account,omitempty"`
	PrefilledCustomer   *PrefilledCustomer      `json:"prefilled_customer,omitempty"`
	Links               BillingRequestFlowLinks `json:"links"`
}

// BillingRequestFlowLinks names the billing request the flow is for.
type BillingRequestFlowLinks struct {
	BillingRequest string `json:"billing_request"`
}

// PrefilledCustomer fills in the payer's details on the hosted page.
type PrefilledCustomer struct {
	GivenName    string `json:"given_name,omitempty"`
	FamilyName   string `json:"family_name,omitempty"`
	Email        string `json:"email,omitempty"`
	AddressLine1 string `json:"address_line1,omitempty"`
	City         string `json:"city,omitempty"`
	PostalCode   string `json:"postal_code,omitempty"`
	CountryCode  string `json:"country_code,omitempty"`
}

// CreateBillingRequestFlow creates a flow; send the payer to its
// AuthorisationURL. GoCardless has no endpoint to fetch a flow, so an
// idempotency conflict is returned as an *Error: use a fresh key for each
// flow (flows are cheap, and one billing request may have several).
func (c *Client) CreateBillingRequestFlow(ctx context.Context, p BillingRequestFlowParams, idempotencyKey string) (*BillingRequestFlow, error) {
	return create[BillingRequestFlow](ctx, c, "billing_request_flows", p, idempotencyKey, nil)
}
