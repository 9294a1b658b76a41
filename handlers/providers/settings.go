package providers

import (
	"database/sql"
	"errors"
	"fmt"
	"net/http"
	"strings"

	"github.com/labstack/echo/v4"

	"porch/auth"
	"porch/errs"
	"porch/estate"
	"porch/handlers"
	"porch/ledger"
	"porch/payments"
)

// routes registers the payment settings, the provider events review
// screen and the providers' webhooks.
func (s *handler) routes(e *echo.Echo) {
	// Only administrators change the providers, their keys and payout
	// accounts: whoever can replace the Stripe key decides whose account
	// residents' card payments reach.
	g := s.Admin(e, "/settings/payments", auth.ChangePaymentKeys)
	g.GET("", s.paymentSettings)
	g.POST("", s.savePaymentSettings)
	g.POST("/remove", s.removePaymentProvider)
	g.POST("/test/:provider", s.testPaymentProvider)
	// Checking with the providers and reviewing their events is managers'
	// work with the money: the check records receipts as webhooks do.
	g.Needing(auth.PostMoney).POST("/sync", s.syncPaymentProviders)
	g.Needing(auth.SeeClientMoney).GET("/events", s.paymentEvents)
	g.Needing(auth.PostMoney).POST("/events/:provider/:event/reviewed", s.reviewPaymentEvent)
	e.POST("/webhooks/stripe", s.stripeWebhook, s.RequireOrg)
	e.POST("/webhooks/gocardless", s.gocardlessWebhook, s.RequireOrg)
}

// paymentForm is the settings form as submitted, without its secrets:
// those are never shown again, not even after a mistake.
type paymentForm struct {
	Card, DirectDebit, PartPayments bool
	Environment                     string
	StripePayout, GoCardlessPayout  string // bank account public ids
}

type paymentSettingsPage struct {
	Settings payments.Settings
	Form     paymentForm
	Errors   errs.Fields
	Notice   string
	// Unopenable is set when the stored secrets do not open with this
	// server's key.
	Unopenable string
	Banks      []ledger.Account
	SiteNames  map[int64]string

	StripeWebhookURL     string
	GoCardlessWebhookURL string
	NotHTTPS             bool
	EventTypes           []string
	APIVersion           string
	DemoCard             bool // dev mode stands in for Stripe with the test payment page

	StripeTest, GoCardlessTest *connTest
	Check                      syncPanel
}

// payoutChoice is the select of the bank account a provider pays out to.
type payoutChoice struct {
	Provider, Name, Selected, Error string
	Banks                           []ledger.Account
	SiteNames                       map[int64]string
}

// StripeChoice and GoCardlessChoice are the payout account selects.
func (p paymentSettingsPage) StripeChoice() payoutChoice {
	return payoutChoice{Provider: payments.Stripe, Name: "Stripe", Selected: p.Form.StripePayout, Error: p.Errors["stripe_payout_account"],
		Banks: p.Banks, SiteNames: p.SiteNames}
}

func (p paymentSettingsPage) GoCardlessChoice() payoutChoice {
	return payoutChoice{Provider: payments.GoCardless, Name: "GoCardless", Selected: p.Form.GoCardlessPayout,
		Error: p.Errors["gocardless_payout_account"], Banks: p.Banks, SiteNames: p.SiteNames}
}

// StripeTestMode reports a Stripe test key.
func (p paymentSettingsPage) StripeTestMode() bool {
	return strings.HasPrefix(p.Settings.StripeKeyHint, "sk_test_") || strings.HasPrefix(p.Settings.StripeKeyHint, "rk_test_")
}

func formOf(set payments.Settings, banks []ledger.Account) paymentForm {
	f := paymentForm{Card: set.CardEnabled, DirectDebit: set.DirectDebitEnabled, PartPayments: set.PartPayments, Environment: set.GoCardlessEnvironment}
	for _, a := range banks {
		if a.ID == set.StripePayoutAccount {
			f.StripePayout = a.PublicID
		}
		if a.ID == set.GoCardlessPayoutAccount {
			f.GoCardlessPayout = a.PublicID
		}
	}
	return f
}

// loadPaymentSettings fills what every view of the screen shows. The form
// is filled from the stored settings unless keepForm.
func (s *handler) loadPaymentSettings(c echo.Context, p *paymentSettingsPage, keepForm bool) error {
	ctx := c.Request().Context()
	o := handlers.OrgOf(c)
	q := o.DB.Read()
	var err error
	if p.Settings, err = payments.LoadSettings(ctx, q); err != nil {
		return err
	}
	if _, err := p.Settings.Open(s.Keys.Secrets, o.Slug); errors.Is(err, payments.ErrSealedElsewhere) {
		p.Unopenable = err.Error()
	} else if err != nil {
		return err
	}
	accounts, err := ledger.Accounts(ctx, q)
	if err != nil {
		return err
	}
	p.Banks = p.Banks[:0]
	for _, a := range accounts {
		if a.Purpose == ledger.PurposeBank {
			p.Banks = append(p.Banks, a)
		}
	}
	sites, err := estate.ListSites(ctx, q)
	if err != nil {
		return err
	}
	p.SiteNames = map[int64]string{}
	for _, st := range sites {
		p.SiteNames[st.ID] = st.Name
	}
	if !keepForm {
		p.Form = formOf(p.Settings, p.Banks)
	}
	base := s.OrgURL(c)
	p.StripeWebhookURL, p.GoCardlessWebhookURL = base+"/webhooks/stripe", base+"/webhooks/gocardless"
	p.NotHTTPS = !strings.HasPrefix(base, "https://")
	p.EventTypes, p.APIVersion = payments.StripeEventTypes, payments.StripeAPIVersion
	p.DemoCard = s.Desk(c).StripeTestMode(p.Settings)
	p.Check.On = syncOnSettings
	return p.Check.load(ctx, q)
}

// showPaymentSettings writes the screen, or for htmx the fragment it
// targets.
func (s *handler) showPaymentSettings(c echo.Context, status int, p paymentSettingsPage, keepForm bool) error {
	if err := s.loadPaymentSettings(c, &p, keepForm); err != nil {
		return err
	}
	return s.Render(c, status, handlers.View{Page: "admin_payments", Title: "Payment settings", Data: p, Wide: true})
}

var paymentNotices = map[string]string{
	"saved":              "Payment settings saved.",
	"removed-stripe":     "The Stripe keys were removed. Residents are not offered card payments until new keys are saved.",
	"removed-gocardless": "The GoCardless keys were removed. Residents are not offered Direct Debit until new keys are saved.",
}

func (s *handler) paymentSettings(c echo.Context) error {
	return s.showPaymentSettings(c, http.StatusOK, paymentSettingsPage{Notice: paymentNotices[c.QueryParam("done")]}, false)
}

// savePaymentSettings validates and stores the settings. New secrets are
// sealed; blank ones keep what is stored. Payouts that were waiting for a
// bank account are recorded once one is chosen.
func (s *handler) savePaymentSettings(c echo.Context) error {
	ctx := c.Request().Context()
	o := handlers.OrgOf(c)
	form := paymentForm{Card: c.FormValue("card_enabled") != "", DirectDebit: c.FormValue("direct_debit_enabled") != "",
		PartPayments: c.FormValue("part_payments") != "", Environment: c.FormValue("gocardless_environment"),
		StripePayout: c.FormValue("stripe_payout_account"), GoCardlessPayout: c.FormValue("gocardless_payout_account")}
	in := payments.SettingsInput{CardEnabled: form.Card, DirectDebitEnabled: form.DirectDebit, PartPayments: form.PartPayments,
		StripeKey: c.FormValue("stripe_secret_key"), StripeWebhook: c.FormValue("stripe_webhook_secret"),
		GoCardlessToken: c.FormValue("gocardless_token"), GoCardlessWebhook: c.FormValue("gocardless_webhook_secret"),
		GoCardlessEnvironment: form.Environment}
	var recorded int
	err := o.DB.Write(ctx, func(tx *sql.Tx) error {
		f := errs.Fields{}
		var err error
		if in.StripePayoutAccount, err = bankAccountID(ctx, tx, form.StripePayout); err != nil {
			f.Add("stripe_payout_account", "Choose one of your bank accounts, or none.")
		}
		if in.GoCardlessPayoutAccount, err = bankAccountID(ctx, tx, form.GoCardlessPayout); err != nil {
			f.Add("gocardless_payout_account", "Choose one of your bank accounts, or none.")
		}
		before, err := payments.LoadSettings(ctx, tx)
		if err != nil {
			return err
		}
		err = payments.SaveSettings(ctx, tx, s.Now(), s.Keys.Secrets, o.Slug, handlers.IdentityOf(c).Person.ID, in)
		if fe, ok := handlers.FieldsOf(err); ok {
			for k, v := range fe {
				f.Add(k, v)
			}
		} else if err != nil {
			return err
		}
		if err := f.Err(); err != nil {
			return err
		}
		after, err := payments.LoadSettings(ctx, tx)
		if err != nil {
			return err
		}
		if recorded, err = payments.RecordWaitingPayouts(ctx, tx, s.Now()); err != nil {
			return err
		}
		return s.AuditTx(ctx, c, tx, &handlers.IdentityOf(c).Person.ID, "settings.payments", "payment settings",
			paymentChanges(ctx, tx, before, after, in, recorded))
	})
	if f, ok := handlers.FieldsOf(err); ok {
		return s.showPaymentSettings(c, http.StatusUnprocessableEntity, paymentSettingsPage{Form: form, Errors: f}, true)
	}
	if err != nil {
		return err
	}
	handlers.Log(c).Info("payment settings saved", "person", handlers.IdentityOf(c).Person.ID)
	if handlers.HX(c).Swaps() == "payment-settings" {
		notice := paymentNotices["saved"]
		if recorded > 0 {
			notice += fmt.Sprintf(" %d waiting %s recorded in the chosen bank account.", recorded, handlers.Plural(recorded, "payout was", "payouts were"))
		}
		return s.showPaymentSettings(c, http.StatusOK, paymentSettingsPage{Notice: notice}, false)
	}
	return handlers.Redirect(c, "/admin/settings/payments?done=saved")
}
