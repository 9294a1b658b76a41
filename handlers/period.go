package handlers

import (
	"net/http"
	"net/url"
	"strings"
	"time"

	"github.com/labstack/echo/v4"

	"porch/errs"
	"porch/estate"
)

// Today is the calendar date in the UK, as a UTC midnight like every date
// the ledger and estate read.
func (s *Kit) Today() time.Time { return estate.UKDate(s.Now()) }

// OrgCurrency is the organisation's currency.
func OrgCurrency(c echo.Context) string { return OrgOf(c).Currency() }

// Currency is the organisation's currency: pounds unless it chose another.
func (o *Org) Currency() string {
	if cur := o.Settings.Currency; cur != "" {
		return cur
	}
	return "GBP"
}

// PeriodForm is a statement period as typed, with messages next to the
// fields it names (from, to).
type PeriodForm struct {
	From, To string
	Errors   map[string]string
}

// ParsePeriod reads ?from and ?to (YYYY-MM-DD, either may be blank for
// open). With neither given, the period is the last twelve months.
func ParsePeriod(qs url.Values, today time.Time) (from, to time.Time, f PeriodForm, err error) {
	if !qs.Has("from") && !qs.Has("to") {
		from = today.AddDate(-1, 0, 1)
		return from, time.Time{}, PeriodForm{From: from.Format(time.DateOnly)}, nil
	}
	f = PeriodForm{From: strings.TrimSpace(qs.Get("from")), To: strings.TrimSpace(qs.Get("to"))}
	fields := errs.Fields{}
	day := func(field, v string) time.Time {
		if v == "" {
			return time.Time{}
		}
		t, err := time.Parse(time.DateOnly, v)
		switch {
		case err != nil:
			fields.Add(field, "Enter the date as year-month-day, such as 2025-04-01.")
		case t.Year() < 2000 || t.Year() > 2099:
			fields.Add(field, "Enter a date between 2000 and 2099.")
		default:
			return t
		}
		return time.Time{}
	}
	from, to = day("from", f.From), day("to", f.To)
	if !from.IsZero() && !to.IsZero() && to.Before(from) {
		fields.Add("to", "The end date must be on or after the start date.")
	}
	if err := fields.Err(); err != nil {
		f.Errors = fields
		return time.Time{}, time.Time{}, f, err
	}
	return from, to, f, nil
}

// PeriodStatus is the status of a statement page for a period read by
// ParsePeriod or OwnerPeriod: 200, or 422 when the period was refused (its
// messages are in the form, next to its fields). Any other error is
// returned for the error page.
func PeriodStatus(err error) (int, error) {
	switch {
	case err == nil:
		return http.StatusOK, nil
	case errs.Is(err, errs.Invalid):
		return http.StatusUnprocessableEntity, nil
	}
	return 0, err
}

// PeriodRefusal is what a download answers for a refused period: the
// first of its messages, as an error page.
func PeriodRefusal(form PeriodForm, err error) error {
	for _, field := range []string{"from", "to"} {
		if msg := form.Errors[field]; msg != "" {
			return errs.E(errs.Invalid, msg)
		}
	}
	return err
}
