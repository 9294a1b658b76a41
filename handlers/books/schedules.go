package books

import (
	"context"
	"fmt"
	"net/http"
	"strconv"
	"time"

	"github.com/labstack/echo/v4"

	"porch/errs"
	"porch/estate"
	"porch/handlers"
	"porch/ledger"
	"porch/sqldb"
)

// The recurring demands screen: every schedule with what it demands and
// when, a form to add one, pause and resume, and a button that raises
// what is due at once (the daily job in package jobs does the same each
// morning). Each change is audited in its own transaction.

// scheduleForm is the new schedule form as typed.
type scheduleForm struct {
	Name, Target, ChargeType, Amount, Every, StartDate, EndDate, DueDays string
	Errors                                                               errs.Fields
}

// scheduleRow is a schedule as the list shows it.
type scheduleRow struct {
	ledger.Schedule
	SiteName string // for a unit's schedule, the unit's site
	Today    time.Time
}

// URL is the schedule's page.
func (r scheduleRow) URL() string { return "/admin/ledger/schedules/" + r.PublicID }

// IsSite reports a schedule shared among a site's units.
func (r scheduleRow) IsSite() bool { return r.SiteID != 0 }

// EveryText names the interval.
func (r scheduleRow) EveryText() string { return everyText(r.EveryMonths) }

// EveryPhrase says how often, within a sentence: "every quarter".
func (r scheduleRow) EveryPhrase() string {
	switch r.EveryMonths {
	case 1:
		return "every month"
	case 3:
		return "every quarter"
	case 6:
		return "every six months"
	case 12:
		return "every year"
	}
	return "every " + strconv.Itoa(r.EveryMonths) + " months"
}

// Finished reports a schedule whose end date has passed its last period.
func (r scheduleRow) Finished() bool { return r.NextDate.IsZero() }

// Due reports an active schedule with a period started and not raised.
func (r scheduleRow) Due() bool { return r.Active && !r.Finished() && !r.NextDate.After(r.Today) }

// LastText names the latest period raised, such as "April 2026".
func (r scheduleRow) LastText() string { return periodText(r.LastPeriod) }

func everyText(months int) string {
	switch months {
	case 1:
		return "Monthly"
	case 3:
		return "Quarterly"
	case 6:
		return "Half-yearly"
	case 12:
		return "Yearly"
	}
	return strconv.Itoa(months) + " months"
}

// periodText turns a period key, "2026-04", into "April 2026".
func periodText(key string) string {
	t, err := time.Parse("2006-01", key)
	if err != nil {
		return key
	}
	return t.Format("January 2006")
}

// scheduleTargets is one group of the "for" select: the block sites, or
// the units of one site.
type scheduleTargets struct {
	Label   string
	Choices []handlers.Choice
}

// schedulesPage is the recurring demands screen.
type schedulesPage struct {
	Rows     []scheduleRow
	Form     scheduleForm
	Targets  []scheduleTargets
	Charges  []handlers.Choice
	Every    []handlers.Choice
	Today    time.Time
	Notice   string
	RunError string

	sites   map[string]estate.SiteSummary
	aps     map[string]estate.Apportionment // the block sites' schedules in use
	units   map[string]estate.Unit
	unitsID map[int64]estate.Unit
	charges map[string]ledger.ChargeType
}

// DueCount is how many active schedules have a demand waiting.
func (p *schedulesPage) DueCount() int {
	n := 0
	for _, r := range p.Rows {
		if r.Due() {
			n++
		}
	}
	return n
}

// loadSchedules reads the schedules and the choices of the form, with the
// form's defaults.
func (s *handler) loadSchedules(ctx context.Context, c echo.Context) (*schedulesPage, error) {
	q := handlers.OrgOf(c).DB.Read()
	today := s.Today()
	p := &schedulesPage{Today: today, sites: map[string]estate.SiteSummary{}, aps: map[string]estate.Apportionment{}, units: map[string]estate.Unit{},
		unitsID: map[int64]estate.Unit{}, charges: map[string]ledger.ChargeType{}}
	sites, err := estate.ListSites(ctx, q)
	if err != nil {
		return nil, err
	}
	whole := scheduleTargets{Label: "A whole site, shared by its units"}
	var unitGroups []scheduleTargets
	for _, site := range sites {
		if site.IsBlock() {
			p.sites[site.PublicID] = site
			choices, err := p.siteTargets(ctx, q, site)
			if err != nil {
				return nil, err
			}
			whole.Choices = append(whole.Choices, choices...)
		}
		units, err := estate.ListUnits(ctx, q, site.ID)
		if err != nil {
			return nil, err
		}
		g := scheduleTargets{Label: site.Name}
		for _, u := range units {
			p.units[u.PublicID], p.unitsID[u.ID] = u, u
			g.Choices = append(g.Choices, handlers.Choice{Value: "unit:" + u.PublicID, Label: u.Name + ", " + site.Name})
		}
		if len(g.Choices) > 0 {
			unitGroups = append(unitGroups, g)
		}
	}
	if len(whole.Choices) > 0 {
		p.Targets = append(p.Targets, whole)
	}
	p.Targets = append(p.Targets, unitGroups...)
	charges, err := ledger.ChargeTypes(ctx, q)
	if err != nil {
		return nil, err
	}
	for _, ct := range charges {
		p.charges[ct.PublicID] = ct
		p.Charges = append(p.Charges, handlers.Choice{Value: ct.PublicID, Label: ct.Name})
	}
	for _, m := range ledger.Every {
		p.Every = append(p.Every, handlers.Choice{Value: strconv.Itoa(m), Label: everyText(m)})
	}
	list, err := ledger.ListSchedules(ctx, q)
	if err != nil {
		return nil, err
	}
	for _, sc := range list {
		r := scheduleRow{Schedule: sc, Today: today}
		if u, ok := p.unitsID[sc.UnitID]; ok {
			r.SiteName = u.SiteName
		}
		p.Rows = append(p.Rows, r)
	}
	p.Form = scheduleForm{Every: "3", StartDate: today.Format(time.DateOnly), DueDays: "28", Errors: errs.Fields{}}
	return p, nil
}

// siteTargets are the choices of a block for a schedule: the site, split
// by its default apportionment, and the site split by each other schedule.
func (p *schedulesPage) siteTargets(ctx context.Context, q sqldb.Querier, site estate.SiteSummary) ([]handlers.Choice, error) {
	aps, err := estate.ListApportionments(ctx, q, site.ID)
	if err != nil {
		return nil, err
	}
	out := []handlers.Choice{{Value: "site:" + site.PublicID, Label: site.Name + " (all units)"}}
	for _, a := range aps {
		switch {
		case a.Archived():
		case a.Default:
			if len(aps) > 1 {
				out[0].Label = site.Name + ", " + a.Name + " shares (default)"
			}
		default:
			p.aps[a.PublicID] = a
			out = append(out, handlers.Choice{Value: "site:" + site.PublicID + ":" + a.PublicID, Label: site.Name + ", " + a.Name + " shares"})
		}
	}
	return out, nil
}

// showSchedules writes the screen, or for htmx the block it targets.
func (s *handler) showSchedules(c echo.Context, status int, p *schedulesPage, block string) error {
	const title = "Recurring demands"
	v := handlers.View{Page: "admin_ledger_schedules", Title: title, Data: p, Wide: true}
	if block == "schedules" || block == "schedule-form" {
		v.Block = block
	}
	return s.Render(c, status, v)
}

// ledgerSchedules lists the schedules. After a plain form post, ?done=
// says what was done (a key, so no free text travels in the URL).
func (s *handler) ledgerSchedules(c echo.Context) error {
	p, err := s.loadSchedules(c.Request().Context(), c)
	if err != nil {
		return err
	}
	p.Notice = p.noticeFor(c.QueryParam("done"), c.QueryParam("id"), c.QueryParam("n"))
	return s.showSchedules(c, http.StatusOK, p, handlers.HX(c).Swaps())
}

// noticeFor is the confirmation of a change, from its key and the
// schedule's public id or the count of demands raised.
func (p *schedulesPage) noticeFor(key, id, n string) string {
	var row *scheduleRow
	for i := range p.Rows {
		if p.Rows[i].PublicID == id {
			row = &p.Rows[i]
		}
	}
	return scheduleNotice(key, row, n)
}

// scheduleNotice words the confirmation of a change to row (nil if it is
// not known), or of a run that raised n demands.
func scheduleNotice(key string, row *scheduleRow, n string) string {
	switch key {
	case "created":
		if row == nil {
			return "Schedule created."
		}
		if row.Due() {
			return fmt.Sprintf("Schedule “%s” created. Its first demand, for %s, is due now: raise it below, or Porch will tomorrow morning.",
				row.Name, row.NextDate.Format("2 January 2006"))
		}
		return fmt.Sprintf("Schedule “%s” created. Its first demand will be raised on %s.", row.Name, row.NextDate.Format("2 January 2006"))
	case "paused":
		if row != nil {
			return fmt.Sprintf("“%s” is paused: it raises nothing until it is resumed.", row.Name)
		}
	case "resumed":
		if row != nil {
			return fmt.Sprintf("“%s” is running again. Periods that started while it was paused are raised at the next run.", row.Name)
		}
	case "run":
		count, err := strconv.Atoi(n)
		switch {
		case err != nil || count < 0:
		case count == 0:
			return "Nothing was due: every schedule is up to date."
		case count == 1:
			return "1 demand raised."
		default:
			return strconv.Itoa(count) + " demands raised."
		}
	}
	return ""
}
