package gctest

import (
	"fmt"
	"net/http"
)

func (s *Server) getMandate(w http.ResponseWriter, r *http.Request) {
	s.mu.Lock()
	defer s.mu.Unlock()
	m := s.mandates[r.PathValue("id")]
	if m == nil {
		writeNotFound(w)
		return
	}
	writeJSON(w, http.StatusOK, map[string]any{"mandates": m})
}

// Mandate returns a snapshot of a mandate.
func (s *Server) Mandate(id string) (Mandate, bool) {
	s.mu.Lock()
	defer s.mu.Unlock()
	m := s.mandates[id]
	if m == nil {
		return Mandate{}, false
	}
	return clone(*m), true
}

var mandateEvents = map[string]EventDetails{
	"submitted": {Origin: "gocardless", Cause: "mandate_submitted", Description: "The mandate has been submitted to the banks."},
	"active":    {Origin: "gocardless", Cause: "mandate_activated", Description: "The time window after submission for the banks to refuse a mandate has ended without any errors being received, so this mandate is now active."},
	"failed":    {Origin: "bank", Cause: "invalid_bank_details", Scheme: "bacs", ReasonCode: "AUDDIS-5", Description: "The specified bank account does not exist or was closed."},
	"cancelled": {Origin: "bank", Cause: "bank_account_closed", Scheme: "bacs", ReasonCode: "ADDACS-B", Description: "The mandate was cancelled because the customer's bank account was closed."},
}

// setMandate changes a mandate's status with its event. Call with s.mu held.
func (s *Server) setMandate(m *Mandate, status string) {
	m.Status = status
	s.emit("mandates", status, Links{"mandate": m.ID}, mandateEvents[status], m.Metadata)
}

// SubmitMandate moves a mandate from pending_submission to submitted.
func (s *Server) SubmitMandate(id string) error {
	return s.withMandate(id, func(m *Mandate) error {
		if m.Status != "pending_submission" {
			return fmt.Errorf("%w: mandate %s is %s", ErrTransition, id, m.Status)
		}
		s.setMandate(m, "submitted")
		return nil
	})
}

// ActivateMandate makes a mandate active, submitting it first if needed.
func (s *Server) ActivateMandate(id string) error {
	return s.withMandate(id, func(m *Mandate) error {
		if m.Status == "pending_submission" {
			s.setMandate(m, "submitted")
		}
		if m.Status != "submitted" {
			return fmt.Errorf("%w: mandate %s is %s", ErrTransition, id, m.Status)
		}
		s.setMandate(m, "active")
		return nil
	})
}

// FailMandate fails a mandate the bank refused; its unsubmitted payments
// are cancelled.
func (s *Server) FailMandate(id string) error {
	return s.withMandate(id, func(m *Mandate) error {
		if m.Status != "pending_submission" && m.Status != "submitted" {
			return fmt.Errorf("%w: mandate %s is %s", ErrTransition, id, m.Status)
		}
		s.setMandate(m, "failed")
		s.cancelPendingPayments(m.ID, "mandate_failed")
		return nil
	})
}

// CancelMandate cancels a mandate (as when the payer's bank account is
// closed); its unsubmitted payments are cancelled.
func (s *Server) CancelMandate(id string) error {
	return s.withMandate(id, func(m *Mandate) error {
		if m.Status == "cancelled" || m.Status == "failed" {
			return fmt.Errorf("%w: mandate %s is %s", ErrTransition, id, m.Status)
		}
		s.setMandate(m, "cancelled")
		s.cancelPendingPayments(m.ID, "mandate_cancelled")
		return nil
	})
}

func (s *Server) withMandate(id string, f func(*Mandate) error) error {
	s.mu.Lock()
	defer s.mu.Unlock()
	m := s.mandates[id]
	if m == nil {
		return fmt.Errorf("gctest: no mandate %s", id)
	}
	return f(m)
}

// cancelPendingPayments cancels a mandate's unsubmitted payments. Call
// with s.mu held.
func (s *Server) cancelPendingPayments(mandateID, cause string) {
	for _, id := range s.paymentOrder {
		p := s.payments[id]
		if p.Links["mandate"] != mandateID || p.Status != "pending_submission" {
			continue
		}
		p.Status = "cancelled"
		s.emit("payments", "cancelled", Links{"payment": p.ID, "mandate": mandateID},
			EventDetails{Origin: "gocardless", Cause: cause, Description: "The mandate for this payment was " + mandateStatusWord(cause) + "."}, p.Metadata)
	}
}

func mandateStatusWord(cause string) string {
	if cause == "mandate_failed" {
		return "refused by the bank"
	}
	return "cancelled"
}
