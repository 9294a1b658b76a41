package money_test

import (
	"context"
	"net/http"
	"net/url"
	"strings"
	"testing"
	"time"

	"porch/internal/webtest"
	"porch/payments"
	"porch/payments/gocardless/gctest"
)

func TestDirectDebitJourney(t *testing.T) {
	t.Parallel()
	db := webtest.NewDDBook(t, true)
	inv := db.Raise(t, "500.00")
	m := db.SetUpMandate(t)

	// One invoice by Direct Debit, from the Direct Debit page.
	d := webtest.Doc(t, db.Alice.Get(db.DDPath()))
	action := "/money/invoices/" + inv.PublicID + "/direct-debit"
	if d.Find(`form[action="`+action+`"] button`).Length() != 1 {
		t.Fatalf("no pay button for invoice %d", inv.Number)
	}
	rec := db.Alice.Post(action, url.Values{"mandate": {m.PublicID}})
	if rec.Code != http.StatusSeeOther || !strings.HasPrefix(rec.Header().Get("Location"), "/money/direct-debit/payments/") {
		t.Fatalf("pay: %d %.1000s", rec.Code, rec.Body.String())
	}
	page := rec.Header().Get("Location")
	p, err := payments.Get(context.Background(), db.F.DB("acme").Read(), strings.TrimPrefix(page, "/money/direct-debit/payments/"))
	if err != nil {
		t.Fatal(err)
	}
	gp, _ := db.Fake.Payment(p.ProviderRef)
	if p.Status != payments.StatusPendingSubmission || p.Amount != 50000 || p.MandateID != m.ID || gp.Metadata[payments.MetaPayment] != p.PublicID ||
		gp.Links["mandate"] != m.MandateRef || p.ChargeDate != gp.ChargeDate || p.ChargeDate == "" {
		t.Fatalf("payment %+v at GoCardless %+v", p, gp)
	}
	// The same key went to GoCardless.
	for _, r := range db.Fake.Requests() {
		if r.Method == "POST" && r.Path == "/payments" && r.IdempotencyKey != p.IdempotencyKey {
			t.Errorf("idempotency key %q, want the payment's %q", r.IdempotencyKey, p.IdempotencyKey)
		}
	}
	charge, _ := time.Parse(time.DateOnly, p.ChargeDate)
	status := func(want ...string) string {
		t.Helper()
		rec := db.Alice.Get(page)
		body := rec.Body.String()
		for _, w := range want {
			if !strings.Contains(body, w) {
				t.Errorf("payment page lacks %q: %.3000s", w, body)
			}
		}
		return body
	}
	status("Pending", "Arranged: GoCardless will collect it from your bank on "+charge.Format("2 January 2006"),
		"BARCLAYS BANK PLC, account ending 42", `aria-current="step">Arranged`)
	// Paying again is refused while it is on its way.
	if rec := db.Alice.Post(action, url.Values{"mandate": {m.PublicID}}); rec.Code != http.StatusConflict ||
		!strings.Contains(rec.Body.String(), "already arranged") {
		t.Errorf("second Direct Debit for the invoice: %d", rec.Code)
	}

	db.Fake.SubmitPayment(p.ProviderRef)
	db.Deliver(t, gctest.DeliverOptions{})
	status("Submitted", `aria-current="step">Sent to your bank`)
	if db.Balance(t) != 50000 {
		t.Errorf("balance %d before confirmation", db.Balance(t))
	}

	db.Fake.ConfirmPayment(p.ProviderRef)
	db.Deliver(t, gctest.DeliverOptions{Duplicate: true})
	status("Confirmed", "Collected on "+charge.Format("2 January 2006"), `aria-current="step">Collected`)
	if db.Balance(t) != 0 {
		t.Errorf("balance %d after confirmation, want 0", db.Balance(t))
	}
	if n := db.Count(`SELECT count(*) FROM payments WHERE receipt_journal_id IS NOT NULL`); n != 1 {
		t.Errorf("%d receipts", n)
	}
	if subj, text := db.F.LastMail("acme", "alice@example.com"); !strings.Contains(subj, "Payment received") || !strings.Contains(text, "Direct Debit") {
		t.Errorf("receipt mail: %q %s", subj, text)
	}
	// The invoice list shows it paid, and leads to the Direct Debit page.
	list := db.Alice.Get("/money/units/" + db.Ppl.FlatA.PublicID + "/invoices").Body.String()
	if !strings.Contains(list, "Paid") || !strings.Contains(list, `href="`+db.DDPath()+`"`) {
		t.Error("the invoice list does not show it paid with a link to the Direct Debit page")
	}

	// Paid out, then a late failure, delivered newest first and twice.
	db.Fake.PayOut()
	db.Deliver(t, gctest.DeliverOptions{})
	db.Fake.LateFailPayment(p.ProviderRef)
	db.Fake.PayOut()
	before := db.Events()
	db.Deliver(t, gctest.DeliverOptions{Reverse: true, Duplicate: true})
	if db.Events() != len(db.Fake.Events()) || db.Events() <= before {
		t.Errorf("%d events stored, GoCardless sent %d", db.Events(), len(db.Fake.Events()))
	}
	if db.Balance(t) != 50000 {
		t.Errorf("balance %d after the late failure, want 50000", db.Balance(t))
	}
	if n := db.Count(`SELECT count(*) FROM journals WHERE kind = 'reversal'`); n != 1 {
		t.Errorf("%d reversal journals, want 1", n)
	}
	body := status("Failed", "did not go through", `href="/money/invoices/`+inv.PublicID+`/pay"`)
	if strings.Contains(body, "dd-steps") {
		t.Error("the steps are shown for a failed payment")
	}
	if subj, text := db.F.LastMail("acme", "alice@example.com"); !strings.Contains(subj, "did not go through") || !strings.Contains(text, "invoice 1 is owed again") {
		t.Errorf("resident's failure mail: %q %s", subj, text)
	}
	if subj, _ := db.F.LastMail("acme", db.Ppl.Manager.Email); !strings.Contains(subj, "Payment reversed") {
		t.Errorf("manager's mail: %q", subj)
	}
	if n := db.Count(`SELECT count(*) FROM mail_outbox WHERE to_addr = 'alice@example.com' AND subject LIKE 'Payment received%'`); n != 1 {
		t.Errorf("Alice has %d receipts by mail, want 1", n)
	}
	if n := db.Count(`SELECT count(*) FROM mail_outbox WHERE to_addr = 'alice@example.com' AND subject LIKE '%did not go through%'`); n != 1 {
		t.Errorf("Alice has %d failure mails, want 1", n)
	}
	// The invoice can be paid again.
	if d := webtest.Doc(t, db.Alice.Get(db.DDPath())); d.Find(`form[action="`+action+`"] button`).Length() != 1 {
		t.Error("no pay button after the failure")
	}
}

func TestDirectDebitOnlyForTheUnitsPeople(t *testing.T) {
	t.Parallel()
	db := webtest.NewDDBook(t, true)
	inv := db.Raise(t, "50.00")
	m := db.SetUpMandate(t)
	rec := db.Alice.Post("/money/invoices/"+inv.PublicID+"/direct-debit", url.Values{"mandate": {m.PublicID}})
	pay := rec.Header().Get("Location")
	if rec.Code != http.StatusSeeOther {
		t.Fatalf("pay: %d", rec.Code)
	}
	before := db.Count(`SELECT count(*) FROM payments`) + db.Count(`SELECT count(*) FROM mandates`)
	gets := []string{db.DDPath(), "/money/direct-debit/return?mandate=" + m.PublicID, "/money/invoices/" + inv.PublicID + "/direct-debit", pay,
		"/money/units/nosuchunit/direct-debit", "/money/direct-debit/payments/nosuchpayment", "/money/direct-debit/return?mandate=nosuch"}
	for _, path := range gets {
		if rec := db.Bob.Get(path); rec.Code != http.StatusNotFound {
			t.Errorf("Bob GET %s: %d", path, rec.Code)
		}
	}
	posts := []string{db.DDPath(), "/money/direct-debit/" + m.PublicID + "/auto-pay", "/money/invoices/" + inv.PublicID + "/direct-debit"}
	for _, path := range posts {
		if rec := db.Bob.Post(path, url.Values{"mandate": {m.PublicID}, "auto_pay": {"on"}}); rec.Code != http.StatusNotFound {
			t.Errorf("Bob POST %s: %d", path, rec.Code)
		}
	}
	if after := db.Count(`SELECT count(*) FROM payments`) + db.Count(`SELECT count(*) FROM mandates`); after != before || db.Mandate(t).AutoPay {
		t.Error("Bob changed something")
	}
	// Signed out: to the sign-in page.
	anon := db.F.Browser("acme." + webtest.Base)
	if rec := anon.Get(db.DDPath()); rec.Code != http.StatusSeeOther || !strings.HasPrefix(rec.Header().Get("Location"), "/sign-in") {
		t.Errorf("anonymous: %d %s", rec.Code, rec.Header().Get("Location"))
	}
	// A choice of mandate that is not hers.
	inv2 := db.Raise(t, "20.00")
	rec = db.Alice.Post("/money/invoices/"+inv2.PublicID+"/direct-debit", url.Values{"mandate": {"someone-else"}})
	if rec.Code != http.StatusUnprocessableEntity || !strings.Contains(rec.Body.String(), "Choose the bank account") {
		t.Errorf("foreign mandate: %d %.1000s", rec.Code, rec.Body.String())
	}
}

func TestDirectDebitNotOffered(t *testing.T) {
	t.Parallel()
	db := webtest.NewDDBook(t, false)
	inv := db.Raise(t, "50.00")
	for _, path := range []string{db.DDPath(), "/money/invoices/" + inv.PublicID + "/direct-debit"} {
		rec := db.Alice.Get(path)
		if rec.Code != http.StatusNotFound || !strings.Contains(rec.Body.String(), "Direct Debit is not available here") {
			t.Errorf("GET %s: %d", path, rec.Code)
		}
	}
	if rec := db.Alice.Post(db.DDPath(), nil); rec.Code != http.StatusNotFound || db.Count(`SELECT count(*) FROM mandates`) != 0 {
		t.Errorf("set up: %d", rec.Code)
	}
	if strings.Contains(db.Alice.Get("/money/units/"+db.Ppl.FlatA.PublicID+"/invoices").Body.String(), db.DDPath()) {
		t.Error("the invoice list links to Direct Debit, which is not offered")
	}
}

func TestDirectDebitExitAndRefusal(t *testing.T) {
	t.Parallel()
	db := webtest.NewDDBook(t, true)
	inv := db.Raise(t, "50.00")
	// From the invoice: no Direct Debit yet, so set one up first.
	rec := db.Alice.Get("/money/invoices/" + inv.PublicID + "/direct-debit")
	if rec.Code != http.StatusOK || webtest.Doc(t, rec).Find(`form[action="`+db.DDPath()+`"] input[name="invoice"][value="`+inv.PublicID+`"]`).Length() != 1 {
		t.Fatalf("invoice page without a mandate: %d %.2000s", rec.Code, rec.Body.String())
	}
	rec = db.Alice.Post(db.DDPath(), url.Values{"invoice": {inv.PublicID}})
	to, err := db.Fake.ExitFlow(strings.TrimPrefix(rec.Header().Get("Location"), db.Fake.URL+"/flow/"))
	if err != nil {
		t.Fatal(err)
	}
	exit, _ := url.Parse(to)
	body := db.Alice.Get(exit.RequestURI()).Body.String()
	if !strings.Contains(body, "You left GoCardless's pages before finishing") || !strings.Contains(body, "did not finish") {
		t.Errorf("exit page: %.3000s", body)
	}
	// GoCardless refusing to start is shown, not a 500.
	db.Fake.InjectFault(gctest.Fault{Method: "POST", Path: "/billing_requests", Status: http.StatusUnprocessableEntity})
	rec = db.Alice.Post(db.DDPath(), nil)
	if rec.Code != http.StatusConflict || !strings.Contains(rec.Body.String(), "GoCardless refused") {
		t.Errorf("refused: %d %.2000s", rec.Code, rec.Body.String())
	}
	// Paying on a mandate GoCardless has since cancelled.
	m := db.SetUpMandate(t)
	db.Fake.CancelMandate(m.MandateRef)
	rec = db.Alice.Post("/money/invoices/"+inv.PublicID+"/direct-debit", url.Values{"mandate": {m.PublicID}})
	if rec.Code != http.StatusConflict || !strings.Contains(rec.Body.String(), "no longer active") {
		t.Errorf("cancelled mandate: %d %.2000s", rec.Code, rec.Body.String())
	}
	if n := db.Count(`SELECT count(*) FROM payments WHERE status = 'failed' AND provider_ref IS NULL`); n != 1 {
		t.Errorf("%d abandoned payments", n)
	}
}

// TestPayPageOffersDirectDebit: the pay page lists Direct Debit; choosing
// it leads to setting one up first, and once there is one, arranges the
// payment at once.
func TestPayPageOffersDirectDebit(t *testing.T) {
	t.Parallel()
	db := webtest.NewDDBook(t, true)
	inv := db.Raise(t, "120.00")
	pay := "/money/invoices/" + inv.PublicID + "/pay"
	rec := db.Alice.Get(pay)
	if rec.Code != http.StatusOK || webtest.Doc(t, rec).Find(`input[name="method"][value="direct_debit"]`).Length() != 1 {
		t.Fatalf("pay page: %d %.3000s", rec.Code, rec.Body.String())
	}
	rec = db.Alice.Post(pay, url.Values{"method": {"direct_debit"}})
	if rec.Code != http.StatusSeeOther || rec.Header().Get("Location") != db.DDPath()+"?invoice="+inv.PublicID {
		t.Fatalf("without a mandate: %d %q", rec.Code, rec.Header().Get("Location"))
	}
	if d := webtest.Doc(t, db.Alice.Get(rec.Header().Get("Location"))); d.Find(`li.dd-for`).Length() != 1 ||
		d.Find(`input[name="invoice"][value="`+inv.PublicID+`"]`).Length() != 1 {
		t.Error("the set-up page does not carry the invoice")
	}
	db.SetUpMandate(t)
	rec = db.Alice.Post(pay, url.Values{"method": {"direct_debit"}})
	to := rec.Header().Get("Location")
	if rec.Code != http.StatusSeeOther || !strings.HasPrefix(to, "/money/direct-debit/payments/") {
		t.Fatalf("with a mandate: %d %q %.1000s", rec.Code, to, rec.Body.String())
	}
	if n := len(db.Fake.Payments()); n != 1 || db.Fake.Payments()[0].Amount != 12000 {
		t.Fatalf("GoCardless payments: %+v", db.Fake.Payments())
	}
	// Choosing it again goes to the one already arranged.
	if rec := db.Alice.Post(pay, url.Values{"method": {"direct_debit"}}); rec.Header().Get("Location") != to || len(db.Fake.Payments()) != 1 {
		t.Errorf("again: %d %q", rec.Code, rec.Header().Get("Location"))
	}
}
