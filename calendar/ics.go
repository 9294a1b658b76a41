package calendar

import (
	"bytes"
	"context"
	"fmt"
	"time"

	"github.com/emersion/go-ical"

	"porch/estate"
	"porch/sqldb"
	"porch/tickets"
)

// FeedPast is how far back a feed keeps events, so a phone still shows
// last week's works.
const FeedPast = 30 * 24 * time.Hour

// Feed is what a person's calendar feed holds: the events of their homes
// and their open requests' appointments.
type Feed struct {
	Name    string // the calendar's name, such as "Acme Property Management"
	Domain  string // makes event UIDs unique to the organisation
	SiteIDs []int64
	UnitIDs []int64
}

// Build writes the person's feed at now as an iCalendar file: events not
// cancelled ending after now-FeedPast, and the booked appointments of the
// requests they raised that are still open. Times are in UTC, so no
// calendar needs the UK's zone rules from us.
func (f Feed) Build(ctx context.Context, q sqldb.Querier, personID int64, now time.Time) ([]byte, error) {
	es, err := Upcoming(ctx, q, f.SiteIDs, f.UnitIDs, now.Add(-FeedPast), 0)
	if err != nil {
		return nil, err
	}
	ts, err := tickets.ListOwn(ctx, q, personID)
	if err != nil {
		return nil, err
	}
	cal := ical.NewCalendar()
	cal.Props.SetText(ical.PropVersion, "2.0")
	cal.Props.SetText(ical.PropProductID, "-//Porch//Building calendar//EN")
	cal.Props.SetText("X-WR-CALNAME", f.Name)
	cal.Props.SetText(ical.PropMethod, "PUBLISH")
	for _, e := range es {
		ev := ical.NewEvent()
		ev.Props.SetText(ical.PropUID, e.PublicID+"@"+f.Domain)
		ev.Props.SetDateTime(ical.PropDateTimeStamp, e.UpdatedAt.UTC())
		ev.Props.SetText(ical.PropSummary, e.Title)
		if e.Description != "" {
			ev.Props.SetText(ical.PropDescription, e.Description)
		}
		ev.Props.SetText(ical.PropLocation, e.Affects())
		ev.Props.SetText(ical.PropCategories, e.KindLabel())
		seq := ical.NewProp(ical.PropSequence)
		seq.Value = fmt.Sprint(e.Sequence)
		ev.Props.Set(seq)
		setSpan(ev, e.AllDay, e.Start, e.End)
		cal.Children = append(cal.Children, ev.Component)
	}
	for _, t := range ts {
		if !t.Open() || !t.Appointment.Booked() {
			continue
		}
		ev := ical.NewEvent()
		ev.Props.SetText(ical.PropUID, "request-"+t.PublicID+"@"+f.Domain)
		ev.Props.SetDateTime(ical.PropDateTimeStamp, t.UpdatedAt.UTC())
		who := "Visit"
		if t.Contractor != "" {
			who = t.Contractor
		}
		ev.Props.SetText(ical.PropSummary, fmt.Sprintf("%s: request %s, %s", who, t.Ref(), t.Title))
		ev.Props.SetText(ical.PropLocation, t.Where())
		start, end, allDay := appointmentSpan(t.Appointment)
		setSpan(ev, allDay, start, end)
		cal.Children = append(cal.Children, ev.Component)
	}
	var b bytes.Buffer
	if err := ical.NewEncoder(&b).Encode(cal); err != nil {
		return nil, fmt.Errorf("encode calendar: %w", err)
	}
	return b.Bytes(), nil
}

// setSpan gives an event its start and end: whole UK dates for an all-day
// one (the end date is the day after the last, as iCalendar has it),
// moments in UTC otherwise.
func setSpan(ev *ical.Event, allDay bool, start, end time.Time) {
	if allDay {
		ev.Props.SetDate(ical.PropDateTimeStart, estate.UKDate(start))
		ev.Props.SetDate(ical.PropDateTimeEnd, estate.UKDate(end))
		return
	}
	ev.Props.SetDateTime(ical.PropDateTimeStart, start.UTC())
	ev.Props.SetDateTime(ical.PropDateTimeEnd, end.UTC())
}

// appointmentSpan is a request's appointment as moments: its window of
// hours in the UK when it has one (two hours from a lone start, until a
// lone end from 8:00), else the whole day.
func appointmentSpan(a tickets.Appointment) (start, end time.Time, allDay bool) {
	at := func(hm string) (time.Time, bool) {
		t, err := time.ParseInLocation("15:04", hm, estate.UK)
		if err != nil {
			return time.Time{}, false
		}
		d := a.Date
		return time.Date(d.Year(), d.Month(), d.Day(), t.Hour(), t.Minute(), 0, 0, estate.UK).UTC(), true
	}
	from, okFrom := at(a.From)
	to, okTo := at(a.To)
	switch {
	case okFrom && okTo && to.After(from):
		return from, to, false
	case okFrom:
		return from, from.Add(2 * time.Hour), false
	case okTo:
		eight, _ := at("08:00")
		if to.After(eight) {
			return eight, to, false
		}
	}
	d := a.Date
	day := time.Date(d.Year(), d.Month(), d.Day(), 0, 0, 0, 0, estate.UK).UTC()
	return day, day.Add(24 * time.Hour), true
}
