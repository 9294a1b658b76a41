package providers

import (
	"errors"
	"io"
	"net/http"

	"github.com/labstack/echo/v4"

	"porch/handlers"
	"porch/payments"
	"porch/payments/gocardless"
)

// gocardlessWebhook receives GoCardless's events for the organisation of
// the host it was sent to. It needs no session: the signature of the raw
// body, checked against the organisation's webhook endpoint secret, is the
// authentication. A bad signature is answered 498 (as GoCardless asks) and
// nothing is stored. A body may carry several events, about any resources,
// in any order: each is stored once and applied in its own transaction —
// through the payments desk. A repeat changes nothing
// and is answered like the first delivery. If an event cannot be applied,
// the answer is 500 and GoCardless sends the webhook again; the events
// already applied are then duplicates.
func (s *handler) gocardlessWebhook(c echo.Context) error {
	body, err := io.ReadAll(io.LimitReader(c.Request().Body, maxWebhookBody+1))
	if err != nil {
		return c.String(http.StatusBadRequest, "could not read the body\n")
	}
	if len(body) > maxWebhookBody {
		return c.String(http.StatusRequestEntityTooLarge, "body too large\n")
	}
	desk := s.Desk(c)
	secret, err := desk.GoCardlessWebhookSecret(c.Request().Context())
	if err != nil {
		handlers.Log(c).Error("gocardless webhook secret", "err", err)
		return c.String(http.StatusServiceUnavailable, "webhook secret unavailable\n")
	}
	events, err := payments.ReadGoCardlessWebhook(body, c.Request().Header.Get(gocardless.SignatureHeader), secret)
	switch {
	case errors.Is(err, gocardless.ErrInvalidSignature):
		handlers.Log(c).Warn("gocardless webhook refused", "ip", c.RealIP(), "err", err)
		return c.String(gocardless.StatusInvalidToken, "invalid signature\n")
	case err != nil:
		handlers.Log(c).Warn("gocardless webhook unreadable", "err", err)
		return c.String(http.StatusBadRequest, "unreadable webhook\n")
	}
	for _, in := range events {
		if err := desk.ApplyGoCardless(c.Request().Context(), in, payments.ViaWebhook); err != nil {
			handlers.Log(c).Error("gocardless event not applied", "event", in.Event.ID, "err", err)
			return c.String(http.StatusInternalServerError, "not applied\n")
		}
	}
	return c.NoContent(http.StatusNoContent)
}
