package books_test

import (
	"context"
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"testing"

	"porch/internal/webtest"
	"porch/ledger"
)

func TestUnitDemandIsPreviewedThenPosted(t *testing.T) {
	t.Parallel()
	lb := webtest.NewLedgerBook(t)
	first := lb.Raise(t, "1,250.00")
	if first.Total != 125000 || first.Number != 1 {
		t.Errorf("first invoice = no %d total %d, want no 1 total 125000", first.Number, first.Total)
	}
	second := lb.Raise(t, "99.99")
	if second.Number != first.Number+1 || second.Total != 9999 {
		t.Errorf("second invoice = no %d total %d", second.Number, second.Total)
	}
	if got := lb.Balance(t); got != 125000+9999 {
		t.Errorf("balance = %d, want %d", got, 125000+9999)
	}
	// The account page shows the invoice and the notice after the redirect.
	rec := lb.Mgr.Get(lb.UnitPath() + "?done=demand&n=2")
	body := rec.Body.String()
	for _, want := range []string{"Invoice 2 raised", "£1,250.00", "£99.99"} {
		if !strings.Contains(body, want) {
			t.Errorf("account page lacks %q", want)
		}
	}
}

func TestUnitDemandStalePreviewIsRefused(t *testing.T) {
	t.Parallel()
	lb := webtest.NewLedgerBook(t)
	form := lb.DemandForm("100", "2026-03-14", "2026-04-11")
	form.Set("action", "preview")
	rec := lb.Mgr.Post(lb.UnitPath()+"/demand", form)
	digest, _ := webtest.Doc(t, rec).Find(`#ledger-demand input[name="previewed"]`).Attr("value")
	// The amount is changed after the preview: posting shows the new
	// preview instead of raising.
	form.Set("lines.0.amount", "1000")
	form.Set("action", "post")
	form.Set("previewed", digest)
	rec = lb.Mgr.Post(lb.UnitPath()+"/demand", form, "HX-Request", "true", "HX-Target", "ledger-demand")
	if rec.Code != http.StatusOK {
		t.Fatalf("stale post: %d", rec.Code)
	}
	if !strings.Contains(rec.Body.String(), "changed since it was previewed") {
		t.Errorf("no message about the changed demand: %.1500s", rec.Body.String())
	}
	if n := len(lb.Invoices(t)); n != 0 {
		t.Errorf("a stale preview raised %d invoices", n)
	}
}

func TestUnitActionsRefuseBadInput(t *testing.T) {
	t.Parallel()
	lb := webtest.NewLedgerBook(t)
	inv := lb.Raise(t, "500")
	journals := lb.Journals()
	bank := lb.BankID()
	receipt := func(amount, date string) url.Values {
		return url.Values{"account": {bank}, "date": {date}, "amount": {amount}, "method": {ledger.MethodBankTransfer}}
	}
	tests := []struct {
		name, action, target string
		form                 url.Values
		field, want          string
	}{
		{"negative demand", "demand", "ledger-demand", lb.DemandForm("-5", "2026-03-14", "2026-04-11"), "lines.0.amount", "cannot be negative"},
		{"words for a demand", "demand", "ledger-demand", lb.DemandForm("ten pounds", "2026-03-14", "2026-04-11"), "lines.0.amount", "pounds and pence"},
		{"zero demand", "demand", "ledger-demand", lb.DemandForm("0", "2026-03-14", "2026-04-11"), "lines.0.amount", "greater than zero"},
		{"due before issue", "demand", "ledger-demand", lb.DemandForm("5", "2026-03-14", "2026-03-01"), "due_date", "before the issue date"},
		{"year out of range", "demand", "ledger-demand", lb.DemandForm("5", "1999-03-14", "2026-04-01"), "issue_date", "between 2000 and 2099"},
		{"not a date", "demand", "ledger-demand", lb.DemandForm("5", "14/03/2026", "2026-04-01"), "issue_date", "real date"},
		{"no charge type", "demand", "ledger-demand", url.Values{"lines.0.amount": {"5"}, "issue_date": {"2026-03-14"}, "due_date": {"2026-04-11"}}, "lines.0.charge_type", "Choose a charge type"},
		{"receipt fraction of a penny", "receipt", "ledger-receipt", receipt("10.001", "2026-03-14"), "amount", "nearest penny"},
		{"receipt negative", "receipt", "ledger-receipt", receipt("-10", "2026-03-14"), "amount", "cannot be negative"},
		{"receipt bad date", "receipt", "ledger-receipt", receipt("10", "2026-02-30"), "date", "real date"},
		{"receipt unknown bank", "receipt", "ledger-receipt", url.Values{"account": {"nope"}, "date": {"2026-03-14"}, "amount": {"10"}, "method": {ledger.MethodCheque}}, "account", "bank account"},
		{"receipt unknown method", "receipt", "ledger-receipt", url.Values{"account": {bank}, "date": {"2026-03-14"}, "amount": {"10"}, "method": {"barter"}}, "method", "how the money was paid"},
		{"receipt someone else's invoice", "receipt", "ledger-receipt", url.Values{"account": {bank}, "date": {"2026-03-14"}, "amount": {"10"}, "method": {ledger.MethodCheque}, "invoice": {"inv_not_here"}}, "invoice", "unpaid invoices"},
		{"credit without reason", "credit", "ledger-credit", url.Values{"charge_type": {lb.ChargeID("Service charge")}, "date": {"2026-03-14"}, "amount": {"10"}}, "reason", "Say why"},
		{"credit huge", "credit", "ledger-credit", url.Values{"charge_type": {lb.ChargeID("Service charge")}, "date": {"2026-03-14"}, "amount": {"1000000000"}, "reason": {"x"}}, "amount", "100,000,000"},
		{"reverse unknown entry", "reverse", "ledger-reverse", url.Values{"entry": {"999999"}, "date": {"2026-03-14"}, "reason": {"typo"}}, "entry", "Choose an entry"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			form := tt.form
			if tt.action == "demand" {
				form.Set("action", "post")
			}
			// Plain form post: the whole page again, 422.
			rec := lb.Mgr.Post(lb.UnitPath()+"/"+tt.action, form)
			if rec.Code != http.StatusUnprocessableEntity {
				t.Fatalf("status %d, want 422: %.600s", rec.Code, rec.Body.String())
			}
			if got := webtest.FieldError(webtest.Doc(t, rec).Find("#"+tt.target), tt.field); !strings.Contains(got, tt.want) {
				t.Errorf("message next to %s = %q, want it to contain %q", tt.field, got, tt.want)
			}
			// htmx: just the form, 422, with the message.
			rec = lb.Mgr.Post(lb.UnitPath()+"/"+tt.action, form, "HX-Request", "true", "HX-Target", tt.target)
			if rec.Code != http.StatusUnprocessableEntity {
				t.Fatalf("htmx status %d, want 422", rec.Code)
			}
			d := webtest.Doc(t, rec)
			if d.Find("#"+tt.target).Length() != 1 || d.Find("header").Length() != 0 {
				t.Errorf("htmx answer is not just the %s fragment: %.300s", tt.target, rec.Body.String())
			}
			if got := webtest.FieldError(d.Selection, tt.field); !strings.Contains(got, tt.want) {
				t.Errorf("htmx message next to %s = %q", tt.field, got)
			}
			if got := lb.Journals(); got != journals {
				t.Errorf("bad input posted: journals %d -> %d", journals, got)
			}
		})
	}
	if got := lb.Invoices(t); len(got) != 1 || got[0].ID != inv.ID {
		t.Errorf("invoices changed: %+v", got)
	}
}

func TestUnitReceiptsCreditsAndReversals(t *testing.T) {
	t.Parallel()
	lb := webtest.NewLedgerBook(t)
	older := lb.Raise(t, "300")
	newer := lb.Raise(t, "200")
	bank := lb.BankID()

	// A receipt picked against the newer invoice pays it, not the older.
	rec := lb.Mgr.Post(lb.UnitPath()+"/receipt", url.Values{"account": {bank}, "date": {"2026-03-14"}, "amount": {"200"},
		"method": {ledger.MethodBankTransfer}, "reference": {"FLAT1 INV2"}, "invoice": {newer.PublicID}})
	if rec.Code != http.StatusSeeOther {
		t.Fatalf("receipt: %d %.600s", rec.Code, rec.Body.String())
	}
	today := webtest.Now
	status := func(inv ledger.Invoice) string {
		t.Helper()
		got, err := ledger.GetInvoice(context.Background(), lb.F.DB("acme").Read(), inv.PublicID)
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
	rec = lb.Mgr.Post(lb.UnitPath()+"/receipt", url.Values{"account": {bank}, "date": {"2026-03-15"}, "amount": {"350"},
		"method": {ledger.MethodCheque}}, "HX-Request", "true", "HX-Target", "ledger-receipt")
	if rec.Code != http.StatusOK || rec.Header().Get("HX-Retarget") != "#unit-account" {
		t.Fatalf("htmx receipt: %d retarget %q", rec.Code, rec.Header().Get("HX-Retarget"))
	}
	if !strings.Contains(rec.Body.String(), "50.00 is held as credit") {
		t.Errorf("no credit notice: %.1000s", rec.Body.String())
	}
	if got := lb.Balance(t); got != -5000 {
		t.Errorf("balance = %d, want -5000 (credit)", got)
	}
	if status(older) != "paid" {
		t.Errorf("older invoice %d not paid", older.Number)
	}

	// A credit note adds to the credit.
	rec = lb.Mgr.Post(lb.UnitPath()+"/credit", url.Values{"charge_type": {lb.ChargeID("Service charge")}, "date": {"2026-03-16"},
		"amount": {"25"}, "reason": {"Goodwill: lift out of service"}})
	if rec.Code != http.StatusSeeOther {
		t.Fatalf("credit: %d %.600s", rec.Code, rec.Body.String())
	}
	if got := lb.Balance(t); got != -7500 {
		t.Errorf("balance after credit = %d, want -7500", got)
	}

	// Reversing the cheque re-opens what it paid; a second reversal of the
	// same entry is refused with 409 and posts nothing.
	var cheque int64
	if err := lb.F.DB("acme").ReadPool().QueryRow(`SELECT id FROM journals WHERE kind = 'receipt' ORDER BY id DESC LIMIT 1`).Scan(&cheque); err != nil {
		t.Fatal(err)
	}
	form := url.Values{"entry": {strconv.FormatInt(cheque, 10)}, "date": {"2026-03-20"}, "reason": {"Cheque returned unpaid"}}
	if rec = lb.Mgr.Post(lb.UnitPath()+"/reverse", form); rec.Code != http.StatusSeeOther {
		t.Fatalf("reverse: %d %.600s", rec.Code, rec.Body.String())
	}
	if got := lb.Balance(t); got != 30000-2500 {
		t.Errorf("balance after reversal = %d, want %d", got, 30000-2500)
	}
	journals := lb.Journals()
	rec = lb.Mgr.Post(lb.UnitPath()+"/reverse", form)
	if rec.Code != http.StatusConflict {
		t.Fatalf("second reversal: %d, want 409", rec.Code)
	}
	if got := webtest.FieldError(webtest.Doc(t, rec).Selection, "entry"); got == "" {
		t.Error("no message next to the entry on a second reversal")
	}
	if lb.Journals() != journals {
		t.Error("a second reversal posted")
	}
	// Every change is in the audit log.
	if n := lb.Count(`SELECT count(*) FROM audit_log WHERE action LIKE 'ledger.%'`); n < 6 {
		t.Errorf("audit entries = %d, want at least 6", n)
	}
}

func TestLedgerIsForStaffOnly(t *testing.T) {
	t.Parallel()
	lb := webtest.NewLedgerBook(t)
	alice := lb.F.Browser("acme." + webtest.Base)
	alice.SignInAs("acme", lb.Ppl.Alice)
	for _, path := range []string{"/admin/ledger", lb.UnitPath(), "/admin/ledger/banks", "/admin/ledger/trial-balance"} {
		if rec := alice.Get(path); rec.Code != http.StatusForbidden {
			t.Errorf("resident GET %s = %d, want 403", path, rec.Code)
		}
	}
	if rec := alice.Post(lb.UnitPath()+"/receipt", url.Values{"account": {lb.BankID()}, "date": {"2026-03-14"}, "amount": {"10"}, "method": {"cash"}}); rec.Code != http.StatusForbidden {
		t.Errorf("resident receipt post = %d, want 403", rec.Code)
	}
	if rec := lb.Mgr.Get("/admin/ledger/units/unit_nope"); rec.Code != http.StatusNotFound {
		t.Errorf("unknown unit = %d, want 404", rec.Code)
	}
}
