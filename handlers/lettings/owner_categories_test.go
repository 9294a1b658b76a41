package lettings_test

import (
	"net/http"
	"net/url"
	"strings"
	"testing"

	"porch/internal/webtest"
)

func TestFeesExpensesAndDeductionsCarryTheirCategory(t *testing.T) {
	t.Parallel()
	lb := newLettingsBook(t)
	// The forms offer the categories of their kind.
	d := webtest.Doc(t, lb.Mgr.Get(lb.ownerPath()))
	if d.Find(`#fee-category option[value="letting_fee"]`).Length() != 1 || d.Find(`#fee-category option[value="repairs"]`).Length() != 0 ||
		d.Find(`#expense-category option[value="safety"]`).Length() != 1 || d.Find(`#deduction-category option[value="insurance"]`).Length() != 1 {
		t.Fatalf("category choices: fee %q expense %q", d.Find("#fee-category").Text(), d.Find("#expense-category").Text())
	}
	fee := url.Values{"unit": {lb.unit.PublicID}, "date": {"2026-03-15"}, "amount": {"300"}, "description": {"Tenant find"}, "category": {"repairs"}}
	journals := lb.Journals()
	rec := lb.Mgr.Post(lb.ownerPath()+"/fee", fee, ownerHX("owner-fee")...)
	if rec.Code != http.StatusUnprocessableEntity || webtest.FieldError(webtest.Doc(t, rec).Selection, "category") == "" || lb.Journals() != journals {
		t.Fatalf("a fee with an expense's category: %d, journals %d", rec.Code, lb.Journals())
	}
	fee.Set("category", "letting_fee")
	if rec := lb.Mgr.Post(lb.ownerPath()+"/fee", fee); rec.Code != http.StatusSeeOther {
		t.Fatalf("fee: %d %.300s", rec.Code, rec.Body.String())
	}
	expense := url.Values{"unit": {lb.unit.PublicID}, "date": {"2026-03-15"}, "amount": {"90"}, "supplier": {"Safe Gas Ltd"},
		"description": {"Gas safety check"}, "category": {"safety"}}
	if rec := lb.Mgr.Post(lb.ownerPath()+"/expense", expense); rec.Code != http.StatusSeeOther {
		t.Fatalf("expense: %d %.300s", rec.Code, rec.Body.String())
	}
	if n := lb.Count(`SELECT count(*) FROM journals WHERE kind = 'fee' AND cost_category = 'letting_fee'`); n != 1 {
		t.Errorf("%d fees filed as letting fees", n)
	}
	if n := lb.Count(`SELECT count(*) FROM journals WHERE kind = 'expense' AND cost_category = 'safety'`); n != 1 {
		t.Errorf("%d expenses filed as safety checks", n)
	}
	deduction := url.Values{"unit": {lb.unit.PublicID}, "description": {"Buildings insurance"}, "supplier": {"Aviva"},
		"amount": {"240"}, "due_date": {"2026-05-01"}, "category": {"insurance"}}
	if rec := lb.Mgr.Post(lb.ownerPath()+"/deductions", deduction); rec.Code != http.StatusSeeOther {
		t.Fatalf("deduction: %d %.300s", rec.Code, rec.Body.String())
	}
	if n := lb.Count(`SELECT count(*) FROM scheduled_deductions WHERE cost_category = 'insurance'`); n != 1 {
		t.Errorf("the deduction's category was not kept")
	}
}

func TestPayoutForOneProperty(t *testing.T) {
	t.Parallel()
	lb := newLettingsBook(t)
	form := url.Values{"account": {lb.bank}, "unit": {lb.unit.PublicID}, "date": {"2026-03-15"}, "amount": {"100"}}
	if rec := lb.Mgr.Post(lb.ownerPath()+"/payout", form); rec.Code != http.StatusSeeOther {
		t.Fatalf("payout: %d %.300s", rec.Code, rec.Body.String())
	}
	if n := lb.Count(`SELECT count(*) FROM postings p JOIN journals j ON j.id = p.journal_id
		WHERE j.kind = 'payout' AND p.owner_id IS NOT NULL AND p.unit_id = ?`, lb.unit.ID); n != 1 {
		t.Errorf("the payout is not the property's: %d", n)
	}
	form.Set("unit", "nope")
	rec := lb.Mgr.Post(lb.ownerPath()+"/payout", form, ownerHX("owner-payout")...)
	if rec.Code != http.StatusUnprocessableEntity || webtest.FieldError(webtest.Doc(t, rec).Selection, "unit") == "" {
		t.Errorf("a payout for no property of theirs: %d", rec.Code)
	}
}

func TestIssuedStatementIsFiledAndEmailed(t *testing.T) {
	t.Parallel()
	lb := newLettingsBook(t)
	lb.lettingsHistory(t)
	path := lb.ownerPath() + "/statement"
	d := webtest.Doc(t, lb.Mgr.Get(path+"?from=2026-02-01&to=2026-02-28"))
	if d.Find(`form[action="`+path+`/issue"]`).Length() != 1 {
		t.Fatalf("no way to issue the statement")
	}
	// Without a period there is nothing to issue, and nothing is filed.
	if rec := lb.Mgr.Post(path+"/issue", url.Values{"from": {""}, "to": {"2026-02-28"}}); rec.Code != http.StatusUnprocessableEntity && rec.Code != http.StatusBadRequest {
		t.Errorf("issue without a start: %d", rec.Code)
	}
	rec := lb.Mgr.Post(path+"/issue", url.Values{"from": {"2026-02-01"}, "to": {"2026-02-28"}, "unit": {lb.unit.PublicID}})
	if rec.Code != http.StatusSeeOther {
		t.Fatalf("issue: %d %.300s", rec.Code, rec.Body.String())
	}
	if n := lb.Count(`SELECT count(*) FROM owner_statements WHERE owner_id = ? AND unit_id = ? AND period_from = '2026-02-01'`, lb.lena.ID, lb.unit.ID); n != 1 {
		t.Fatalf("%d statements filed", n)
	}
	subject, text := lb.F.LastMail("acme", "lena@example.com")
	if subject != "Your statement: 1 February 2026 to 28 February 2026" || !strings.Contains(text, "12 Albion Road") || !strings.Contains(text, "/owner") {
		t.Errorf("email %q: %s", subject, text)
	}
	d = webtest.Doc(t, lb.Mgr.Get(rec.Header().Get("Location")))
	if !strings.Contains(d.Find("#issued-heading").Parent().Text(), "1 February 2026 to 28 February 2026") || d.Find(".notice.success").Length() != 1 {
		t.Errorf("the issued statement is not listed: %s", d.Find("main").Text())
	}
	if lb.F.AuditCount("acme", "ledger.statement_issued") != 1 {
		t.Errorf("not audited")
	}
}
