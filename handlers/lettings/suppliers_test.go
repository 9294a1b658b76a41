package lettings_test

import (
	"context"
	"net/http"
	"net/url"
	"strings"
	"testing"

	"porch/internal/webtest"
	"porch/ledger"
)

func TestSuppliersOwedAndPaid(t *testing.T) {
	t.Parallel()
	lb := newLettingsBook(t)
	for _, e := range []struct{ supplier, amount string }{{"Northside Heating Ltd", "385"}, {"Keys Ltd", "85.50"}} {
		if rec := lb.Mgr.Post(lb.ownerPath()+"/expense", url.Values{"unit": {lb.unit.PublicID}, "date": {"2026-03-15"},
			"amount": {e.amount}, "supplier": {e.supplier}, "description": {"Repair"}}); rec.Code != http.StatusSeeOther {
			t.Fatalf("expense: %d", rec.Code)
		}
	}
	d := webtest.Doc(t, lb.Mgr.Get("/admin/ledger/suppliers"))
	if got := ownerText(d.Find("section[aria-labelledby=owed-heading] table")); !strings.Contains(got, "Keys Ltd £85.50") ||
		!strings.Contains(got, "Northside Heating Ltd £385.00") || !strings.Contains(got, "Total £470.50") {
		t.Errorf("owed %q", got)
	}
	// The Pay link fills the form with the supplier and what they are owed.
	rec := lb.Mgr.Get("/admin/ledger/suppliers?supplier="+url.QueryEscape("Keys Ltd"), ownerHX("supplier-pay")...)
	d = webtest.Doc(t, rec)
	if d.Find("#suppliers").Length() != 0 || d.Find(`#pay-supplier option[selected]`).AttrOr("value", "") != "Keys Ltd" ||
		d.Find("#pay-amount").AttrOr("value", "") != "85.50" {
		t.Errorf("pay form for Keys Ltd: %.800s", rec.Body.String())
	}

	journals := lb.Journals()
	pay := url.Values{"supplier": {"Keys Ltd"}, "account": {lb.bank}, "date": {"2026-03-16"}, "amount": {"90"}}
	rec = lb.Mgr.Post("/admin/ledger/suppliers/pay", pay, ownerHX("supplier-pay")...)
	if rec.Code != http.StatusUnprocessableEntity {
		t.Fatalf("overpaying: %d", rec.Code)
	}
	if msg := webtest.FieldError(webtest.Doc(t, rec).Selection, "amount"); msg != "Keys Ltd is owed £85.50; you cannot pay them more than that." {
		t.Errorf("overpaying: %q", msg)
	}
	for field, value := range map[string]string{"supplier": "", "account": "", "date": "2026-13-01", "amount": "ten"} {
		bad := url.Values{}
		for k, v := range pay {
			bad[k] = v
		}
		bad.Set(field, value)
		rec := lb.Mgr.Post("/admin/ledger/suppliers/pay", bad, ownerHX("supplier-pay")...)
		if rec.Code != http.StatusUnprocessableEntity || webtest.FieldError(webtest.Doc(t, rec).Selection, field) == "" {
			t.Errorf("%s=%q: %d, no message next to it", field, value, rec.Code)
		}
	}
	if lb.Journals() != journals {
		t.Fatal("a refused supplier payment posted")
	}
	pay.Set("amount", "85.50")
	rec = lb.Mgr.Post("/admin/ledger/suppliers/pay", pay, ownerHX("supplier-pay")...)
	if rec.Code != http.StatusOK || rec.Header().Get("HX-Retarget") != "#suppliers" {
		t.Fatalf("pay: %d %v", rec.Code, rec.Header())
	}
	d = webtest.Doc(t, rec)
	if got := ownerText(d.Find(".notice.success")); got != "Paid Keys Ltd £85.50." {
		t.Errorf("notice %q", got)
	}
	if got := ownerText(d.Find("section[aria-labelledby=owed-heading] tbody")); got != "Northside Heating Ltd £385.00 Pay Northside Heating Ltd" {
		t.Errorf("still owed %q", got)
	}
	if lb.F.AuditCount("acme", "ledger.supplier_paid") != 1 {
		t.Error("the payment was not audited")
	}
	// Without JavaScript: 303 back to the list.
	pay.Set("supplier", "northside heating ltd")
	pay.Set("amount", "385")
	if rec := lb.Mgr.Post("/admin/ledger/suppliers/pay", pay); rec.Code != http.StatusSeeOther || rec.Header().Get("Location") != "/admin/ledger/suppliers?done=paid" {
		t.Fatalf("plain pay: %d %v", rec.Code, rec.Header())
	}
	if owed, _ := ledger.SuppliersOwed(context.Background(), lb.F.DB("acme").Read()); len(owed) != 0 {
		t.Errorf("still owed %+v", owed)
	}
}
