package providers_test

import (
	"context"
	"encoding/json"
	"net/http"
	"net/url"
	"strings"
	"testing"
	"time"

	"porch/internal/webtest"
	"porch/payments"
	"porch/payments/gocardless/gctest"
)

// stripePayoutBody is a payout event as Stripe sends it.
func stripePayoutBody(id, typ string, created time.Time, payout string, amount int64) []byte {
	b, _ := json.Marshal(map[string]any{
		"id": id, "object": "event", "api_version": "2024-06-20", "created": created.Unix(), "type": typ,
		"livemode": false, "pending_webhooks": 1,
		"data": map[string]any{"object": map[string]any{
			"id": payout, "object": "payout", "amount": amount, "currency": "gbp", "automatic": true,
			"arrival_date": created.Add(48 * time.Hour).Unix(), "status": strings.TrimPrefix(typ, "payout."),
			"failure_message": map[bool]any{true: "The bank account has been closed.", false: nil}[typ == "payout.failed"],
		}},
	})
	return b
}

func TestStripePayoutWebhookMovesClearingToTheBank(t *testing.T) {
	t.Parallel()
	pb := newPayBook(t, webtest.PayOptions{})
	inv := pb.Raise(t, "1.00")
	p := pb.cardPayment(t, inv, "")
	pb.deliver(t, webtest.StripeEventBody("evt_paid", "checkout.session.completed", pb.F.Clock.Now(), p.ProviderRef, "paid", p.PublicID, 100))
	if pb.AccountTotal("1200") != 100 {
		t.Fatalf("clearing holds %d after the payment", pb.AccountTotal("1200"))
	}

	// No bank account chosen yet: the payout waits, and managers are told.
	at := timeNow()
	paid := stripePayoutBody("evt_po_paid", "payout.paid", at, "po_test_1", 100)
	pb.deliver(t, paid)
	if n := pb.Count(`SELECT count(*) FROM journals WHERE kind = 'transfer'`); n != 0 {
		t.Fatalf("%d transfers without a payout account", n)
	}
	var outcome, note string
	if err := pb.F.DB("acme").ReadPool().QueryRow(`SELECT outcome, note FROM provider_events WHERE event_id = 'evt_po_paid'`).Scan(&outcome, &note); err != nil ||
		outcome != payments.OutcomeUnmatched || !strings.Contains(note, "no bank account is chosen for Stripe payouts") {
		t.Fatalf("payout event %q %q %v", outcome, note, err)
	}
	body := pb.Mgr.Get(paySettingsPath).Body.String()
	if !strings.Contains(body, "1 payout is waiting for a bank account.") || !strings.Contains(body, "po_test_1") {
		t.Error("the settings page does not show the waiting payout")
	}
	events := pb.Mgr.Get(paySettingsPath + "/events").Body.String()
	if !strings.Contains(events, "no bank account is chosen for Stripe payouts") || !strings.Contains(events, "Mark reviewed") {
		t.Error("the events page does not show the unmatched payout")
	}

	// Choosing the account records it, once: stripe-mock's balance
	// transactions for the payout come to £1.00 with no fee.
	form := url.Values{"card_enabled": {"1"}, "gocardless_environment": {"sandbox"}, "stripe_payout_account": {pb.BankID()}}
	rec := pb.Mgr.Post(paySettingsPath, form, "HX-Request", "true", "HX-Target", "payment-settings")
	if rec.Code != http.StatusOK || !strings.Contains(rec.Body.String(), "1 waiting payout was recorded in the chosen bank account.") {
		t.Fatalf("choose the account: %d %.500s", rec.Code, rec.Body.String())
	}
	if pb.AccountTotal("1200") != 0 || pb.AccountTotal("1001") != 100 {
		t.Errorf("clearing %d, bank %d; want 0 and 100", pb.AccountTotal("1200"), pb.AccountTotal("1001"))
	}
	if err := pb.F.DB("acme").ReadPool().QueryRow(`SELECT outcome FROM provider_events WHERE event_id = 'evt_po_paid'`).Scan(&outcome); err != nil ||
		outcome != payments.OutcomeApplied {
		t.Errorf("the payout event is %q after recording", outcome)
	}
	pb.deliver(t, paid)
	pb.deliver(t, stripePayoutBody("evt_po_paid_again", "payout.paid", at, "po_test_1", 100))
	if n := pb.Count(`SELECT count(*) FROM journals WHERE kind = 'transfer'`); n != 1 {
		t.Errorf("%d transfer journals after repeats, want 1", n)
	}

	// The next payout goes straight to the bank; then it fails, and the
	// transfer is reversed.
	p2 := pb.cardPayment(t, pb.Raise(t, "1.00"), "")
	pb.deliver(t, webtest.StripeEventBody("evt_paid_2", "checkout.session.completed", pb.F.Clock.Now(), p2.ProviderRef, "paid", p2.PublicID, 100))
	pb.deliver(t, stripePayoutBody("evt_po2_paid", "payout.paid", at, "po_test_2", 100))
	if pb.AccountTotal("1200") != 0 || pb.AccountTotal("1001") != 200 {
		t.Errorf("after the second payout: clearing %d, bank %d", pb.AccountTotal("1200"), pb.AccountTotal("1001"))
	}
	pb.deliver(t, stripePayoutBody("evt_po2_failed", "payout.failed", at.Add(time.Minute), "po_test_2", 100))
	if pb.AccountTotal("1200") != 100 || pb.AccountTotal("1001") != 100 {
		t.Errorf("after the failed payout: clearing %d, bank %d; want 100 and 100", pb.AccountTotal("1200"), pb.AccountTotal("1001"))
	}
	var status string
	if err := pb.F.DB("acme").ReadPool().QueryRow(`SELECT status FROM provider_payouts WHERE payout_ref = 'po_test_2'`).Scan(&status); err != nil || status != "failed" {
		t.Errorf("failed payout status %q %v", status, err)
	}
	// Trial balance still balances.
	if n := pb.Count(`SELECT count(*) FROM (SELECT journal_id FROM postings GROUP BY journal_id HAVING sum(amount) <> 0)`); n != 0 {
		t.Errorf("%d unbalanced journals", n)
	}
}

// ddPayment has Alice pay an invoice by Direct Debit and GoCardless
// confirm it, with the webhooks delivered; it returns GoCardless's id.
func (db *ddBook) ddPayment(t *testing.T, amount string) string {
	t.Helper()
	inv := db.Raise(t, amount)
	m := db.Mandate(t)
	rec := db.Alice.Post("/money/invoices/"+inv.PublicID+"/direct-debit", url.Values{"mandate": {m.PublicID}})
	if rec.Code != http.StatusSeeOther {
		t.Fatalf("pay by Direct Debit: %d %.500s", rec.Code, rec.Body.String())
	}
	p, err := payments.Get(context.Background(), db.F.DB("acme").Read(), strings.TrimPrefix(rec.Header().Get("Location"), "/money/direct-debit/payments/"))
	if err != nil {
		t.Fatal(err)
	}
	return p.ProviderRef
}

func TestGoCardlessPayoutWebhookRecordsFees(t *testing.T) {
	t.Parallel()
	db := newDDBook(t, true)
	db.SetUpMandate(t)
	form := url.Values{"direct_debit_enabled": {"1"}, "gocardless_environment": {"sandbox"}, "gocardless_payout_account": {db.BankID()}}
	if rec := db.Mgr.Post(paySettingsPath, form); rec.Code != http.StatusSeeOther {
		t.Fatalf("choose the payout account: %d %.500s", rec.Code, rec.Body.String())
	}
	ref1, ref2 := db.ddPayment(t, "250.00"), db.ddPayment(t, "99.99")
	db.Fake.ConfirmPayment(ref1)
	db.Fake.ConfirmPayment(ref2)
	db.Deliver(t, gctest.DeliverOptions{})
	if db.AccountTotal("1210") != 34999 {
		t.Fatalf("clearing holds %d after confirmation", db.AccountTotal("1210"))
	}
	payout, err := db.Fake.PayOut()
	if err != nil {
		t.Fatal(err)
	}
	po, _ := db.Fake.Payout(payout)
	db.Deliver(t, gctest.DeliverOptions{Duplicate: true, Reverse: true})

	// The fake charges 1% + 20p a payment: 270p and 120p (119.99p to the
	// tenth of a penny), deducted from the payout.
	fees := int64(34999) - po.Amount
	if fees <= 0 || po.DeductedFees != fees {
		t.Fatalf("fake payout %+v", po)
	}
	if got := db.AccountTotal("1001"); got != po.Amount {
		t.Errorf("bank up by %d, want the payout's %d", got, po.Amount)
	}
	if got := db.AccountTotal("5100"); got != fees {
		t.Errorf("fees expense %d, want %d", got, fees)
	}
	if got := db.AccountTotal("1210"); got != 0 {
		t.Errorf("clearing holds %d after the payout, want 0", got)
	}
	if n := db.Count(`SELECT count(*) FROM journals WHERE kind = 'transfer'`); n != 1 {
		t.Errorf("%d transfer journals, want 1", n)
	}
	var reference, date string
	if err := db.F.DB("acme").ReadPool().QueryRow(`SELECT reference, date FROM journals WHERE kind = 'transfer'`).Scan(&reference, &date); err != nil ||
		reference != po.Reference || date != po.ArrivalDate {
		t.Errorf("transfer reference %q date %q, want %q %q (%v)", reference, date, po.Reference, po.ArrivalDate, err)
	}
	if n := db.Count(`SELECT count(*) FROM provider_payouts WHERE payout_ref = ? AND journal_id IS NOT NULL AND fees = ?`, payout, fees); n != 1 {
		t.Errorf("provider payout rows: %d", n)
	}
	// Everything the fake sent is stored once.
	if db.Events() != len(db.Fake.Events()) {
		t.Errorf("%d events stored, %d sent", db.Events(), len(db.Fake.Events()))
	}
}
