package gctest

import (
	"net/http"
)

type billingRequestParams struct {
	MandateRequest *struct {
		Scheme      string   `json:"scheme"`
		Currency    string   `json:"currency"`
		Verify      string   `json:"verify"`
		Description string   `json:"description"`
		Metadata    Metadata `json:"metadata"`
	} `json:"mandate_request"`
	PaymentRequest *struct {
		Amount      int64    `json:"amount"`
		Currency    string   `json:"currency"`
		Description string   `json:"description"`
		Scheme      string   `json:"scheme"`
		Reference   string   `json:"reference"`
		AppFee      int64    `json:"app_fee"`
		Metadata    Metadata `json:"metadata"`
	} `json:"payment_request"`
	Metadata        Metadata `json:"metadata"`
	FallbackEnabled bool     `json:"fallback_enabled"`
	PurposeCode     string   `json:"purpose_code"`
	Links           *struct {
		Customer            string `json:"customer"`
		CustomerBankAccount string `json:"customer_bank_account"`
		Creditor            string `json:"creditor"`
	} `json:"links"`
}

func (s *Server) createBillingRequest(w http.ResponseWriter, r *http.Request) {
	var p billingRequestParams
	if !decodeEnvelope(w, r, "billing_requests", &p) {
		return
	}
	var errs []apiErr
	if p.MandateRequest == nil && p.PaymentRequest == nil {
		errs = append(errs, apiErr{Field: "mandate_request", Message: "either mandate_request or payment_request must be given", RequestPointer: "/billing_requests"})
	}
	if mr := p.MandateRequest; mr != nil {
		if mr.Scheme != "" && mr.Scheme != "bacs" {
			errs = append(errs, apiErr{Field: "mandate_request.scheme", Message: "is not supported by this fake (only bacs)", RequestPointer: "/billing_requests/mandate_request/scheme"})
		}
		if mr.Currency != "" && mr.Currency != "GBP" {
			errs = append(errs, apiErr{Field: "mandate_request.currency", Message: "must be GBP for the bacs scheme", RequestPointer: "/billing_requests/mandate_request/currency"})
		}
		errs = append(errs, checkMetadata("mandate_request.metadata", mr.Metadata)...)
	}
	if pr := p.PaymentRequest; pr != nil {
		if pr.Amount < 1 {
			errs = append(errs, apiErr{Field: "payment_request.amount", Message: "must be greater than or equal to 1", RequestPointer: "/billing_requests/payment_request/amount"})
		}
		if pr.Currency != "GBP" {
			errs = append(errs, apiErr{Field: "payment_request.currency", Message: "must be GBP", RequestPointer: "/billing_requests/payment_request/currency"})
		}
		errs = append(errs, checkMetadata("payment_request.metadata", pr.Metadata)...)
	}
	errs = append(errs, checkMetadata("metadata", p.Metadata)...)

	s.mu.Lock()
	defer s.mu.Unlock()
	if !s.checkIdempotency(w, "billing_requests", r.Header.Get("Idempotency-Key")) {
		return
	}
	customerID := ""
	if p.Links != nil && p.Links.Customer != "" {
		if s.customers[p.Links.Customer] == nil {
			errs = append(errs, apiErr{Field: "links.customer", Message: "was not found", RequestPointer: "/billing_requests/links/customer"})
		}
		customerID = p.Links.Customer
	}
	if len(errs) > 0 {
		writeValidation(w, errs...)
		return
	}
	if customerID == "" {
		// As documented, a billing request without a customer creates an
		// empty one, filled in when the payer completes the flow.
		c := &Customer{ID: s.newID("CU"), CreatedAt: s.now(), CountryCode: "GB", Language: "en", Metadata: Metadata{}}
		s.customers[c.ID] = c
		customerID = c.ID
	}
	br := &BillingRequest{
		ID:        s.newID("BRQ"),
		CreatedAt: s.now(),
		Status:    "pending",
		Metadata:  orEmpty(p.Metadata),
		Links: Links{
			"creditor":                s.creditor.ID,
			"organisation":            s.orgID,
			"customer":                customerID,
			"customer_billing_detail": s.newID("CBD"),
		},
	}
	if mr := p.MandateRequest; mr != nil {
		br.MandateRequest = &MandateRequest{Currency: "GBP", Scheme: "bacs", Verify: orDefault(mr.Verify, "recommended"),
			Metadata: copyMap(mr.Metadata), Links: Links{}}
		br.Links["mandate_request"] = s.newID("MRQ")
	}
	if pr := p.PaymentRequest; pr != nil {
		br.PaymentRequest = &PaymentRequest{Amount: pr.Amount, Currency: pr.Currency, Description: pr.Description,
			Scheme: "faster_payments", Metadata: copyMap(pr.Metadata), Links: Links{}}
		br.Links["payment_request"] = s.newID("PRQ")
	}
	s.billingRequests[br.ID] = br
	s.rememberKey("billing_requests", r.Header.Get("Idempotency-Key"), br.ID)
	s.emit("billing_requests", "created", Links{"billing_request": br.ID, "customer": customerID},
		EventDetails{Origin: "api", Cause: "billing_request_created", Description: "This billing request has been created."}, br.Metadata)
	w.Header().Set("Location", "/billing_requests/"+br.ID)
	writeJSON(w, http.StatusCreated, map[string]any{"billing_requests": s.renderBillingRequest(br)})
}

// renderBillingRequest fills in resources. Call with s.mu held.
func (s *Server) renderBillingRequest(br *BillingRequest) BillingRequest {
	out := clone(*br)
	if c := s.customers[br.Links["customer"]]; c != nil {
		cc := clone(*c)
		out.Resources.Customer = &cc
	}
	if ba := s.bankAccounts[br.Links["customer_bank_account"]]; ba != nil {
		cb := clone(*ba)
		out.Resources.CustomerBankAccount = &cb
	}
	return out
}

func (s *Server) getBillingRequest(w http.ResponseWriter, r *http.Request) {
	s.mu.Lock()
	defer s.mu.Unlock()
	br := s.billingRequests[r.PathValue("id")]
	if br == nil {
		writeNotFound(w)
		return
	}
	writeJSON(w, http.StatusOK, map[string]any{"billing_requests": s.renderBillingRequest(br)})
}

// BillingRequest returns a snapshot of a billing request.
func (s *Server) BillingRequest(id string) (BillingRequest, bool) {
	s.mu.Lock()
	defer s.mu.Unlock()
	br := s.billingRequests[id]
	if br == nil {
		return BillingRequest{}, false
	}
	return s.renderBillingRequest(br), true
}

// checkMetadata applies GoCardless's limits: 3 keys, 50-character keys,
// 500-character values.
func checkMetadata(field string, m Metadata) []apiErr {
	var errs []apiErr
	if len(m) > 3 {
		errs = append(errs, apiErr{Field: field, Message: "must have at most 3 keys"})
	}
	for k, v := range m {
		if len(k) > 50 || len(v) > 500 {
			errs = append(errs, apiErr{Field: field, Message: "keys must be at most 50 characters and values at most 500"})
			break
		}
	}
	return errs
}

func orEmpty(m Metadata) Metadata {
	if m == nil {
		return Metadata{}
	}
	return copyMap(m)
}

func orDefault(v, def string) string {
	if v == "" {
		return def
	}
	return v
}

func firstOf(vs ...string) string {
	for _, v := range vs {
		if v != "" {
			return v
		}
	}
	return ""
}
