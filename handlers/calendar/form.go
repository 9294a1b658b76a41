package calendar

import (
	"slices"
	"time"

	"github.com/labstack/echo/v4"

	"porch/calendar"
	"porch/errs"
	"porch/estate"
	"porch/handlers"
)

// eventForm is the event form as typed, with its messages.
type eventForm struct {
	Kind, Title, Description           string
	StartDate, EndDate, StartTime, End string
	WholeSite                          bool
	Units                              []string // unit public ids ticked
	PostNotice                         bool
	Errors                             errs.Fields
}

// Ticked reports whether the unit is ticked.
func (f eventForm) Ticked(publicID string) bool { return slices.Contains(f.Units, publicID) }

// formOf fills the form from an event being edited.
func formOf(e calendar.Event) eventForm {
	f := eventForm{Kind: e.Kind, Title: e.Title, Description: e.Description, WholeSite: e.WholeSite}
	start := e.Start.In(estate.UK)
	f.StartDate = start.Format(time.DateOnly)
	if e.AllDay {
		if last := e.LastDay(); !last.Equal(estate.UKDate(e.Start)) {
			f.EndDate = last.Format(time.DateOnly)
		}
	} else {
		end := e.End.In(estate.UK)
		f.StartTime, f.End = start.Format("15:04"), end.Format("15:04")
		if !estate.UKDate(e.End).Equal(estate.UKDate(e.Start)) {
			f.EndDate = end.Format(time.DateOnly)
		}
	}
	for _, u := range e.Units {
		f.Units = append(f.Units, u.PublicID)
	}
	return f
}

// readForm reads the posted event for the site's units: a first day, an
// optional last day, and optional times (none: it takes whole days).
func readForm(c echo.Context, units []estate.Unit) (eventForm, calendar.Input) {
	f := eventForm{Kind: c.FormValue("kind"), Title: c.FormValue("title"), Description: c.FormValue("description"),
		StartDate: c.FormValue("start_date"), EndDate: c.FormValue("end_date"), StartTime: c.FormValue("start_time"),
		End: c.FormValue("end_time"), WholeSite: c.FormValue("affects") != "units", Units: c.Request().Form["units"],
		PostNotice: c.FormValue("post_notice") != "", Errors: errs.Fields{}}
	in := calendar.Input{Kind: f.Kind, Title: f.Title, Description: f.Description, WholeSite: f.WholeSite}
	first, msg := handlers.ParseFormDate(f.StartDate)
	if msg != "" {
		f.Errors.Add("start_date", msg)
	}
	last := first
	if f.EndDate != "" {
		if last, msg = handlers.ParseFormDate(f.EndDate); msg != "" {
			f.Errors.Add("end_date", msg)
		}
	}
	clock := func(field, v string) (time.Duration, bool) {
		t, err := time.Parse("15:04", v)
		if err != nil {
			f.Errors.Add(field, "Enter a time such as 09:30.")
			return 0, false
		}
		return time.Duration(t.Hour())*time.Hour + time.Duration(t.Minute())*time.Minute, true
	}
	switch {
	case f.StartTime == "" && f.End == "":
		in.AllDay, in.Start, in.End = true, first, last
	case f.StartTime == "":
		f.Errors.Add("start_time", "Enter the time it starts, or clear both times for whole days.")
	case f.End == "":
		f.Errors.Add("end_time", "Enter the time it ends, or clear both times for whole days.")
	default:
		from, ok1 := clock("start_time", f.StartTime)
		to, ok2 := clock("end_time", f.End)
		if ok1 && ok2 && len(f.Errors) == 0 {
			in.Start, in.End = ukMoment(first, from), ukMoment(last, to)
		}
	}
	if !f.WholeSite {
		for _, pub := range f.Units {
			i := slices.IndexFunc(units, func(u estate.Unit) bool { return u.PublicID == pub })
			if i < 0 {
				f.Errors.Add("units", "Choose homes of this site.")
				continue
			}
			in.UnitIDs = append(in.UnitIDs, units[i].ID)
		}
	}
	return f, in
}

// ukMoment is the moment at clock time d on the UK date day.
func ukMoment(day time.Time, d time.Duration) time.Time {
	return time.Date(day.Year(), day.Month(), day.Day(), 0, 0, 0, 0, estate.UK).Add(d).UTC()
}

// kindChoices are the kinds as a select's options.
func kindChoices() []handlers.Choice {
	out := make([]handlers.Choice, len(calendar.Kinds))
	for i, k := range calendar.Kinds {
		out[i] = handlers.Choice{Value: k, Label: calendar.KindLabel(k)}
	}
	return out
}
