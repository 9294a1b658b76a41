package gocardless

import (
	"encoding/json"
	"fmt"
	"math"
	"strconv"
	"strings"
	"time"
)

// Metadata is a resource's key-value metadata. GoCardless allows up to
// three keys (50 characters) with string values (500 characters). Decoding
// is lenient: a non-string value is kept as its JSON text rather than
// failing the whole response or webhook.
type Metadata map[string]string

// UnmarshalJSON implements json.Unmarshaler.
func (m *Metadata) UnmarshalJSON(b []byte) error {
	var raw map[string]json.RawMessage
	if err := json.Unmarshal(b, &raw); err != nil {
		return err
	}
	if raw == nil {
		*m = nil
		return nil
	}
	out := make(Metadata, len(raw))
	for k, v := range raw {
		var s string
		if err := json.Unmarshal(v, &s); err == nil {
			out[k] = s
		} else {
			out[k] = string(v)
		}
	}
	*m = out
	return nil
}

// Billing request statuses.
const (
	BillingRequestPending       = "pending"
	BillingRequestReadyToFulfil = "ready_to_fulfil"
	BillingRequestFulfilling    = "fulfilling"
	BillingRequestFulfilled     = "fulfilled"
	BillingRequestCancelled     = "cancelled"
)

// BillingRequest asks a payer to set up a mandate and/or make a payment.
type BillingRequest struct {
	ID             string                  `json:"id"`
	CreatedAt      time.Time               `json:"created_at"`
	Status         string                  `json:"status"`
	MandateRequest *MandateRequest         `json:"mandate_request"`
	PaymentRequest *PaymentRequest         `json:"payment_request"`
	Metadata       Metadata                `json:"metadata"`
	Links          BillingRequestLinks     `json:"links"`
	Resources      BillingRequestResources `json:"resources"`
}

// MandateRequest is the mandate part of a billing request.
type MandateRequest struct {
	Currency string   `json:"currency"`
	Scheme   string   `json:"scheme"`
	Verify   string   `json:"verify,omitempty"`
	Metadata Metadata `json:"metadata,omitempty"`
	Links    struct {
		Mandate string `json:"mandate,omitempty"`
	} `json:"links"`
}

// PaymentRequest is the one-off payment part of a billing request.
type PaymentRequest struct {
	Amount      int64    `json:"amount"`
	Currency    string   `json:"currency"`
	Description string   `json:"description,omitempty"`
	Scheme      string   `json:"scheme,omitempty"`
	Metadata    Metadata `json:"metadata,omitempty"`
	Links       struct {
		Payment string `json:"payment,omitempty"`
	} `json:"links"`
}

// BillingRequestLinks are the IDs of the resources a billing request is
// tied to. MandateRequestMandate is set once the request is fulfilled.
type BillingRequestLinks struct {
	Creditor              string `json:"creditor,omitempty"`
	Organisation          string `json:"organisation,omitempty"`
	Customer              string `json:"customer,omitempty"`
	CustomerBankAccount   string `json:"customer_bank_account,omitempty"`
	CustomerBillingDetail string `json:"customer_billing_detail,omitempty"`
	MandateRequest        string `json:"mandate_request,omitempty"`
	MandateRequestMandate string `json:"mandate_request_mandate,omitempty"`
	PaymentRequest        string `json:"payment_request,omitempty"`
	PaymentRequestPayment string `json:"payment_request_payment,omitempty"`
}

// BillingRequestResources embeds the payer's details as collected so far.
type BillingRequestResources struct {
	Customer            *Customer            `json:"customer,omitempty"`
	CustomerBankAccount *CustomerBankAccount `json:"customer_bank_account,omitempty"`
}

// Customer is a payer.
type Customer struct {
	ID          string    `json:"id"`
	CreatedAt   time.Time `json:"created_at"`
	Email       string    `json:"email,omitempty"`
	GivenName   string    `json:"given_name,omitempty"`
	FamilyName  string    `json:"family_name,omitempty"`
	CompanyName string    `json:"company_name,omitempty"`
	Metadata    Metadata  `json:"metadata,omitempty"`
}

// CustomerBankAccount is a payer's bank account; only the last digits of
// the account number are ever returned.
type CustomerBankAccount struct {
	ID                  string    `json:"id"`
	CreatedAt           time.Time `json:"created_at"`
	AccountHolderName   string    `json:"account_holder_name,omitempty"`
	AccountNumberEnding string    `json:"account_number_ending,omitempty"`
	BankName            string    `json:"bank_name,omitempty"`
	CountryCode         string    `json:"country_code,omitempty"`
	Currency            string    `json:"currency,omitempty"`
	Enabled             bool      `json:"enabled"`
}

// BillingRequestFlow is a hosted page session for a billing request: send
// the payer to AuthorisationURL; GoCardless sends them back to RedirectURI
// when done, or to ExitURI if they leave.
type BillingRequestFlow struct {
	ID               string    `json:"id"`
	CreatedAt        time.Time `json:"created_at"`
	ExpiresAt        time.Time `json:"expires_at"`
	AuthorisationURL string    `json:"authorisation_url"`
	RedirectURI      string    `json:"redirect_uri,omitempty"`
	ExitURI          string    `json:"exit_uri,omitempty"`
	AutoFulfil       bool      `json:"auto_fulfil"`
	Links            struct {
		BillingRequest string `json:"billing_request"`
	} `json:"links"`
}

// Mandate statuses (those Porch acts on).
const (
	MandatePendingCustomerApproval = "pending_customer_approval"
	MandatePendingSubmission       = "pending_submission"
	MandateSubmitted               = "submitted"
	MandateActive                  = "active"
	MandateFailed                  = "failed"
	MandateCancelled               = "cancelled"
	MandateExpired                 = "expired"
	MandateConsumed                = "consumed"
	MandateBlocked                 = "blocked"
	MandateSuspendedByPayer        = "suspended_by_payer"
)

// Mandate authorises collecting payments from a payer's bank account.
type Mandate struct {
	ID                     string    `json:"id"`
	CreatedAt              time.Time `json:"created_at"`
	Reference              string    `json:"reference"`
	Status                 string    `json:"status"`
	Scheme                 string    `json:"scheme"`
	NextPossibleChargeDate string    `json:"next_possible_charge_date,omitempty"` // YYYY-MM-DD
	Metadata               Metadata  `json:"metadata,omitempty"`
	Links                  struct {
		Creditor            string `json:"creditor,omitempty"`
		Customer            string `json:"customer,omitempty"`
		CustomerBankAccount string `json:"customer_bank_account,omitempty"`
		NewMandate          string `json:"new_mandate,omitempty"`
	} `json:"links"`
}

// Payment statuses.
const (
	PaymentPendingCustomerApproval = "pending_customer_approval"
	PaymentPendingSubmission       = "pending_submission"
	PaymentSubmitted               = "submitted"
	PaymentConfirmed               = "confirmed"
	PaymentPaidOut                 = "paid_out"
	PaymentCancelled               = "cancelled"
	PaymentCustomerApprovalDenied  = "customer_approval_denied"
	PaymentFailed                  = "failed"
	PaymentChargedBack             = "charged_back"
)

// Payment is a collection from a mandate. Amount is in pence.
type Payment struct {
	ID             string    `json:"id"`
	CreatedAt      time.Time `json:"created_at"`
	ChargeDate     string    `json:"charge_date"` // YYYY-MM-DD
	Amount         int64     `json:"amount"`
	AmountRefunded int64     `json:"amount_refunded"`
	Currency       string    `json:"currency"`
	Description    string    `json:"description,omitempty"`
	Reference      string    `json:"reference,omitempty"`
	Status         string    `json:"status"`
	Scheme         string    `json:"scheme,omitempty"`
	Metadata       Metadata  `json:"metadata,omitempty"`
	Links          struct {
		Mandate      string `json:"mandate,omitempty"`
		Creditor     string `json:"creditor,omitempty"`
		Payout       string `json:"payout,omitempty"`
		Subscription string `json:"subscription,omitempty"`
	} `json:"links"`
}

// Payout statuses.
const (
	PayoutPending = "pending"
	PayoutPaid    = "paid"
	PayoutBounced = "bounced"
)

// Payout is a transfer from GoCardless to the creditor's bank account.
// Amount is what arrives (pence), after DeductedFees.
type Payout struct {
	ID           string    `json:"id"`
	CreatedAt    time.Time `json:"created_at"`
	Amount       int64     `json:"amount"`
	DeductedFees int64     `json:"deducted_fees"`
	Currency     string    `json:"currency"`
	ArrivalDate  string    `json:"arrival_date,omitempty"` // YYYY-MM-DD
	PayoutType   string    `json:"payout_type,omitempty"`
	Reference    string    `json:"reference,omitempty"`
	Status       string    `json:"status"`
	Metadata     Metadata  `json:"metadata,omitempty"`
	Links        struct {
		Creditor            string `json:"creditor,omitempty"`
		CreditorBankAccount string `json:"creditor_bank_account,omitempty"`
	} `json:"links"`
}

// Payout item types (those that affect Porch's books).
const (
	PayoutItemPaymentPaidOut     = "payment_paid_out"
	PayoutItemPaymentFailed      = "payment_failed"
	PayoutItemPaymentChargedBack = "payment_charged_back"
	PayoutItemPaymentRefunded    = "payment_refunded"
	PayoutItemRefund             = "refund"
	PayoutItemGoCardlessFee      = "gocardless_fee"
	PayoutItemAppFee             = "app_fee"
	PayoutItemRevenueShare       = "revenue_share"
	PayoutItemSurchargeFee       = "surcharge_fee"
)

// PayoutItem is one credit or debit making up a payout. Amount is a
// decimal string in pence to one decimal place ("1000.0", "-20.5"), positive
// for credits and negative for debits; GoCardless rounds only the payout's
// total.
type PayoutItem struct {
	Type   string `json:"type"`
	Amount string `json:"amount"`
	Links  struct {
		Payment string `json:"payment,omitempty"`
		Mandate string `json:"mandate,omitempty"`
		Refund  string `json:"refund,omitempty"`
	} `json:"links"`
}

// Tenths returns the item's amount in tenths of a penny, exactly.
func (it PayoutItem) Tenths() (int64, error) {
	s := strings.TrimSpace(it.Amount)
	neg := strings.HasPrefix(s, "-")
	s = strings.TrimPrefix(strings.TrimPrefix(s, "-"), "+")
	whole, frac, _ := strings.Cut(s, ".")
	if len(frac) > 1 {
		if strings.Trim(frac[1:], "0") != "" {
			return 0, fmt.Errorf("gocardless: payout item amount %q has more than one decimal place", it.Amount)
		}
		frac = frac[:1]
	}
	if frac == "" {
		frac = "0"
	}
	w, err1 := strconv.ParseInt(whole, 10, 64)
	f, err2 := strconv.ParseInt(frac, 10, 64)
	if err1 != nil || err2 != nil || w > math.MaxInt64/10-1 {
		return 0, fmt.Errorf("gocardless: invalid payout item amount %q", it.Amount)
	}
	t := w*10 + f
	if neg {
		t = -t
	}
	return t, nil
}

// Pence returns the item's amount rounded to the nearest penny (halves away
// from zero). Sum Tenths instead when totals must match the payout exactly.
func (it PayoutItem) Pence() (int64, error) {
	t, err := it.Tenths()
	if err != nil {
		return 0, err
	}
	if t < 0 {
		return -((-t + 5) / 10), nil
	}
	return (t + 5) / 10, nil
}

// Creditor is the organisation's GoCardless account.
type Creditor struct {
	ID                 string    `json:"id"`
	CreatedAt          time.Time `json:"created_at"`
	Name               string    `json:"name"`
	CountryCode        string    `json:"country_code,omitempty"`
	VerificationStatus string    `json:"verification_status,omitempty"`
	Links              struct {
		DefaultGBPPayoutAccount string `json:"default_gbp_payout_account,omitempty"`
	} `json:"links"`
}

// Meta is a list response's pagination block. After is empty on the last
// page; pass it as the next request's After to continue.
type Meta struct {
	Cursors struct {
		Before string `json:"before"`
		After  string `json:"after"`
	} `json:"cursors"`
	Limit int `json:"limit"`
}

// Page is one page of a cursor-paginated list.
type Page[T any] struct {
	Items []T
	Meta  Meta
	// Linked holds resources requested with include (events only).
	Linked *Linked
}

// Linked holds the resources returned alongside events when the list was
// requested with include=payment (or mandate, payout, billing_request).
type Linked struct {
	Payments        []Payment        `json:"payments,omitempty"`
	Mandates        []Mandate        `json:"mandates,omitempty"`
	Payouts         []Payout         `json:"payouts,omitempty"`
	BillingRequests []BillingRequest `json:"billing_requests,omitempty"`
	Creditors       []Creditor       `json:"creditors,omitempty"`
}
