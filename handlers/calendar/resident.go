package calendar

import (
	"context"
	"database/sql"
	"html/template"
	"net/http"
	"strings"
	"time"

	"github.com/labstack/echo/v4"

	"porch/auth"
	"porch/calendar"
	"porch/errs"
	"porch/estate"
	"porch/handlers"
	"porch/tickets"
)

// residentPage is what is planned for a person's homes, their requests'
// appointments, and their calendar feed.
type residentPage struct {
	Events       []calendar.Event
	Appointments []tickets.Ticket
	FeedURL      string       // https address of their feed; "" when they have none
	WebcalURL    template.URL // the same for a phone's "subscribe": built here from the configured address, so safe
	FeedSince    time.Time
	Notice       string
}

// feedPurpose names the signatures of feed addresses.
const feedPurpose = "calendar feed"

// feedToken is the secret part of a feed's address: its nonce, signed for
// the organisation.
func (s *handler) feedToken(slug, nonce string) string {
	return nonce + "." + s.Keys.Sign(feedPurpose, slug, nonce)
}

func (s *handler) loadResident(c echo.Context) (*residentPage, error) {
	ctx, q := c.Request().Context(), handlers.OrgOf(c).DB.Read()
	id := handlers.IdentityOf(c)
	sites, units := handlers.HomesOf(id.Scope)
	p := &residentPage{}
	var err error
	if p.Events, err = calendar.Upcoming(ctx, q, sites, units, s.Now(), 0); err != nil {
		return nil, err
	}
	own, err := tickets.ListOwn(ctx, q, id.Person.ID)
	if err != nil {
		return nil, err
	}
	today := estate.UKDate(s.Now())
	for _, t := range own {
		if t.Open() && t.Appointment.Booked() && !t.Appointment.Date.Before(today) {
			p.Appointments = append(p.Appointments, t)
		}
	}
	nonce, since, err := calendar.FeedOf(ctx, q, id.Person.ID)
	if err != nil {
		return nil, err
	}
	if nonce != "" {
		p.FeedURL = s.OrgURL(c) + "/calendar/feed/" + s.feedToken(handlers.OrgOf(c).Slug, nonce) + ".ics"
		p.WebcalURL = template.URL("webcal://" + strings.TrimPrefix(strings.TrimPrefix(p.FeedURL, "https://"), "http://"))
		p.FeedSince = since
	}
	return p, nil
}

func (s *handler) residentPage(c echo.Context) error {
	p, err := s.loadResident(c)
	if err != nil {
		return err
	}
	p.Notice = map[string]string{"new": "Your calendar address is ready. Add it to your phone's calendar below.",
		"stopped": "Your calendar address is turned off. Phones that used it will stop updating."}[c.QueryParam("feed")]
	return s.Render(c, http.StatusOK, handlers.View{Page: "calendar", Title: "Building calendar", Data: p})
}

// newFeed makes the person a new feed address; any old one stops working.
func (s *handler) newFeed(c echo.Context) error {
	err := s.WriteAudited(c, func(ctx context.Context, tx *sql.Tx) (string, string, string, error) {
		_, err := calendar.NewFeed(ctx, tx, handlers.IdentityOf(c).Person.ID, s.Now())
		return "calendar.feed_made", handlers.IdentityOf(c).Person.PublicID, "a new calendar address; any old one stops working", err
	})
	if err != nil {
		return err
	}
	return s.feedDone(c, "new")
}

// stopFeed turns the person's feed off.
func (s *handler) stopFeed(c echo.Context) error {
	err := s.WriteAudited(c, func(ctx context.Context, tx *sql.Tx) (string, string, string, error) {
		return "calendar.feed_stopped", handlers.IdentityOf(c).Person.PublicID, "calendar address turned off",
			calendar.StopFeed(ctx, tx, handlers.IdentityOf(c).Person.ID)
	})
	if err != nil {
		return err
	}
	return s.feedDone(c, "stopped")
}

func (s *handler) feedDone(c echo.Context, key string) error {
	return handlers.Done(c, "/calendar?feed="+key, "calendar-feed", func() error {
		p, err := s.loadResident(c)
		if err != nil {
			return err
		}
		p.Notice = map[string]string{"new": "Your calendar address is ready. Add it to your phone's calendar below.",
			"stopped": "Your calendar address is turned off. Phones that used it will stop updating."}[key]
		return s.Render(c, http.StatusOK, handlers.View{Page: "calendar", Title: "Building calendar", Data: p, Block: "calendar-feed"})
	})
}

// feed answers a phone's calendar with the person's feed. The address is
// the key: a token whose signature does not match, or whose feed was
// replaced or turned off, is a 404 like any unknown page.
func (s *handler) feed(c echo.Context) error {
	ctx, o := c.Request().Context(), handlers.OrgOf(c)
	token, ok := strings.CutSuffix(c.Param("token"), ".ics")
	nonce, sig, ok2 := strings.Cut(token, ".")
	if !ok || !ok2 || !s.Keys.Verify(sig, feedPurpose, o.Slug, nonce) {
		return errs.E(errs.NotFound, "This calendar address does not work. Make a new one in the portal.")
	}
	personID, err := calendar.FeedPerson(ctx, o.DB.Read(), nonce)
	if err != nil {
		return err
	}
	sc, err := auth.LoadScope(ctx, o.DB.Read(), personID, estate.UKDate(s.Now()))
	if err != nil {
		return err
	}
	sites, units := handlers.HomesOf(sc)
	f := calendar.Feed{Name: o.Settings.Name, Domain: o.Slug + ".porch", SiteIDs: sites, UnitIDs: units}
	data, err := f.Build(ctx, o.DB.Read(), personID, s.Now())
	if err != nil {
		return err
	}
	h := c.Response().Header()
	h.Set("Cache-Control", "private, no-store")
	h.Set("X-Content-Type-Options", "nosniff")
	h.Set("Content-Disposition", `inline; filename="calendar.ics"`)
	return c.Blob(http.StatusOK, "text/calendar; charset=utf-8", data)
}
