package gctest

import (
	"errors"
	"fmt"
	"net/http"
	"time"
)

type flowState struct {
	BillingRequestFlow
	prefilled prefilledCustomer
	done      bool
}

type prefilledCustomer struct {
	GivenName    string `json:"given_name"`
	FamilyName   string `json:"family_name"`
	CompanyName  string `json:"company_name"`
	Email        string `json:"email"`
	AddressLine1 string `json:"address_line1"`
	AddressLine2 string `json:"address_line2"`
	AddressLine3 string `json:"address_line3"`
	City         string `json:"city"`
	Region       string `json:"region"`
	PostalCode   string `json:"postal_code"`
	CountryCode  string `json:"country_code"`
}

type flowParams struct {
	RedirectURI               string             `json:"redirect_uri"`
	ExitURI                   string             `json:"exit_uri"`
	AutoFulfil                *bool              `json:"auto_fulfil"`
	LockCustomerDetails       bool               `json:"lock_customer_details"`
	LockBankAccount           bool               `json:"lock_bank_account"`
	LockCurrency              bool               `json:"lock_currency"`
	Language                  string             `json:"language"`
	ShowRedirectButtons       bool               `json:"show_redirect_buttons"`
	ShowSuccessRedirectButton bool               `json:"show_success_redirect_button"`
	SkipSuccessScreen         bool               `json:"skip_success_screen"`
	PrefilledCustomer         *prefilledCustomer `json:"prefilled_customer"`
	PrefilledBankAccount      *struct {
		AccountType string `json:"account_type"`
	} `json:"prefilled_bank_account"`
	Links struct {
		BillingRequest string `json:"billing_request"`
	} `json:"links"`
}

func (s *Server) createFlow(w http.ResponseWriter, r *http.Request) {
	var p flowParams
	if !decodeEnvelope(w, r, "billing_request_flows", &p) {
		return
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	if !s.checkIdempotency(w, "billing_request_flows", r.Header.Get("Idempotency-Key")) {
		return
	}
	br := s.billingRequests[p.Links.BillingRequest]
	switch {
	case p.Links.BillingRequest == "":
		writeValidation(w, apiErr{Field: "links.billing_request", Message: "can't be blank", RequestPointer: "/billing_request_flows/links/billing_request"})
		return
	case br == nil:
		writeValidation(w, apiErr{Field: "links.billing_request", Message: "was not found", RequestPointer: "/billing_request_flows/links/billing_request"})
		return
	case br.Status != "pending":
		writeError(w, http.StatusUnprocessableEntity, "invalid_state", "Billing request is not pending",
			apiErr{Reason: "billing_request_not_pending", Message: "The billing request is " + br.Status})
		return
	}
	id := s.newID("BRF")
	f := &flowState{BillingRequestFlow: BillingRequestFlow{
		ID:                  id,
		CreatedAt:           s.now(),
		ExpiresAt:           s.opts.Now().UTC().Add(7 * 24 * time.Hour).Format("2006-01-02T15:04:05.000Z"),
		AuthorisationURL:    s.URL + "/flow/" + id,
		RedirectURI:         p.RedirectURI,
		ExitURI:             p.ExitURI,
		AutoFulfil:          p.AutoFulfil == nil || *p.AutoFulfil,
		LockCustomerDetails: p.LockCustomerDetails,
		LockBankAccount:     p.LockBankAccount,
		Links:               Links{"billing_request": br.ID},
	}}
	if p.PrefilledCustomer != nil {
		f.prefilled = *p.PrefilledCustomer
	}
	s.flows[id] = f
	s.rememberKey("billing_request_flows", r.Header.Get("Idempotency-Key"), id)
	s.emit("billing_requests", "flow_created", Links{"billing_request": br.ID, "billing_request_flow": id},
		EventDetails{Origin: "api", Cause: "billing_request_flow_created", Description: "A billing request flow has been created against this billing request."}, br.Metadata)
	w.Header().Set("Location", "/billing_request_flows/"+id)
	writeJSON(w, http.StatusCreated, map[string]any{"billing_request_flows": f.BillingRequestFlow})
}

// Payer is what a payer types on the hosted page. Empty fields take the
// flow's prefilled values, then harmless defaults.
type Payer struct {
	GivenName, FamilyName, Email string
	AccountHolderName            string
	AccountNumberEnding          string // last two digits shown by GoCardless
	BankName                     string
}

// ErrFlow reports a flow that cannot be completed or exited.
var ErrFlow = errors.New("gctest: flow cannot be used")

// CompleteFlow does what the payer does on the hosted page: confirms their
// details and bank account and authorises the Direct Debit. The billing
// request is fulfilled: the customer is filled in, a bank account and a
// mandate (pending_submission) are created — and a payment, if the request
// had a payment_request — with the documented events. It returns the URL
// the payer's browser is sent to (the flow's redirect_uri).
func (s *Server) CompleteFlow(flowID string, payer Payer) (string, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	f := s.flows[flowID]
	if f == nil {
		return "", fmt.Errorf("%w: no flow %s", ErrFlow, flowID)
	}
	br := s.billingRequests[f.Links["billing_request"]]
	if f.done || br.Status != "pending" {
		return "", fmt.Errorf("%w: flow %s: billing request %s is %s", ErrFlow, flowID, br.ID, br.Status)
	}
	f.done = true
	meta := br.Metadata
	brLinks := func(extra Links) Links {
		l := Links{"billing_request": br.ID, "billing_request_flow": flowID}
		for k, v := range extra {
			l[k] = v
		}
		return l
	}

	c := s.customers[br.Links["customer"]]
	c.GivenName = firstOf(payer.GivenName, f.prefilled.GivenName, c.GivenName, "Alex")
	c.FamilyName = firstOf(payer.FamilyName, f.prefilled.FamilyName, c.FamilyName, "Payer")
	c.Email = firstOf(payer.Email, f.prefilled.Email, c.Email, "payer@example.com")
	s.emit("billing_requests", "collect_customer_details", brLinks(Links{"customer": c.ID}),
		EventDetails{Origin: "payer", Cause: "billing_request_collect_customer_details", Description: "Customer details have been collected for this billing request."}, meta)

	ba := &CustomerBankAccount{
		ID:                  s.newID("BA"),
		CreatedAt:           s.now(),
		AccountHolderName:   firstOf(payer.AccountHolderName, c.GivenName+" "+c.FamilyName),
		AccountNumberEnding: firstOf(payer.AccountNumberEnding, "11"),
		BankName:            firstOf(payer.BankName, "BARCLAYS BANK PLC"),
		CountryCode:         "GB",
		Currency:            "GBP",
		Enabled:             true,
		Metadata:            Metadata{},
		Links:               Links{"customer": c.ID},
	}
	s.bankAccounts[ba.ID] = ba
	br.Links["customer_bank_account"] = ba.ID
	s.emit("billing_requests", "collect_bank_account", brLinks(Links{"customer_bank_account": ba.ID}),
		EventDetails{Origin: "payer", Cause: "billing_request_collect_bank_account", Description: "Bank account details have been collected for this billing request."}, meta)
	s.emit("billing_requests", "payer_details_confirmed", brLinks(nil),
		EventDetails{Origin: "payer", Cause: "billing_request_payer_details_confirmed", Description: "Payer has confirmed all their details for this billing request."}, meta)

	fulfilled := Links{"customer": c.ID, "customer_bank_account": ba.ID}
	if mr := br.MandateRequest; mr != nil {
		m := &Mandate{
			ID:                     s.newID("MD"),
			CreatedAt:              s.now(),
			Reference:              fmt.Sprintf("PORCH-%06d", s.seq),
			Status:                 "pending_submission",
			Scheme:                 "bacs",
			NextPossibleChargeDate: addWorkingDays(s.today(), 3).Format(time.DateOnly),
			Metadata:               orEmpty(mr.Metadata),
			Links:                  Links{"creditor": s.creditor.ID, "customer": c.ID, "customer_bank_account": ba.ID},
		}
		s.mandates[m.ID] = m
		mr.Links["mandate"] = m.ID
		br.Links["mandate_request_mandate"] = m.ID
		fulfilled["mandate_request_mandate"] = m.ID
		s.emit("mandates", "created", Links{"mandate": m.ID, "customer": c.ID, "customer_bank_account": ba.ID, "billing_request": br.ID},
			EventDetails{Origin: "api", Cause: "mandate_created", Description: "Mandate created via the API."}, m.Metadata)
	}
	if pr := br.PaymentRequest; pr != nil {
		p := s.addPayment(Payment{
			Amount: pr.Amount, Currency: pr.Currency, Description: pr.Description,
			Scheme: "faster_payments", Metadata: orEmpty(pr.Metadata),
			ChargeDate: s.today().Format(time.DateOnly),
			Links:      Links{"creditor": s.creditor.ID},
		})
		pr.Links["payment"] = p.ID
		br.Links["payment_request_payment"] = p.ID
		fulfilled["payment_request_payment"] = p.ID
	}
	br.Status = "fulfilled"
	s.emit("billing_requests", "fulfilled", brLinks(fulfilled),
		EventDetails{Origin: "api", Cause: "billing_request_fulfilled", Description: "This billing request has been fulfilled, and the resources have been created."}, meta)
	return f.RedirectURI, nil
}

// ExitFlow is the payer leaving the hosted page; it returns the exit_uri.
func (s *Server) ExitFlow(flowID string) (string, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	f := s.flows[flowID]
	if f == nil {
		return "", fmt.Errorf("%w: no flow %s", ErrFlow, flowID)
	}
	s.emit("billing_requests", "flow_exited", Links{"billing_request": f.Links["billing_request"], "billing_request_flow": flowID},
		EventDetails{Origin: "payer", Cause: "billing_request_flow_exited", Description: "The payer left the billing request flow."},
		s.billingRequests[f.Links["billing_request"]].Metadata)
	return f.ExitURI, nil
}
