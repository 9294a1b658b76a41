package sites

import (
	"context"
	"database/sql"

	"github.com/labstack/echo/v4"

	"porch/errs"
	"porch/estate"
	"porch/ledger"
)

// remindersForm is the site's reminder steps as typed, with its message.
type remindersForm struct {
	Days   string
	Errors errs.Fields
}

// StepsText says when the site's reminders go, for its details.
func (p *sitePage) StepsText() string {
	if len(p.Steps) == 0 {
		return ""
	}
	return p.Steps.String() + " days after the due date"
}

// saveReminders sets or clears the days after the due date on which the
// daily job reminds those who owe on an overdue invoice of the site.
func (s *handler) saveReminders(c echo.Context) error {
	form := remindersForm{Days: c.FormValue("reminder_days"), Errors: errs.Fields{}}
	p, err := s.siteChange(c, "site-reminders", []string{"reminder_days"}, func(p *sitePage, f errs.Fields) { form.Errors = f; p.Reminders = form },
		func(ctx context.Context, tx *sql.Tx, site estate.Site) (string, string, string, error) {
			old, steps, err := ledger.SetReminderSteps(ctx, tx, s.Now(), site.ID, form.Days)
			changes := estate.Changes{{Field: "reminder_days", Old: old.String(), New: steps.String()}}
			return "site.reminders", site.PublicID, site.Name + ": " + changes.String(), err
		})
	if p == nil || err != nil {
		return err
	}
	return s.siteDone(c, "reminders", "")
}
