package payments

import (
	"context"
	"database/sql"
	"encoding/json"
	"errors"
	"fmt"
	"net/http"
	"net/http/httptest"
	"net/url"
	"strings"
	"testing"
	"time"

	"porch/errs"
	"porch/internal/stripemock"
	"porch/ledger"
	"porch/payments/gocardless"
	"porch/payments/gocardless/gctest"
)

// stripePayoutEvent is a payout event as Stripe sends it.
func stripePayoutEvent(id, typ string, created time.Time, payout string, amount int64, automatic bool) Event {
	body, _ := json.Marshal(map[string]any{
		"id": id, "object": "event", "created": created.Unix(), "type": typ,
		"data": map[string]any{"object": map[string]any{"id": payout, "object": "payout", "amount": amount, "currency": "gbp",
			"arrival_date": created.Add(48 * time.Hour).Unix(), "automatic": automatic, "failure_message": "Account closed."}},
	})
	return Event{Provider: Stripe, ID: id, Type: typ, Created: created, Payload: body}
}

func TestPayoutNewsOf(t *testing.T) {
	paid := stripePayoutEvent("evt_1", "payout.paid", t0, "po_1", 1234, true)
	if n, ok := PayoutNewsOf(paid); !ok || n.Ref != "po_1" || n.Failed || n.Stripe.Amount != 1234 || !n.StripeAutomatic {
		t.Errorf("payout.paid: %+v %v", n, ok)
	}
	failed := stripePayoutEvent("evt_2", "payout.failed", t0, "po_1", 1234, true)
	if n, ok := PayoutNewsOf(failed); !ok || !n.Failed || n.StripeFailure != "Account closed." {
		t.Errorf("payout.failed: %+v %v", n, ok)
	}
	created := stripePayoutEvent("evt_3", "payout.created", t0, "po_1", 1234, true)
	if _, ok := PayoutNewsOf(created); ok {
		t.Error("payout.created is news")
	}
	gc := GoCardlessEvent(gocardless.Event{ID: "EV1", ResourceType: "payouts", Action: "paid", CreatedAt: t0,
		Links: gocardless.EventLinks{Payout: "PO123"}}, ViaWebhook, nil, "")
	if n, ok := PayoutNewsOf(gc); !ok || n.Ref != "PO123" {
		t.Errorf("GoCardless payouts paid: %+v %v", n, ok)
	}
	other := GoCardlessEvent(gocardless.Event{ID: "EV2", ResourceType: "payouts", Action: "fx_rate_confirmed", CreatedAt: t0,
		Links: gocardless.EventLinks{Payout: "PO123"}}, ViaWebhook, nil, "")
	if _, ok := PayoutNewsOf(other); ok {
		t.Error("payouts fx_rate_confirmed is news")
	}
}

// TestStripePayoutFigures reads fees from the payout's balance
// transactions, served in the documented shape: a card payment with its
// processing fee, a Stripe billing fee, and the payout itself.
func TestStripePayoutFigures(t *testing.T) {
	var asked url.Values
	fake := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if r.URL.Path != "/v1/balance_transactions" {
			http.NotFound(w, r)
			return
		}
		asked = r.URL.Query()
		w.Header().Set("Content-Type", "application/json")
		fmt.Fprint(w, `{"object":"list","url":"/v1/balance_transactions","has_more":false,"data":[
			{"id":"txn_1","object":"balance_transaction","amount":10000,"fee":170,"net":9830,"currency":"gbp","type":"charge"},
			{"id":"txn_2","object":"balance_transaction","amount":-50,"fee":0,"net":-50,"currency":"gbp","type":"stripe_fee"},
			{"id":"txn_3","object":"balance_transaction","amount":-9780,"fee":0,"net":-9780,"currency":"gbp","type":"payout"}]}`)
	}))
	defer fake.Close()
	api := StripeConfig{BaseURL: fake.URL}.NewStripe("sk_test_123")
	news, _ := PayoutNewsOf(stripePayoutEvent("evt_1", "payout.paid", t0, "po_1", 9780, true))
	po, err := api.StripePayoutFigures(context.Background(), news)
	if err != nil {
		t.Fatal(err)
	}
	if asked.Get("payout") != "po_1" {
		t.Errorf("asked for %v", asked)
	}
	if po.Net != 9780 || po.Fees != 220 || po.Gross() != 10000 || po.Currency != "GBP" || po.Note != "" ||
		!po.ArrivalDate.Equal(ukDate(t0.Add(48*time.Hour))) {
		t.Errorf("figures %+v", po)
	}

	// A manual payout is not itemised by Stripe.
	news, _ = PayoutNewsOf(stripePayoutEvent("evt_2", "payout.paid", t0, "po_2", 500, false))
	if po, err := api.StripePayoutFigures(context.Background(), news); err != nil || po.Fees != 0 || po.Net != 500 || po.Note == "" {
		t.Errorf("manual payout %+v %v", po, err)
	}

	// Against stripe-mock: its one balance transaction is £1.00 without a
	// fee.
	mock := StripeConfig{BaseURL: stripemock.Start(t)}.NewStripe("sk_test_123")
	news, _ = PayoutNewsOf(stripePayoutEvent("evt_3", "payout.paid", t0, "po_3", 100, true))
	if po, err := mock.StripePayoutFigures(context.Background(), news); err != nil || po.Net != 100 || po.Fees != 0 || po.Note != "" {
		t.Errorf("stripe-mock figures %+v %v", po, err)
	}
	news, _ = PayoutNewsOf(stripePayoutEvent("evt_4", "payout.paid", t0, "po_4", 777, true))
	if po, err := mock.StripePayoutFigures(context.Background(), news); err != nil || !strings.Contains(po.Note, "payout's amount is what was recorded") {
		t.Errorf("a payout that disagrees with its transactions: %+v %v", po, err)
	}
}

func TestGoCardlessPayoutFigures(t *testing.T) {
	ctx := context.Background()
	fake := gctest.New(gctest.Options{})
	defer fake.Close()
	api, err := gocardless.New(gocardless.Config{AccessToken: gctest.DefaultAccessToken, BaseURL: fake.URL})
	if err != nil {
		t.Fatal(err)
	}
	br, err := api.CreateBillingRequest(ctx, gocardless.BillingRequestParams{
		MandateRequest: &gocardless.MandateRequestParams{Scheme: gocardless.SchemeBacs, Currency: gocardless.GBP}}, "br-1")
	if err != nil {
		t.Fatal(err)
	}
	flow, err := api.CreateBillingRequestFlow(ctx, gocardless.BillingRequestFlowParams{RedirectURI: "https://acme.example/back",
		Links: gocardless.BillingRequestFlowLinks{BillingRequest: br.ID}}, "brf-1")
	if err != nil {
		t.Fatal(err)
	}
	if _, err := fake.CompleteFlow(flow.ID, gctest.Payer{}); err != nil {
		t.Fatal(err)
	}
	br, _ = api.GetBillingRequest(ctx, br.ID)
	var amounts = []int64{25000, 9999, 1}
	for i, amount := range amounts {
		p, err := api.CreatePayment(ctx, gocardless.PaymentParams{Amount: amount, Currency: gocardless.GBP,
			Links: gocardless.PaymentLinks{Mandate: br.Links.MandateRequestMandate}}, fmt.Sprint("pay-", i))
		if err != nil {
			t.Fatal(err)
		}
		if err := fake.ConfirmPayment(p.ID); err != nil {
			t.Fatal(err)
		}
	}
	id, err := fake.PayOut()
	if err != nil {
		t.Fatal(err)
	}
	want, _ := fake.Payout(id)
	po, err := GoCardlessPayoutFigures(ctx, api, id)
	if err != nil {
		t.Fatal(err)
	}
	// What the payments came to, exactly; the fees are the rest, to the
	// penny, whatever GoCardless rounded.
	if po.Gross() != 35000 || po.Net != want.Amount || po.Fees != 35000-want.Amount || po.Fees <= 0 ||
		po.Reference != want.Reference || po.ArrivalDate.Format(time.DateOnly) != want.ArrivalDate || po.Currency != "GBP" {
		t.Errorf("figures %+v, payout %+v", po, want)
	}
	if _, err := GoCardlessPayoutFigures(ctx, api, "PO_NONE"); !errors.Is(err, ErrPayoutUnknown) || !errors.Is(err, gocardless.ErrNotFound) {
		t.Errorf("unknown payout: %v", err)
	}
}

// payoutBook is a book with £500 received by card and £500 by Direct
// Debit, waiting in the clearing accounts, and a bank account.
func payoutBook(t *testing.T) (*book, int64) {
	t.Helper()
	b := newBook(t)
	b.pay(Stripe, b.units[0], 50000, "cs_1")
	if _, err := b.apply(Event{Provider: Stripe, ID: "evt_card", Created: t0, PaymentRef: "cs_1", Status: StatusPaid}); err != nil {
		t.Fatal(err)
	}
	b.pay(GoCardless, b.units[1], 50000, "PM1")
	if _, err := b.apply(Event{Provider: GoCardless, ID: "EV_dd", Created: t0, PaymentRef: "PM1", Status: StatusConfirmed}); err != nil {
		t.Fatal(err)
	}
	var bank int64
	err := b.db.Write(b.ctx, func(tx *sql.Tx) error {
		var site int64
		if err := tx.QueryRow(`SELECT id FROM sites LIMIT 1`).Scan(&site); err != nil {
			return err
		}
		a, err := ledger.CreateBankAccount(b.ctx, tx, t0, site, ledger.BankAccountInput{Name: "Quay client account", SortCode: "12-34-56", AccountNumber: "12345678"})
		bank = a.ID
		return err
	})
	if err != nil {
		t.Fatal(err)
	}
	if b.accountBalance("1200") != 50000 || b.accountBalance("1210") != 50000 {
		t.Fatalf("clearing %d / %d", b.accountBalance("1200"), b.accountBalance("1210"))
	}
	return b, bank
}

func (b *book) applyPayout(ev Event, figures Payout) (Effect, error) {
	b.t.Helper()
	news, ok := PayoutNewsOf(ev)
	if !ok {
		b.t.Fatalf("not a payout event: %s", ev.Type)
	}
	var eff Effect
	err := b.db.Write(b.ctx, func(tx *sql.Tx) error {
		var err error
		eff, err = ApplyPayout(b.ctx, tx, t0.Add(time.Hour), ev, news, figures)
		return err
	})
	return eff, err
}

func (b *book) choosePayoutAccounts(stripeBank, gcBank int64) int {
	b.t.Helper()
	n := 0
	err := b.db.Write(b.ctx, func(tx *sql.Tx) error {
		err := SaveSettings(b.ctx, tx, t0, make([]byte, 32), "acme", b.person, SettingsInput{GoCardlessEnvironment: "sandbox",
			StripePayoutAccount: stripeBank, GoCardlessPayoutAccount: gcBank})
		if err != nil {
			return err
		}
		n, err = RecordWaitingPayouts(b.ctx, tx, t0.Add(2*time.Hour))
		return err
	})
	if err != nil {
		b.t.Fatal(err)
	}
	return n
}

func TestApplyPayoutRecordsOnceIntoTheChosenAccount(t *testing.T) {
	b, bank := payoutBook(t)
	bankCode := func() string {
		var c string
		b.db.ReadPool().QueryRow(`SELECT code FROM ledger_accounts WHERE id = ?`, bank).Scan(&c)
		return c
	}()
	ev := stripePayoutEvent("evt_po", "payout.paid", t0, "po_1", 49000, true)
	figures := Payout{Net: 49000, Fees: 1000, Currency: "GBP", ArrivalDate: ukDate(t0)}

	// No bank account chosen: the payout waits, its event unmatched.
	eff, err := b.applyPayout(ev, figures)
	if err != nil || eff.Outcome != OutcomeUnmatched || !strings.Contains(eff.Note, "Stripe paid out £490.00 (after £10.00 in fees), arriving on ") {
		t.Fatalf("without an account: %+v %v", eff, err)
	}
	waiting, _ := WaitingPayouts(b.ctx, b.db.Read())
	if len(waiting) != 1 || waiting[0].Ref != "po_1" || !waiting[0].Waiting() || b.accountBalance("1200") != 50000 {
		t.Fatalf("waiting %+v", waiting)
	}
	if _, err := b.applyPayout(ev, figures); !errors.Is(err, ErrDuplicate) {
		t.Errorf("the same event again: %v", err)
	}

	// The account chosen: recorded, the event now applied.
	if n := b.choosePayoutAccounts(bank, 0); n != 1 {
		t.Fatalf("%d waiting payouts recorded", n)
	}
	if b.accountBalance("1200") != 0 || b.accountBalance(bankCode) != 49000 || b.accountBalance(FeesAccountCode) != 1000 {
		t.Errorf("clearing %d, bank %d, fees %d", b.accountBalance("1200"), b.accountBalance(bankCode), b.accountBalance(FeesAccountCode))
	}
	var outcome string
	b.db.ReadPool().QueryRow(`SELECT outcome FROM provider_events WHERE event_id = 'evt_po'`).Scan(&outcome)
	if outcome != OutcomeApplied {
		t.Errorf("event outcome %q after recording", outcome)
	}
	if n := b.choosePayoutAccounts(bank, 0); n != 0 {
		t.Errorf("recorded again: %d", n)
	}

	// Another event about the same payout changes nothing.
	eff, err = b.applyPayout(stripePayoutEvent("evt_po_again", "payout.paid", t0, "po_1", 49000, true), figures)
	if err != nil || eff.Outcome != OutcomeNoChange {
		t.Errorf("second event for the payout: %+v %v", eff, err)
	}

	// Direct Debit goes straight in once chosen; a payout of debits only
	// takes money out of the bank.
	b.choosePayoutAccounts(bank, bank)
	gc := GoCardlessEvent(gocardless.Event{ID: "EV_po", ResourceType: "payouts", Action: "paid", CreatedAt: t0,
		Links: gocardless.EventLinks{Payout: "PO1"}}, ViaWebhook, nil, "")
	eff, err = b.applyPayout(gc, Payout{Reference: "GC-PO1", Net: 49650, Fees: 350, Currency: "GBP", ArrivalDate: ukDate(t0).AddDate(0, 0, 1)})
	if err != nil || eff.Outcome != OutcomeApplied {
		t.Fatalf("GoCardless payout: %+v %v", eff, err)
	}
	if b.accountBalance("1210") != 0 || b.accountBalance(bankCode) != 98650 || b.accountBalance(FeesAccountCode) != 1350 {
		t.Errorf("after the GoCardless payout: clearing %d, bank %d, fees %d", b.accountBalance("1210"), b.accountBalance(bankCode),
			b.accountBalance(FeesAccountCode))
	}
	var ref string
	b.db.ReadPool().QueryRow(`SELECT j.reference FROM provider_payouts p JOIN journals j ON j.id = p.journal_id WHERE p.payout_ref = 'PO1'`).Scan(&ref)
	if ref != "GC-PO1" {
		t.Errorf("transfer reference %q, want the bank's GC-PO1", ref)
	}
	debit := GoCardlessEvent(gocardless.Event{ID: "EV_po2", ResourceType: "payouts", Action: "paid", CreatedAt: t0,
		Links: gocardless.EventLinks{Payout: "PO2"}}, ViaWebhook, nil, "")
	if _, err := b.applyPayout(debit, Payout{Net: -49900, Fees: -100, Currency: "GBP", ArrivalDate: ukDate(t0)}); err != nil {
		t.Fatal(err)
	}
	if b.accountBalance("1210") != 50000 || b.accountBalance(bankCode) != 48750 || b.accountBalance(FeesAccountCode) != 1250 {
		t.Errorf("after a payout of debits: clearing %d, bank %d, fees %d", b.accountBalance("1210"), b.accountBalance(bankCode),
			b.accountBalance(FeesAccountCode))
	}
}

func TestFailedStripePayoutIsReversed(t *testing.T) {
	b, bank := payoutBook(t)
	b.choosePayoutAccounts(bank, 0)
	figures := Payout{Net: 50000, Currency: "GBP", ArrivalDate: ukDate(t0)}
	if eff, err := b.applyPayout(stripePayoutEvent("evt_paid", "payout.paid", t0, "po_1", 50000, true), figures); err != nil || eff.Outcome != OutcomeApplied {
		t.Fatalf("paid: %+v %v", eff, err)
	}
	eff, err := b.applyPayout(stripePayoutEvent("evt_failed", "payout.failed", t0.Add(time.Hour), "po_1", 50000, true), Payout{})
	if err != nil || eff.Outcome != OutcomeApplied || !strings.Contains(eff.Note, "Account closed") {
		t.Fatalf("failed: %+v %v", eff, err)
	}
	if b.accountBalance("1200") != 50000 || b.count(`SELECT count(*) FROM journals WHERE kind = 'reversal'`) != 1 {
		t.Errorf("after the failure: clearing %d", b.accountBalance("1200"))
	}
	// Heard of the failure first: the late paid event records nothing.
	if _, err := b.applyPayout(stripePayoutEvent("evt_failed2", "payout.failed", t0.Add(time.Hour), "po_2", 700, true), Payout{}); err != nil {
		t.Fatal(err)
	}
	eff, err = b.applyPayout(stripePayoutEvent("evt_paid2", "payout.paid", t0, "po_2", 700, true), Payout{Net: 700, Currency: "GBP", ArrivalDate: ukDate(t0)})
	if err != nil || eff.Outcome != OutcomeNoChange || b.count(`SELECT count(*) FROM journals WHERE kind = 'transfer'`) != 1 {
		t.Errorf("paid after failed: %+v %v", eff, err)
	}
}

func (b *book) count(query string, args ...any) int {
	b.t.Helper()
	var n int
	if err := b.db.ReadPool().QueryRow(query, args...).Scan(&n); err != nil {
		b.t.Fatal(err)
	}
	return n
}

func TestSettingsPayoutAccountMustBeABank(t *testing.T) {
	b, bank := payoutBook(t)
	debtors, _ := ledger.AccountByCode(b.ctx, b.db.Read(), "1100")
	err := b.db.Write(b.ctx, func(tx *sql.Tx) error {
		return SaveSettings(b.ctx, tx, t0, make([]byte, 32), "acme", b.person, SettingsInput{GoCardlessEnvironment: "sandbox",
			StripePayoutAccount: debtors.ID, GoCardlessPayoutAccount: bank})
	})
	if de, ok := errs.As(err); !ok || de.Fields["stripe_payout_account"] == "" || de.Fields["gocardless_payout_account"] != "" {
		t.Fatalf("a debtors account as the payout account: %v", err)
	}
	set, _ := LoadSettings(b.ctx, b.db.Read())
	if set.StripePayoutAccount != 0 || set.GoCardlessPayoutAccount != 0 {
		t.Errorf("settings changed by a refused save: %+v", set)
	}
}
