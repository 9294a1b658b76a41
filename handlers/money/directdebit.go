package money

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"net/http"
	"net/url"
	"strings"
	"time"

	"github.com/labstack/echo/v4"

	"porch/errs"
	"porch/estate"
	"porch/handlers"
	"porch/ledger"
	"porch/payments"
	"porch/payments/gocardless"
	"porch/views"
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
		s.Logger.Error("payment secrets do not open", "org", o.Slug, "req_id", handlers.RequestID(c), "err", err)
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
	if !u.Current || u.Landlord() {
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

// ddMandate is a mandate as the resident's pages show it.
type ddMandate struct {
	payments.Mandate
}

var ddMandateLabels = map[string]string{
	payments.MandatePending:           "Not finished",
	payments.MandatePendingApproval:   "Waiting for your approval",
	payments.MandatePendingSubmission: "Being set up",
	payments.MandateSubmitted:         "Being set up",
	payments.MandateActive:            "Active",
	payments.MandateFailed:            "Refused by your bank",
	payments.MandateCancelled:         "Cancelled",
	payments.MandateExpired:           "Expired",
	payments.MandateConsumed:          "Used up",
	payments.MandateBlocked:           "Blocked",
}

// StatusLabel names the mandate's state for residents.
func (m ddMandate) StatusLabel() string {
	if l, ok := ddMandateLabels[m.Status]; ok {
		return l
	}
	return m.Status
}

// BadgeClass colours the status badge.
func (m ddMandate) BadgeClass() string {
	switch {
	case m.Status == payments.MandateActive:
		return "ok"
	case m.Status == payments.MandateFailed || m.Status == payments.MandateBlocked:
		return "bad"
	case payments.MandateEnded(m.Status):
		return ""
	}
	return "warn"
}

// StatusText says what the state means for the resident.
func (m ddMandate) StatusText() string {
	switch m.Status {
	case payments.MandatePending:
		return "You have not finished setting this up on GoCardless's pages, so nothing can be collected with it."
	case payments.MandatePendingApproval:
		return "GoCardless is waiting for you to approve it."
	case payments.MandatePendingSubmission, payments.MandateSubmitted:
		return "GoCardless is setting it up with your bank, which takes a few working days. You can already arrange payments: they are collected once it is ready."
	case payments.MandateActive:
		return "Payments you arrange are collected from this account."
	case payments.MandateFailed:
		return "Your bank refused it, so nothing will be collected with it. Check your bank details and set up a new one."
	case payments.MandateCancelled:
		return "It was cancelled, by you, your bank or us, so nothing more will be collected with it."
	case payments.MandateExpired:
		return "It was not used for a long time and has expired. Set up a new one to pay by Direct Debit."
	}
	return "Nothing more will be collected with it."
}

// Bank names the account, or says it is not known yet.
func (m ddMandate) Bank() string {
	if m.BankHint != "" {
		return m.BankHint
	}
	return "Bank account"
}

// ddInvoice is an outstanding invoice on the Direct Debit page.
type ddInvoice struct {
	ledger.Invoice
	Live *payRow // a Direct Debit on its way for it
}

// ddPayment is a Direct Debit payment as the resident's pages show it.
type ddPayment struct {
	payRow
	Invoice int64 // its invoice's number; 0 towards the account
}

// ChargeDay is the day GoCardless collects (or collected) the payment.
func (p ddPayment) ChargeDay() string {
	return ddDate(p.ChargeDate)
}

// Stage is how far the collection got, for the steps shown: 1 arranged,
// 2 with the bank, 3 collected; 0 when it did not go through.
func (p ddPayment) Stage() int {
	switch p.Status {
	case payments.StatusCreated, payments.StatusPendingApproval, payments.StatusPendingSubmission:
		return 1
	case payments.StatusSubmitted:
		return 2
	case payments.StatusConfirmed, payments.StatusPaidOut:
		return 3
	}
	return 0
}

// Detail says where the payment is, in a sentence.
func (p ddPayment) Detail() string {
	day := p.ChargeDay()
	on := ""
	if day != "" {
		on = " on " + day
	}
	switch p.Status {
	case payments.StatusCreated:
		return "We are arranging it with GoCardless."
	case payments.StatusPendingApproval:
		return "GoCardless is waiting for you to approve it."
	case payments.StatusPendingSubmission:
		return "Arranged: GoCardless will collect it from your bank" + on + "."
	case payments.StatusSubmitted:
		return "Your bank has been asked to pay it" + on + ". It shows as paid here once the bank confirms, a few working days later."
	case payments.StatusConfirmed, payments.StatusPaidOut:
		return "Collected" + on + ". It is on your account, and a receipt has been emailed to you."
	case payments.StatusChargedBack:
		return "Your bank reclaimed it at your request, so it no longer counts towards your account."
	}
	if p.Failure != "" {
		return "It did not go through: " + strings.TrimSuffix(p.Failure, ".") + ". It does not count towards your account, so the amount is owed again."
	}
	return "It did not go through, so it does not count towards your account and the amount is owed again."
}

// ddDate writes a YYYY-MM-DD date as the pages do: "5 March 2026".
func ddDate(s string) string {
	d, err := time.Parse(time.DateOnly, s)
	if err != nil {
		return ""
	}
	return views.Date(d)
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
	invs, err := ledger.UnitInvoices(ctx, q, u.ID)
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
	return s.RenderPage(c, status, "pay_dd", "Direct Debit · "+p.Unit.Name, p, false)
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
		s.Logger.Warn("direct debit set-up refused", "org", o.Slug, "req_id", handlers.RequestID(c), "err", err)
		de, _ := errs.As(err)
		return s.showDDRefusal(c, ddErrorStatus(err), u, "setup", de.Message)
	}
	s.Logger.Info("direct debit set-up started", "org", o.Slug, "req_id", handlers.RequestID(c), "mandate", m.PublicID, "billing_request", m.BillingRequest)
	if err := s.Audit(c, "direct_debit.set_up", "mandate "+m.PublicID, "sent to GoCardless for "+u.Name); err != nil {
		return err
	}
	return s.Redirect(c, to)
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
		s.Logger.Warn("direct debit return: gocardless not asked", "org", handlers.OrgOf(c).Slug, "req_id", handlers.RequestID(c), "err", err)
		notice = "unavailable"
	}
	p, err := s.ddPageFor(c, u)
	if err != nil {
		return err
	}
	p.Notice, p.Returned = notice, &ddMandate{m}
	return s.showDDPage(c, http.StatusOK, p)
}

// ddAutoPay turns paying new demands automatically by Direct Debit on or
// off for one of the person's mandates. Turning it on for one turns it off
// for their others at the same home, so each demand is collected once.
func (s *handler) ddAutoPay(c echo.Context) error {
	m, u, err := s.ddMandateParam(c, c.Param("mandate"))
	if err != nil {
		return err
	}
	if _, err := s.ddAPI(c); err != nil {
		return err
	}
	var on bool
	switch c.FormValue("auto_pay") {
	case "on":
		on = true
	case "off":
	default:
		return s.showDDRefusal(c, http.StatusUnprocessableEntity, u, "auto_pay", "Choose whether to pay new demands automatically.")
	}
	ctx := c.Request().Context()
	o := handlers.OrgOf(c)
	err = o.DB.Write(ctx, func(tx *sql.Tx) error {
		if on {
			if err := ddAutoPayOthersOff(ctx, tx, s, m); err != nil {
				return err
			}
		}
		if _, err := payments.SetAutoPay(ctx, tx, s.Now(), m.ID, on); err != nil {
			return err
		}
		word := "off"
		if on {
			word = "on"
		}
		return s.AuditTx(ctx, c, tx, &m.PersonID, "direct_debit.auto_pay", "mandate "+m.PublicID, "automatic payments "+word)
	})
	if errs.Is(err, errs.Conflict) {
		de, _ := errs.As(err)
		return s.showDDRefusal(c, http.StatusConflict, u, "auto_pay", de.Message)
	}
	if err != nil {
		return err
	}
	done := "auto_off"
	if on {
		done = "auto_on"
	}
	return s.Redirect(c, "/money/units/"+u.PublicID+"/direct-debit?done="+done)
}

func ddAutoPayOthersOff(ctx context.Context, tx *sql.Tx, s *handler, m payments.Mandate) error {
	others, err := payments.MandatesOf(ctx, tx, m.UnitID, m.PersonID)
	if err != nil {
		return err
	}
	for _, o := range others {
		if o.ID != m.ID && o.AutoPay {
			if _, err := payments.SetAutoPay(ctx, tx, s.Now(), o.ID, false); err != nil {
				return err
			}
		}
	}
	return nil
}

// validPublicID reports whether s looks like a public id, before it is
// put in a URL.
func validPublicID(s string) bool {
	if s == "" || len(s) > 40 {
		return false
	}
	for _, r := range s {
		if !(r >= 'a' && r <= 'z' || r >= '0' && r <= '9' || r == '-' || r == '_' || r >= 'A' && r <= 'Z') {
			return false
		}
	}
	return true
}

// ddInvoiceData is the page that pays one invoice by Direct Debit.
type ddInvoiceData struct {
	Unit     moneyUnit
	Invoice  ledger.Invoice
	Currency string
	Mandates []ddMandate // usable ones to choose from, newest first
	Mandate  string      // the chosen one's public id
	Live     *ddPayment  // a Direct Debit already on its way for it
	Earliest string      // the soonest GoCardless can collect, in words
	Errors   errs.Fields
}

// Due is what the Direct Debit collects: what is outstanding.
func (p *ddInvoiceData) Due() int64 { return p.Invoice.Outstanding() }

// ddInvoiceTarget loads the invoice of the URL through the person's scope,
// for a unit they pay for now.
func (s *handler) ddInvoiceTarget(c echo.Context) (*ddInvoiceData, error) {
	inv, u, err := s.invoiceOfPerson(c, c.Param("id"), s.ddPays)
	if err != nil {
		return nil, err
	}
	ctx := c.Request().Context()
	q := handlers.OrgOf(c).DB.Read()
	p := &ddInvoiceData{Unit: u, Invoice: inv, Currency: handlers.OrgCurrency(c)}
	ms, err := payments.MandatesOf(ctx, q, u.ID, handlers.IdentityOf(c).Person.ID)
	if err != nil {
		return nil, err
	}
	for _, m := range ms {
		if m.Usable() {
			p.Mandates = append(p.Mandates, ddMandate{m})
		}
	}
	if len(p.Mandates) > 0 {
		p.Mandate = p.Mandates[0].PublicID
	}
	live, err := payments.LiveDirectDebit(ctx, q, inv.ID)
	switch {
	case err == nil:
		p.Live = &ddPayment{payRow: payRow{live}, Invoice: inv.Number}
	case !errs.Is(err, errs.NotFound):
		return nil, err
	}
	return p, nil
}

func (s *handler) ddInvoicePage(c echo.Context) error {
	p, err := s.ddInvoiceTarget(c)
	if err != nil {
		return err
	}
	api, err := s.ddAPI(c)
	if err != nil {
		return err
	}
	if len(p.Mandates) > 0 && p.Live == nil {
		// The soonest collection date is worth showing, not worth failing
		// the page for.
		if gm, err := api.GetMandate(c.Request().Context(), p.Mandates[0].MandateRef); err == nil {
			p.Earliest = ddDate(gm.NextPossibleChargeDate)
		}
	}
	return s.showDDInvoice(c, http.StatusOK, p)
}

func (s *handler) showDDInvoice(c echo.Context, status int, p *ddInvoiceData) error {
	s.allowGoCardlessForms(c)
	return s.RenderPage(c, status, "pay_dd_invoice", fmt.Sprintf("Pay invoice %d by Direct Debit", p.Invoice.Number), p, false)
}

// ddPayInvoice asks GoCardless to collect what is outstanding on the
// invoice from the chosen mandate, and shows the payment's progress.
func (s *handler) ddPayInvoice(c echo.Context) error {
	p, err := s.ddInvoiceTarget(c)
	if err != nil {
		return err
	}
	api, err := s.ddAPI(c)
	if err != nil {
		return err
	}
	p.Errors = errs.Fields{}
	switch {
	case p.Due() <= 0:
		p.Errors.Add("form", "This invoice is paid. Nothing is outstanding on it.")
	case p.Live != nil:
		p.Errors.Add("form", "A Direct Debit for this invoice is already arranged. It is shown below.")
	case len(p.Mandates) == 0:
		p.Errors.Add("form", "Set up a Direct Debit first.")
	}
	if len(p.Errors) > 0 {
		return s.showDDInvoice(c, http.StatusConflict, p)
	}
	var chosen *ddMandate
	p.Mandate = c.FormValue("mandate")
	for i := range p.Mandates {
		if p.Mandates[i].PublicID == p.Mandate || (p.Mandate == "" && len(p.Mandates) == 1) {
			chosen = &p.Mandates[i]
		}
	}
	if chosen == nil {
		p.Errors.Add("mandate", "Choose the bank account to pay from.")
		return s.showDDInvoice(c, http.StatusUnprocessableEntity, p)
	}
	pay, err := s.collectDirectDebit(c, api, p.Unit, &p.Invoice, chosen.Mandate, p.Due())
	if err != nil {
		de, ok := errs.As(err)
		if !ok {
			return err
		}
		p.Errors.Add("form", de.Message)
		return s.showDDInvoice(c, ddErrorStatus(err), p)
	}
	return s.Redirect(c, "/money/direct-debit/payments/"+pay.PublicID)
}

// collectDirectDebit asks GoCardless to collect amount from mandate m for
// an invoice (nil: towards the unit's account), on the soonest date.
func (s *handler) collectDirectDebit(c echo.Context, api gocardless.API, u moneyUnit, inv *ledger.Invoice, m payments.Mandate, amount int64) (payments.Payment, error) {
	o := handlers.OrgOf(c)
	req := payments.DirectDebitRequest{UnitID: u.ID, PersonID: handlers.IdentityOf(c).Person.ID, Mandate: m, Amount: amount,
		Currency: handlers.OrgCurrency(c), Description: "Payment towards " + u.Name + ", " + u.SiteName}
	if inv != nil {
		req.InvoiceID = inv.ID
		req.Description = fmt.Sprintf("Invoice %d, %s, %s", inv.Number, u.Name, u.SiteName)
	}
	p, err := payments.CollectDirectDebit(c.Request().Context(), o.DB, s.Now(), api, req)
	if err != nil {
		s.Logger.Warn("direct debit payment not arranged", "org", o.Slug, "req_id", handlers.RequestID(c), "payment", p.PublicID, "err", err)
		return p, err
	}
	s.Logger.Info("direct debit payment arranged", "org", o.Slug, "req_id", handlers.RequestID(c), "payment", p.PublicID,
		"gocardless", p.ProviderRef, "charge_date", p.ChargeDate)
	return p, nil
}

// startDirectDebitPayment is the pay page's Direct Debit method: with a
// Direct Debit set up it arranges the payment at once; without one it
// leads to setting one up first.
func (s *handler) startDirectDebitPayment(c echo.Context, pp *payPage, amount int64) error {
	api, err := s.ddAPI(c)
	if err != nil {
		return err
	}
	ms, err := payments.MandatesOf(c.Request().Context(), handlers.OrgOf(c).DB.Read(), pp.Unit.ID, handlers.IdentityOf(c).Person.ID)
	if err != nil {
		return err
	}
	var use *payments.Mandate
	for i := range ms {
		if ms[i].Usable() {
			use = &ms[i]
			break
		}
	}
	if use == nil {
		to := "/money/units/" + pp.Unit.PublicID + "/direct-debit"
		if pp.Invoice != nil {
			to += "?invoice=" + pp.Invoice.PublicID
		}
		return s.Redirect(c, to)
	}
	if pp.Invoice != nil {
		live, err := payments.LiveDirectDebit(c.Request().Context(), handlers.OrgOf(c).DB.Read(), pp.Invoice.ID)
		if err == nil {
			return s.Redirect(c, "/money/direct-debit/payments/"+live.PublicID)
		}
		if !errs.Is(err, errs.NotFound) {
			return err
		}
	}
	p, err := s.collectDirectDebit(c, api, pp.Unit, pp.Invoice, *use, amount)
	if err != nil {
		de, ok := errs.As(err)
		if !ok {
			return err
		}
		pp.Errors = errs.Fields{"form": de.Message}
		return s.showPayPage(c, ddErrorStatus(err), pp)
	}
	return s.Redirect(c, "/money/direct-debit/payments/"+p.PublicID)
}

// ddPaymentData is the progress page of one Direct Debit payment.
type ddPaymentData struct {
	Unit     moneyUnit
	Payment  ddPayment
	Bank     string
	Currency string
	PayAgain string // where to pay its invoice again, once it failed
}

// ddPaymentPage shows how far a Direct Debit payment has got: arranged,
// with the bank, collected (or why not). Anyone who may read the unit's
// account sees it.
func (s *handler) ddPaymentPage(c echo.Context) error {
	ctx := c.Request().Context()
	q := handlers.OrgOf(c).DB.Read()
	p, err := payments.Get(ctx, q, c.Param("payment"))
	if err != nil || p.Provider != payments.GoCardless {
		s.Deny(c, "no such direct debit payment")
		return moneyNotFound
	}
	u, err := s.moneyUnitByID(c, p.UnitID, "payment not in scope")
	if err != nil {
		return err
	}
	if !u.Covers(estate.UKDate(p.CreatedAt)) {
		s.Deny(c, "payment outside the person's dates at the unit")
		return moneyNotFound
	}
	d := ddPaymentData{Unit: u, Payment: ddPayment{payRow: payRow{p}}, Currency: p.Currency}
	if p.InvoiceID != 0 {
		var pub string
		if err := q.QueryRowContext(ctx, `SELECT number, public_id FROM invoices WHERE id = ?`, p.InvoiceID).Scan(&d.Payment.Invoice, &pub); err != nil {
			return err
		}
		if d.Payment.Stage() == 0 && u.Current && !u.Landlord() {
			d.PayAgain = "/money/invoices/" + pub + "/pay"
		}
	}
	if p.MandateID != 0 {
		if m, err := payments.GetMandateByID(ctx, q, p.MandateID); err == nil {
			d.Bank = m.BankHint
		}
	}
	return s.RenderPage(c, http.StatusOK, "pay_dd_payment", "Direct Debit payment", d, false)
}
