package gctest

// The fake's resources, written from GoCardless's API reference
// independently of the client's types, so that tests of the client check
// its JSON against the documented shapes rather than against itself.
// Snapshots returned by Server accessors are copies.

// Links maps link names (payment, mandate, ...) to resource IDs.
type Links map[string]string

// Metadata is a resource's key-value metadata.
type Metadata map[string]string

// Customer is a payer.
type Customer struct {
	ID          string   `json:"id"`
	CreatedAt   string   `json:"created_at"`
	Email       string   `json:"email"`
	GivenName   string   `json:"given_name"`
	FamilyName  string   `json:"family_name"`
	CompanyName string   `json:"company_name"`
	CountryCode string   `json:"country_code"`
	Language    string   `json:"language"`
	Metadata    Metadata `json:"metadata"`
}

// CustomerBankAccount is a payer's account (only the last digits shown).
type CustomerBankAccount struct {
	ID                  string   `json:"id"`
	CreatedAt           string   `json:"created_at"`
	AccountHolderName   string   `json:"account_holder_name"`
	AccountNumberEnding string   `json:"account_number_ending"`
	BankName            string   `json:"bank_name"`
	CountryCode         string   `json:"country_code"`
	Currency            string   `json:"currency"`
	Enabled             bool     `json:"enabled"`
	Metadata            Metadata `json:"metadata"`
	Links               Links    `json:"links"`
}

// MandateRequest is the mandate part of a billing request.
type MandateRequest struct {
	Currency string   `json:"currency"`
	Scheme   string   `json:"scheme"`
	Verify   string   `json:"verify"`
	Metadata Metadata `json:"metadata,omitempty"`
	Links    Links    `json:"links"`
}

// PaymentRequest is the payment part of a billing request.
type PaymentRequest struct {
	Amount      int64    `json:"amount"`
	Currency    string   `json:"currency"`
	Description string   `json:"description"`
	Scheme      string   `json:"scheme"`
	Metadata    Metadata `json:"metadata,omitempty"`
	Links       Links    `json:"links"`
}

// BillingRequestResources embeds the payer's details collected so far.
type BillingRequestResources struct {
	Customer            *Customer            `json:"customer,omitempty"`
	CustomerBankAccount *CustomerBankAccount `json:"customer_bank_account,omitempty"`
}

// BillingRequest asks a payer for a mandate and/or a payment.
type BillingRequest struct {
	ID             string                  `json:"id"`
	CreatedAt      string                  `json:"created_at"`
	Status         string                  `json:"status"`
	MandateRequest *MandateRequest         `json:"mandate_request"`
	PaymentRequest *PaymentRequest         `json:"payment_request"`
	Metadata       Metadata                `json:"metadata"`
	Links          Links                   `json:"links"`
	Resources      BillingRequestResources `json:"resources"`
}

// BillingRequestFlow is a hosted-page session for a billing request.
type BillingRequestFlow struct {
	ID                  string `json:"id"`
	CreatedAt           string `json:"created_at"`
	ExpiresAt           string `json:"expires_at"`
	AuthorisationURL    string `json:"authorisation_url"`
	RedirectURI         string `json:"redirect_uri"`
	ExitURI             string `json:"exit_uri"`
	AutoFulfil          bool   `json:"auto_fulfil"`
	LockCustomerDetails bool   `json:"lock_customer_details"`
	LockBankAccount     bool   `json:"lock_bank_account"`
	Links               Links  `json:"links"`
}

// Mandate authorises collections from a payer's account.
type Mandate struct {
	ID                      string   `json:"id"`
	CreatedAt               string   `json:"created_at"`
	Reference               string   `json:"reference"`
	Status                  string   `json:"status"`
	Scheme                  string   `json:"scheme"`
	NextPossibleChargeDate  string   `json:"next_possible_charge_date"`
	PaymentsRequireApproval bool     `json:"payments_require_approval"`
	Metadata                Metadata `json:"metadata"`
	Links                   Links    `json:"links"`
}

// Payment is a collection from a mandate; Amount is in pence.
type Payment struct {
	ID              string   `json:"id"`
	CreatedAt       string   `json:"created_at"`
	ChargeDate      string   `json:"charge_date"`
	Amount          int64    `json:"amount"`
	AmountRefunded  int64    `json:"amount_refunded"`
	Currency        string   `json:"currency"`
	Description     string   `json:"description"`
	Reference       string   `json:"reference"`
	Status          string   `json:"status"`
	Scheme          string   `json:"scheme"`
	RetryIfPossible bool     `json:"retry_if_possible"`
	Metadata        Metadata `json:"metadata"`
	Links           Links    `json:"links"`
}

// Payout is a transfer to the creditor's bank account (pence).
type Payout struct {
	ID           string   `json:"id"`
	CreatedAt    string   `json:"created_at"`
	Amount       int64    `json:"amount"`
	DeductedFees int64    `json:"deducted_fees"`
	Currency     string   `json:"currency"`
	ArrivalDate  string   `json:"arrival_date"`
	PayoutType   string   `json:"payout_type"`
	Reference    string   `json:"reference"`
	Status       string   `json:"status"`
	Metadata     Metadata `json:"metadata"`
	Links        Links    `json:"links"`
}

// PayoutItem is a credit or debit in a payout; Amount is pence to one
// decimal place, negative for debits.
type PayoutItem struct {
	Type   string `json:"type"`
	Amount string `json:"amount"`
	Taxes  []any  `json:"taxes"`
	Links  Links  `json:"links"`
}

// Creditor is the account the token belongs to.
type Creditor struct {
	ID                 string `json:"id"`
	CreatedAt          string `json:"created_at"`
	Name               string `json:"name"`
	CountryCode        string `json:"country_code"`
	VerificationStatus string `json:"verification_status"`
	Links              Links  `json:"links"`
}

// EventDetails explains an event.
type EventDetails struct {
	Origin           string `json:"origin"`
	Cause            string `json:"cause"`
	Description      string `json:"description"`
	Scheme           string `json:"scheme,omitempty"`
	ReasonCode       string `json:"reason_code,omitempty"`
	WillAttemptRetry *bool  `json:"will_attempt_retry,omitempty"`
}

// Event records a change to a resource.
type Event struct {
	ID               string       `json:"id"`
	CreatedAt        string       `json:"created_at"`
	ResourceType     string       `json:"resource_type"`
	Action           string       `json:"action"`
	Links            Links        `json:"links"`
	Details          EventDetails `json:"details"`
	Metadata         Metadata     `json:"metadata"`
	ResourceMetadata Metadata     `json:"resource_metadata,omitempty"`
}
