package providers_test

import (
	"context"
	"strings"
	"testing"
	"time"

	"porch/internal/webtest"
	"porch/ledger"
	"porch/payments"
)

// paidByCard starts a card payment of the whole invoice with a chosen
// session and has Stripe say it is paid; its PaymentIntent is pi_+session.
func (pb *payBook) paidByCard(t *testing.T, inv ledger.Invoice, session string, at time.Time) payments.Payment {
	t.Helper()
	p := pb.openPayment(t, inv, inv.Total, session)
	pb.deliver(t, webtest.StripeEventBody("evt_paid_"+session, "checkout.session.completed", at, session, "paid", p.PublicID, inv.Total))
	return pb.PaymentByID(t, p.PublicID)
}

// paidBook is a pay book with a £100 invoice paid by card through the
// session, as Stripe says at at: the fixture the refund tests start from.
func paidBook(t *testing.T, o webtest.PayOptions, session string) (pb *payBook, inv ledger.Invoice, p payments.Payment, at time.Time) {
	t.Helper()
	pb = newPayBook(t, o)
	inv = pb.Raise(t, "100")
	at = pb.F.Clock.Now()
	return pb, inv, pb.paidByCard(t, inv, session, at), at
}

// figures are the ledger's figures a refund or dispute changes.
type figures struct {
	owed     int64 // the invoice's outstanding amount
	balance  int64 // the unit's account
	clearing int64 // Stripe clearing (1200) on the trial balance
	debtors  int64 // debtors (1100) on the trial balance
}

// figures reads them, and checks the trial balance sums to zero.
func (pb *payBook) figures(t *testing.T, inv ledger.Invoice) figures {
	t.Helper()
	tb, err := ledger.Trial(context.Background(), pb.F.DB("acme").Read(), time.Time{})
	if err != nil {
		t.Fatal(err)
	}
	if tb.Total != 0 {
		t.Fatalf("the trial balance sums to %d", tb.Total)
	}
	f := figures{owed: pb.Invoice(t, inv).Outstanding(), balance: pb.Balance(t)}
	for _, r := range tb.Rows {
		switch r.Account.Code {
		case "1200":
			f.clearing = r.Balance
		case "1100":
			f.debtors = r.Balance
		}
	}
	return f
}

func (pb *payBook) wantFigures(t *testing.T, step string, inv ledger.Invoice, want figures) {
	t.Helper()
	if got := pb.figures(t, inv); got != want {
		t.Errorf("%s: figures %+v, want %+v", step, got, want)
	}
}

func (pb *payBook) outcome(t *testing.T, eventID string) string {
	t.Helper()
	var o string
	if err := pb.F.DB("acme").ReadPool().QueryRow(`SELECT outcome FROM provider_events WHERE event_id = ?`, eventID).Scan(&o); err != nil {
		t.Fatal(err)
	}
	return o
}

func TestStripeRefundsReopenWhatThePaymentPaid(t *testing.T) {
	t.Parallel()
	pb, inv, p, at := paidBook(t, webtest.PayOptions{}, "cs_test_refunds")
	pi := p.ProviderPayment
	pb.wantFigures(t, "paid", inv, figures{owed: 0, balance: 0, clearing: 10000, debtors: 0})

	// A partial refund: £30 of the invoice is owed again.
	first := webtest.StripeRefundedBody("evt_refund_1", at.Add(time.Hour), pi, 10000, 3000)
	pb.deliver(t, first)
	pb.wantFigures(t, "first partial refund", inv, figures{owed: 3000, balance: 3000, clearing: 7000, debtors: 3000})
	if got := pb.PaymentByID(t, p.PublicID); got.Refunded != 3000 || got.Status != payments.StatusPaid || got.ReceiptJournal == p.ReceiptJournal {
		t.Errorf("after the first refund: %+v", got)
	}
	subject, text := pb.F.LastMail("acme", pb.Ppl.Alice.Email)
	if subject != "Refund of £30.00 on your payment of £100.00" || !strings.Contains(text, "£30.00 has been refunded to your card") ||
		!strings.Contains(text, "Your account now shows £70.00 of it paid.") || !strings.Contains(text, "invoice "+webtest.InvNo(inv.Number)) {
		t.Errorf("payer's refund mail %q: %s", subject, text)
	}
	subject, text = pb.F.LastMail("acme", pb.Ppl.Manager.Email)
	if !strings.HasPrefix(subject, "Refund of £30.00 for "+pb.Ppl.FlatA.Name) || !strings.Contains(text, "from "+pb.Ppl.Alice.FullName) {
		t.Errorf("managers' refund mail %q: %s", subject, text)
	}

	// The same event again changes nothing and mails nobody.
	journals, mails := pb.Journals(), pb.F.MailCount("acme", pb.Ppl.Alice.Email)
	pb.deliver(t, first)
	if pb.Journals() != journals || pb.F.MailCount("acme", pb.Ppl.Alice.Email) != mails {
		t.Error("a repeated charge.refunded posted or mailed again")
	}
	pb.wantFigures(t, "repeat", inv, figures{owed: 3000, balance: 3000, clearing: 7000, debtors: 3000})

	// A second partial refund: Stripe's total is £50, so £50 is owed.
	pb.deliver(t, webtest.StripeRefundedBody("evt_refund_2", at.Add(2*time.Hour), pi, 10000, 5000))
	pb.wantFigures(t, "second partial refund", inv, figures{owed: 5000, balance: 5000, clearing: 5000, debtors: 5000})

	// An older event arriving late (the first refund's, another delivery
	// id) is news of an older state: nothing changes.
	journals = pb.Journals()
	pb.deliver(t, webtest.StripeRefundedBody("evt_refund_late", at.Add(90*time.Minute), pi, 10000, 3000))
	if pb.Journals() != journals || pb.outcome(t, "evt_refund_late") != payments.OutcomeNoChange {
		t.Error("an older charge.refunded changed the ledger")
	}
	pb.wantFigures(t, "late older refund", inv, figures{owed: 5000, balance: 5000, clearing: 5000, debtors: 5000})

	// Refunded in full: nothing stands; the whole invoice is owed.
	pb.deliver(t, webtest.StripeRefundedBody("evt_refund_3", at.Add(3*time.Hour), pi, 10000, 10000))
	pb.wantFigures(t, "full refund", inv, figures{owed: 10000, balance: 10000, clearing: 0, debtors: 10000})
	if got := pb.PaymentByID(t, p.PublicID); got.Refunded != 10000 || got.ReceiptJournal != 0 {
		t.Errorf("after the full refund: %+v", got)
	}
	// Three refunds changed the receipt three times: three reversals,
	// one receipt for what stood after each of the first two.
	if n := pb.Count(`SELECT count(*) FROM journals WHERE kind = 'reversal'`); n != 3 {
		t.Errorf("%d reversals, want 3", n)
	}
	if n := pb.receipts(); n != 3 {
		t.Errorf("%d receipts, want 3 (the payment, then £70 and £50 standing)", n)
	}

	// The resident sees it on their invoices and their statement.
	d := webtest.Doc(t, pb.Alice.Get("/money/units/"+pb.Ppl.FlatA.PublicID+"/invoices"))
	if got := d.Find(".pay-attempts").Text(); !strings.Contains(got, "£100.00 by card") || !strings.Contains(got, "£100.00 refunded") {
		t.Errorf("the resident's payments do not show the refund: %q", got)
	}
	d = webtest.Doc(t, pb.Alice.Get("/money/units/"+pb.Ppl.FlatA.PublicID+"/statement"))
	if got := d.Find("main").Text(); !strings.Contains(got, "£30.00 refunded") {
		t.Errorf("the statement does not say what was refunded: %.1500s", got)
	}
}

func TestStripeRefundsDeliveredOutOfOrder(t *testing.T) {
	t.Parallel()
	pb, inv, p, at := paidBook(t, webtest.PayOptions{}, "cs_test_reorder_refunds")
	newest := webtest.StripeRefundedBody("evt_rr_2", at.Add(2*time.Hour), p.ProviderPayment, 10000, 5000)
	older := webtest.StripeRefundedBody("evt_rr_1", at.Add(time.Hour), p.ProviderPayment, 10000, 2000)
	for _, body := range [][]byte{newest, older, newest, older} {
		pb.deliver(t, body)
	}
	pb.wantFigures(t, "newest first", inv, figures{owed: 5000, balance: 5000, clearing: 5000, debtors: 5000})
	if n := pb.Count(`SELECT count(*) FROM journals WHERE kind = 'reversal'`); n != 1 {
		t.Errorf("%d reversals, want 1", n)
	}

	// A refund whose news comes before the payment's own: nothing to
	// reverse yet; the receipt, when it comes, is for what stands.
	second := pb.Raise(t, "40")
	p2 := pb.openPayment(t, second, 4000, "cs_test_refund_first")
	pb.deliver(t, webtest.StripeRefundedBody("evt_early_refund", at.Add(time.Hour), "pi_cs_test_refund_first", 4000, 1000))
	if got := pb.outcome(t, "evt_early_refund"); got != payments.OutcomeUnmatched {
		t.Fatalf("a refund of a charge whose payment is not yet known: %s", got)
	}
	pb.deliver(t, webtest.StripeEventBody("evt_paid_late", "checkout.session.completed", at, "cs_test_refund_first", "paid", p2.PublicID, 4000))
	if got := pb.Invoice(t, second).Outstanding(); got != 1000 {
		t.Errorf("second invoice owes %d, want 1000: the earlier refund counts once the payment is known", got)
	}
	if got := pb.outcome(t, "evt_early_refund"); got != payments.OutcomeApplied {
		t.Errorf("the early refund's event is %s, want applied", got)
	}
	journals := pb.Journals()
	pb.deliver(t, webtest.StripeRefundedBody("evt_early_refund_again", at.Add(time.Hour), "pi_cs_test_refund_first", 4000, 1000))
	if got := pb.Invoice(t, second).Outstanding(); got != 1000 || pb.Journals() != journals {
		t.Errorf("the same refund total again: owes %d, journals %d -> %d", got, journals, pb.Journals())
	}
	if got := pb.Balance(t); got != 5000+1000 {
		t.Errorf("balance %d, want 6000", got)
	}
}

func TestStripeDisputesLostAndWon(t *testing.T) {
	t.Parallel()
	pb := newPayBook(t, webtest.PayOptions{})
	at := pb.F.Clock.Now()

	// Won, in order: opened (nothing moves yet; managers are told),
	// funds withdrawn (the receipt is taken off), won and reinstated (it
	// stands again).
	won := pb.Raise(t, "200")
	p := pb.paidByCard(t, won, "cs_test_dispute_won", at)
	pi := p.ProviderPayment
	managerMails, aliceMails := pb.F.MailCount("acme", pb.Ppl.Manager.Email), pb.F.MailCount("acme", pb.Ppl.Alice.Email)
	opened := webtest.StripeDisputeBody("evt_dw_1", "charge.dispute.created", at.Add(time.Hour), pi, 20000, "needs_response")
	pb.deliver(t, opened)
	pb.wantFigures(t, "dispute opened", won, figures{owed: 0, balance: 0, clearing: 20000, debtors: 0})
	if pb.F.MailCount("acme", pb.Ppl.Manager.Email) != managerMails+1 || pb.F.MailCount("acme", pb.Ppl.Alice.Email) != aliceMails {
		t.Error("an opened dispute is for the managers only")
	}
	if subject, _ := pb.F.LastMail("acme", pb.Ppl.Manager.Email); !strings.HasPrefix(subject, "Payment disputed for ") {
		t.Errorf("managers' dispute mail: %q", subject)
	}
	withdrawn := webtest.StripeDisputeBody("evt_dw_2", "charge.dispute.funds_withdrawn", at.Add(time.Hour), pi, 20000, "needs_response", -20000)
	pb.deliver(t, withdrawn)
	pb.wantFigures(t, "funds withdrawn", won, figures{owed: 20000, balance: 20000, clearing: 0, debtors: 20000})
	if subject, _ := pb.F.LastMail("acme", pb.Ppl.Alice.Email); subject != "Payment disputed: £200.00 taken back on your payment of £200.00" {
		t.Errorf("payer's dispute mail: %q", subject)
	}
	pb.deliver(t, webtest.StripeDisputeBody("evt_dw_3", "charge.dispute.funds_reinstated", at.Add(20*24*time.Hour), pi, 20000, "won", -20000, 20000))
	pb.deliver(t, webtest.StripeDisputeBody("evt_dw_4", "charge.dispute.closed", at.Add(20*24*time.Hour), pi, 20000, "won", -20000, 20000))
	pb.wantFigures(t, "won", won, figures{owed: 0, balance: 0, clearing: 20000, debtors: 0})
	if subject, _ := pb.F.LastMail("acme", pb.Ppl.Alice.Email); subject != "Dispute won: £200.00 restored on your payment of £200.00" {
		t.Errorf("payer's won mail: %q", subject)
	}
	// Old news again changes nothing.
	journals := pb.Journals()
	for _, body := range [][]byte{withdrawn, opened, webtest.StripeDisputeBody("evt_dw_old", "charge.dispute.updated", at.Add(2*time.Hour), pi, 20000, "under_review", -20000)} {
		pb.deliver(t, body)
	}
	if pb.Journals() != journals {
		t.Error("old dispute news changed the ledger")
	}
	if got := pb.PaymentByID(t, p.PublicID); got.DisputeStatus != payments.DisputeWon || got.DisputeHeld != 0 {
		t.Errorf("won dispute: %+v", got)
	}

	// Lost, delivered newest first: the receipt is taken off once.
	lost := pb.Raise(t, "100")
	q := pb.paidByCard(t, lost, "cs_test_dispute_lost", at)
	reversals := pb.Count(`SELECT count(*) FROM journals WHERE kind = 'reversal'`)
	closed := webtest.StripeDisputeBody("evt_dl_3", "charge.dispute.closed", at.Add(30*24*time.Hour), q.ProviderPayment, 10000, "lost", -10000)
	for _, body := range [][]byte{
		closed,
		webtest.StripeDisputeBody("evt_dl_2", "charge.dispute.funds_withdrawn", at.Add(time.Hour), q.ProviderPayment, 10000, "needs_response", -10000),
		webtest.StripeDisputeBody("evt_dl_1", "charge.dispute.created", at.Add(time.Hour), q.ProviderPayment, 10000, "needs_response"),
		closed,
	} {
		pb.deliver(t, body)
	}
	if got := pb.Invoice(t, lost).Outstanding(); got != 10000 {
		t.Errorf("lost dispute: invoice owes %d, want 10000", got)
	}
	if n := pb.Count(`SELECT count(*) FROM journals WHERE kind = 'reversal'`); n != reversals+1 {
		t.Errorf("lost dispute posted %d reversals, want 1", n-reversals)
	}
	pb.wantFigures(t, "both", won, figures{owed: 0, balance: 10000, clearing: 20000, debtors: 10000})
	if got := pb.PaymentByID(t, q.PublicID); got.DisputeStatus != payments.DisputeLost || got.DisputeHeld != 10000 || got.ReceiptJournal != 0 {
		t.Errorf("lost dispute: %+v", got)
	}

	// The manager's screen says where each stands.
	d := webtest.Doc(t, pb.Mgr.Get("/admin/payments/"+q.PublicID))
	if got := d.Find("#payment").Text(); !strings.Contains(got, "Dispute lost: £100.00 returned to the card holder") {
		t.Errorf("manager's screen of the lost dispute: %.1500s", got)
	}
	if d.Find("#payment-refund").Length() != 0 {
		t.Error("a refund is offered for a payment lost to a dispute")
	}
}
