package demo

import (
	"fmt"
	"time"

	"porch/calendar"
	"porch/estate"
	"porch/notices"
)

// building puts up the notices and plans the events of the demo's sites,
// through the functions the screens use: a pinned notice and an ended one,
// one scheduled with an email copy, a draft and a withdrawn one; roof
// repairs, a fire alarm test, gas checks for two flats, a meeting, and a
// cancelled clean-up.
func (s *seeder) building() error {
	var block, lets int64
	var manager int64
	if err := s.tx.QueryRowContext(s.ctx, `SELECT id FROM sites WHERE name = ?`, blockName).Scan(&block); err != nil {
		return fmt.Errorf("demo: block: %w", err)
	}
	if err := s.tx.QueryRowContext(s.ctx, `SELECT id FROM sites WHERE name = ?`, letsName).Scan(&lets); err != nil {
		return fmt.Errorf("demo: lettings: %w", err)
	}
	if err := s.tx.QueryRowContext(s.ctx, `SELECT id FROM people WHERE email = ?`, ManagerEmail).Scan(&manager); err != nil {
		return fmt.Errorf("demo: manager: %w", err)
	}
	if err := s.notices(manager, block, lets); err != nil {
		return err
	}
	return s.events(manager, block, lets)
}

func (s *seeder) notices(manager, block, lets int64) error {
	day := func(d int, h int) time.Time { return s.today.AddDate(0, 0, d).Add(time.Duration(h) * time.Hour) }
	both := []int64{block, lets}
	for _, n := range []struct {
		in       notices.Input
		at       time.Time // when it was written
		withdraw bool
	}{
		{notices.Input{Title: "Office closed for the bank holiday", SiteIDs: both, Publish: true, PublishAt: day(-40, 9), ExpiresAt: day(-33, 18),
			Body: "Our office is closed on Monday. For an emergency (a leak you cannot stop, no heating, a door that will not lock) call **020 7946 0321** and follow the recorded message."}, day(-41, 15), false},
		{notices.Input{Title: "Bins: new collection day", SiteIDs: []int64{block}, Publish: true, PublishAt: day(-12, 10),
			Body: "From this month the council collects general waste on **Wednesday** and recycling on **Friday**.\n\n- Put bags in the bins, not beside them\n- Flatten cardboard\n- Glass goes in the green box by the gate"}, day(-12, 9), false},
		{notices.Input{Title: "Roof repairs: scaffolding from next week", SiteIDs: []int64{block}, Publish: true, PublishAt: day(-3, 11), Pinned: true,
			Body: "Scaffolding goes up on the south side for the roof repairs (see the *Building calendar*).\n\n- Keep balcony doors and windows on that side shut while the roofers work\n- Car park bays 1–4 are closed for the skip\n\nThe works are paid from the reserve fund, as agreed at the last meeting; there is no extra charge."}, day(-4, 16), false},
		{notices.Input{Title: "Gas safety checks this spring", SiteIDs: []int64{lets}, Publish: true, PublishAt: day(-6, 9),
			Body: "Each home's yearly gas safety check is due. We will write to you with a date; if it does not suit, reply and we will change it. The engineer needs about 40 minutes."}, day(-6, 8), false},
		{notices.Input{Title: "Windows cleaned next week", SiteIDs: []int64{block}, Publish: true, PublishAt: day(2, 9), EmailCopy: true,
			Body: "Window cleaners will do the outside of every window on **Tuesday**. Please move anything off your balcony's ledge."}, day(-1, 14), false},
		{notices.Input{Title: "Annual general meeting", SiteIDs: []int64{block},
			Body: "Draft: agenda to follow once the accounts are back from the accountant."}, day(-2, 10), false},
		{notices.Input{Title: "Water off on Thursday", SiteIDs: []int64{block}, Publish: true, PublishAt: day(-9, 12),
			Body: "Posted by mistake: the water works are at another building."}, day(-9, 12), true},
	} {
		created, err := notices.Create(s.ctx, s.tx, n.at, manager, n.in)
		if err != nil {
			return fmt.Errorf("demo: notice %q: %w", n.in.Title, err)
		}
		if n.withdraw {
			if _, err := notices.Withdraw(s.ctx, s.tx, n.at.Add(40*time.Minute), created.PublicID); err != nil {
				return fmt.Errorf("demo: withdraw %q: %w", n.in.Title, err)
			}
		}
	}
	return nil
}

func (s *seeder) events(manager, block, lets int64) error {
	at := func(d int, hm string) time.Time {
		t, _ := time.Parse("15:04", hm)
		day := s.today.AddDate(0, 0, d)
		return time.Date(day.Year(), day.Month(), day.Day(), t.Hour(), t.Minute(), 0, 0, estate.UK).UTC()
	}
	units, err := estate.ListUnits(s.ctx, s.tx, block)
	if err != nil || len(units) < 2 {
		return fmt.Errorf("demo: block units: %w", err)
	}
	written := s.today.AddDate(0, 0, -4).Add(16 * time.Hour)
	var cleanUp string
	for _, in := range []calendar.Input{
		{SiteID: block, Kind: "works", Title: "Roof repairs", AllDay: true, Start: s.today.AddDate(0, 0, 7), End: s.today.AddDate(0, 0, 11), WholeSite: true,
			Description: "Scaffolding on the south side. Balcony doors on that side shut while the roofers work; car park bays 1–4 closed."},
		{SiteID: block, Kind: "fire_alarm", Title: "Fire alarm test", Start: at(2, "10:00"), End: at(2, "10:30"), WholeSite: true,
			Description: "The alarm sounds for up to a minute. No need to leave the building."},
		{SiteID: block, Kind: "inspection", Title: "Gas safety inspection", Start: at(5, "09:00"), End: at(5, "12:00"),
			UnitIDs: []int64{units[0].ID, units[1].ID}, Description: "The engineer needs to reach the boiler and the hob."},
		{SiteID: block, Kind: "meeting", Title: "Residents' meeting", Start: at(14, "18:30"), End: at(14, "20:00"), WholeSite: true,
			Description: "In the ground-floor lounge: the roof works, the service charge budget and the garden."},
		{SiteID: lets, Kind: "cleaning", Title: "Garden clean-up", AllDay: true, Start: s.today.AddDate(0, 0, 3), End: s.today.AddDate(0, 0, 3), WholeSite: true},
	} {
		e, err := calendar.Create(s.ctx, s.tx, written, manager, in)
		if err != nil {
			return fmt.Errorf("demo: event %q: %w", in.Title, err)
		}
		if in.Title == "Garden clean-up" {
			cleanUp = e.PublicID
		}
	}
	if _, err := calendar.Cancel(s.ctx, s.tx, written.Add(24*time.Hour), cleanUp); err != nil {
		return fmt.Errorf("demo: cancel the clean-up: %w", err)
	}
	return nil
}
