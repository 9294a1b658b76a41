package lettings_test

import (
	"net/http"
	"net/url"
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
