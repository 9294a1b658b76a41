package gctest

import (
	"errors"
	"fmt"
	"net/http"
	"slices"
	"time"
)

// debit is money taken back from the next payout for a payment that was
// already paid out (a late failure or a chargeback).
type debit struct {
	payment   string
	itemType  string
	tenths    int64
	feeRefund int64
	action    string // the payment event emitted when settled
}

// ErrNothingToPayOut is returned by PayOut when no payment is confirmed
// and no debit is pending.
var ErrNothingToPayOut = errors.New("gctest: nothing to pay out")

// PayOut does what GoCardless does each working day: every confirmed
// payment not yet paid out goes into one new payout (status paid), less
// its fee, together with any pending debits. Each payment becomes paid_out;
// events: payments paid_out, late_failure_settled / chargeback_settled for
// debits, and payouts paid. It returns the payout's ID.
//
// Unlike GoCardless, the fake does not carry a negative balance forward:
// a payout made only of debits has a negative amount.
func (s *Server) PayOut() (string, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	var credits []*paymentState
	for _, id := range s.paymentOrder {
		if p := s.payments[id]; p.Status == "confirmed" && p.Links["payout"] == "" {
			credits = append(credits, p)
		}
	}
	if len(credits) == 0 && len(s.pendingDebits) == 0 {
		return "", ErrNothingToPayOut
	}
	po := &Payout{
		ID:          s.newID("PO"),
		CreatedAt:   s.now(),
		Currency:    "GBP",
		ArrivalDate: addWorkingDays(s.today(), 1).Format(time.DateOnly),
		PayoutType:  "merchant",
		Status:      "paid",
		Metadata:    Metadata{},
		Links:       Links{"creditor": s.creditor.ID, "creditor_bank_account": s.creditor.Links["default_gbp_payout_account"]},
	}
	po.Reference = fmt.Sprintf("GC-%s", po.ID[len(po.ID)-6:])
	var items []PayoutItem
	var total, fees int64
	add := func(typ string, tenths int64, payment string) {
		l := Links{"payment": payment}
		if m := s.payments[payment].Links["mandate"]; m != "" {
			l["mandate"] = m
		}
		items = append(items, PayoutItem{Type: typ, Amount: formatTenths(tenths), Taxes: []any{}, Links: l})
		total += tenths
		if typ == "gocardless_fee" {
			fees -= tenths
		}
	}
	for _, p := range credits {
		add("payment_paid_out", p.Amount*10, p.ID)
		add("gocardless_fee", -p.feeTenths, p.ID)
	}
	for _, d := range s.pendingDebits {
		add(d.itemType, d.tenths, d.payment)
		if d.feeRefund != 0 {
			add("gocardless_fee", d.feeRefund, d.payment)
		}
	}
	po.Amount = roundTenths(total)
	po.DeductedFees = roundTenths(fees)
	s.payouts[po.ID] = po
	s.payoutOrder = append(s.payoutOrder, po.ID)
	s.payoutItems[po.ID] = items

	for _, p := range credits {
		p.Status = "paid_out"
		p.Links["payout"] = po.ID
		s.emit("payments", "paid_out", Links{"payment": p.ID, "payout": po.ID},
			EventDetails{Origin: "gocardless", Cause: "payment_paid_out", Description: "The payment has been paid out by GoCardless."}, p.Metadata)
	}
	for _, d := range s.pendingDebits {
		what := "late failure"
		if d.action == "chargeback_settled" {
			what = "chargeback"
		}
		s.emit("payments", d.action, Links{"payment": d.payment, "payout": po.ID},
			EventDetails{Origin: "gocardless", Cause: d.action, Description: "This " + what + " has been settled against a payout."},
			s.payments[d.payment].Metadata)
	}
	s.pendingDebits = nil
	s.emit("payouts", "paid", Links{"payout": po.ID},
		EventDetails{Origin: "gocardless", Cause: "payout_paid", Description: "GoCardless has transferred the payout to the creditor's bank account."}, nil)
	return po.ID, nil
}

// formatTenths writes tenths of a penny as GoCardless writes payout item
// amounts: pence to one decimal place, e.g. "1000.0" or "-143.4".
func formatTenths(t int64) string {
	sign := ""
	if t < 0 {
		sign, t = "-", -t
	}
	return fmt.Sprintf("%s%d.%d", sign, t/10, t%10)
}

// roundTenths rounds to the nearest penny, halves away from zero.
func roundTenths(t int64) int64 {
	if t < 0 {
		return -((-t + 5) / 10)
	}
	return (t + 5) / 10
}

// Payout returns a snapshot of a payout.
func (s *Server) Payout(id string) (Payout, bool) {
	s.mu.Lock()
	defer s.mu.Unlock()
	p := s.payouts[id]
	if p == nil {
		return Payout{}, false
	}
	return clone(*p), true
}

// PayoutItems returns a payout's items.
func (s *Server) PayoutItems(id string) []PayoutItem {
	s.mu.Lock()
	defer s.mu.Unlock()
	return clone(s.payoutItems[id])
}

func (s *Server) getPayout(w http.ResponseWriter, r *http.Request) {
	s.mu.Lock()
	defer s.mu.Unlock()
	p := s.payouts[r.PathValue("id")]
	if p == nil {
		writeNotFound(w)
		return
	}
	writeJSON(w, http.StatusOK, map[string]any{"payouts": p})
}

func (s *Server) listPayouts(w http.ResponseWriter, r *http.Request) {
	rng, ok := parseCreatedAt(w, r)
	if !ok {
		return
	}
	q := r.URL.Query()
	s.mu.Lock()
	defer s.mu.Unlock()
	var all []*Payout
	for _, id := range slices.Backward(s.payoutOrder) {
		p := s.payouts[id]
		if rng.contains(p.CreatedAt) && matches(q, "status", p.Status) && matches(q, "currency", p.Currency) &&
			matches(q, "payout_type", p.PayoutType) && matches(q, "reference", p.Reference) && linkMatches(q, p.Links, "creditor") {
			all = append(all, p)
		}
	}
	page, meta, ok := paginate(w, r, all, func(p *Payout) string { return p.ID })
	if ok {
		writeJSON(w, http.StatusOK, map[string]any{"payouts": page, "meta": meta})
	}
}

// listPayoutItems pages through a payout's items. Items have no IDs, so
// the fake's cursors are item positions, opaque to the client.
func (s *Server) listPayoutItems(w http.ResponseWriter, r *http.Request) {
	payout := r.URL.Query().Get("payout")
	if payout == "" {
		writeValidation(w, apiErr{Field: "payout", Message: "can't be blank", RequestPointer: "/payout"})
		return
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.payouts[payout] == nil {
		writeNotFound(w)
		return
	}
	type indexed struct {
		cursor string
		item   PayoutItem
	}
	var all []indexed
	for i, it := range s.payoutItems[payout] {
		all = append(all, indexed{fmt.Sprintf("PI%s%06d", payout, i), it})
	}
	page, meta, ok := paginate(w, r, all, func(x indexed) string { return x.cursor })
	if !ok {
		return
	}
	items := make([]PayoutItem, len(page))
	for i, x := range page {
		items[i] = x.item
	}
	writeJSON(w, http.StatusOK, map[string]any{"payout_items": items, "meta": meta})
}

func (s *Server) getCreditor(w http.ResponseWriter, r *http.Request) {
	s.mu.Lock()
	defer s.mu.Unlock()
	if r.PathValue("id") != s.creditor.ID {
		writeNotFound(w)
		return
	}
	writeJSON(w, http.StatusOK, map[string]any{"creditors": s.creditor})
}

func (s *Server) listCreditors(w http.ResponseWriter, r *http.Request) {
	s.mu.Lock()
	defer s.mu.Unlock()
	page, meta, ok := paginate(w, r, []*Creditor{s.creditor}, func(c *Creditor) string { return c.ID })
	if ok {
		writeJSON(w, http.StatusOK, map[string]any{"creditors": page, "meta": meta})
	}
}
