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

func TestDirectDebitAutoPay(t *testing.T) {
	t.Parallel()
	db := webtest.NewDDBook(t, true)
	m := db.SetUpMandate(t)
	rec := db.Alice.Post("/money/direct-debit/"+m.PublicID+"/auto-pay", url.Values{"auto_pay": {"on"}})
	if rec.Code != http.StatusSeeOther {
		t.Fatalf("opt in: %d %.500s", rec.Code, rec.Body.String())
	}
	body := db.Alice.Get(rec.Header().Get("Location")).Body.String()
	if !strings.Contains(body, "New invoices will be paid automatically") || !strings.Contains(body, "Stop paying automatically") {
		t.Fatalf("after opting in: %.3000s", body)
	}
	if rec := db.Alice.Post("/money/direct-debit/"+m.PublicID+"/auto-pay", url.Values{"auto_pay": {"sometimes"}}); rec.Code != http.StatusUnprocessableEntity ||
		!strings.Contains(rec.Body.String(), "Choose whether to pay new demands automatically") {
		t.Errorf("bad value: %d", rec.Code)
	}

	inv := db.Raise(t, "320.00")
	ctx := context.Background()
	cfg := payments.GoCardlessConfig{Key: db.F.Cfg.Keys.Secrets, BaseURL: db.Fake.URL}
	for run := range 2 {
		res, err := payments.RunAutoPay(ctx, db.F.DB("acme"), "acme", db.F.Clock.Now(), cfg)
		if err != nil || res.Created != 1-run {
			t.Fatalf("run %d: %+v %v", run+1, res, err)
		}
	}
	if n := len(db.Fake.Payments()); n != 1 {
		t.Fatalf("GoCardless has %d payments, want 1", n)
	}
	gp := db.Fake.Payments()[0]
	if gp.Amount != 32000 || gp.ChargeDate != inv.DueDate.Format(time.DateOnly) {
		t.Errorf("automatic payment at GoCardless: %+v (invoice due %s)", gp, inv.DueDate.Format(time.DateOnly))
	}
	db.Deliver(t, gctest.DeliverOptions{})
	body = db.Alice.Get(db.DDPath()).Body.String()
	if !strings.Contains(body, "paid automatically") || !strings.Contains(body, "Arranged: GoCardless will collect it") {
		t.Errorf("the page does not show the automatic payment: %.4000s", body)
	}

	rec = db.Alice.Post("/money/direct-debit/"+m.PublicID+"/auto-pay", url.Values{"auto_pay": {"off"}})
	if rec.Code != http.StatusSeeOther || db.Mandate(t).AutoPay {
		t.Fatalf("opt out: %d", rec.Code)
	}
	db.Raise(t, "10.00")
	if res, err := payments.RunAutoPay(ctx, db.F.DB("acme"), "acme", db.F.Clock.Now(), cfg); err != nil || res.Created != 0 {
		t.Fatalf("after opting out: %+v %v", res, err)
	}
}
