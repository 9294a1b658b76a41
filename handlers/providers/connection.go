package providers

import (
	"context"
	"errors"
	"fmt"
	"net/http"
	"strings"

	"github.com/labstack/echo/v4"

	"porch/errs"
	"porch/handlers"
	"porch/payments"
	"porch/payments/gocardless"
)

// connTest is the answer to a "Test connection" button.
type connTest struct {
	OK      bool
	Message string
}

// testPaymentProvider checks the stored credentials of a provider with a
// call that changes nothing, and says what the provider answered.
func (s *handler) testPaymentProvider(c echo.Context) error {
	ctx := c.Request().Context()
	o := handlers.OrgOf(c)
	provider := c.Param("provider")
	if provider != payments.Stripe && provider != payments.GoCardless {
		return errs.E(errs.NotFound, "There is no page at this address.")
	}
	set, err := payments.LoadSettings(ctx, o.DB.Read())
	if err != nil {
		return err
	}
	var res connTest
	creds, err := set.Open(s.Keys.Secrets, o.Slug)
	switch {
	case err != nil:
		res.Message = err.Error()
	case provider == payments.Stripe:
		res = s.testStripe(ctx, creds)
	default:
		res = s.testGoCardless(ctx, set, creds)
	}
	handlers.Log(c).Info("payment provider connection tested", "provider", provider, "ok", res.OK)
	p := paymentSettingsPage{}
	if provider == payments.Stripe {
		p.StripeTest = &res
	} else {
		p.GoCardlessTest = &res
	}
	return s.showPaymentSettings(c, http.StatusOK, p, false)
}

func (s *handler) testStripe(ctx context.Context, creds payments.Credentials) connTest {
	if creds.StripeKey == "" {
		return connTest{Message: "No Stripe secret key is saved. Paste it above and save first."}
	}
	if err := s.Stripe.NewStripe(creds.StripeKey).TestConnection(ctx); err != nil {
		return connTest{Message: err.Error()}
	}
	mode := "live mode"
	if strings.HasPrefix(creds.StripeKey, "sk_test_") || strings.HasPrefix(creds.StripeKey, "rk_test_") {
		mode = "test mode: no real money moves"
	}
	return connTest{OK: true, Message: "Connected: Stripe accepted the secret key (" + mode + ")."}
}

func (s *handler) testGoCardless(ctx context.Context, set payments.Settings, creds payments.Credentials) connTest {
	if creds.GoCardlessToken == "" {
		return connTest{Message: "No GoCardless access token is saved. Paste it above and save first."}
	}
	api, err := payments.GoCardlessClient(set, creds, s.GoCardlessURL, s.Logger)
	if err != nil {
		return connTest{Message: err.Error()}
	}
	cr, err := api.TestConnection(ctx)
	if errors.Is(err, gocardless.ErrUnauthorized) {
		return connTest{Message: "GoCardless refused the access token. Check it, and that it is for the " + set.GoCardlessEnvironment +
			" environment, in GoCardless's dashboard under Developers."}
	}
	if err != nil {
		return connTest{Message: "GoCardless did not answer as expected: " + strings.TrimPrefix(err.Error(), "gocardless: ")}
	}
	return connTest{OK: true, Message: fmt.Sprintf("Connected to GoCardless (%s) as %s.", set.GoCardlessEnvironment, cr.Name)}
}
