package books

import (
	"database/sql"
	"errors"
	"fmt"
	"net/http"
	"strconv"
	"strings"
	"time"

	"github.com/labstack/echo/v4"

	"porch/errs"
	"porch/handlers"
	"porch/ledger"
)

// ledgerCreateSchedule adds a recurring demand.
func (s *handler) ledgerCreateSchedule(c echo.Context) error {
	ctx := c.Request().Context()
	o := handlers.OrgOf(c)
	p, err := s.loadSchedules(ctx, c)
	if err != nil {
		return err
	}
	f := &p.Form
	*f = scheduleForm{Name: strings.TrimSpace(c.FormValue("name")), Target: c.FormValue("target"), ChargeType: c.FormValue("charge_type"),
		Amount: strings.TrimSpace(c.FormValue("amount")), Every: c.FormValue("every_months"), StartDate: strings.TrimSpace(c.FormValue("start_date")),
		EndDate: strings.TrimSpace(c.FormValue("end_date")), DueDays: strings.TrimSpace(c.FormValue("due_days")), Errors: errs.Fields{}}
	in := p.parseSchedule()
	// The ledger's checks (shares that do not total 100%, rent shared by a
	// site) run even when the form has errors of its own, so every message
	// shows at once; the transaction is then rolled back.
	var created ledger.Schedule
	err = o.DB.Write(ctx, func(tx *sql.Tx) error {
		var err error
		if created, err = ledger.CreateSchedule(ctx, tx, s.Now(), in); err != nil {
			return err
		}
		if len(f.Errors) > 0 {
			return f.Errors.Err()
		}
		return s.LedgerAudit(ctx, c, tx, "ledger.schedule_created", created.PublicID, fmt.Sprintf("%s: %s %s of %s for %s from %s",
			created.Name, strings.ToLower(everyText(created.EveryMonths)), created.ChargeType, handlers.FormatPounds(created.Amount),
			created.Target, created.StartDate.Format(time.DateOnly)))
	})
	if fields, ok := handlers.FieldsOf(err); ok {
		for k, v := range handlers.MapFields(fields, handlers.FormKeys("name", "target", "charge_type", "amount", "every_months", "start_date", "end_date", "due_days")) {
			f.Errors.Add(k, v)
		}
		return s.showSchedules(c, http.StatusUnprocessableEntity, p, handlers.HX(c).Swaps())
	}
	if err != nil {
		return err
	}
	return s.schedulesDone(c, "created", created.PublicID, "")
}

// parseSchedule reads the typed form into the ledger's input, noting in
// the form's errors what cannot be read; what it cannot read is left zero
// for the ledger to refuse too.
func (p *schedulesPage) parseSchedule() ledger.ScheduleInput {
	f := &p.Form
	in := ledger.ScheduleInput{Name: f.Name}
	kind, id, _ := strings.Cut(f.Target, ":")
	switch {
	case f.Target == "":
		f.Errors.Add("target", "Choose a site, to share the amount among its units, or a single unit.")
	case kind == "site":
		// "site:<site>" splits by the site's default schedule,
		// "site:<site>:<schedule>" by that one.
		id, ap, named := strings.Cut(id, ":")
		site, ok := p.sites[id]
		a, apOK := p.aps[ap]
		switch {
		case !ok:
		case !named:
			in.SiteID = site.ID
		case apOK && a.SiteID == site.ID:
			in.SiteID, in.ApportionmentID = site.ID, a.ID
		}
	case kind == "unit":
		if u, ok := p.units[id]; ok {
			in.UnitID = u.ID
		}
	}
	if f.Target != "" && in.SiteID == 0 && in.UnitID == 0 {
		f.Errors.Add("target", "Choose a site or a unit from the list.")
	}
	if f.ChargeType == "" {
		f.Errors.Add("charge_type", "Choose a charge type.")
	} else if ct, ok := p.charges[f.ChargeType]; ok {
		in.ChargeTypeID = ct.ID
	} else {
		f.Errors.Add("charge_type", "Choose a charge type from the list.")
	}
	in.Amount = handlers.AmountField(f.Errors, "amount", f.Amount)
	in.EveryMonths, _ = strconv.Atoi(f.Every)
	in.StartDate = handlers.DateField(f.Errors, "start_date", f.StartDate)
	if f.EndDate != "" {
		in.EndDate = handlers.DateField(f.Errors, "end_date", f.EndDate)
	}
	if f.DueDays != "" {
		n, err := strconv.Atoi(f.DueDays)
		if err != nil {
			f.Errors.Add("due_days", "Enter the days to pay as a whole number from 0 to 90.")
			n = -1
		}
		in.DueDays = n
	}
	return in
}

// schedulesDone answers a change that worked: htmx gets the list again
// with a notice, a plain post a redirect to the page it came from.
func (s *handler) schedulesDone(c echo.Context, key, id, n string) error {
	back := "/admin/ledger/schedules"
	if c.FormValue("back") == "detail" && id != "" {
		back += "/" + id
	}
	switch target := handlers.HX(c).Swaps(); {
	case target == "schedule-detail" && id != "":
		d, err := s.loadScheduleDetail(c.Request().Context(), c, id)
		if err != nil {
			return err
		}
		d.Notice = scheduleNotice(key, &d.Row, n)
		return s.showScheduleDetail(c, http.StatusOK, d)
	case target != "schedules" && target != "schedule-form":
		target := back + "?done=" + key
		if id != "" {
			target += "&id=" + id
		}
		if n != "" {
			target += "&n=" + n
		}
		return handlers.Redirect(c, target)
	}
	p, err := s.loadSchedules(c.Request().Context(), c)
	if err != nil {
		return err
	}
	p.Notice = p.noticeFor(key, id, n)
	handlers.Retarget(c, "schedules")
	return s.showSchedules(c, http.StatusOK, p, "schedules")
}

// ledgerScheduleActive pauses (active=0) or resumes (active=1) a
// schedule.
func (s *handler) ledgerScheduleActive(c echo.Context) error {
	ctx := c.Request().Context()
	o := handlers.OrgOf(c)
	sc, err := ledger.GetSchedule(ctx, o.DB.Read(), c.Param("id"))
	if err != nil {
		return err
	}
	var active bool
	switch c.FormValue("active") {
	case "1":
		active = true
	case "0":
	default:
		return errs.E(errs.Invalid, "Choose to pause or to resume the schedule.")
	}
	key := "paused"
	if active {
		key = "resumed"
	}
	if sc.Active != active {
		err = o.DB.Write(ctx, func(tx *sql.Tx) error {
			if err := ledger.SetScheduleActive(ctx, tx, sc.ID, active); err != nil {
				return err
			}
			return s.LedgerAudit(ctx, c, tx, "ledger.schedule_"+key, sc.PublicID, sc.Name)
		})
		if err != nil {
			return err
		}
	}
	return s.schedulesDone(c, key, sc.PublicID, "")
}

// ledgerRunSchedules raises every demand due today at once. Running it
// again raises nothing more: each period is raised once.
func (s *handler) ledgerRunSchedules(c echo.Context) error {
	ctx := c.Request().Context()
	o := handlers.OrgOf(c)
	today := s.Today()
	var raised int
	err := o.DB.Write(ctx, func(tx *sql.Tx) error {
		var err error
		if raised, err = ledger.RunSchedules(ctx, tx, s.Now(), today); err != nil || raised == 0 {
			return err
		}
		invs, err := ledger.InvoicesRaisedAt(ctx, tx, s.Now())
		if err != nil {
			return err
		}
		if _, err := s.ServeDemands(c, tx, invs); err != nil {
			return err
		}
		return s.LedgerAudit(ctx, c, tx, "ledger.schedules_run", "schedules", fmt.Sprintf("%d demands raised for %s", raised, today.Format(time.DateOnly)))
	})
	if de, ok := errs.As(err); ok && de.Code == errs.Invalid {
		p, lerr := s.loadSchedules(ctx, c)
		if lerr != nil {
			return errors.Join(err, lerr)
		}
		p.RunError = de.Message
		block := ""
		if handlers.HX(c).Swaps() == "schedules" {
			block = "schedules"
		}
		return s.showSchedules(c, http.StatusUnprocessableEntity, p, block)
	}
	if err != nil {
		return err
	}
	s.KickMail()
	return s.schedulesDone(c, "run", "", strconv.Itoa(raised))
}
