package handlers

import (
	"context"
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"testing"

	"porch/ledger"
)

// unitPath is the manager's account page of Flat 1.
func (lb *ledgerBook) unitPath() string { return "/admin/ledger/units/" + lb.ppl.FlatA.PublicID }

// demandForm is a one-line demand for Flat 1.
func (lb *ledgerBook) demandForm(amount, issue, due string) url.Values {
	return url.Values{
		"lines.0.charge_type": {lb.chargeID("Service charge")},
		"lines.0.description": {"Service charge, quarter to 30 June 2026"},
		"lines.0.amount":      {amount},
		"issue_date":          {issue},
		"due_date":            {due},
	}
}

// raise previews then posts a demand and returns the invoice raised.
func (lb *ledgerBook) raise(t *testing.T, amount string) ledger.Invoice {
	t.Helper()
	before := lb.invoices(t)
	form := lb.demandForm(amount, "2026-03-14", "2026-04-11")
	form.Set("action", "preview")
	rec := lb.mgr.post(lb.unitPath()+"/demand", form)
	if rec.Code != http.StatusOK {
		t.Fatalf("preview: %d %.800s", rec.Code, rec.Body.String())
	}
	digest, ok := doc(t, rec).Find(`#ledger-demand input[name="previewed"]`).Attr("value")
	if !ok || digest == "" {
		t.Fatalf("the preview carries no fingerprint: %.2000s", rec.Body.String())
	}
	if got := len(lb.invoices(t)); got != len(before) {
		t.Fatalf("a preview raised an invoice: %d -> %d", len(before), got)
	}
	form.Set("action", "post")
	form.Set("previewed", digest)
	rec = lb.mgr.post(lb.unitPath()+"/demand", form)
	if rec.Code != http.StatusSeeOther {
		t.Fatalf("post: %d %.800s", rec.Code, rec.Body.String())
	}
	after := lb.invoices(t)
	if len(after) != len(before)+1 {
		t.Fatalf("invoices %d -> %d, want one more", len(before), len(after))
	}
	newest := after[0]
	for _, inv := range after {
		if inv.Number > newest.Number {
			newest = inv
		}
	}
	return newest
}

func (lb *ledgerBook) invoices(t *testing.T) []ledger.Invoice {
	t.Helper()
	invs, err := ledger.UnitInvoices(context.Background(), lb.f.db("acme").Read(), lb.ppl.FlatA.ID)
	if err != nil {
		t.Fatal(err)
	}
	return invs
}

func (lb *ledgerBook) balance(t *testing.T) int64 {
	t.Helper()
	b, err := ledger.UnitBalance(context.Background(), lb.f.db("acme").Read(), lb.ppl.FlatA.ID)
	if err != nil {
		t.Fatal(err)
	}
	return b
}

func TestUnitDemandIsPreviewedThenPosted(t *testing.T) {
	lb := newLedgerBook(t)
	first := lb.raise(t, "1,250.00")
	if first.Total != 125000 || first.Number != 1 {
		t.Errorf("first invoice = no %d total %d, want no 1 total 125000", first.Number, first.Total)
	}
	second := lb.raise(t, "99.99")
	if second.Number != first.Number+1 || second.Total != 9999 {
		t.Errorf("second invoice = no %d total %d", second.Number, second.Total)
	}
	if got := lb.balance(t); got != 125000+9999 {
		t.Errorf("balance = %d, want %d", got, 125000+9999)
	}
	// The account page shows the invoice and the notice after the redirect.
	rec := lb.mgr.get(lb.unitPath() + "?done=demand&n=2")
	body := rec.Body.String()
	for _, want := range []string{"Invoice 2 raised", "£1,250.00", "£99.99"} {
		if !strings.Contains(body, want) {
			t.Errorf("account page lacks %q", want)
		}
	}
}

func TestUnitDemandStalePreviewIsRefused(t *testing.T) {
	lb := newLedgerBook(t)
	form := lb.demandForm("100", "2026-03-14", "2026-04-11")
	form.Set("action", "preview")
	rec := lb.mgr.post(lb.unitPath()+"/demand", form)
	digest, _ := doc(t, rec).Find(`#ledger-demand input[name="previewed"]`).Attr("value")
	// The amount is changed after the preview: posting shows the new
	// preview instead of raising.
	form.Set("lines.0.amount", "1000")
	form.Set("action", "post")
	form.Set("previewed", digest)
	rec = lb.mgr.post(lb.unitPath()+"/demand", form, "HX-Request", "true", "HX-Target", "ledger-demand")
	if rec.Code != http.StatusOK {
		t.Fatalf("stale post: %d", rec.Code)
	}
	if !strings.Contains(rec.Body.String(), "changed since it was previewed") {
		t.Errorf("no message about the changed demand: %.1500s", rec.Body.String())
	}
	if n := len(lb.invoices(t)); n != 0 {
		t.Errorf("a stale preview raised %d invoices", n)
	}
}

func TestUnitActionsRefuseBadInput(t *testing.T) {
	lb := newLedgerBook(t)
	inv := lb.raise(t, "500")
	journals := lb.journals()
	bank := lb.bankID()
	receipt := func(amount, date string) url.Values {
		return url.Values{"account": {bank}, "date": {date}, "amount": {amount}, "method": {ledger.MethodBankTransfer}}
	}
	tests := []struct {
		name, action, target string
		form                 url.Values
		field, want          string
	}{
		{"negative demand", "demand", "ledger-demand", lb.demandForm("-5", "2026-03-14", "2026-04-11"), "lines.0.amount", "cannot be negative"},
		{"words for a demand", "demand", "ledger-demand", lb.demandForm("ten pounds", "2026-03-14", "2026-04-11"), "lines.0.amount", "pounds and pence"},
		{"zero demand", "demand", "ledger-demand", lb.demandForm("0", "2026-03-14", "2026-04-11"), "lines.0.amount", "greater than zero"},
		{"due before issue", "demand", "ledger-demand", lb.demandForm("5", "2026-03-14", "2026-03-01"), "due_date", "before the issue date"},
		{"year out of range", "demand", "ledger-demand", lb.demandForm("5", "1999-03-14", "2026-04-01"), "issue_date", "between 2000 and 2099"},
		{"not a date", "demand", "ledger-demand", lb.demandForm("5", "14/03/2026", "2026-04-01"), "issue_date", "real date"},
		{"no charge type", "demand", "ledger-demand", url.Values{"lines.0.amount": {"5"}, "issue_date": {"2026-03-14"}, "due_date": {"2026-04-11"}}, "lines.0.charge_type", "Choose a charge type"},
		{"receipt fraction of a penny", "receipt", "ledger-receipt", receipt("10.001", "2026-03-14"), "amount", "nearest penny"},
		{"receipt negative", "receipt", "ledger-receipt", receipt("-10", "2026-03-14"), "amount", "cannot be negative"},
		{"receipt bad date", "receipt", "ledger-receipt", receipt("10", "2026-02-30"), "date", "real date"},
		{"receipt unknown bank", "receipt", "ledger-receipt", url.Values{"account": {"nope"}, "date": {"2026-03-14"}, "amount": {"10"}, "method": {ledger.MethodCheque}}, "account", "bank account"},
		{"receipt unknown method", "receipt", "ledger-receipt", url.Values{"account": {bank}, "date": {"2026-03-14"}, "amount": {"10"}, "method": {"barter"}}, "method", "how the money was paid"},
		{"receipt someone else's invoice", "receipt", "ledger-receipt", url.Values{"account": {bank}, "date": {"2026-03-14"}, "amount": {"10"}, "method": {ledger.MethodCheque}, "invoice": {"inv_not_here"}}, "invoice", "unpaid invoices"},
		{"credit without reason", "credit", "ledger-credit", url.Values{"charge_type": {lb.chargeID("Service charge")}, "date": {"2026-03-14"}, "amount": {"10"}}, "reason", "Say why"},
		{"credit huge", "credit", "ledger-credit", url.Values{"charge_type": {lb.chargeID("Service charge")}, "date": {"2026-03-14"}, "amount": {"1000000000"}, "reason": {"x"}}, "amount", "100,000,000"},
		{"reverse unknown entry", "reverse", "ledger-reverse", url.Values{"entry": {"999999"}, "date": {"2026-03-14"}, "reason": {"typo"}}, "entry", "Choose an entry"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			form := tt.form
			if tt.action == "demand" {
				form.Set("action", "post")
			}
			// Plain form post: the whole page again, 422.
			rec := lb.mgr.post(lb.unitPath()+"/"+tt.action, form)
			if rec.Code != http.StatusUnprocessableEntity {
				t.Fatalf("status %d, want 422: %.600s", rec.Code, rec.Body.String())
			}
			if got := fieldError(doc(t, rec).Find("#"+tt.target), tt.field); !strings.Contains(got, tt.want) {
				t.Errorf("message next to %s = %q, want it to contain %q", tt.field, got, tt.want)
			}
			// htmx: just the form, 422, with the message.
			rec = lb.mgr.post(lb.unitPath()+"/"+tt.action, form, "HX-Request", "true", "HX-Target", tt.target)
			if rec.Code != http.StatusUnprocessableEntity {
				t.Fatalf("htmx status %d, want 422", rec.Code)
			}
			d := doc(t, rec)
			if d.Find("#"+tt.target).Length() != 1 || d.Find("header").Length() != 0 {
				t.Errorf("htmx answer is not just the %s fragment: %.300s", tt.target, rec.Body.String())
			}
			if got := fieldError(d.Selection, tt.field); !strings.Contains(got, tt.want) {
				t.Errorf("htmx message next to %s = %q", tt.field, got)
			}
			if got := lb.journals(); got != journals {
				t.Errorf("bad input posted: journals %d -> %d", journals, got)
			}
		})
	}
	if got := lb.invoices(t); len(got) != 1 || got[0].ID != inv.ID {
		t.Errorf("invoices changed: %+v", got)
	}
}

func TestUnitReceiptsCreditsAndReversals(t *testing.T) {
	lb := newLedgerBook(t)
	older := lb.raise(t, "300")
	newer := lb.raise(t, "200")
	bank := lb.bankID()

	// A receipt picked against the newer invoice pays it, not the older.
	rec := lb.mgr.post(lb.unitPath()+"/receipt", url.Values{"account": {bank}, "date": {"2026-03-14"}, "amount": {"200"},
		"method": {ledger.MethodBankTransfer}, "reference": {"FLAT1 INV2"}, "invoice": {newer.PublicID}})
	if rec.Code != http.StatusSeeOther {
		t.Fatalf("receipt: %d %.600s", rec.Code, rec.Body.String())
	}
	today := testNow
	status := func(inv ledger.Invoice) string {
		t.Helper()
		got, err := ledger.GetInvoice(context.Background(), lb.f.db("acme").Read(), inv.PublicID)
		if err != nil {
			t.Fatal(err)
		}
		return got.Status(today)
	}
	if status(older) != "outstanding" || status(newer) != "paid" {
		t.Errorf("statuses = %s, %s; want outstanding, paid", status(older), status(newer))
	}
	// An over-payment pays the oldest and leaves credit, said in the notice
	// (htmx swaps the whole account).
	rec = lb.mgr.post(lb.unitPath()+"/receipt", url.Values{"account": {bank}, "date": {"2026-03-15"}, "amount": {"350"},
		"method": {ledger.MethodCheque}}, "HX-Request", "true", "HX-Target", "ledger-receipt")
	if rec.Code != http.StatusOK || rec.Header().Get("HX-Retarget") != "#unit-account" {
		t.Fatalf("htmx receipt: %d retarget %q", rec.Code, rec.Header().Get("HX-Retarget"))
	}
	if !strings.Contains(rec.Body.String(), "50.00 is held as credit") {
		t.Errorf("no credit notice: %.1000s", rec.Body.String())
	}
	if got := lb.balance(t); got != -5000 {
		t.Errorf("balance = %d, want -5000 (credit)", got)
	}
	if status(older) != "paid" {
		t.Errorf("older invoice %d not paid", older.Number)
	}

	// A credit note adds to the credit.
	rec = lb.mgr.post(lb.unitPath()+"/credit", url.Values{"charge_type": {lb.chargeID("Service charge")}, "date": {"2026-03-16"},
		"amount": {"25"}, "reason": {"Goodwill: lift out of service"}})
	if rec.Code != http.StatusSeeOther {
		t.Fatalf("credit: %d %.600s", rec.Code, rec.Body.String())
	}
	if got := lb.balance(t); got != -7500 {
		t.Errorf("balance after credit = %d, want -7500", got)
	}

	// Reversing the cheque re-opens what it paid; a second reversal of the
	// same entry is refused with 409 and posts nothing.
	var cheque int64
	if err := lb.f.db("acme").Read().QueryRow(`SELECT id FROM journals WHERE kind = 'receipt' ORDER BY id DESC LIMIT 1`).Scan(&cheque); err != nil {
		t.Fatal(err)
	}
	form := url.Values{"entry": {strconv.FormatInt(cheque, 10)}, "date": {"2026-03-20"}, "reason": {"Cheque returned unpaid"}}
	if rec = lb.mgr.post(lb.unitPath()+"/reverse", form); rec.Code != http.StatusSeeOther {
		t.Fatalf("reverse: %d %.600s", rec.Code, rec.Body.String())
	}
	if got := lb.balance(t); got != 30000-2500 {
		t.Errorf("balance after reversal = %d, want %d", got, 30000-2500)
	}
	journals := lb.journals()
	rec = lb.mgr.post(lb.unitPath()+"/reverse", form)
	if rec.Code != http.StatusConflict {
		t.Fatalf("second reversal: %d, want 409", rec.Code)
	}
	if got := fieldError(doc(t, rec).Selection, "entry"); got == "" {
		t.Error("no message next to the entry on a second reversal")
	}
	if lb.journals() != journals {
		t.Error("a second reversal posted")
	}
	// Every change is in the audit log.
	if n := lb.count(`SELECT count(*) FROM audit_log WHERE action LIKE 'ledger.%'`); n < 6 {
		t.Errorf("audit entries = %d, want at least 6", n)
	}
}

func TestLedgerIsForStaffOnly(t *testing.T) {
	lb := newLedgerBook(t)
	alice := lb.f.browser("acme." + base)
	alice.signInAs("acme", lb.ppl.Alice)
	for _, path := range []string{"/admin/ledger", lb.unitPath(), "/admin/ledger/banks", "/admin/ledger/trial-balance"} {
		if rec := alice.get(path); rec.Code != http.StatusForbidden {
			t.Errorf("resident GET %s = %d, want 403", path, rec.Code)
		}
	}
	if rec := alice.post(lb.unitPath()+"/receipt", url.Values{"account": {lb.bankID()}, "date": {"2026-03-14"}, "amount": {"10"}, "method": {"cash"}}); rec.Code != http.StatusForbidden {
		t.Errorf("resident receipt post = %d, want 403", rec.Code)
	}
	if rec := lb.mgr.get("/admin/ledger/units/unit_nope"); rec.Code != http.StatusNotFound {
		t.Errorf("unknown unit = %d, want 404", rec.Code)
	}
}
