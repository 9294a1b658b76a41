package money

import (
	"fmt"
	"net/http"

	"github.com/labstack/echo/v4"

	"porch/errs"
	"porch/handlers"
	"porch/ledger"
	"porch/payments"
	"porch/payments/gocardless"
)

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
	return s.Render(c, status, handlers.View{Page: "pay_dd_invoice", Title: fmt.Sprintf("Pay invoice %d by Direct Debit", p.Invoice.Number), Data: p})
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
	return handlers.Redirect(c, "/money/direct-debit/payments/"+pay.PublicID)
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
		handlers.Log(c).Warn("direct debit payment not arranged", "payment", p.PublicID, "err", err)
		return p, err
	}
	handlers.Log(c).Info("direct debit payment arranged", "payment", p.PublicID,
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
		return handlers.Redirect(c, to)
	}
	if pp.Invoice != nil {
		live, err := payments.LiveDirectDebit(c.Request().Context(), handlers.OrgOf(c).DB.Read(), pp.Invoice.ID)
		if err == nil {
			return handlers.Redirect(c, "/money/direct-debit/payments/"+live.PublicID)
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
	return handlers.Redirect(c, "/money/direct-debit/payments/"+p.PublicID)
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
	p, u, err := s.paymentParam(c)
	if err != nil {
		return err
	}
	if p.Provider != payments.GoCardless {
		s.Deny(c, "not a direct debit payment")
		return moneyNotFound
	}
	d := ddPaymentData{Unit: u, Payment: ddPayment{payRow: payRow{p}}, Currency: p.Currency}
	if p.InvoiceID != 0 {
		n, pub, err := ledger.InvoiceRef(ctx, q, p.InvoiceID)
		if err != nil {
			return err
		}
		d.Payment.Invoice = n
		if d.Payment.Stage() == 0 && u.Current {
			d.PayAgain = "/money/invoices/" + pub + "/pay"
		}
	}
	if p.MandateID != 0 {
		if m, err := payments.GetMandateByID(ctx, q, p.MandateID); err == nil {
			d.Bank = m.BankHint
		}
	}
	return s.Render(c, http.StatusOK, handlers.View{Page: "pay_dd_payment", Title: "Direct Debit payment", Data: d})
}
