package payments

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"net/http"
	"strings"
	"time"

	stripe "github.com/stripe/stripe-go/v76"
	"github.com/stripe/stripe-go/v76/client"
	"github.com/stripe/stripe-go/v76/webhook"
)

// StripeConfig reaches Stripe: the API base URL is Stripe's own unless
// set (tests point it at stripe-mock).
type StripeConfig struct {
	BaseURL    string
	HTTPClient *http.Client
}

// StripeAPI is the part of Stripe Porch uses, for one secret key.
type StripeAPI struct {
	api *client.API
}

// NewStripe returns the API for a secret key.
func (c StripeConfig) NewStripe(secretKey string) *StripeAPI {
	hc := c.HTTPClient
	if hc == nil {
		hc = &http.Client{Timeout: 30 * time.Second}
	}
	cfg := &stripe.BackendConfig{HTTPClient: hc, MaxNetworkRetries: stripe.Int64(2), LeveledLogger: quietLogger{}}
	if c.BaseURL != "" {
		cfg.URL = stripe.String(strings.TrimRight(c.BaseURL, "/"))
	}
	backends := &stripe.Backends{
		API:     stripe.GetBackendWithConfig(stripe.APIBackend, cfg),
		Connect: stripe.GetBackendWithConfig(stripe.ConnectBackend, cfg),
		Uploads: stripe.GetBackendWithConfig(stripe.UploadsBackend, cfg),
	}
	return &StripeAPI{api: client.New(secretKey, backends)}
}

// quietLogger keeps stripe-go from logging requests (they carry no secrets,
// but Porch logs through slog only).
type quietLogger struct{}

func (quietLogger) Debugf(string, ...any) {}
func (quietLogger) Infof(string, ...any)  {}
func (quietLogger) Warnf(string, ...any)  {}
func (quietLogger) Errorf(string, ...any) {}

// Checkout is what a Checkout Session is created for.
type Checkout struct {
	Payment     Payment
	Description string // the line the resident sees on Stripe's page
	Email       string
	SuccessURL  string
	CancelURL   string
	Org         string
	UnitPublic  string
	Invoice     string // invoice number, "" for a payment on account
	PersonEmail string
}

// CheckoutSession is a created session: its id and the hosted page.
type CheckoutSession struct {
	ID  string
	URL string
}

// CreateCheckout creates a Checkout Session in payment mode for the
// payment's amount, with the payment's idempotency key, and metadata that
// ties it back to the organisation, unit, invoice, person and payment.
func (s *StripeAPI) CreateCheckout(ctx context.Context, in Checkout) (CheckoutSession, error) {
	p := &stripe.CheckoutSessionParams{
		Mode:              stripe.String(string(stripe.CheckoutSessionModePayment)),
		SuccessURL:        stripe.String(in.SuccessURL),
		CancelURL:         stripe.String(in.CancelURL),
		ClientReferenceID: stripe.String(in.Payment.PublicID),
		LineItems: []*stripe.CheckoutSessionLineItemParams{{
			Quantity: stripe.Int64(1),
			PriceData: &stripe.CheckoutSessionLineItemPriceDataParams{
				Currency:    stripe.String(strings.ToLower(in.Payment.Currency)),
				UnitAmount:  stripe.Int64(in.Payment.Amount),
				ProductData: &stripe.CheckoutSessionLineItemPriceDataProductDataParams{Name: stripe.String(in.Description)},
			},
		}},
		PaymentIntentData: &stripe.CheckoutSessionPaymentIntentDataParams{Description: stripe.String(in.Description)},
		ExpiresAt:         stripe.Int64(time.Now().Add(2 * time.Hour).Unix()),
	}
	if in.Email != "" {
		p.CustomerEmail = stripe.String(in.Email)
	}
	meta := map[string]string{"porch_org": in.Org, "porch_unit": in.UnitPublic, "porch_payment": in.Payment.PublicID,
		"porch_invoice": in.Invoice, "porch_person": in.PersonEmail}
	for k, v := range meta {
		p.AddMetadata(k, v)
		p.PaymentIntentData.AddMetadata(k, v)
	}
	p.SetIdempotencyKey(in.Payment.IdempotencyKey)
	p.Context = ctx
	cs, err := s.api.CheckoutSessions.New(p)
	if err != nil {
		return CheckoutSession{}, stripeError(err)
	}
	return CheckoutSession{ID: cs.ID, URL: cs.URL}, nil
}

// StripeRefund is Stripe's answer to a refund request.
type StripeRefund struct {
	ID      string
	Status  string // pending, requires_action, succeeded, failed or canceled
	Failure string
}

// Refund asks Stripe to refund r.Amount of the payment's PaymentIntent,
// with the refund's own idempotency key, and metadata that ties it back.
func (s *StripeAPI) Refund(ctx context.Context, p Payment, r Refund) (StripeRefund, error) {
	params := &stripe.RefundParams{PaymentIntent: stripe.String(p.ProviderPayment), Amount: stripe.Int64(r.Amount)}
	params.AddMetadata("porch_payment", p.PublicID)
	params.AddMetadata("porch_refund", r.PublicID)
	params.AddMetadata("porch_reason", cut(r.Reason, 200))
	params.SetIdempotencyKey(r.Key)
	params.Context = ctx
	re, err := s.api.Refunds.New(params)
	if err != nil {
		return StripeRefund{}, stripeError(err)
	}
	return StripeRefund{ID: re.ID, Status: string(re.Status), Failure: string(re.FailureReason)}, nil
}

// TestConnection asks Stripe for the account's balance: it proves the key
// works without changing anything.
func (s *StripeAPI) TestConnection(ctx context.Context) error {
	p := &stripe.BalanceParams{}
	p.Context = ctx
	_, err := s.api.Balance.Get(p)
	return stripeError(err)
}

// StripeEventTypes are the events Porch listens to; the settings screen
// lists them for the webhook endpoint.
var StripeEventTypes = []string{
	"checkout.session.completed",
	"checkout.session.async_payment_succeeded",
	"checkout.session.async_payment_failed",
	"checkout.session.expired",
	"charge.refunded",
	"charge.dispute.created",
	"charge.dispute.updated",
	"charge.dispute.funds_withdrawn",
	"charge.dispute.funds_reinstated",
	"charge.dispute.closed",
	"payout.paid",
	"payout.failed",
}

// RecentEvents lists the Stripe events of the types Porch listens to since
// since, oldest first, for the sync that applies what a webhook missed.
func (s *StripeAPI) RecentEvents(ctx context.Context, since time.Time) ([]Event, error) {
	p := &stripe.EventListParams{Types: stripe.StringSlice(StripeEventTypes)}
	p.Filters.AddFilter("created", "gte", fmt.Sprint(since.Unix()))
	p.Context = ctx
	p.Limit = stripe.Int64(100)
	it := s.api.Events.List(p)
	var out []Event
	for it.Next() {
		ev, err := stripeEvent(*it.Event(), ViaSync)
		if err != nil {
			return nil, err
		}
		out = append(out, ev)
		if len(out) >= 5000 {
			break
		}
	}
	if err := it.Err(); err != nil {
		return nil, stripeError(err)
	}
	for i, j := 0, len(out)-1; i < j; i, j = i+1, j-1 {
		out[i], out[j] = out[j], out[i]
	}
	return out, nil
}

// ErrBadSignature is a webhook whose signature does not verify.
var ErrBadSignature = errors.New("payments: webhook signature does not verify")

// ParseStripeWebhook verifies a Stripe webhook (raw body, the
// Stripe-Signature header, the endpoint's signing secret, Stripe's default
// five-minute tolerance) and reads it into Porch's terms. Events of another
// API version than stripe-go's are accepted: only fields stable across
// versions are read.
func ParseStripeWebhook(body []byte, header, secret string) (Event, error) {
	if secret == "" {
		return Event{}, ErrBadSignature
	}
	se, err := webhook.ConstructEventWithOptions(body, header, secret, webhook.ConstructEventOptions{IgnoreAPIVersionMismatch: true})
	if err != nil {
		return Event{}, fmt.Errorf("%w: %v", ErrBadSignature, err)
	}
	ev, err := stripeEvent(se, ViaWebhook)
	ev.Payload = body
	return ev, err
}

// stripeSession is the part of a Checkout Session read from events.
type stripeSession struct {
	ID            string            `json:"id"`
	Object        string            `json:"object"`
	PaymentStatus string            `json:"payment_status"`
	AmountTotal   int64             `json:"amount_total"`
	PaymentIntent json.RawMessage   `json:"payment_intent"`
	Metadata      map[string]string `json:"metadata"`
}

// StripePayout is a payout event's payout.
type StripePayout struct {
	ID          string `json:"id"`
	Amount      int64  `json:"amount"`
	Currency    string `json:"currency"`
	ArrivalDate int64  `json:"arrival_date"`
	Status      string `json:"status"`
}

func stripeEvent(se stripe.Event, via string) (Event, error) {
	ev := Event{Provider: Stripe, ID: se.ID, Type: string(se.Type), Created: time.Unix(se.Created, 0).UTC(), Via: via}
	if via != ViaWebhook {
		ev.Payload, _ = json.Marshal(se)
	}
	if se.Data == nil {
		return ev, nil
	}
	if strings.HasPrefix(string(se.Type), "charge.") {
		return ev, chargeEvent(se, &ev)
	}
	if strings.HasPrefix(string(se.Type), "checkout.session.") {
		var cs stripeSession
		if err := json.Unmarshal(se.Data.Raw, &cs); err != nil {
			return ev, fmt.Errorf("read checkout session of %s: %w", se.ID, err)
		}
		ev.PaymentRef, ev.PaymentPublic, ev.Amount = cs.ID, cs.Metadata["porch_payment"], cs.AmountTotal
		ev.ProviderPayment = idOf(cs.PaymentIntent)
		switch se.Type {
		case "checkout.session.completed":
			switch cs.PaymentStatus {
			case "paid":
				ev.Status = StatusPaid
			case "unpaid":
				ev.Status = StatusProcessing
			}
		case "checkout.session.async_payment_succeeded":
			ev.Status = StatusPaid
		case "checkout.session.async_payment_failed":
			ev.Status, ev.Failure = StatusFailed, "the payment did not go through"
		case "checkout.session.expired":
			ev.Status, ev.Failure = StatusExpired, "the payment page expired before payment"
		}
	}
	return ev, nil
}

// StripePayoutOf reads the payout of a payout.* event's payload.
func StripePayoutOf(payload []byte) (StripePayout, bool) {
	var e struct {
		Type string `json:"type"`
		Data struct {
			Object StripePayout `json:"object"`
		} `json:"data"`
	}
	if json.Unmarshal(payload, &e) != nil || !strings.HasPrefix(e.Type, "payout.") || e.Data.Object.ID == "" {
		return StripePayout{}, false
	}
	return e.Data.Object, true
}

// idOf reads an expandable field: an id string or an object with an id.
func idOf(raw json.RawMessage) string {
	if len(raw) == 0 || string(raw) == "null" {
		return ""
	}
	var s string
	if json.Unmarshal(raw, &s) == nil {
		return s
	}
	var o struct {
		ID string `json:"id"`
	}
	_ = json.Unmarshal(raw, &o)
	return o.ID
}

// StripeError is a refusal from Stripe in words for a manager or resident.
type StripeError struct {
	Status  int
	Code    string
	Message string
}

func (e *StripeError) Error() string {
	if e.Code != "" {
		return fmt.Sprintf("Stripe: %s (%s)", e.Message, e.Code)
	}
	return "Stripe: " + e.Message
}

func stripeError(err error) error {
	if err == nil {
		return nil
	}
	var se *stripe.Error
	if errors.As(err, &se) {
		msg := se.Msg
		if se.HTTPStatusCode == http.StatusUnauthorized {
			msg = "the secret key was refused; check it in Stripe's dashboard under Developers → API keys"
		}
		return &StripeError{Status: se.HTTPStatusCode, Code: string(se.Code), Message: msg}
	}
	return &StripeError{Message: "could not reach Stripe: " + err.Error()}
}

// SignStripe signs payload as Stripe signs webhooks (t=…,v1=HMAC-SHA256 of
// "t.payload" with the endpoint secret), for the demo's test payment page
// and for tests.
func SignStripe(payload []byte, secret string, at time.Time) string {
	sig := webhook.ComputeSignature(at, payload, secret)
	return fmt.Sprintf("t=%d,v1=%x", at.Unix(), sig)
}
