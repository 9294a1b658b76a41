package providers

import (
	"database/sql"
	"net/http"

	"github.com/labstack/echo/v4"

	"porch/errs"
	"porch/handlers"
	"porch/payments"
)

type paymentEventsPage struct {
	ToReview []payments.StoredEvent
	Recent   []payments.StoredEvent
	Notice   string
	Check    syncPanel
}

// recentEvents is how many of the latest events the review screen lists.
const recentEvents = 50

// paymentEvents lists the provider events Porch could not match and no
// manager has reviewed, then the latest events of every outcome.
func (s *handler) paymentEvents(c echo.Context) error {
	var p paymentEventsPage
	if c.QueryParam("done") == "reviewed" {
		p.Notice = "Marked as reviewed."
	}
	return s.showPaymentEvents(c, p)
}

// showPaymentEvents writes the events screen, or for htmx the part of it
// the request targets.
func (s *handler) showPaymentEvents(c echo.Context, p paymentEventsPage) error {
	ctx := c.Request().Context()
	q := handlers.OrgOf(c).DB.Read()
	var err error
	if p.ToReview, err = payments.StoredEvents(ctx, q, payments.EventFilter{ToReview: true, Limit: 200}); err != nil {
		return err
	}
	if p.Recent, err = payments.StoredEvents(ctx, q, payments.EventFilter{Limit: recentEvents}); err != nil {
		return err
	}
	p.Check.On = syncOnEvents
	if err := p.Check.load(ctx, q); err != nil {
		return err
	}
	return s.Render(c, http.StatusOK, handlers.View{Page: "admin_payments_events", Title: "Payment events", Data: p, Wide: true})
}

// reviewPaymentEvent records that a manager has looked at an event Porch
// could not match. For htmx it answers with the event's card, now
// reviewed.
func (s *handler) reviewPaymentEvent(c echo.Context) error {
	ctx := c.Request().Context()
	o := handlers.OrgOf(c)
	provider, eventID := c.Param("provider"), c.Param("event")
	if provider != payments.Stripe && provider != payments.GoCardless {
		return errs.E(errs.NotFound, "There is no such provider event.")
	}
	var ev payments.StoredEvent
	err := o.DB.Write(ctx, func(tx *sql.Tx) error {
		var err error
		if ev, err = payments.MarkReviewed(ctx, tx, s.Now(), provider, eventID, handlers.IdentityOf(c).Person.ID); err != nil {
			return err
		}
		return s.AuditTx(ctx, c, tx, &handlers.IdentityOf(c).Person.ID, "payments.event_reviewed", provider+" "+eventID, ev.Type)
	})
	if err != nil {
		return err
	}
	if handlers.HX(c).Partial() {
		return s.Render(c, http.StatusOK, handlers.View{Page: "admin_payments_events", Title: "Payment events", Data: ev, Wide: true, Block: "payment-event"})
	}
	return handlers.Redirect(c, "/admin/settings/payments/events?done=reviewed")
}
