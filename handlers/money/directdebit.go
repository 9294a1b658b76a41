package money

import (
	"errors"
	"net/http"
	"net/url"
	"strings"

	"github.com/labstack/echo/v4"

	"porch/errs"
	"porch/estate"
	"porch/handlers"
	"porch/ledger"
	"porch/payments"
	"porch/payments/gocardless"
)

// directDebitRoutes registers Direct Debit by GoCardless: the webhook, a
// unit's Direct Debit page (set up a mandate, turn automatic payments on
// or off), the page GoCardless sends the payer back to, paying one invoice
// by Direct Debit, and a Direct Debit payment's progress. The webhook lives
// inside the organisation of its host and needs no session.
func (s *handler) directDebitRoutes(e *echo.Echo) {
	g := s.Person(e, "/money")
	g.GET("/units/:id/direct-debit", s.ddPage)
	g.POST("/units/:id/direct-debit", s.ddSetUp)
	g.GET("/direct-debit/return", s.ddReturn)
	g.POST("/direct-debit/:mandate/auto-pay", s.ddAutoPay)
	g.GET("/invoices/:id/direct-debit", s.ddInvoicePage)
	g.POST("/invoices/:id/direct-debit", s.ddPayInvoice)
	g.GET("/direct-debit/payments/:payment", s.ddPaymentPage)
}

// ddAPI is the organisation's GoCardless client, or payments.ErrNoDirectDebit
// (a 404 page that says so) when it does not offer Direct Debit. Secrets
// sealed under another server key are logged and taken as absent.
func (s *handler) ddAPI(c echo.Context) (gocardless.API, error) {
	o := handlers.OrgOf(c)
	api, err := payments.OpenGoCardless(c.Request().Context(), o.DB.Read(), o.Slug,
		payments.GoCardlessConfig{Key: s.Keys.Secrets, BaseURL: s.GoCardlessURL})
	if errors.Is(err, payments.ErrSealedElsewhere) {
		handlers.Log(c).Error("payment secrets do not open", "err", err)
		return nil, payments.ErrNoDirectDebit
	}
	return api, err
}

// ddUnit resolves the unit of a Direct Debit URL: one the person may read,
// lives in now, and pays for themselves (a landlord sees their tenant's
// account but does not pay it). Anything else is not found.
func (s *handler) ddUnit(c echo.Context, publicID string) (moneyUnit, error) {
	u, err := s.moneyUnitByPublicID(c, publicID)
	if err != nil {
		return u, err
	}
	return u, s.ddPays(c, u)
}

// ddPays refuses, as not found, a unit the person does not live in now or
// does not pay for themselves.
func (s *handler) ddPays(c echo.Context, u moneyUnit) error {
	if !u.Current {
		s.Deny(c, "direct debit for a unit the person does not pay for now")
		return moneyNotFound
	}
	return nil
}

// ddMandateParam loads a mandate of the URL: only its own person reaches
// it, and only while they pay for its unit.
func (s *handler) ddMandateParam(c echo.Context, publicID string) (payments.Mandate, moneyUnit, error) {
	m, err := payments.GetMandate(c.Request().Context(), handlers.OrgOf(c).DB.Read(), publicID)
	if err != nil || m.PersonID != handlers.IdentityOf(c).Person.ID {
		s.Deny(c, "direct debit of another person")
		return m, moneyUnit{}, moneyNotFound
	}
	u, err := s.moneyUnitByID(c, m.UnitID, "direct debit of a unit not in scope")
	if err != nil {
		return m, u, err
	}
	return m, u, s.ddPays(c, u)
}

// ddPageData is a unit's Direct Debit page.
type ddPageData struct {
	Unit       moneyUnit
	Currency   string
	Mandates   []ddMandate // the person's, newest first, unfinished ones left out
	Usable     *ddMandate  // the newest that can collect
	Invoices   []ddInvoice // outstanding, oldest first
	Payments   []ddPayment // the unit's Direct Debits, newest first
	Notice     string      // returned, exited, auto_on, auto_off, unavailable
	Returned   *ddMandate  // the mandate the person just came back from setting up
	Unfinished bool        // the newest set-up was not finished
	Errors     errs.Fields
	For        string // the public id of the invoice the person came to pay
}

// AutoPay reports whether the person pays new demands automatically.
func (p *ddPageData) AutoPay() bool { return p.Usable != nil && p.Usable.AutoPay }

func (s *handler) ddPage(c echo.Context) error {
	u, err := s.ddUnit(c, c.Param("id"))
	if err != nil {
		return err
	}
	if _, err := s.ddAPI(c); err != nil {
		return err
	}
	p, err := s.ddPageFor(c, u)
	if err != nil {
		return err
	}
	switch n := c.QueryParam("done"); n {
	case "exited", "auto_on", "auto_off":
		p.Notice = n
	}
	p.For = c.QueryParam("invoice")
	return s.showDDPage(c, http.StatusOK, p)
}

// ddPageFor reads what a unit's Direct Debit page shows.
func (s *handler) ddPageFor(c echo.Context, u moneyUnit) (*ddPageData, error) {
	ctx := c.Request().Context()
	q := handlers.OrgOf(c).DB.Read()
	p := &ddPageData{Unit: u, Currency: handlers.OrgCurrency(c)}
	ms, err := payments.MandatesOf(ctx, q, u.ID, handlers.IdentityOf(c).Person.ID)
	if err != nil {
		return nil, err
	}
	for i, m := range ms {
		if m.Status == payments.MandatePending {
			p.Unfinished = p.Unfinished || i == 0
			continue
		}
		p.Mandates = append(p.Mandates, ddMandate{m})
		if p.Usable == nil && m.Usable() {
			p.Usable = &ddMandate{m}
		}
	}
	invs, err := ledger.DebtorInvoices(ctx, q, u.Debtor())
	if err != nil {
		return nil, err
	}
	cancelled, err := ledger.CancelledInvoices(ctx, q, u.ID)
	if err != nil {
		return nil, err
	}
	for i := len(invs) - 1; i >= 0; i-- {
		inv := invs[i]
		if inv.Outstanding() <= 0 || cancelled[inv.PublicID] || !u.Covers(inv.IssueDate) {
			continue
		}
		row := ddInvoice{Invoice: inv}
		live, err := payments.LiveDirectDebit(ctx, q, inv.ID)
		switch {
		case err == nil:
			row.Live = &payRow{live}
		case !errs.Is(err, errs.NotFound):
			return nil, err
		}
		p.Invoices = append(p.Invoices, row)
	}
	ps, err := payments.OfUnit(ctx, q, u.ID)
	if err != nil {
		return nil, err
	}
	numbers := map[int64]int64{}
	for _, inv := range invs {
		numbers[inv.ID] = inv.Number
	}
	for _, pm := range ps {
		if pm.Provider != payments.GoCardless || len(p.Payments) == moneyListLimit {
			continue
		}
		p.Payments = append(p.Payments, ddPayment{payRow: payRow{pm}, Invoice: numbers[pm.InvoiceID]})
	}
	return p, nil
}

// showDDPage writes the Direct Debit page. Its set-up form is answered
// with a redirect to GoCardless's pages, so the page's policy lets forms
// go there.
func (s *handler) showDDPage(c echo.Context, status int, p *ddPageData) error {
	s.allowGoCardlessForms(c)
	return s.Render(c, status, handlers.View{Page: "pay_dd", Title: "Direct Debit · " + p.Unit.Name, Data: p})
}

// showDDRefusal shows the unit's Direct Debit page again with msg next to
// field.
func (s *handler) showDDRefusal(c echo.Context, status int, u moneyUnit, field, msg string) error {
	p, err := s.ddPageFor(c, u)
	if err != nil {
		return err
	}
	p.Errors = errs.Fields{field: msg}
	return s.showDDPage(c, status, p)
}

// allowGoCardlessForms lets the page's forms lead to GoCardless's hosted
// pages (and to the fake standing in for GoCardless in tests).
func (s *handler) allowGoCardlessForms(c echo.Context) {
	extra := "https://pay.gocardless.com https://pay-sandbox.gocardless.com"
	if u, err := url.Parse(s.GoCardlessURL); err == nil && u.Scheme != "" && u.Host != "" {
		extra += " " + u.Scheme + "://" + u.Host
	}
	h := c.Response().Header()
	h.Set("Content-Security-Policy", strings.Replace(h.Get("Content-Security-Policy"), "form-action 'self'", "form-action 'self' "+extra, 1))
}

// ddSetUp starts setting up a Direct Debit for the unit and sends the
// person to GoCardless's pages. GoCardless sends them back to ddReturn.
func (s *handler) ddSetUp(c echo.Context) error {
	u, err := s.ddUnit(c, c.Param("id"))
	if err != nil {
		return err
	}
	api, err := s.ddAPI(c)
	if err != nil {
		return err
	}
	ctx := c.Request().Context()
	o := handlers.OrgOf(c)
	me := handlers.IdentityOf(c).Person
	base := s.OrgURL(c) + "/money/"
	exit := base + "units/" + u.PublicID + "/direct-debit?done=exited"
	if inv := c.FormValue("invoice"); inv != "" && validPublicID(inv) {
		exit += "&invoice=" + inv
	}
	m, to, err := payments.SetUpMandate(ctx, o.DB, s.Now(), api, payments.MandateSetup{
		PersonID: me.ID, UnitID: u.ID, PersonPublic: me.PublicID, UnitPublic: u.PublicID,
		RedirectURI: func(pub string) string { return base + "direct-debit/return?mandate=" + pub },
		ExitURI:     exit,
		Customer:    ddCustomer(me),
	})
	if err != nil {
		if _, ok := errs.As(err); !ok {
			return err
		}
		handlers.Log(c).Warn("direct debit set-up refused", "err", err)
		de, _ := errs.As(err)
		return s.showDDRefusal(c, ddErrorStatus(err), u, "setup", de.Message)
	}
	handlers.Log(c).Info("direct debit set-up started", "mandate", m.PublicID, "billing_request", m.BillingRequest)
	if err := s.Audit(c, "direct_debit.set_up", "mandate "+m.PublicID, "sent to GoCardless for "+u.Name); err != nil {
		return err
	}
	return handlers.Redirect(c, to)
}

// ddCustomer prefills the payer's name and email on GoCardless's pages.
func ddCustomer(p estate.Person) *gocardless.PrefilledCustomer {
	pc := &gocardless.PrefilledCustomer{Email: p.Email}
	if i := strings.LastIndex(p.FullName, " "); i > 0 {
		pc.GivenName, pc.FamilyName = p.FullName[:i], p.FullName[i+1:]
	} else {
		pc.FamilyName = p.FullName
	}
	return pc
}

// ddErrorStatus is the status a refused Direct Debit request is shown
// with.
func ddErrorStatus(err error) int {
	switch errs.CodeOf(err) {
	case errs.Unavailable:
		return http.StatusServiceUnavailable
	case errs.Invalid:
		return http.StatusUnprocessableEntity
	}
	return http.StatusConflict
}

// ddReturn is where GoCardless sends the payer back: Porch asks GoCardless
// how the set-up went (a redirect proves nothing by itself) and shows the
// mandate's state on the unit's Direct Debit page.
func (s *handler) ddReturn(c echo.Context) error {
	m, u, err := s.ddMandateParam(c, c.QueryParam("mandate"))
	if err != nil {
		return err
	}
	api, err := s.ddAPI(c)
	if err != nil {
		return err
	}
	ctx := c.Request().Context()
	notice := "returned"
	if m, err = payments.RefreshMandate(ctx, handlers.OrgOf(c).DB, s.Now(), api, m); err != nil {
		if _, ok := errs.As(err); !ok {
			return err
		}
		handlers.Log(c).Warn("direct debit return: gocardless not asked", "err", err)
		notice = "unavailable"
	}
	p, err := s.ddPageFor(c, u)
	if err != nil {
		return err
	}
	p.Notice, p.Returned = notice, &ddMandate{m}
	return s.showDDPage(c, http.StatusOK, p)
}
