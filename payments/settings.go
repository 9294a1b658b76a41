package payments

import (
	"context"
	"crypto/aes"
	"crypto/cipher"
	"crypto/rand"
	"database/sql"
	"encoding/base64"
	"errors"
	"fmt"
	"strings"
	"time"

	"porch/errs"
	"porch/sqldb"
)

// Settings are an organisation's payment methods and provider credentials.
// The secrets are held sealed; Open returns them for use.
type Settings struct {
	CardEnabled        bool
	DirectDebitEnabled bool
	PartPayments       bool

	StripeKeyHint         string // what the screen shows of the secret key
	StripeWebhookHint     string
	GoCardlessTokenHint   string
	GoCardlessEnvironment string // sandbox | live
	GoCardlessWebhookHint string
	UpdatedAt             time.Time

	// The bank accounts (ledger account ids) each provider pays out to; 0
	// while none is chosen.
	StripePayoutAccount     int64
	GoCardlessPayoutAccount int64

	sealed map[string]string
}

// Credentials are the providers' secrets, opened.
type Credentials struct {
	StripeKey         string
	StripeWebhook     string
	GoCardlessToken   string
	GoCardlessWebhook string
}

// StripeReady reports whether card payments can be taken.
func (s Settings) StripeReady() bool {
	return s.sealed["stripe_secret_key"] != "" && s.sealed["stripe_webhook_secret"] != ""
}

// GoCardlessReady reports whether Direct Debits can be taken.
func (s Settings) GoCardlessReady() bool {
	return s.sealed["gocardless_token"] != "" && s.sealed["gocardless_webhook_secret"] != ""
}

// PayoutAccount is the bank account (ledger account id) provider pays out
// to, 0 while none is chosen.
func (s Settings) PayoutAccount(provider string) int64 {
	if provider == GoCardless {
		return s.GoCardlessPayoutAccount
	}
	return s.StripePayoutAccount
}

// OffersCard reports whether residents are offered card payments.
func (s Settings) OffersCard() bool { return s.CardEnabled && s.StripeReady() }

// OffersDirectDebit reports whether residents are offered Direct Debit.
func (s Settings) OffersDirectDebit() bool { return s.DirectDebitEnabled && s.GoCardlessReady() }

// LoadSettings reads the organisation's payment settings.
func LoadSettings(ctx context.Context, q sqldb.Querier) (Settings, error) {
	var s Settings
	var sk, sw, gt, gw string
	err := q.QueryRowContext(ctx, `SELECT card_enabled, direct_debit_enabled, part_payments,
		stripe_secret_key, stripe_secret_hint, stripe_webhook_secret, stripe_webhook_hint,
		gocardless_token, gocardless_token_hint, gocardless_environment, gocardless_webhook_secret, gocardless_webhook_hint, updated_at,
		coalesce(stripe_payout_account, 0), coalesce(gocardless_payout_account, 0)
		FROM payment_settings WHERE id = 1`).Scan(&s.CardEnabled, &s.DirectDebitEnabled, &s.PartPayments,
		&sk, &s.StripeKeyHint, &sw, &s.StripeWebhookHint, &gt, &s.GoCardlessTokenHint, &s.GoCardlessEnvironment, &gw,
		&s.GoCardlessWebhookHint, sqldb.Into(&s.UpdatedAt), &s.StripePayoutAccount, &s.GoCardlessPayoutAccount)
	if err != nil {
		return s, fmt.Errorf("payment settings: %w", err)
	}
	s.sealed = map[string]string{"stripe_secret_key": sk, "stripe_webhook_secret": sw, "gocardless_token": gt, "gocardless_webhook_secret": gw}
	return s, nil
}

// Open unseals the credentials with key. A secret sealed under another key
// (the server secret changed) is an error that says so.
func (s Settings) Open(key []byte, org string) (Credentials, error) {
	var c Credentials
	for name, dst := range map[string]*string{"stripe_secret_key": &c.StripeKey, "stripe_webhook_secret": &c.StripeWebhook,
		"gocardless_token": &c.GoCardlessToken, "gocardless_webhook_secret": &c.GoCardlessWebhook} {
		v, err := unseal(key, org, name, s.sealed[name])
		if err != nil {
			return Credentials{}, err
		}
		*dst = v
	}
	return c, nil
}

// SettingsInput changes the settings; a blank secret keeps the one stored,
// Clear lists secrets to remove.
type SettingsInput struct {
	CardEnabled           bool
	DirectDebitEnabled    bool
	PartPayments          bool
	StripeKey             string
	StripeWebhook         string
	GoCardlessToken       string
	GoCardlessEnvironment string
	GoCardlessWebhook     string
	Clear                 []string // "stripe" and/or "gocardless"
	// The bank accounts (ledger account ids) payouts go to; 0 for none.
	StripePayoutAccount     int64
	GoCardlessPayoutAccount int64
}

// SaveSettings validates and stores the settings, sealing new secrets.
func SaveSettings(ctx context.Context, tx *sql.Tx, now time.Time, key []byte, org string, by int64, in SettingsInput) error {
	cur, err := LoadSettings(ctx, tx)
	if err != nil {
		return err
	}
	in.StripeKey, in.StripeWebhook = strings.TrimSpace(in.StripeKey), strings.TrimSpace(in.StripeWebhook)
	in.GoCardlessToken, in.GoCardlessWebhook = strings.TrimSpace(in.GoCardlessToken), strings.TrimSpace(in.GoCardlessWebhook)
	f := errs.Fields{}
	if in.StripeKey != "" && !(strings.HasPrefix(in.StripeKey, "sk_") || strings.HasPrefix(in.StripeKey, "rk_")) {
		f.Add("stripe_secret_key", "A Stripe secret key starts sk_live_, sk_test_ or (restricted) rk_. Copy it from Developers → API keys.")
	}
	if in.StripeWebhook != "" && !strings.HasPrefix(in.StripeWebhook, "whsec_") {
		f.Add("stripe_webhook_secret", "A Stripe webhook signing secret starts whsec_. Copy it from the endpoint's page in Developers → Webhooks.")
	}
	if in.GoCardlessToken != "" && (len(in.GoCardlessToken) < 20 || strings.ContainsAny(in.GoCardlessToken, " \t")) {
		f.Add("gocardless_token", "Paste the whole GoCardless access token, from Developers → Create → Access token.")
	}
	if in.GoCardlessWebhook != "" && len(in.GoCardlessWebhook) < 8 {
		f.Add("gocardless_webhook_secret", "Paste the webhook endpoint secret GoCardless showed when you created the endpoint.")
	}
	if in.GoCardlessEnvironment == "" {
		in.GoCardlessEnvironment = cur.GoCardlessEnvironment
	}
	if in.GoCardlessEnvironment != "sandbox" && in.GoCardlessEnvironment != "live" {
		f.Add("gocardless_environment", "Choose sandbox or live.")
	}
	for field, id := range map[string]int64{"stripe_payout_account": in.StripePayoutAccount, "gocardless_payout_account": in.GoCardlessPayoutAccount} {
		if ok, err := isBankAccount(ctx, tx, id); err != nil {
			return err
		} else if !ok {
			f.Add(field, "Choose one of your bank accounts, or none.")
		}
	}
	if err := f.Err(); err != nil {
		return err
	}
	sealed := map[string]string{}
	hints := map[string]string{}
	for name, v := range map[string]string{"stripe_secret_key": in.StripeKey, "stripe_webhook_secret": in.StripeWebhook,
		"gocardless_token": in.GoCardlessToken, "gocardless_webhook_secret": in.GoCardlessWebhook} {
		if v == "" {
			sealed[name] = cur.sealed[name]
			continue
		}
		s, err := seal(key, org, name, v)
		if err != nil {
			return err
		}
		sealed[name], hints[name] = s, Hint(v)
	}
	hint := func(name, old string) string {
		if h, ok := hints[name]; ok {
			return h
		}
		return old
	}
	st := Settings{StripeKeyHint: hint("stripe_secret_key", cur.StripeKeyHint), StripeWebhookHint: hint("stripe_webhook_secret", cur.StripeWebhookHint),
		GoCardlessTokenHint: hint("gocardless_token", cur.GoCardlessTokenHint), GoCardlessWebhookHint: hint("gocardless_webhook_secret", cur.GoCardlessWebhookHint)}
	for _, c := range in.Clear {
		switch c {
		case Stripe:
			sealed["stripe_secret_key"], sealed["stripe_webhook_secret"] = "", ""
			st.StripeKeyHint, st.StripeWebhookHint = "", ""
		case GoCardless:
			sealed["gocardless_token"], sealed["gocardless_webhook_secret"] = "", ""
			st.GoCardlessTokenHint, st.GoCardlessWebhookHint = "", ""
		}
	}
	_, err = tx.ExecContext(ctx, `UPDATE payment_settings SET card_enabled = ?, direct_debit_enabled = ?, part_payments = ?,
		stripe_secret_key = ?, stripe_secret_hint = ?, stripe_webhook_secret = ?, stripe_webhook_hint = ?,
		gocardless_token = ?, gocardless_token_hint = ?, gocardless_environment = ?, gocardless_webhook_secret = ?, gocardless_webhook_hint = ?,
		updated_at = ?, updated_by = ?, stripe_payout_account = ?, gocardless_payout_account = ? WHERE id = 1`,
		in.CardEnabled, in.DirectDebitEnabled, in.PartPayments,
		sealed["stripe_secret_key"], st.StripeKeyHint, sealed["stripe_webhook_secret"], st.StripeWebhookHint,
		sealed["gocardless_token"], st.GoCardlessTokenHint, in.GoCardlessEnvironment, sealed["gocardless_webhook_secret"], st.GoCardlessWebhookHint,
		sqldb.At(now), nullID(by), nullID(in.StripePayoutAccount), nullID(in.GoCardlessPayoutAccount))
	return err
}

// isBankAccount reports whether id is one of the organisation's bank
// accounts; 0 (none) counts as one.
func isBankAccount(ctx context.Context, q sqldb.Querier, id int64) (bool, error) {
	if id == 0 {
		return true, nil
	}
	var n int
	err := q.QueryRowContext(ctx, `SELECT count(*) FROM ledger_accounts WHERE id = ? AND purpose = 'bank'`, id).Scan(&n)
	return n == 1, err
}

// Hint is what may be shown of a secret: its kind prefix and last four
// characters, never enough to use it.
func Hint(secret string) string {
	if len(secret) <= 8 {
		return "••••"
	}
	prefix := ""
	for _, p := range []string{"sk_live_", "sk_test_", "rk_live_", "rk_test_", "whsec_", "live_", "sandbox_"} {
		if strings.HasPrefix(secret, p) {
			prefix = p
			break
		}
	}
	return prefix + "••••" + secret[len(secret)-4:]
}

// seal encrypts a secret with AES-256-GCM; the organisation and the
// setting's name are bound in as associated data, so a sealed value copied
// to another org or setting does not open.
func seal(key []byte, org, name, plain string) (string, error) {
	gcm, err := newGCM(key)
	if err != nil {
		return "", err
	}
	nonce := make([]byte, gcm.NonceSize())
	if _, err := rand.Read(nonce); err != nil {
		return "", err
	}
	out := gcm.Seal(nonce, nonce, []byte(plain), []byte(org+"\x00"+name))
	return "v1:" + base64.RawStdEncoding.EncodeToString(out), nil
}

// ErrSealedElsewhere means a stored secret does not open with this
// server's key.
var ErrSealedElsewhere = errors.New("a stored payment secret cannot be opened with this server's secret key (was PORCH_SECRET_KEY changed?); enter the provider's keys again")

func unseal(key []byte, org, name, sealed string) (string, error) {
	if sealed == "" {
		return "", nil
	}
	raw, err := base64.RawStdEncoding.DecodeString(strings.TrimPrefix(sealed, "v1:"))
	if !strings.HasPrefix(sealed, "v1:") || err != nil {
		return "", ErrSealedElsewhere
	}
	gcm, err := newGCM(key)
	if err != nil {
		return "", err
	}
	if len(raw) < gcm.NonceSize() {
		return "", ErrSealedElsewhere
	}
	plain, err := gcm.Open(nil, raw[:gcm.NonceSize()], raw[gcm.NonceSize():], []byte(org+"\x00"+name))
	if err != nil {
		return "", ErrSealedElsewhere
	}
	return string(plain), nil
}

func newGCM(key []byte) (cipher.AEAD, error) {
	if len(key) != 32 {
		return nil, fmt.Errorf("payments: the sealing key must be 32 bytes")
	}
	block, err := aes.NewCipher(key)
	if err != nil {
		return nil, err
	}
	return cipher.NewGCM(block)
}
