package plans

import (
	"context"
	"fmt"
	"net/http"
	"slices"

	"github.com/labstack/echo/v4"

	"porch/errs"
	"porch/estate"
	"porch/handlers"
	"porch/plans"
	"porch/sqldb"
	"porch/views"
)

// statusBadges colour a plan's status: what waits for the manager, what
// waits for the resident, what is being kept, and how it ended.
var statusBadges = handlers.Badges{
	plans.StatusRequested: {Label: plans.StatusLabel(plans.StatusRequested), Class: "warn"},
	plans.StatusOffered:   {Label: plans.StatusLabel(plans.StatusOffered), Class: "warn"},
	plans.StatusActive:    {Label: plans.StatusLabel(plans.StatusActive), Class: "ok"},
	plans.StatusCompleted: {Label: plans.StatusLabel(plans.StatusCompleted), Class: "ok"},
	plans.StatusLapsed:    {Label: plans.StatusLabel(plans.StatusLapsed), Class: "bad"},
	plans.StatusCancelled: {Label: plans.StatusLabel(plans.StatusCancelled)},
	plans.StatusDeclined:  {Label: plans.StatusLabel(plans.StatusDeclined)},
	plans.StatusWithdrawn: {Label: plans.StatusLabel(plans.StatusWithdrawn)},
}

// termsText is a plan's terms in a few words: "6 monthly from 1 April
// 2026".
func termsText(t plans.Terms) string {
	return fmt.Sprintf("%d %s from %s", t.Instalments, t.Frequency, views.Date(t.First))
}

// planRow is one plan on the list.
type planRow struct {
	plans.Listed
	Names    string // the account's people
	Progress plans.Progress
}

// Badge is the plan's status as a badge.
func (r planRow) Badge() handlers.Badge { return statusBadges.Of(r.Status) }

// TermsText is the plan's terms in a few words.
func (r planRow) TermsText() string { return termsText(r.Terms) }

// Kept reports whether the plan is being kept, so its repayments count.
func (r planRow) Kept() bool { return r.Status == plans.StatusActive }

// listForm is the list's filter as chosen.
type listForm struct {
	Status string // "" for the open plans, "all", or one status
	Site   string // a site's public id, or "" for every site
}

// Filtered reports whether the list shows other than its default.
func (f listForm) Filtered() bool { return f.Status != "" || f.Site != "" }

// listPage is the list of plans.
type listPage struct {
	Form      listForm
	Statuses  []handlers.Choice
	Sites     []estate.SiteSummary
	Rows      []planRow
	Requested int // requests waiting for a decision, on every site
}

// statusChoices are the filter's statuses: the open plans by default.
func statusChoices() []handlers.Choice {
	out := []handlers.Choice{{Value: "", Label: "Open plans"}}
	for _, st := range plans.Statuses {
		out = append(out, handlers.Choice{Value: st, Label: plans.StatusLabel(st)})
	}
	return append(out, handlers.Choice{Value: "all", Label: "All plans"})
}

// list shows the plans the filter chooses, requests waiting first.
func (s *handler) list(c echo.Context) error {
	ctx := c.Request().Context()
	q := handlers.OrgOf(c).DB.Read()
	p := &listPage{Form: listForm{Status: c.QueryParam("status"), Site: c.QueryParam("site")}, Statuses: statusChoices()}
	var err error
	if p.Sites, _, err = estate.FindSites(ctx, q, estate.SiteFilter{}); err != nil {
		return err
	}
	f := plans.Filter{}
	switch {
	case p.Form.Status == "all":
		f.Statuses = plans.Statuses
	case slices.Contains(plans.Statuses, p.Form.Status):
		f.Statuses = []string{p.Form.Status}
	case p.Form.Status != "":
		return errs.E(errs.Invalid, "Choose one of the statuses offered.")
	}
	if p.Form.Site != "" {
		site, err := estate.GetSite(ctx, q, p.Form.Site)
		if err != nil {
			return err
		}
		f.SiteID = site.ID
	}
	listed, err := plans.List(ctx, q, f)
	if err != nil {
		return err
	}
	for _, l := range listed {
		r, err := s.row(ctx, q, l)
		if err != nil {
			return err
		}
		p.Rows = append(p.Rows, r)
	}
	if p.Requested, err = plans.CountRequested(ctx, q); err != nil {
		return err
	}
	return s.Render(c, http.StatusOK, handlers.View{Page: "admin_plans", Title: "Payment plans", Data: p, Wide: true})
}

// row reads what the list shows of a plan beyond its own columns.
func (s *handler) row(ctx context.Context, q sqldb.Querier, l plans.Listed) (planRow, error) {
	r := planRow{Listed: l}
	var err error
	if r.Names, err = accountNames(ctx, q, l.OccupancyID); err != nil {
		return r, err
	}
	r.Progress, err = plans.Progressed(ctx, q, l.Plan, s.Today())
	return r, err
}

// accountNames names the people of an account: its lease's or tenancy's
// parties, or none for what was charged while the unit had no occupancy.
func accountNames(ctx context.Context, q sqldb.Querier, occupancyID int64) (string, error) {
	if occupancyID == 0 {
		return "", nil
	}
	occ, err := estate.GetOccupancyByID(ctx, q, occupancyID)
	return occ.Names(), err
}
