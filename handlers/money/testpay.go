package money

import (
	"encoding/json"
	"fmt"
	"net/http"
	"strings"
	"time"

	"github.com/labstack/echo/v4"

	"porch/errs"
	"porch/handlers"
	"porch/ledger"
	"porch/payments"
	"porch/sqldb"
)

// The demo's test payment page stands in for Stripe's hosted page when
// Porch runs in dev mode and the organisation has entered no Stripe keys.
// Its buttons build the event Stripe would send, sign it with the
// organisation's demo secret exactly as Stripe signs, and deliver it
// through the webhook's own code path; then the resident goes on to the
// return page, as from Stripe. Outside dev mode its addresses do not
// exist.

// testCheckoutPageData is what the test payment page shows.
type testCheckoutPageData struct {
	Payment payRow
	Unit    moneyUnit
	What    string
}

// testCheckoutTarget finds the payment of the URL for the test page, or
// answers not found when the page does not apply.
func (s *handler) testCheckoutTarget(c echo.Context) (payments.Payment, moneyUnit, error) {
	set, err := payments.LoadSettings(c.Request().Context(), handlers.OrgOf(c).DB.Read())
	if err != nil {
		return payments.Payment{}, moneyUnit{}, err
	}
	if !s.Desk(c).StripeTestMode(set) {
		return payments.Payment{}, moneyUnit{}, moneyNotFound
	}
	p, u, err := s.paymentParam(c)
	if err != nil {
		return p, u, err
	}
	if p.Provider != payments.Stripe || !strings.HasPrefix(p.ProviderRef, "cs_test_") {
		return p, u, moneyNotFound
	}
	return p, u, nil
}

func (s *handler) testCheckoutPage(c echo.Context) error {
	p, u, err := s.testCheckoutTarget(c)
	if err != nil {
		return err
	}
	if p.Status != payments.StatusOpen {
		// Already decided: there is nothing left to choose.
		return c.Redirect(http.StatusSeeOther, "/money/payments/"+p.PublicID+"/return")
	}
	d := testCheckoutPageData{Payment: payRow{p}, Unit: u, What: "Payment towards your account"}
	if p.InvoiceID != 0 {
		n, _, err := ledger.InvoiceRef(c.Request().Context(), handlers.OrgOf(c).DB.Read(), p.InvoiceID)
		if err != nil {
			return err
		}
		d.What = fmt.Sprintf("Invoice %d", n)
	}
	return s.Render(c, http.StatusOK, handlers.View{Page: "pay_test", Title: "Test payment", Data: d})
}

// testOutcomes are the test page's buttons and the Stripe events they send.
var testOutcomes = map[string]struct{ event, paymentStatus, sessionStatus string }{
	"pay":     {"checkout.session.completed", "paid", "complete"},
	"decline": {"checkout.session.async_payment_failed", "unpaid", "complete"},
	"expire":  {"checkout.session.expired", "unpaid", "expired"},
}

// testCheckout delivers the chosen outcome as a signed Stripe event through
// the webhook's path, then goes to the return page.
func (s *handler) testCheckout(c echo.Context) error {
	p, u, err := s.testCheckoutTarget(c)
	if err != nil {
		return err
	}
	out, ok := testOutcomes[c.FormValue("outcome")]
	if !ok {
		return errs.E(errs.Invalid, "Choose Pay, Decline or Let it expire.")
	}
	if p.Status == payments.StatusOpen {
		body, err := s.testStripeEvent(c, p, u, out.event, out.paymentStatus, out.sessionStatus)
		if err != nil {
			return err
		}
		secret := payments.DemoStripeSecret(s.Keys.Secrets, handlers.OrgOf(c).Slug)
		// Signed with the real clock: the webhook checks the signature's
		// age against it, as Stripe's library does.
		sig := payments.SignStripe(body, secret, time.Now())
		if _, err := s.Desk(c).ReceiveStripe(c.Request().Context(), body, sig, payments.ViaTest); err != nil {
			return fmt.Errorf("test payment event refused: %w", err)
		}
	}
	return handlers.Redirect(c, "/money/payments/"+p.PublicID+"/return")
}

// testStripeEvent is the event Stripe would send about p's Checkout
// Session, in Stripe's own shape.
func (s *handler) testStripeEvent(c echo.Context, p payments.Payment, u moneyUnit, typ, paymentStatus, sessionStatus string) ([]byte, error) {
	var intent any
	if paymentStatus == "paid" || typ == "checkout.session.async_payment_failed" {
		intent = "pi_test_" + sqldb.NewPublicID()
	}
	invoice := ""
	if p.InvoiceID != 0 {
		n, _, err := ledger.InvoiceRef(c.Request().Context(), handlers.OrgOf(c).DB.Read(), p.InvoiceID)
		if err != nil {
			return nil, err
		}
		invoice = fmt.Sprint(n)
	}
	now := s.Now()
	return json.Marshal(map[string]any{
		"id": "evt_test_" + sqldb.NewPublicID(), "object": "event", "api_version": "2024-06-20",
		"created": now.Unix(), "type": typ, "livemode": false, "pending_webhooks": 1,
		"request": map[string]any{"id": nil, "idempotency_key": nil},
		"data": map[string]any{"object": map[string]any{
			"id": p.ProviderRef, "object": "checkout.session", "mode": "payment", "status": sessionStatus,
			"payment_status": paymentStatus, "amount_total": p.Amount, "amount_subtotal": p.Amount,
			"currency": strings.ToLower(p.Currency), "payment_intent": intent, "client_reference_id": p.PublicID,
			"livemode": false, "created": p.CreatedAt.Unix(), "expires_at": p.CreatedAt.Add(2 * time.Hour).Unix(),
			"success_url": s.OrgURL(c) + "/money/payments/" + p.PublicID + "/return",
			"metadata": map[string]string{"porch_org": handlers.OrgOf(c).Slug, "porch_unit": u.PublicID, "porch_payment": p.PublicID,
				"porch_invoice": invoice, "porch_person": handlers.IdentityOf(c).Person.Email},
		}},
	})
}
