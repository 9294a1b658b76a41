package providers

import (
	"database/sql"
	"fmt"
	"net/http"
	"strings"

	"github.com/labstack/echo/v4"

	"porch/errs"
	"porch/handlers"
	"porch/payments"
)

// refundPayment asks Stripe to refund part or all of a card payment. A
// refusal (a bad amount, more than may be refunded, no reason, Stripe
// saying no) shows the form again with the message next to its field and
// keeps nothing; a refund asked for shows as waiting for Stripe until its
// charge.refunded event changes the unit's account.
func (s *handler) refundPayment(c echo.Context) error {
	ctx := c.Request().Context()
	o := handlers.OrgOf(c)
	p, err := loadPayment(ctx, o.DB.Read(), c.Param("payment"))
	if err != nil {
		return err
	}
	form := refundForm{Amount: strings.TrimSpace(c.FormValue("amount")), Reason: strings.TrimSpace(c.FormValue("reason")), Errors: errs.Fields{}}
	amount := handlers.AmountField(form.Errors, "amount", form.Amount)
	handlers.TextField(form.Errors, "reason", form.Reason, 200, "Say why the payment is refunded; the payer and the other managers are told.")
	if len(form.Errors) == 0 {
		by := handlers.IdentityOf(c).Person.ID
		_, err = s.Desk(c).Refund(ctx, p.Payment.PublicID, payments.RefundInput{Amount: amount, Reason: form.Reason, By: by,
			Audit: func(tx *sql.Tx, r payments.Refund) error {
				return s.AuditTx(ctx, c, tx, &by, "payments.refund_requested", p.Payment.PublicID,
					fmt.Sprintf("%s of %s: %s", handlers.FormatPounds(r.Amount), handlers.FormatPounds(p.Payment.Amount), r.Reason))
			}})
		if f, refused := handlers.FieldsOf(err); refused {
			form.Errors = handlers.MapFields(f, handlers.FormKeys("amount", "reason"))
		} else if err != nil {
			return err
		}
	}
	if len(form.Errors) > 0 {
		p.Form = form
		return s.showPayment(c, http.StatusUnprocessableEntity, p)
	}
	return handlers.Done(c, "/admin/payments/"+p.Payment.PublicID+"?done=refund", "payment", func() error {
		p, err := loadPayment(ctx, o.DB.Read(), p.Payment.PublicID)
		if err != nil {
			return err
		}
		p.Notice = refundNotice
		return s.showPayment(c, http.StatusOK, p)
	})
}
