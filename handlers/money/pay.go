package money

import (
	"database/sql"
	"errors"
	"fmt"
	"net/http"
	"strings"

	"github.com/labstack/echo/v4"

	"porch/errs"
	"porch/handlers"
	"porch/ledger"
	"porch/payments"
	"porch/sqldb"
)

// payRoutes registers the resident's pay journey (an invoice, or towards
// the account), the page a provider sends them back to, the demo's test
// payment page, and Stripe's webhook. The webhook lives inside the
// organisation of its host but needs no session: its signature is its
// authentication.
func (s *handler) payRoutes(e *echo.Echo) {
	g := s.Person(e, "/money")
	g.GET("/invoices/:id/pay", s.payInvoicePage)
	g.POST("/invoices/:id/pay", s.payInvoice)
	g.GET("/units/:id/pay", s.payAccountPage)
	g.POST("/units/:id/pay", s.payAccount)
	g.GET("/payments/:payment/return", s.payReturn)
	g.GET("/payments/:payment/test-checkout", s.testCheckoutPage)
	g.POST("/payments/:payment/test-checkout", s.testCheckout)
}

// payConfig is the organisation's payment settings as a request needs
// them.
type payConfig struct {
	settings payments.Settings
	creds    payments.Credentials
	opened   bool // the stored secrets opened with this server's key
	test     bool // card payments go through the demo's test payment page
}

// payConfigOf reads the payment settings and opens the providers'
// secrets. Secrets sealed under another server key are logged and treated
// as absent, so residents are simply not offered what cannot work.
func (s *handler) payConfigOf(c echo.Context) (payConfig, error) {
	set, creds, err := s.Desk(c).Secrets(c.Request().Context())
	pc := payConfig{settings: set, creds: creds}
	switch {
	case errors.Is(err, payments.ErrSealedElsewhere):
		handlers.Log(c).Error("payment secrets do not open", "err", err)
		pc.creds = payments.Credentials{}
	case err != nil:
		return payConfig{}, err
	default:
		pc.opened = true
	}
	pc.test = s.Desk(c).StripeTestMode(set)
	return pc, nil
}

// cardOffered reports whether residents can pay by card: through Stripe
// when the organisation offers it, or through the test payment page in
// dev mode while no Stripe keys are entered.
func (pc payConfig) cardOffered() bool {
	return pc.test || (pc.opened && pc.settings.OffersCard() && pc.creds.StripeKey != "")
}

// payMethod is one way to pay offered on the pay page.
type payMethod struct {
	Value string // the form value
	Label string
	Hint  string
	// start creates the payment for amount and sends the resident on to
	// the provider.
	start func(c echo.Context, pp *payPage, amount int64) error
}

// payMethods lists the ways the organisation lets residents pay, in the
// order the page offers them.
func (s *handler) payMethods(pc payConfig) []payMethod {
	var out []payMethod
	if pc.cardOffered() {
		hint := "Debit or credit card, or Apple Pay or Google Pay where your device offers them, on Stripe's secure page."
		if pc.test {
			hint = "Test mode: a test payment page stands in for Stripe, and no money moves."
		}
		out = append(out, payMethod{Value: "card", Label: "Card", Hint: hint, start: s.startCardPayment})
	}
	if pc.opened && pc.settings.OffersDirectDebit() {
		out = append(out, payMethod{Value: "direct_debit", Label: "Direct Debit", Hint: "Collected from your bank account by " +
			"GoCardless. If you have no Direct Debit with us yet, you set one up first; it takes about two minutes.",
			start: s.startDirectDebitPayment})
	}
	return out
}

// payInvoiceTarget loads the invoice of the URL through the person's scope
// and the pay page for it.
func (s *handler) payInvoiceTarget(c echo.Context) (*payPage, error) {
	inv, u, err := s.invoiceOfPerson(c, c.Param("id"), nil)
	if err != nil {
		return nil, err
	}
	pp := &payPage{Unit: u, Invoice: &inv, Due: inv.Outstanding(), Overdue: inv.Status(s.Today()) == ledger.StatusOverdue}
	return pp, s.fillPayPage(c, pp)
}

// payAccountTarget loads the unit of the URL through the person's scope
// and the pay page for a payment towards its account. Only a current
// resident pays towards the account: the balance of a home someone has
// left is no longer theirs.
func (s *handler) payAccountTarget(c echo.Context) (*payPage, error) {
	u, err := s.moneyUnitParam(c)
	if err != nil {
		return nil, err
	}
	if !u.Current {
		s.Deny(c, "account payment for a unit the person has left")
		return nil, moneyNotFound
	}
	bal, err := ledger.DebtorBalance(c.Request().Context(), handlers.OrgOf(c).DB.Read(), u.Debtor())
	if err != nil {
		return nil, err
	}
	pp := &payPage{Unit: u, Due: bal}
	return pp, s.fillPayPage(c, pp)
}

// fillPayPage adds the methods, settings and payments in progress.
func (s *handler) fillPayPage(c echo.Context, pp *payPage) error {
	ctx := c.Request().Context()
	q := handlers.OrgOf(c).DB.Read()
	cfg, err := s.payConfigOf(c)
	if err != nil {
		return err
	}
	pp.cfg, pp.Test, pp.Part = cfg, cfg.test, cfg.settings.PartPayments
	pp.Currency = handlers.OrgCurrency(c)
	pp.Methods = s.payMethods(cfg)
	if len(pp.Methods) > 0 {
		pp.Method = pp.Methods[0].Value
	}
	if pp.Due > 0 {
		pp.Amount = handlers.FormatPounds(pp.Due)
	}
	if pp.Pending, err = payments.Pending(ctx, q, pp.Unit.ID); err != nil {
		return err
	}
	if pp.Invoice != nil {
		ps, err := payments.OfInvoice(ctx, q, pp.Invoice.ID)
		if err != nil {
			return err
		}
		for i, p := range ps {
			if i == 5 {
				break
			}
			pp.Attempts = append(pp.Attempts, payRow{Payment: p})
		}
	}
	pp.Cancelled = c.QueryParam("cancelled") != ""
	return nil
}

func (s *handler) payInvoicePage(c echo.Context) error {
	pp, err := s.payInvoiceTarget(c)
	if err != nil {
		return err
	}
	return s.showPayPage(c, http.StatusOK, pp)
}

func (s *handler) payAccountPage(c echo.Context) error {
	pp, err := s.payAccountTarget(c)
	if err != nil {
		return err
	}
	return s.showPayPage(c, http.StatusOK, pp)
}

func (s *handler) payInvoice(c echo.Context) error {
	pp, err := s.payInvoiceTarget(c)
	if err != nil {
		return err
	}
	return s.startPayment(c, pp)
}

func (s *handler) payAccount(c echo.Context) error {
	pp, err := s.payAccountTarget(c)
	if err != nil {
		return err
	}
	return s.startPayment(c, pp)
}

// showPayPage writes the pay page, or just its form for htmx. The form may
// post to Stripe's hosted page by redirect, so the page's policy lets forms
// go there.
func (s *handler) showPayPage(c echo.Context, status int, pp *payPage) error {
	if !pp.Test {
		h := c.Response().Header()
		h.Set("Content-Security-Policy", strings.Replace(h.Get("Content-Security-Policy"),
			"form-action 'self'", "form-action 'self' https://checkout.stripe.com", 1))
	}
	title := "Pay · " + pp.Unit.Name
	if pp.Invoice != nil {
		title = fmt.Sprintf("Pay invoice %d", pp.Invoice.Number)
	}
	return s.Render(c, status, handlers.View{Page: "pay", Title: title, Data: pp})
}

// startPayment checks the amount and method and hands over to the
// method's start. A refusal shows the form again with messages next to
// the fields, and writes nothing.
func (s *handler) startPayment(c echo.Context, pp *payPage) error {
	pp.Amount = strings.TrimSpace(c.FormValue("amount"))
	pp.Method = c.FormValue("method")
	pp.Errors = errs.Fields{}
	if len(pp.Methods) == 0 {
		pp.Errors.Add("form", "Paying online is not available here. Contact us to pay another way.")
		return s.showPayPage(c, http.StatusConflict, pp)
	}
	if pp.Due <= 0 {
		pp.Errors.Add("form", "Nothing is owed here, so there is nothing to pay.")
		return s.showPayPage(c, http.StatusConflict, pp)
	}
	amount := pp.Due
	if pp.Part {
		amount = handlers.AmountField(pp.Errors, "amount", pp.Amount)
		if amount > pp.Due {
			owed := "outstanding on this invoice"
			if pp.Invoice == nil {
				owed = "owed on your account"
			}
			pp.Errors.Add("amount", fmt.Sprintf("You can pay at most %s, the amount %s.", pp.DueText(), owed))
		}
	} else {
		pp.Amount = handlers.FormatPounds(pp.Due)
	}
	m, ok := pp.method(pp.Method)
	if !ok {
		pp.Errors.Add("method", "Choose how to pay.")
	}
	if len(pp.Errors) > 0 {
		return s.showPayPage(c, http.StatusUnprocessableEntity, pp)
	}
	pp.Method = m.Value
	return m.start(c, pp, amount)
}

// startCardPayment records the payment, asks Stripe for a Checkout Session
// with the payment's own idempotency key, and sends the resident to
// Stripe's page. In test mode the test payment page stands in for Stripe.
// If Stripe refuses, the payment is marked abandoned, the form says why,
// and nothing else is written.
func (s *handler) startCardPayment(c echo.Context, pp *payPage, amount int64) error {
	ctx := c.Request().Context()
	o := handlers.OrgOf(c)
	id := handlers.IdentityOf(c)
	in := payments.NewPayment{Provider: payments.Stripe, UnitID: pp.Unit.ID, PersonID: id.Person.ID, Amount: amount, Currency: pp.Currency}
	if pp.Invoice != nil {
		in.InvoiceID = pp.Invoice.ID
	}
	var p payments.Payment
	err := o.DB.Write(ctx, func(tx *sql.Tx) error {
		var err error
		p, err = payments.Create(ctx, tx, s.Now(), in)
		return err
	})
	if f, ok := handlers.FieldsOf(err); ok {
		pp.Errors = handlers.MapFields(f, handlers.FormKeys("amount", "method"))
		return s.showPayPage(c, http.StatusUnprocessableEntity, pp)
	}
	if err != nil {
		return err
	}
	started := func(ref string) error {
		return o.DB.Write(ctx, func(tx *sql.Tx) error {
			return payments.Started(ctx, tx, s.Now(), p.ID, ref, payments.StatusOpen, "")
		})
	}
	if pp.Test {
		if err := started("cs_test_" + sqldb.NewPublicID() + sqldb.NewPublicID()); err != nil {
			return err
		}
		return handlers.Redirect(c, "/money/payments/"+p.PublicID+"/test-checkout")
	}
	cancel := s.OrgURL(c) + pp.Action() + "?cancelled=1"
	desc := "Payment towards the account of " + pp.Unit.Name + ", " + pp.Unit.SiteName
	invoice := ""
	if pp.Invoice != nil {
		invoice = fmt.Sprint(pp.Invoice.Number)
		desc = fmt.Sprintf("Invoice %d, %s, %s", pp.Invoice.Number, pp.Unit.Name, pp.Unit.SiteName)
	}
	cs, err := s.Stripe.NewStripe(pp.cfg.creds.StripeKey).CreateCheckout(ctx, payments.Checkout{Payment: p, Description: desc,
		Email: id.Person.Email, SuccessURL: s.OrgURL(c) + "/money/payments/" + p.PublicID + "/return", CancelURL: cancel,
		Org: o.Slug, UnitPublic: pp.Unit.PublicID, Invoice: invoice, PersonEmail: id.Person.Email})
	if err != nil {
		handlers.Log(c).Warn("stripe checkout refused", "payment", p.PublicID, "err", err)
		if aerr := o.DB.Write(ctx, func(tx *sql.Tx) error {
			return payments.Abandon(ctx, tx, s.Now(), p.ID, "the card payment page could not be opened")
		}); aerr != nil {
			return aerr
		}
		pp.Errors = errs.Fields{"form": "The card payment page could not be opened" + stripeSaid(err) +
			". Nothing was taken. Please try again in a few minutes; if it keeps happening, contact us."}
		return s.showPayPage(c, http.StatusBadGateway, pp)
	}
	if err := started(cs.ID); err != nil {
		return err
	}
	handlers.Log(c).Info("card payment started", "payment", p.PublicID, "session", cs.ID)
	return handlers.Redirect(c, cs.URL)
}

// stripeSaid quotes Stripe's reason for a refusal, when it gave one.
func stripeSaid(err error) string {
	var se *payments.StripeError
	if errors.As(err, &se) && se.Message != "" {
		return " (Stripe said: " + strings.TrimSuffix(se.Message, ".") + ")"
	}
	return ""
}
