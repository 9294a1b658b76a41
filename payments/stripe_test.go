package payments

import (
	"context"
	"database/sql"
	"encoding/json"
	"errors"
	"fmt"
	"strings"
	"testing"
	"time"

	"porch/errs"
	"porch/internal/stripemock"
)

func TestCreateCheckoutAgainstStripeMock(t *testing.T) {
	base := stripemock.Start(t)
	api := StripeConfig{BaseURL: base}.NewStripe("sk_test_123")
	p := Payment{PublicID: "pay123", Amount: 123456, Currency: "GBP", IdempotencyKey: "porch-key-1"}
	cs, err := api.CreateCheckout(context.Background(), Checkout{Payment: p, Description: "Invoice 42, Flat 1 Harbour View",
		SuccessURL: "https://acme.example/pay/return", CancelURL: "https://acme.example/money", Org: "acme",
		UnitPublic: "unit1", Invoice: "42", Email: "rita@example.com"})
	if err != nil {
		t.Fatal(err)
	}
	if !strings.HasPrefix(cs.ID, "cs_") || cs.URL == "" {
		t.Errorf("session = %+v", cs)
	}
	if err := api.TestConnection(context.Background()); err != nil {
		t.Errorf("test connection: %v", err)
	}
	// stripe-mock validates requests against Stripe's OpenAPI spec: an
	// invalid one is refused with Stripe's error, read into words.
	_, err = api.CreateCheckout(context.Background(), Checkout{Payment: Payment{PublicID: "x", Amount: 100, Currency: "GBP",
		IdempotencyKey: "porch-key-2"}, Description: "x", SuccessURL: "", CancelURL: ""})
	var se *StripeError
	if err != nil && !errors.As(err, &se) {
		t.Errorf("error type %T: %v", err, err)
	}
}

// stripeEventJSON is a webhook body as Stripe sends it for a Checkout
// Session.
func stripeEventJSON(id, typ string, created time.Time, session, paymentStatus, porchPayment string, amount int64) []byte {
	b, _ := json.Marshal(map[string]any{
		"id": id, "object": "event", "api_version": "2024-06-20", "created": created.Unix(), "type": typ,
		"livemode": false, "pending_webhooks": 1,
		"data": map[string]any{"object": map[string]any{
			"id": session, "object": "checkout.session", "payment_status": paymentStatus, "amount_total": amount,
			"currency": "gbp", "payment_intent": "pi_" + session, "mode": "payment",
			"metadata": map[string]string{"porch_payment": porchPayment, "porch_org": "acme"},
		}},
	})
	return b
}

func TestParseStripeWebhook(t *testing.T) {
	const secret = "whsec_test_secret"
	now := time.Now()
	tests := []struct {
		typ, paymentStatus string
		want               string
	}{
		{"checkout.session.completed", "paid", StatusPaid},
		{"checkout.session.completed", "unpaid", StatusProcessing},
		{"checkout.session.async_payment_succeeded", "paid", StatusPaid},
		{"checkout.session.async_payment_failed", "unpaid", StatusFailed},
		{"checkout.session.expired", "unpaid", StatusExpired},
		{"checkout.session.completed", "no_payment_required", ""},
	}
	for i, tt := range tests {
		body := stripeEventJSON(fmt.Sprint("evt_", i), tt.typ, now, "cs_test_1", tt.paymentStatus, "pay1", 5000)
		ev, err := ParseStripeWebhook(body, SignStripe(body, secret, now), secret)
		if err != nil {
			t.Fatalf("%s: %v", tt.typ, err)
		}
		if ev.Status != tt.want || ev.PaymentRef != "cs_test_1" || ev.PaymentPublic != "pay1" || ev.Amount != 5000 ||
			ev.ProviderPayment != "pi_cs_test_1" || ev.Created.Unix() != now.Unix() {
			t.Errorf("%s/%s: %+v", tt.typ, tt.paymentStatus, ev)
		}
	}
	body := stripeEventJSON("evt_x", "checkout.session.completed", now, "cs_1", "paid", "pay1", 5000)
	for name, header := range map[string]string{
		"wrong secret":   SignStripe(body, "whsec_other", now),
		"no header":      "",
		"too old":        SignStripe(body, secret, now.Add(-10*time.Minute)),
		"garbage header": "t=abc,v1=zz",
	} {
		if _, err := ParseStripeWebhook(body, header, secret); !errors.Is(err, ErrBadSignature) {
			t.Errorf("%s: err = %v, want ErrBadSignature", name, err)
		}
	}
	tampered := []byte(strings.Replace(string(body), `"amount_total":5000`, `"amount_total":1`, 1))
	if _, err := ParseStripeWebhook(tampered, SignStripe(body, secret, now), secret); !errors.Is(err, ErrBadSignature) {
		t.Errorf("tampered body accepted: %v", err)
	}
	if _, err := ParseStripeWebhook(body, SignStripe(body, secret, now), ""); !errors.Is(err, ErrBadSignature) {
		t.Error("an org without a webhook secret accepted a webhook")
	}
}

func TestSettingsSealSecrets(t *testing.T) {
	b := newBook(t)
	key := make([]byte, 32)
	for i := range key {
		key[i] = byte(i)
	}
	in := SettingsInput{CardEnabled: true, StripeKey: "sk_test_51Habcdefghijklmnop1234", StripeWebhook: "whsec_abcdefgh5678",
		GoCardlessEnvironment: "sandbox"}
	if err := b.db.Write(b.ctx, func(tx *sqlTx) error { return SaveSettings(b.ctx, tx, t0, key, "acme", b.person, in) }); err != nil {
		t.Fatal(err)
	}
	var raw string
	b.db.ReadPool().QueryRow(`SELECT stripe_secret_key || stripe_webhook_secret FROM payment_settings`).Scan(&raw)
	if strings.Contains(raw, "abcdefghijklmnop") || strings.Contains(raw, "whsec_") {
		t.Fatalf("secrets stored in the clear: %q", raw)
	}
	s, err := LoadSettings(b.ctx, b.db.Read())
	if err != nil {
		t.Fatal(err)
	}
	if !s.OffersCard() || s.OffersDirectDebit() || s.StripeKeyHint != "sk_test_••••1234" {
		t.Errorf("settings %+v", s)
	}
	c, err := s.Open(key, "acme")
	if err != nil || c.StripeKey != in.StripeKey || c.StripeWebhook != in.StripeWebhook {
		t.Errorf("open: %+v %v", c, err)
	}
	// Another org's name or another key does not open them.
	if _, err := s.Open(key, "bravo"); !errors.Is(err, ErrSealedElsewhere) {
		t.Errorf("opened under another org: %v", err)
	}
	other := append([]byte(nil), key...)
	other[0] ^= 1
	if _, err := s.Open(other, "acme"); !errors.Is(err, ErrSealedElsewhere) {
		t.Errorf("opened with another key: %v", err)
	}
	// Saving again with blank secrets keeps them; bad ones are refused.
	if err := b.db.Write(b.ctx, func(tx *sqlTx) error {
		return SaveSettings(b.ctx, tx, t0, key, "acme", b.person, SettingsInput{CardEnabled: true, PartPayments: true})
	}); err != nil {
		t.Fatal(err)
	}
	s, _ = LoadSettings(b.ctx, b.db.Read())
	if c, _ := s.Open(key, "acme"); c.StripeKey != in.StripeKey || !s.PartPayments {
		t.Error("a blank field removed the stored key")
	}
	err = b.db.Write(b.ctx, func(tx *sqlTx) error {
		return SaveSettings(b.ctx, tx, t0, key, "acme", b.person, SettingsInput{StripeKey: "pk_test_publishable", StripeWebhook: "nope"})
	})
	f, ok := fieldErrors(err)
	if !ok || f["stripe_secret_key"] == "" || f["stripe_webhook_secret"] == "" {
		t.Errorf("bad secrets: %v", err)
	}
}

type sqlTx = sql.Tx

func fieldErrors(err error) (errs.Fields, bool) {
	de, ok := errs.As(err)
	if !ok {
		return nil, false
	}
	return de.Fields, true
}
