package providers_test

import (
	"context"
	"database/sql"
	"encoding/json"
	"fmt"
	"net/http"
	"net/http/httptest"
	"net/url"
	"strings"
	"testing"
	"time"

	"porch/handlers/providers"
	"porch/internal/webtest"
	"porch/ledger"
	"porch/payments"
)

// timeNow is the real clock: Stripe's library checks a signature's age
// against it, whatever the fixture's clock says.
func timeNow() time.Time { return time.Now() }

// deliver signs an event with the org's webhook secret and posts it.
func (pb *payBook) deliver(t *testing.T, body []byte) {
	t.Helper()
	rec := pb.F.Webhook(body, payments.SignStripe(body, webtest.TestStripeWebhook, timeNow()))
	if rec.Code != http.StatusOK {
		t.Fatalf("webhook: %d %s", rec.Code, rec.Body.String())
	}
}

// cardPayment starts a card payment of an invoice as Alice, through the
// pay page and Stripe (stripe-mock), and returns it.
func (pb *payBook) cardPayment(t *testing.T, inv ledger.Invoice, amount string) payments.Payment {
	t.Helper()
	form := url.Values{"method": {"card"}}
	if amount != "" {
		form.Set("amount", amount)
	}
	rec := pb.Alice.Post(webtest.InvoicePayPath(inv), form)
	if rec.Code != http.StatusSeeOther {
		t.Fatalf("pay: %d %.600s", rec.Code, rec.Body.String())
	}
	return pb.Payment(t)
}

// openPayment records a started card payment with a chosen session id, as
// the pay page does after Stripe answers, so a test can name the session
// its events are about.
func (pb *payBook) openPayment(t *testing.T, inv ledger.Invoice, amount int64, session string) payments.Payment {
	t.Helper()
	ctx := context.Background()
	var p payments.Payment
	err := pb.F.DB("acme").Write(ctx, func(tx *sql.Tx) error {
		var err error
		if p, err = payments.Create(ctx, tx, pb.F.Clock.Now(), payments.NewPayment{Provider: payments.Stripe, UnitID: inv.UnitID,
			InvoiceID: inv.ID, PersonID: pb.Ppl.Alice.ID, Amount: amount}); err != nil {
			return err
		}
		return payments.Started(ctx, tx, pb.F.Clock.Now(), p.ID, session, payments.StatusOpen, "")
	})
	if err != nil {
		t.Fatal(err)
	}
	return p
}

func (pb *payBook) events() int { return pb.Count(`SELECT count(*) FROM provider_events`) }

func (pb *payBook) receipts() int {
	return pb.Count(`SELECT count(*) FROM journals WHERE kind = 'receipt'`)
}

func TestStripeWebhookPaidRecordsTheReceiptOnce(t *testing.T) {
	t.Parallel()
	pb := newPayBook(t, webtest.PayOptions{Part: true})
	inv := pb.Raise(t, "750")
	p := pb.cardPayment(t, inv, "700")
	at := pb.F.Clock.Now()
	paid := webtest.StripeEventBody("evt_paid_1", "checkout.session.completed", at, p.ProviderRef, "paid", p.PublicID, 70000)
	pb.deliver(t, paid)

	got := pb.PaymentByID(t, p.PublicID)
	if got.Status != payments.StatusPaid || got.ReceiptJournal == 0 || got.ProviderPayment != "pi_"+p.ProviderRef {
		t.Fatalf("payment after paid event = %+v", got)
	}
	if inv2 := pb.Invoice(t, inv); inv2.Paid != 70000 || pb.Balance(t) != 5000 {
		t.Errorf("invoice paid %d, balance %d; want 70000 paid and 5000 owed", inv2.Paid, pb.Balance(t))
	}
	var account string
	if err := pb.F.DB("acme").ReadPool().QueryRow(`SELECT a.code FROM postings po JOIN ledger_accounts a ON a.id = po.account_id
		WHERE po.journal_id = ? AND po.amount > 0`, got.ReceiptJournal).Scan(&account); err != nil || account != "1200" {
		t.Errorf("the receipt went to %q (%v), want Stripe clearing 1200", account, err)
	}
	// The payer gets the receipt by mail.
	subject, text := pb.F.LastMail("acme", pb.Ppl.Alice.Email)
	if !strings.Contains(subject, "Payment received: £700.00") || !strings.Contains(text, "invoice "+fmt.Sprint(inv.Number)) {
		t.Errorf("receipt mail %q: %.500s", subject, text)
	}
	if !strings.Contains(text, "Your receipt is attached as a PDF.") {
		t.Errorf("the receipt mail does not say the PDF is attached: %.600s", text)
	}
	var name, ctype string
	var data []byte
	err := pb.F.DB("acme").ReadPool().QueryRow(`SELECT a.filename, a.content_type, a.data FROM mail_attachments a
		JOIN mail_outbox o ON o.id = a.outbox_id WHERE o.to_addr = ? ORDER BY a.id DESC LIMIT 1`, pb.Ppl.Alice.Email).Scan(&name, &ctype, &data)
	if err != nil || ctype != "application/pdf" || !strings.HasPrefix(name, "receipt-") || !strings.HasPrefix(string(data), "%PDF") {
		t.Errorf("receipt attachment %q %q %d bytes: %v", name, ctype, len(data), err)
	}
	mails := pb.F.MailCount("acme", pb.Ppl.Alice.Email)

	// The same event again, and again by the sync path's duplicate: 200,
	// nothing changes.
	journals, events := pb.Journals(), pb.events()
	for range 2 {
		pb.deliver(t, paid)
	}
	// An older event arriving late (the session's expiry from before the
	// payment) changes nothing either.
	pb.deliver(t, webtest.StripeEventBody("evt_old_expiry", "checkout.session.expired", at.Add(-time.Minute), p.ProviderRef, "unpaid", p.PublicID, 70000))
	if pb.Journals() != journals || pb.events() != events+1 || pb.F.MailCount("acme", pb.Ppl.Alice.Email) != mails {
		t.Errorf("a duplicate or stale event changed something: journals %d->%d events %d->%d", journals, pb.Journals(), events, pb.events())
	}
	if got := pb.PaymentByID(t, p.PublicID); got.Status != payments.StatusPaid || pb.Balance(t) != 5000 {
		t.Errorf("after replays: %s, balance %d", got.Status, pb.Balance(t))
	}
	var outcome string
	pb.F.DB("acme").ReadPool().QueryRow(`SELECT outcome FROM provider_events WHERE event_id = 'evt_old_expiry'`).Scan(&outcome)
	if outcome != payments.OutcomeNoChange {
		t.Errorf("stale event outcome = %q", outcome)
	}

	// The resident's screens agree.
	d := webtest.Doc(t, pb.Alice.Get("/money/units/"+pb.Ppl.FlatA.PublicID+"/invoices"))
	if got := d.Find(".money-item .pay-attempts").Text(); !strings.Contains(got, "£700.00 by card") || !strings.Contains(got, "Paid") {
		t.Errorf("invoice list = %q", got)
	}
	if href, _ := d.Find(".money-item-pay a").Attr("href"); href != webtest.InvoicePayPath(inv) {
		t.Errorf("the part-paid invoice offers no Pay for the rest: %q", href)
	}
}

func TestStripeWebhookAsyncSuccessAndFailure(t *testing.T) {
	t.Parallel()
	pb := newPayBook(t, webtest.PayOptions{})
	first := pb.Raise(t, "100")
	second := pb.Raise(t, "200")
	at := pb.F.Clock.Now()

	// Paid by a slow method: completed unpaid (processing, on its way),
	// then async success records the receipt.
	p1 := pb.openPayment(t, first, 10000, "cs_test_async_ok")
	pb.deliver(t, webtest.StripeEventBody("evt_a1", "checkout.session.completed", at, "cs_test_async_ok", "unpaid", p1.PublicID, 10000))
	if got := pb.PaymentByID(t, p1.PublicID); got.Status != payments.StatusProcessing || got.ReceiptJournal != 0 {
		t.Fatalf("after completed unpaid: %+v", got)
	}
	d := webtest.Doc(t, pb.Alice.Get("/money/units/"+pb.Ppl.FlatA.PublicID+"/statement"))
	if got := d.Find(".money-pay-pending").Text(); !strings.Contains(got, "£100.00") {
		t.Errorf("statement shows no payment on its way: %q", got)
	}
	if href, _ := d.Find(".money-pay a").Attr("href"); href != "/money/units/"+pb.Ppl.FlatA.PublicID+"/pay" {
		t.Errorf("statement offers no account payment: %q", href)
	}
	rec := pb.Alice.Get("/money/payments/"+p1.PublicID+"/return", "HX-Request", "true", "HX-Target", "pay-status")
	if rec.Code != http.StatusOK || strings.Contains(rec.Body.String(), "<html") || !strings.Contains(rec.Body.String(), "confirming") ||
		!strings.Contains(rec.Body.String(), `hx-trigger="every 2s"`) {
		t.Errorf("processing fragment: %d %.600s", rec.Code, rec.Body.String())
	}
	pb.deliver(t, webtest.StripeEventBody("evt_a2", "checkout.session.async_payment_succeeded", at.Add(time.Hour), "cs_test_async_ok", "paid", p1.PublicID, 10000))
	if got := pb.PaymentByID(t, p1.PublicID); got.Status != payments.StatusPaid || got.ReceiptJournal == 0 || pb.Invoice(t, first).Outstanding() != 0 {
		t.Errorf("after async success: %+v", got)
	}
	rec = pb.Alice.Get("/money/payments/"+p1.PublicID+"/return", "HX-Request", "true", "HX-Target", "pay-status")
	if strings.Contains(rec.Body.String(), "hx-trigger") || !strings.Contains(rec.Body.String(), "Thank you") {
		t.Errorf("settled fragment still polls or does not say paid: %.600s", rec.Body.String())
	}

	// Async failure: nothing received, the invoice still owed, the return
	// page says so and offers to try again.
	receipts := pb.receipts()
	p2 := pb.openPayment(t, second, 20000, "cs_test_async_fail")
	pb.deliver(t, webtest.StripeEventBody("evt_b1", "checkout.session.completed", at, "cs_test_async_fail", "unpaid", p2.PublicID, 20000))
	pb.deliver(t, webtest.StripeEventBody("evt_b2", "checkout.session.async_payment_failed", at.Add(time.Hour), "cs_test_async_fail", "unpaid", p2.PublicID, 20000))
	got := pb.PaymentByID(t, p2.PublicID)
	if got.Status != payments.StatusFailed || got.ReceiptJournal != 0 || pb.receipts() != receipts || pb.Invoice(t, second).Outstanding() != 20000 {
		t.Errorf("after async failure: %+v, receipts %d->%d", got, receipts, pb.receipts())
	}
	d = webtest.Doc(t, pb.Alice.Get("/money/payments/"+p2.PublicID+"/return"))
	if txt := d.Find("#pay-status").Text(); !strings.Contains(txt, "did not go through") {
		t.Errorf("failed return page: %q", txt)
	}
	if pending, _ := payments.Pending(context.Background(), pb.F.DB("acme").Read(), pb.Ppl.FlatA.ID); pending != 0 {
		t.Errorf("pending after everything settled = %d", pending)
	}

	// Expired: the session ran out unpaid.
	p3 := pb.openPayment(t, second, 20000, "cs_test_expired")
	pb.deliver(t, webtest.StripeEventBody("evt_c1", "checkout.session.expired", at.Add(2*time.Hour), "cs_test_expired", "unpaid", p3.PublicID, 20000))
	if got := pb.PaymentByID(t, p3.PublicID); got.Status != payments.StatusExpired || got.ReceiptJournal != 0 {
		t.Errorf("after expiry: %+v", got)
	}
	if pb.Balance(t) != 20000 {
		t.Errorf("balance = %d, want 20000 (the second invoice)", pb.Balance(t))
	}
}

func TestStripeWebhookReorderedDelivery(t *testing.T) {
	t.Parallel()
	pb := newPayBook(t, webtest.PayOptions{})
	inv := pb.Raise(t, "90")
	at := pb.F.Clock.Now()
	p := pb.openPayment(t, inv, 9000, "cs_test_reordered")
	completed := webtest.StripeEventBody("evt_r1", "checkout.session.completed", at, "cs_test_reordered", "unpaid", p.PublicID, 9000)
	succeeded := webtest.StripeEventBody("evt_r2", "checkout.session.async_payment_succeeded", at.Add(time.Minute), "cs_test_reordered", "paid", p.PublicID, 9000)
	// The later event first, then the earlier, then both again.
	for _, body := range [][]byte{succeeded, completed, succeeded, completed} {
		pb.deliver(t, body)
	}
	got := pb.PaymentByID(t, p.PublicID)
	if got.Status != payments.StatusPaid || pb.receipts() != 1 || pb.Balance(t) != 0 {
		t.Errorf("after reordered delivery: %s, %d receipts, balance %d", got.Status, pb.receipts(), pb.Balance(t))
	}
	if n := pb.F.MailCount("acme", pb.Ppl.Alice.Email); n < 1 {
		t.Error("no receipt mail")
	}
	if pb.Count(`SELECT count(*) FROM mail_outbox WHERE to_addr = ? AND subject LIKE 'Payment received%'`, pb.Ppl.Alice.Email) != 1 {
		t.Error("the receipt was mailed other than once")
	}
}

func TestStripeWebhookRefusesBadSignatures(t *testing.T) {
	t.Parallel()
	pb := newPayBook(t, webtest.PayOptions{})
	inv := pb.Raise(t, "60")
	p := pb.openPayment(t, inv, 6000, "cs_test_sig")
	body := webtest.StripeEventBody("evt_sig", "checkout.session.completed", pb.F.Clock.Now(), "cs_test_sig", "paid", p.PublicID, 6000)
	events, journals := pb.events(), pb.Journals()
	tampered := []byte(strings.Replace(string(body), `"amount_total":6000`, `"amount_total":1`, 1))
	for name, rec := range map[string]*httptest.ResponseRecorder{
		"wrong secret": pb.F.Webhook(body, payments.SignStripe(body, "whsec_someone_else", timeNow())),
		"no signature": pb.F.Webhook(body, ""),
		"too old":      pb.F.Webhook(body, payments.SignStripe(body, webtest.TestStripeWebhook, timeNow().Add(-time.Hour))),
		"tampered":     pb.F.Webhook(tampered, payments.SignStripe(body, webtest.TestStripeWebhook, timeNow())),
	} {
		if rec.Code != http.StatusBadRequest || !strings.Contains(rec.Body.String(), "bad signature") {
			t.Errorf("%s: %d %q, want 400", name, rec.Code, rec.Body.String())
		}
	}
	if pb.events() != events || pb.Journals() != journals || pb.PaymentByID(t, p.PublicID).Status != payments.StatusOpen {
		t.Error("a webhook with a bad signature changed something")
	}
	// The webhook needs no session and is not refused as cross-origin; a
	// payout event is stored (the payouts code decides what it does), not
	// dropped; an event for a payment Porch does not know is kept for
	// managers and posts nothing.
	payout, _ := json.Marshal(map[string]any{"id": "evt_payout", "object": "event", "type": "payout.paid", "created": timeNow().Unix(),
		"api_version": "2024-06-20", "data": map[string]any{"object": map[string]any{"id": "po_1", "object": "payout", "amount": 6000,
			"currency": "gbp", "arrival_date": timeNow().Unix(), "status": "paid"}}})
	pb.deliver(t, payout)
	if n := pb.Count(`SELECT count(*) FROM provider_events WHERE event_id = 'evt_payout'`); n != 1 {
		t.Errorf("the payout event was stored %d times, want once", n)
	}
	journals = pb.Journals()
	pb.deliver(t, webtest.StripeEventBody("evt_stranger", "checkout.session.completed", pb.F.Clock.Now(), "cs_test_unknown", "paid", "", 100))
	var outcome string
	if err := pb.F.DB("acme").ReadPool().QueryRow(`SELECT outcome FROM provider_events WHERE event_id = 'evt_stranger'`).Scan(&outcome); err != nil || outcome != payments.OutcomeUnmatched {
		t.Errorf("unknown payment's event stored as %q (%v), want unmatched", outcome, err)
	}
	if pb.Journals() != journals {
		t.Error("an event for an unknown payment posted to the ledger")
	}
	// A body over 1 MB is refused before anything is read into an event.
	big := make([]byte, providers.MaxWebhookBody+10)
	if rec := pb.F.Webhook(big, "t=1,v1=00"); rec.Code != http.StatusRequestEntityTooLarge {
		t.Errorf("oversized webhook: %d", rec.Code)
	}
	// Only POST, and only inside an organisation.
	if rec := pb.F.Do("POST", webtest.Base, "/webhooks/stripe", nil); rec.Code != http.StatusNotFound {
		t.Errorf("webhook on the bare domain: %d", rec.Code)
	}
}

// payBook is the shared online-payments fixture with this file's event
// helpers.
type payBook struct{ *webtest.PayBook }

func newPayBook(t *testing.T, o webtest.PayOptions) *payBook {
	return &payBook{webtest.NewPayBook(t, o)}
}

// ddBook is the shared Direct Debit fixture with the payment settings
// tests' helpers.
type ddBook struct{ *webtest.DDBook }

func newDDBook(t *testing.T, enabled bool) *ddBook {
	return &ddBook{webtest.NewDDBook(t, enabled)}
}
