package providers

import (
	"context"
	"errors"
	"net/http"

	"github.com/labstack/echo/v4"

	"porch/auth"
	"porch/handlers"
	"porch/payments"
	"porch/sqldb"
)

// The pages that show the "Check with the providers now" button, named
// by the form's hidden "from" field so the answer comes back on the page
// the button was pressed on. Anything else counts as the settings page.
const (
	syncOnSettings = "settings"
	syncOnEvents   = "events"
)

// syncPanel is the "Check with the providers now" section. Administrators
// see it on the payment settings page; managers, who may check with the
// providers but not open the settings, see it on the events page.
type syncPanel struct {
	On       string // syncOnSettings or syncOnEvents
	Result   *payments.SyncResult
	Error    string
	ToReview int                       // events to review, linked from the settings page
	Waiting  []payments.ProviderPayout // payouts waiting for a bank account
}

// load fills what the section shows whether or not the button was
// pressed.
func (p *syncPanel) load(ctx context.Context, q sqldb.Querier) error {
	var err error
	if p.ToReview, err = payments.ToReview(ctx, q); err != nil {
		return err
	}
	p.Waiting, err = payments.WaitingPayouts(ctx, q)
	return err
}

// syncPaymentProviders is the "Check with the providers now" button. It
// answers on the page it was pressed on: for htmx the section (or the
// events screen, so the events it found are listed), otherwise the whole
// page with the result in it. Someone who may not open the settings page
// is answered on the events page whatever the form says.
func (s *handler) syncPaymentProviders(c echo.Context) error {
	res, err := s.Desk(c).Sync(c.Request().Context())
	check := syncPanel{Result: &res}
	if err != nil {
		// The stored settings cannot be read or opened: say so.
		if !errors.Is(err, payments.ErrSealedElsewhere) {
			return err
		}
		check.Result, check.Error = nil, err.Error()
	}
	mayOpenSettings := auth.Allows(handlers.IdentityOf(c).Scope.StaffRole, auth.ChangePaymentKeys)
	if c.FormValue("from") == syncOnEvents || !mayOpenSettings {
		return s.showPaymentEvents(c, paymentEventsPage{Check: check})
	}
	return s.showPaymentSettings(c, http.StatusOK, paymentSettingsPage{Check: check}, false)
}
