package books

import (
	"context"
	"net/http"

	"github.com/labstack/echo/v4"

	"porch/estate"
	"porch/handlers"
	"porch/ledger"
)

// scheduleDetail is one schedule's page: what it demands and every period
// it has raised.
type scheduleDetail struct {
	Row    scheduleRow
	Runs   []estate.ScheduleRun
	Unit   estate.Unit // for a unit's schedule
	Notice string
}

// PeriodText names a run's period.
func (d *scheduleDetail) PeriodText(key string) string { return periodText(key) }

func (s *handler) loadScheduleDetail(ctx context.Context, c echo.Context, publicID string) (*scheduleDetail, error) {
	p, err := s.loadSchedules(ctx, c)
	if err != nil {
		return nil, err
	}
	sc, err := ledger.GetSchedule(ctx, handlers.OrgOf(c).DB.Read(), publicID)
	if err != nil {
		return nil, err
	}
	d := &scheduleDetail{Row: scheduleRow{Schedule: sc, Today: p.Today}}
	if u, ok := p.unitsID[sc.UnitID]; ok {
		d.Unit, d.Row.SiteName = u, u.SiteName
	}
	if d.Runs, err = estate.ScheduleRuns(ctx, handlers.OrgOf(c).DB.Read(), sc.ID); err != nil {
		return nil, err
	}
	return d, nil
}

func (s *handler) showScheduleDetail(c echo.Context, status int, d *scheduleDetail) error {
	title := d.Row.Name
	return s.Render(c, status, handlers.View{Page: "admin_ledger_schedule", Title: title, Data: d, Wide: true})
}

// ledgerSchedule shows one schedule.
func (s *handler) ledgerSchedule(c echo.Context) error {
	d, err := s.loadScheduleDetail(c.Request().Context(), c, c.Param("id"))
	if err != nil {
		return err
	}
	if c.QueryParam("id") == d.Row.PublicID {
		d.Notice = scheduleNotice(c.QueryParam("done"), &d.Row, "")
	}
	return s.showScheduleDetail(c, http.StatusOK, d)
}
