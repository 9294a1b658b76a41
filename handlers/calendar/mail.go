package calendar

import (
	"context"
	"database/sql"

	"github.com/labstack/echo/v4"

	"porch/calendar"
	"porch/estate"
)

// What happened to an event, as its email says.
const (
	changePlanned   = "planned"
	changeMoved     = "moved"
	changeCancelled = "cancelled"
)

// eventMail is the page data of the email about an event.
type eventMail struct {
	Name, Change, Title, Kind, When, Affects, Description, URL string
}

// tell emails each person the event affects what happened to it, inside
// tx, and returns how many emails it queued.
func (s *handler) tell(ctx context.Context, c echo.Context, tx *sql.Tx, e calendar.Event, change string) (int, error) {
	rs, err := calendar.Recipients(ctx, tx, e, estate.UKDate(s.Now()))
	if err != nil {
		return 0, err
	}
	page := eventMail{Change: change, Title: e.Title, Kind: e.KindLabel(), When: e.When(), Affects: e.Affects(),
		Description: e.Description, URL: s.OrgURL(c) + "/calendar"}
	for _, r := range rs {
		page.Name = r.Name
		if err := s.QueueMail(ctx, c, tx, "event", r.Email, r.Name, page); err != nil {
			return 0, err
		}
	}
	return len(rs), nil
}
