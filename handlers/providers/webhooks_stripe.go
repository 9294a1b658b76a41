package providers

import (
	"errors"
	"io"
	"net/http"

	"github.com/labstack/echo/v4"

	"porch/handlers"
	"porch/payments"
)

// maxWebhookBody is the largest webhook body read; Stripe's events are a
// few kilobytes.
const maxWebhookBody = 1 << 20

// stripeWebhook receives Stripe's events for the organisation of the host
// it was sent to. It needs no session: the signature, checked against the
// organisation's own signing secret, is the authentication. A bad
// signature is refused with 400 and nothing stored; a verified event is
// stored and applied once (a repeat is answered 200 and changes nothing).
func (s *handler) stripeWebhook(c echo.Context) error {
	body, err := io.ReadAll(io.LimitReader(c.Request().Body, maxWebhookBody+1))
	if err != nil {
		return c.String(http.StatusBadRequest, "could not read the body\n")
	}
	if len(body) > maxWebhookBody {
		return c.String(http.StatusRequestEntityTooLarge, "body too large\n")
	}
	status, msg := s.receiveStripe(c, body, c.Request().Header.Get("Stripe-Signature"), payments.ViaWebhook)
	return c.String(status, msg+"\n")
}

// receiveStripe verifies a Stripe event body with its Stripe-Signature
// header and applies it through the payments desk, and says what to
// answer. The webhook and the demo's test payment page both deliver events
// through here, so the test page proves the webhook's own path.
func (s *handler) receiveStripe(c echo.Context, body []byte, signature, via string) (int, string) {
	ev, err := s.Desk(c).ReceiveStripe(c.Request().Context(), body, signature, via)
	switch {
	case err == nil:
		return http.StatusOK, "ok"
	case errors.Is(err, payments.ErrSecretUnavailable):
		// The stored secret cannot be opened: answer 5xx so Stripe
		// retries once the keys are entered again.
		handlers.Log(c).Error("stripe webhook secret", "err", err)
		return http.StatusServiceUnavailable, "webhook secret unavailable"
	case errors.Is(err, payments.ErrBadSignature):
		handlers.Log(c).Warn("stripe webhook refused", "ip", c.RealIP(), "err", err)
		return http.StatusBadRequest, "bad signature"
	case errors.Is(err, payments.ErrUnreadable):
		handlers.Log(c).Warn("stripe webhook unreadable", "err", err)
		return http.StatusBadRequest, "unreadable event"
	}
	// Not stored: a 5xx makes Stripe deliver it again.
	handlers.Log(c).Error("stripe event not applied", "event", ev.ID, "err", err)
	return http.StatusInternalServerError, "not applied"
}
