package gctest

import (
	"errors"
	"fmt"
	"net/http"
	"slices"
	"time"
)

type paymentState struct {
	Payment
	feeTenths int64
}

type paymentParams struct {
	Amount          int64    `json:"amount"`
	Currency        string   `json:"currency"`
	ChargeDate      string   `json:"charge_date"`
	Reference       string   `json:"reference"`
	Description     string   `json:"description"`
	Metadata        Metadata `json:"metadata"`
	RetryIfPossible bool     `json:"retry_if_possible"`
	AppFee          int64    `json:"app_fee"`
	Links           struct {
		Mandate string `json:"mandate"`
	} `json:"links"`
}

// inactiveMandate lists mandate statuses that cannot be charged.
var inactiveMandate = []string{"failed", "cancelled", "expired", "consumed", "blocked", "suspended_by_payer"}

func (s *Server) createPayment(w http.ResponseWriter, r *http.Request) {
	var p paymentParams
	if !decodeEnvelope(w, r, "payments", &p) {
		return
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	key := r.Header.Get("Idempotency-Key")
	if !s.checkIdempotency(w, "payments", key) {
		return
	}
	var errs []apiErr
	if p.Amount < 1 {
		errs = append(errs, apiErr{Field: "amount", Message: "must be greater than or equal to 1", RequestPointer: "/payments/amount"})
	}
	if p.Currency == "" {
		errs = append(errs, apiErr{Field: "currency", Message: "can't be blank", RequestPointer: "/payments/currency"})
	} else if p.Currency != "GBP" {
		errs = append(errs, apiErr{Field: "currency", Message: "must match the mandate's scheme currency (GBP)", RequestPointer: "/payments/currency"})
	}
	if len(p.Reference) > 10 {
		errs = append(errs, apiErr{Field: "reference", Message: "is too long (maximum is 10 characters for bacs)", RequestPointer: "/payments/reference"})
	}
	errs = append(errs, checkMetadata("metadata", p.Metadata)...)
	m := s.mandates[p.Links.Mandate]
	switch {
	case p.Links.Mandate == "":
		errs = append(errs, apiErr{Field: "links.mandate", Message: "can't be blank", RequestPointer: "/payments/links/mandate"})
	case m == nil:
		errs = append(errs, apiErr{Field: "links.mandate", Message: "was not found", RequestPointer: "/payments/links/mandate"})
	}
	chargeDate := p.ChargeDate
	if m != nil {
		if chargeDate == "" {
			chargeDate = m.NextPossibleChargeDate
		} else if d, err := time.Parse(time.DateOnly, chargeDate); err != nil {
			errs = append(errs, apiErr{Field: "charge_date", Message: "is not a valid date (YYYY-MM-DD)", RequestPointer: "/payments/charge_date"})
		} else if d.Format(time.DateOnly) < m.NextPossibleChargeDate {
			errs = append(errs, apiErr{Field: "charge_date", Message: "must be on or after the mandate's next_possible_charge_date", RequestPointer: "/payments/charge_date"})
		}
	}
	if len(errs) > 0 {
		writeValidation(w, errs...)
		return
	}
	if slices.Contains(inactiveMandate, m.Status) {
		writeError(w, http.StatusUnprocessableEntity, "invalid_state", "Mandate is not active",
			apiErr{Reason: "mandate_is_inactive", Message: "The mandate is " + m.Status + " and cannot be charged"})
		return
	}
	ps := s.addPayment(Payment{
		Amount: p.Amount, Currency: p.Currency, ChargeDate: chargeDate, Reference: p.Reference,
		Description: p.Description, Scheme: "bacs", RetryIfPossible: p.RetryIfPossible, Metadata: orEmpty(p.Metadata),
		Links: Links{"mandate": m.ID, "creditor": s.creditor.ID},
	})
	s.rememberKey("payments", key, ps.ID)
	w.Header().Set("Location", "/payments/"+ps.ID)
	writeJSON(w, http.StatusCreated, map[string]any{"payments": ps.Payment})
}

// addPayment stores a new payment (pending_submission) and emits its
// created event. Call with s.mu held.
func (s *Server) addPayment(p Payment) *paymentState {
	p.ID = s.newID("PM")
	p.CreatedAt = s.now()
	p.Status = "pending_submission"
	ps := &paymentState{Payment: p, feeTenths: s.opts.FeeTenths(p.Amount)}
	s.payments[p.ID] = ps
	s.paymentOrder = append(s.paymentOrder, p.ID)
	s.emit("payments", "created", Links{"payment": p.ID},
		EventDetails{Origin: "api", Cause: "payment_created", Description: "Payment created via the API."}, p.Metadata)
	return ps
}

func (s *Server) getPayment(w http.ResponseWriter, r *http.Request) {
	s.mu.Lock()
	defer s.mu.Unlock()
	p := s.payments[r.PathValue("id")]
	if p == nil {
		writeNotFound(w)
		return
	}
	writeJSON(w, http.StatusOK, map[string]any{"payments": p.Payment})
}

func (s *Server) listPayments(w http.ResponseWriter, r *http.Request) {
	rng, ok := parseCreatedAt(w, r)
	if !ok {
		return
	}
	q := r.URL.Query()
	s.mu.Lock()
	defer s.mu.Unlock()
	var all []Payment
	for _, id := range slices.Backward(s.paymentOrder) {
		p := s.payments[id].Payment
		customer := ""
		if m := s.mandates[p.Links["mandate"]]; m != nil {
			customer = m.Links["customer"]
		}
		if !rng.contains(p.CreatedAt) || !matches(q, "status", p.Status) || !matches(q, "currency", p.Currency) ||
			!matches(q, "customer", customer) || !linkMatches(q, p.Links, "mandate", "creditor") {
			continue
		}
		all = append(all, p)
	}
	page, meta, ok := paginate(w, r, all, func(p Payment) string { return p.ID })
	if ok {
		writeJSON(w, http.StatusOK, map[string]any{"payments": page, "meta": meta})
	}
}

func (s *Server) cancelPayment(w http.ResponseWriter, r *http.Request) {
	var p struct {
		Metadata Metadata `json:"metadata"`
	}
	if r.ContentLength != 0 && !decodeEnvelope(w, r, "data", &p) {
		return
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	ps := s.payments[r.PathValue("id")]
	if ps == nil {
		writeNotFound(w)
		return
	}
	if ps.Status != "pending_submission" && ps.Status != "pending_customer_approval" {
		writeError(w, http.StatusUnprocessableEntity, "invalid_state", "This payment cannot be cancelled",
			apiErr{Reason: "cancellation_failed", Message: "This payment is " + ps.Status + " and can no longer be cancelled"})
		return
	}
	for k, v := range p.Metadata {
		ps.Metadata[k] = v
	}
	ps.Status = "cancelled"
	s.emit("payments", "cancelled", Links{"payment": ps.ID},
		EventDetails{Origin: "api", Cause: "payment_cancelled", Description: "Payment cancelled via the API."}, ps.Metadata)
	writeJSON(w, http.StatusOK, map[string]any{"payments": ps.Payment})
}

// ErrTransition reports a state change the resource's status forbids.
var ErrTransition = errors.New("gctest: transition not allowed")

// Payment returns a snapshot of a payment.
func (s *Server) Payment(id string) (Payment, bool) {
	s.mu.Lock()
	defer s.mu.Unlock()
	p := s.payments[id]
	if p == nil {
		return Payment{}, false
	}
	return clone(p.Payment), true
}

// Payments returns snapshots of every payment, oldest first.
func (s *Server) Payments() []Payment {
	s.mu.Lock()
	defer s.mu.Unlock()
	out := make([]Payment, 0, len(s.paymentOrder))
	for _, id := range s.paymentOrder {
		out = append(out, clone(s.payments[id].Payment))
	}
	return out
}

// SubmitPayment moves a payment from pending_submission to submitted (and
// submits its mandate if that is still pending), as GoCardless does a few
// days before the charge date.
func (s *Server) SubmitPayment(id string) error {
	return s.withPayment(id, func(p *paymentState) error { return s.submitPayment(p) })
}

// ConfirmPayment moves a payment to confirmed, submitting it first if
// needed (each step with its event). Confirmed is when the money is
// collected, but it can still fail late or be charged back.
func (s *Server) ConfirmPayment(id string) error {
	return s.withPayment(id, func(p *paymentState) error { return s.confirmPayment(p) })
}

// FailPayment fails a submitted or confirmed payment (submitting a pending
// one first) with cause (default "insufficient_funds"). Failing a payment
// that was already paid out is a late failure: see LateFailPayment.
func (s *Server) FailPayment(id, cause string) error {
	return s.withPayment(id, func(p *paymentState) error {
		if p.Status == "pending_submission" {
			if err := s.submitPayment(p); err != nil {
				return err
			}
		}
		return s.failPayment(p, cause)
	})
}

// LateFailPayment fails a confirmed or paid-out payment. If it was paid
// out, its amount is debited from the next payout (PayOut), which emits
// late_failure_settled.
func (s *Server) LateFailPayment(id string) error {
	return s.withPayment(id, func(p *paymentState) error {
		if p.Status != "confirmed" && p.Status != "paid_out" {
			return fmt.Errorf("%w: payment %s is %s, not confirmed or paid_out", ErrTransition, p.ID, p.Status)
		}
		return s.failPayment(p, "")
	})
}

// ChargeBackPayment records the payer's bank reclaiming a confirmed or
// paid-out payment (an indemnity claim). If it was paid out, the next
// payout debits the amount and refunds the fee, and emits
// chargeback_settled.
func (s *Server) ChargeBackPayment(id string) error {
	return s.withPayment(id, func(p *paymentState) error {
		if p.Status != "confirmed" && p.Status != "paid_out" {
			return fmt.Errorf("%w: payment %s is %s, not confirmed or paid_out", ErrTransition, p.ID, p.Status)
		}
		if p.Status == "paid_out" {
			s.pendingDebits = append(s.pendingDebits,
				debit{payment: p.ID, itemType: "payment_charged_back", tenths: -p.Amount * 10, action: "chargeback_settled", feeRefund: p.feeTenths})
		}
		p.Status = "charged_back"
		s.emit("payments", "charged_back", Links{"payment": p.ID},
			EventDetails{Origin: "bank", Cause: "authorisation_disputed", Scheme: "bacs", ReasonCode: "DDICA-1",
				Description: "The customer has disputed having authorised you to take this payment."}, p.Metadata)
		return nil
	})
}

func (s *Server) withPayment(id string, f func(*paymentState) error) error {
	s.mu.Lock()
	defer s.mu.Unlock()
	p := s.payments[id]
	if p == nil {
		return fmt.Errorf("gctest: no payment %s", id)
	}
	return f(p)
}

func (s *Server) submitPayment(p *paymentState) error {
	if p.Status != "pending_submission" {
		return fmt.Errorf("%w: payment %s is %s, not pending_submission", ErrTransition, p.ID, p.Status)
	}
	if m := s.mandates[p.Links["mandate"]]; m != nil && m.Status == "pending_submission" {
		s.setMandate(m, "submitted")
	}
	p.Status = "submitted"
	s.emit("payments", "submitted", Links{"payment": p.ID},
		EventDetails{Origin: "gocardless", Cause: "payment_submitted", Description: "Payment submitted to the banks. As a result, it can no longer be cancelled."}, p.Metadata)
	return nil
}

func (s *Server) confirmPayment(p *paymentState) error {
	if p.Status == "pending_submission" {
		if err := s.submitPayment(p); err != nil {
			return err
		}
	}
	if p.Status != "submitted" {
		return fmt.Errorf("%w: payment %s is %s, not submitted", ErrTransition, p.ID, p.Status)
	}
	if m := s.mandates[p.Links["mandate"]]; m != nil && m.Status == "submitted" {
		s.setMandate(m, "active")
	}
	p.Status = "confirmed"
	s.emit("payments", "confirmed", Links{"payment": p.ID},
		EventDetails{Origin: "gocardless", Cause: "payment_confirmed", Description: "Enough time has passed since the payment was submitted for the banks to return an error, so this payment is now confirmed."}, p.Metadata)
	return nil
}

func (s *Server) failPayment(p *paymentState, cause string) error {
	switch p.Status {
	case "submitted", "confirmed":
	case "paid_out":
		s.pendingDebits = append(s.pendingDebits,
			debit{payment: p.ID, itemType: "payment_failed", tenths: -p.Amount * 10, action: "late_failure_settled"})
	default:
		return fmt.Errorf("%w: payment %s is %s and cannot fail", ErrTransition, p.ID, p.Status)
	}
	if cause == "" {
		cause = "insufficient_funds"
	}
	no := false
	p.Status = "failed"
	s.emit("payments", "failed", Links{"payment": p.ID},
		EventDetails{Origin: "bank", Cause: cause, Scheme: "bacs", ReasonCode: "ARUDD-0", WillAttemptRetry: &no,
			Description: "The payment could not be collected (" + cause + ")."}, p.Metadata)
	return nil
}
