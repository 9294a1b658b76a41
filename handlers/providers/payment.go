package providers

import (
	"context"
	"net/http"
	"strings"

	"github.com/labstack/echo/v4"

	"porch/auth"
	"porch/errs"
	"porch/estate"
	"porch/handlers"
	"porch/payments"
	"porch/sqldb"
)

// paymentRoutes serves the managers' payment screens: every online
// payment, one payment with its refunds, disputes and events, and the
// refund form.
func (s *handler) paymentRoutes(e *echo.Echo) {
	g := s.Admin(e, "/payments", auth.SeeAccounts)
	g.GET("", s.paymentList)
	g.GET("/:payment", s.paymentScreen)
	// A refund sends the residents' money back out of the organisation's
	// Stripe account: those who move client money do it.
	g.Needing(auth.MoveClientMoney).POST("/:payment/refund", s.refundPayment)
}

// refundBadges name the states of a refund a manager asked for.
var refundBadges = handlers.Badges{
	payments.RefundRequested: {Label: "Requested", Class: "warn"},
	payments.RefundPending:   {Label: "Waiting for Stripe", Class: "warn"},
	payments.RefundSucceeded: {Label: "Refunded", Class: "ok"},
	payments.RefundFailed:    {Label: "Failed", Class: "bad"},
}

// paymentRow is a payment as the managers' screens show it.
type paymentRow struct{ payments.Listed }

// Badge is the payment's state for managers.
func (r paymentRow) Badge() handlers.Badge { return handlers.PaymentBadges.Of(r.Status) }

// Words is how the payment was made.
func (r paymentRow) Words() string { return payments.MethodWords(r.Payment) }

// refundRow is a refund as the payment screen lists it.
type refundRow struct{ payments.Refund }

func (r refundRow) Badge() handlers.Badge { return refundBadges.Of(r.Status) }

type paymentListPage struct {
	Rows  []paymentRow
	Total int
	Unit  *estate.Unit // the unit the list is of, if one
}

// paymentList lists the online payments, newest first: every unit's, or
// one unit's (?unit=).
func (s *handler) paymentList(c echo.Context) error {
	ctx := c.Request().Context()
	q := handlers.OrgOf(c).DB.Read()
	var p paymentListPage
	var f payments.ListFilter
	if pub := strings.TrimSpace(c.QueryParam("unit")); pub != "" {
		u, err := estate.GetUnit(ctx, q, pub)
		if err != nil {
			return err
		}
		p.Unit, f.UnitID = &u, u.ID
	}
	rows, total, err := payments.List(ctx, q, f)
	if err != nil {
		return err
	}
	for _, r := range rows {
		p.Rows = append(p.Rows, paymentRow{r})
	}
	p.Total = total
	return s.Render(c, http.StatusOK, handlers.View{Page: "admin_payment_list", Title: "Online payments", Data: p, Wide: true})
}

// paymentPage is one payment: what it paid, what came back, and the
// refund form.
type paymentPage struct {
	Payment    paymentRow
	Refunds    []refundRow
	Events     []payments.StoredEvent
	Refundable int64
	Form       refundForm
	Notice     string
}

// refundForm is the refund form as typed.
type refundForm struct {
	Amount, Reason string
	Errors         errs.Fields
}

// loadPayment reads one payment's screen.
func loadPayment(ctx context.Context, q sqldb.Querier, publicID string) (*paymentPage, error) {
	l, err := payments.ListedByID(ctx, q, publicID)
	if err != nil {
		return nil, err
	}
	p := &paymentPage{Payment: paymentRow{l}, Form: refundForm{Errors: errs.Fields{}}}
	refunds, err := payments.RefundsOf(ctx, q, l.ID)
	if err != nil {
		return nil, err
	}
	for _, r := range refunds {
		p.Refunds = append(p.Refunds, refundRow{r})
	}
	if p.Events, err = payments.StoredEvents(ctx, q, payments.EventFilter{PaymentID: l.ID, Limit: 200}); err != nil {
		return nil, err
	}
	if p.Refundable, err = payments.Refundable(ctx, q, l.Payment); err != nil {
		return nil, err
	}
	p.Form.Amount = handlers.FormatPounds(p.Refundable)
	return p, nil
}

// refundNotice is what the payment screen says once a refund is asked for.
const refundNotice = "Refund requested. Stripe confirms it shortly; the unit's account changes then."

// paymentScreen shows one payment.
func (s *handler) paymentScreen(c echo.Context) error {
	p, err := loadPayment(c.Request().Context(), handlers.OrgOf(c).DB.Read(), c.Param("payment"))
	if err != nil {
		return err
	}
	if c.QueryParam("done") == "refund" {
		p.Notice = refundNotice
	}
	return s.showPayment(c, http.StatusOK, p)
}

func (s *handler) showPayment(c echo.Context, status int, p *paymentPage) error {
	return s.Render(c, status, handlers.View{Page: "admin_payment", Title: "Payment of " + handlers.FormatPounds(p.Payment.Amount), Data: p, Wide: true})
}
