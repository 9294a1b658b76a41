package money

import (
	"fmt"
	"net/http"
	"strings"
	"time"

	"github.com/labstack/echo/v4"

	"porch/errs"
	"porch/estate"
	"porch/handlers"
	"porch/ledger"
	"porch/payments"
)

// payRow is a payment as the resident's screens show it.
type payRow struct {
	payments.Payment
}

// Badge is the payment's state for residents.
func (r payRow) Badge() handlers.Badge { return handlers.PaymentBadges.Of(r.Status) }

// MethodLabel is how the payment was made.
func (r payRow) MethodLabel() string { return payments.MethodWords(r.Payment) }

// Day is the day the payment was started, as the UK calendar has it.
func (r payRow) Day() time.Time { return estate.UKDate(r.CreatedAt) }

// moneyPayInfo is what the money screens show of online payments.
type moneyPayInfo struct {
	Online     bool  // residents can pay this unit's invoices online
	PayAccount bool  // and towards its account: a balance is owed now
	Pending    int64 // payments on their way
	ByInvoice  map[int64][]payRow
	Account    []payRow // payments towards the account not received, newest first
	// DirectDebit: the person can set up and manage a Direct Debit here.
	DirectDebit bool
}

// moneyPayInfo reads a unit's online payments for its money screens.
// Landlords see their tenants' accounts and are not asked to pay them.
func (s *handler) moneyPayInfo(c echo.Context, u moneyUnit) (moneyPayInfo, error) {
	ctx := c.Request().Context()
	q := handlers.OrgOf(c).DB.Read()
	var info moneyPayInfo
	cfg, err := s.payConfigOf(c)
	if err != nil {
		return info, err
	}
	info.Online = len(s.payMethods(cfg)) > 0
	info.DirectDebit = info.Online && u.Current && cfg.opened && cfg.settings.OffersDirectDebit()
	if info.Online && u.Current {
		bal, err := ledger.DebtorBalance(ctx, q, u.Debtor())
		if err != nil {
			return info, err
		}
		info.PayAccount = bal > 0
	}
	if info.Pending, err = payments.Pending(ctx, q, u.ID); err != nil {
		return info, err
	}
	ps, err := payments.OfUnit(ctx, q, u.ID)
	if err != nil {
		return info, err
	}
	info.ByInvoice = map[int64][]payRow{}
	for _, p := range ps {
		if !u.Covers(estate.UKDate(p.CreatedAt)) {
			continue
		}
		switch {
		case p.InvoiceID != 0 && len(info.ByInvoice[p.InvoiceID]) < 3:
			info.ByInvoice[p.InvoiceID] = append(info.ByInvoice[p.InvoiceID], payRow{p})
		case p.InvoiceID == 0 && !payments.Received(p.Status) && len(info.Account) < 5:
			info.Account = append(info.Account, payRow{p})
		}
	}
	return info, nil
}

// payReturnPage is the page a resident comes back to from the payment
// page: it follows the payment until the provider's event settles it.
type payReturnPage struct {
	Payment    payRow
	Unit       moneyUnit
	Invoice    int64 // the invoice's number; 0 towards the account
	Currency   string
	ReceiptURL string
	RetryURL   string
}

// Waiting reports whether Porch is still waiting to hear how the payment
// went: the page keeps asking.
func (p payReturnPage) Waiting() bool { return !payments.Settled(p.Payment.Status) }

// Paid reports a payment received.
func (p payReturnPage) Paid() bool { return payments.Received(p.Payment.Status) }

// Failed reports a payment that did not go through.
func (p payReturnPage) Failed() bool {
	return payments.Settled(p.Payment.Status) && !payments.Received(p.Payment.Status) && p.Payment.Status != payments.StatusExpired
}

// Expired reports a payment page left to expire.
func (p payReturnPage) Expired() bool { return p.Payment.Status == payments.StatusExpired }

// FailureText is why the payment failed, as a sentence.
func (p payReturnPage) FailureText() string {
	if p.Payment.Failure == "" {
		return ""
	}
	return handlers.Capitalise(strings.TrimSuffix(p.Payment.Failure, ".")) + "."
}

// What says what the payment is for: "for invoice 12", "towards your
// account".
func (p payReturnPage) What() string {
	if p.Invoice != 0 {
		return fmt.Sprintf("for invoice %d", p.Invoice)
	}
	return "towards your account"
}

// paymentParam resolves the :payment of a URL through the person's scope:
// a payment of a unit they may not read, or made outside their dates
// there, is not found.
func (s *handler) paymentParam(c echo.Context) (payments.Payment, moneyUnit, error) {
	p, err := payments.Get(c.Request().Context(), handlers.OrgOf(c).DB.Read(), c.Param("payment"))
	if errs.Is(err, errs.NotFound) {
		s.Deny(c, "no such payment")
		return p, moneyUnit{}, moneyNotFound
	}
	if err != nil {
		return p, moneyUnit{}, err
	}
	u, err := s.moneyUnitByID(c, p.UnitID, "payment not in scope")
	if err != nil {
		return p, u, err
	}
	if !u.Covers(estate.UKDate(p.CreatedAt)) {
		s.Deny(c, "payment outside the person's dates at the unit")
		return p, moneyUnit{}, moneyNotFound
	}
	return p, u, nil
}

// payReturn shows how a payment stands. Coming back from the payment page
// marks nothing paid: only the provider's event does. Until it arrives the
// status block asks again every two seconds, and stops once settled.
func (s *handler) payReturn(c echo.Context) error {
	p, u, err := s.paymentParam(c)
	if err != nil {
		return err
	}
	ctx := c.Request().Context()
	q := handlers.OrgOf(c).DB.Read()
	page := payReturnPage{Payment: payRow{p}, Unit: u, Currency: p.Currency}
	var invoicePub string
	if p.InvoiceID != 0 {
		var err error
		if page.Invoice, invoicePub, err = ledger.InvoiceRef(ctx, q, p.InvoiceID); err != nil {
			return err
		}
	}
	if p.ReceiptJournal != 0 {
		pub, err := ledger.JournalPublicID(ctx, q, p.ReceiptJournal)
		if err != nil {
			return err
		}
		page.ReceiptURL = "/money/receipts/" + pub + ".pdf"
	}
	if page.Failed() || page.Expired() {
		if u.Current {
			page.RetryURL = "/money/units/" + u.PublicID + "/pay"
		}
		if p.InvoiceID != 0 {
			page.RetryURL = "/money/invoices/" + invoicePub + "/pay"
		}
	}
	return s.Render(c, http.StatusOK, handlers.View{Page: "pay_return", Title: "Payment", Data: page})
}
