package providers

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"net/http"
	"strings"

	"github.com/labstack/echo/v4"

	"porch/errs"
	"porch/estate"
	"porch/handlers"
	"porch/ledger"
	"porch/payments"
	"porch/payments/gocardless"
	"porch/sqldb"
)

// paymentRoutes registers the managers' payment settings and the provider
// events review screen.
func (s *handler) routes(e *echo.Echo) {
	g := s.Admin(e, "/settings/payments", s.requirePaymentsManager)
	g.GET("", s.paymentSettings)
	g.POST("", s.savePaymentSettings)
	g.POST("/remove", s.removePaymentProvider)
	g.POST("/test/:provider", s.testPaymentProvider)
	g.POST("/sync", s.syncPaymentProviders)
	g.GET("/events", s.paymentEvents)
	g.POST("/events/:provider/:event/reviewed", s.reviewPaymentEvent)
	e.POST("/webhooks/stripe", s.stripeWebhook, s.RequireOrg)
	e.POST("/webhooks/gocardless", s.gocardlessWebhook, s.RequireOrg)
}

// requirePaymentsManager lets through administrators and managers: the
// payment settings hold the keys to the organisation's money.
func (s *handler) requirePaymentsManager(next echo.HandlerFunc) echo.HandlerFunc {
	return func(c echo.Context) error {
		switch handlers.IdentityOf(c).Scope.StaffRole {
		case estate.StaffRoleAdmin, estate.StaffRoleManager:
			return next(c)
		}
		s.Deny(c, "not a manager")
		return errs.E(errs.Forbidden, "Only administrators and managers can see and change the payment settings.")
	}
}

// paymentForm is the settings form as submitted, without its secrets:
// those are never shown again, not even after a mistake.
type paymentForm struct {
	Card, DirectDebit, PartPayments bool
	Environment                     string
	StripePayout, GoCardlessPayout  string // bank account public ids
}

// connTest is the answer to a "Test connection" button.
type connTest struct {
	OK      bool
	Message string
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
	Sync                       *payments.SyncResult
	SyncError                  string
	ToReview                   int
	Waiting                    []payments.ProviderPayout
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
	if p.ToReview, err = payments.ToReview(ctx, q); err != nil {
		return err
	}
	p.Waiting, err = payments.WaitingPayouts(ctx, q)
	return err
}

// showPaymentSettings writes the screen, or for htmx the fragment it
// targets.
func (s *handler) showPaymentSettings(c echo.Context, status int, p paymentSettingsPage, keepForm bool) error {
	if err := s.loadPaymentSettings(c, &p, keepForm); err != nil {
		return err
	}
	switch t := handlers.HXTarget(c); t {
	case "payment-settings", "stripe-test", "gocardless-test", "provider-sync":
		return s.RenderBlock(c, status, "admin_payments", t, "Payment settings", p)
	}
	return s.RenderAdmin(c, status, "admin_payments", "Payment settings", p)
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
	s.Logger.Info("payment settings saved", "org", o.Slug, "req_id", handlers.RequestID(c), "person", handlers.IdentityOf(c).Person.ID)
	if handlers.HXTarget(c) == "payment-settings" {
		notice := paymentNotices["saved"]
		if recorded > 0 {
			notice += fmt.Sprintf(" %d waiting %s recorded in the chosen bank account.", recorded, handlers.Plural(recorded, "payout was", "payouts were"))
		}
		return s.showPaymentSettings(c, http.StatusOK, paymentSettingsPage{Notice: notice}, false)
	}
	return s.Redirect(c, "/admin/settings/payments?done=saved")
}

// bankAccountID is the ledger id of the bank account with public id pub;
// "" is none (0).
func bankAccountID(ctx context.Context, q sqldb.Querier, pub string) (int64, error) {
	if pub = strings.TrimSpace(pub); pub == "" {
		return 0, nil
	}
	var id int64
	err := q.QueryRowContext(ctx, `SELECT id FROM ledger_accounts WHERE public_id = ? AND purpose = 'bank'`, pub).Scan(&id)
	if errors.Is(err, sql.ErrNoRows) {
		return 0, errs.E(errs.NotFound, "There is no such bank account.")
	}
	return id, err
}

// paymentChanges says for the audit log what a save changed, naming the
// secrets replaced but never their values.
func paymentChanges(ctx context.Context, q sqldb.Querier, before, after payments.Settings, in payments.SettingsInput, recorded int) string {
	var out []string
	onOff := func(what string, was, is bool) {
		if was != is {
			state := "off"
			if is {
				state = "on"
			}
			out = append(out, what+" "+state)
		}
	}
	onOff("card payments", before.CardEnabled, after.CardEnabled)
	onOff("Direct Debit", before.DirectDebitEnabled, after.DirectDebitEnabled)
	onOff("part payments", before.PartPayments, after.PartPayments)
	for _, sec := range []struct{ name, typed string }{
		{"Stripe secret key", in.StripeKey}, {"Stripe webhook signing secret", in.StripeWebhook},
		{"GoCardless access token", in.GoCardlessToken}, {"GoCardless webhook secret", in.GoCardlessWebhook},
	} {
		if strings.TrimSpace(sec.typed) != "" {
			out = append(out, sec.name+" replaced")
		}
	}
	if before.GoCardlessEnvironment != after.GoCardlessEnvironment {
		out = append(out, "GoCardless environment "+after.GoCardlessEnvironment)
	}
	account := func(id int64) string {
		if id == 0 {
			return "no account"
		}
		var code, name string
		if err := q.QueryRowContext(ctx, `SELECT code, name FROM ledger_accounts WHERE id = ?`, id).Scan(&code, &name); err != nil {
			return fmt.Sprint("account ", id)
		}
		return code + " " + name
	}
	if before.StripePayoutAccount != after.StripePayoutAccount {
		out = append(out, "Stripe payouts to "+account(after.StripePayoutAccount))
	}
	if before.GoCardlessPayoutAccount != after.GoCardlessPayoutAccount {
		out = append(out, "GoCardless payouts to "+account(after.GoCardlessPayoutAccount))
	}
	if recorded > 0 {
		out = append(out, fmt.Sprintf("%d waiting %s recorded", recorded, handlers.Plural(recorded, "payout", "payouts")))
	}
	if len(out) == 0 {
		return "no change"
	}
	return strings.Join(out, "; ")
}

// removePaymentProvider clears a provider's stored secrets; everything
// else stays as it is.
func (s *handler) removePaymentProvider(c echo.Context) error {
	ctx := c.Request().Context()
	o := handlers.OrgOf(c)
	provider := c.FormValue("provider")
	if provider != payments.Stripe && provider != payments.GoCardless {
		return errs.E(errs.Invalid, "Choose Stripe or GoCardless to remove.")
	}
	err := o.DB.Write(ctx, func(tx *sql.Tx) error {
		cur, err := payments.LoadSettings(ctx, tx)
		if err != nil {
			return err
		}
		err = payments.SaveSettings(ctx, tx, s.Now(), s.Keys.Secrets, o.Slug, handlers.IdentityOf(c).Person.ID, payments.SettingsInput{
			CardEnabled: cur.CardEnabled, DirectDebitEnabled: cur.DirectDebitEnabled, PartPayments: cur.PartPayments,
			GoCardlessEnvironment: cur.GoCardlessEnvironment, StripePayoutAccount: cur.StripePayoutAccount,
			GoCardlessPayoutAccount: cur.GoCardlessPayoutAccount, Clear: []string{provider}})
		if err != nil {
			return err
		}
		name := "Stripe"
		if provider == payments.GoCardless {
			name = "GoCardless"
		}
		return s.AuditTx(ctx, c, tx, &handlers.IdentityOf(c).Person.ID, "settings.payments", "payment settings", name+" keys removed")
	})
	if err != nil {
		return err
	}
	s.Logger.Info("payment provider keys removed", "org", o.Slug, "req_id", handlers.RequestID(c), "provider", provider)
	if handlers.HXTarget(c) == "payment-settings" {
		return s.showPaymentSettings(c, http.StatusOK, paymentSettingsPage{Notice: paymentNotices["removed-"+provider]}, false)
	}
	return s.Redirect(c, "/admin/settings/payments?done=removed-"+provider)
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
	s.Logger.Info("payment provider connection tested", "org", o.Slug, "req_id", handlers.RequestID(c), "provider", provider, "ok", res.OK)
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

// syncPaymentProviders is the "Check with the providers now" button.
func (s *handler) syncPaymentProviders(c echo.Context) error {
	res, err := s.Desk(c).Sync(c.Request().Context())
	p := paymentSettingsPage{Sync: &res}
	if err != nil {
		// The stored settings cannot be read or opened: say so.
		if !errors.Is(err, payments.ErrSealedElsewhere) {
			return err
		}
		p.Sync, p.SyncError = nil, err.Error()
	}
	return s.showPaymentSettings(c, http.StatusOK, p, false)
}
