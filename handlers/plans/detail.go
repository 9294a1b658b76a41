package plans

import (
	"context"
	"net/http"
	"time"

	"github.com/labstack/echo/v4"

	"porch/estate"
	"porch/handlers"
	"porch/plans"
	"porch/sqldb"
)

// planPage is one plan: its account, the invoices it covers, its
// instalments as they stand, its history and the decisions open to it.
type planPage struct {
	Plan     plans.Plan
	Unit     estate.Unit
	Account  string // the occupancy's public id; "" for none
	Names    string
	Covered  []plans.CoveredInvoice
	Progress plans.Progress
	History  []historyLine
	Approve  termsForm // a request approved as an offer
	Decline  reasonForm
	Cancel   reasonForm
	Notice   string
}

// reasonForm is a decision that needs a reason the resident is told.
type reasonForm struct {
	Reason string
	Error  string
}

// historyLine is one step of a plan's history.
type historyLine struct {
	At   time.Time
	Text string
}

// URL is the plan's address.
func (p *planPage) URL() string { return listURL + "/" + p.Plan.PublicID }

// Badge is the plan's status as a badge.
func (p *planPage) Badge() handlers.Badge { return statusBadges.Of(p.Plan.Status) }

// TermsText is the plan's terms in a few words.
func (p *planPage) TermsText() string { return termsText(p.Plan.Terms) }

// FrequencyChoices are the frequencies the approval offers.
func (p *planPage) FrequencyChoices() []handlers.Choice { return frequencyChoices() }

// MethodText says how the instalments of a plan being kept are paid.
func (p *planPage) MethodText() string {
	switch p.Plan.Method {
	case plans.MethodDirectDebit:
		return "By Direct Debit on each date"
	case plans.MethodPayLink:
		return "By a link to pay, emailed before each date"
	}
	return ""
}

// planNotice is the confirmation after a decision, chosen by a key in
// the redirect so no free text travels in the URL.
func planNotice(key string) string {
	switch key {
	case "offered":
		return "Plan offered. The resident has been emailed to review and accept it."
	case "approved":
		return "Request approved: the plan is offered. The resident has been emailed to accept it."
	case "declined":
		return "Request declined. The resident has been emailed the reason."
	case "withdrawn":
		return "Offer withdrawn."
	case "cancelled":
		return "Plan cancelled. The resident has been emailed, and reminders for its invoices resume."
	}
	return ""
}

// loadPlan reads the plan of the path and what its page shows.
func (s *handler) loadPlan(c echo.Context) (*planPage, error) {
	ctx := c.Request().Context()
	q := handlers.OrgOf(c).DB.Read()
	pl, err := plans.Get(ctx, q, c.Param("id"))
	if err != nil {
		return nil, err
	}
	p := &planPage{Plan: pl, Approve: formOf(pl.Terms)}
	if p.Unit, err = estate.GetUnitByID(ctx, q, pl.UnitID); err != nil {
		return nil, err
	}
	if pl.OccupancyID != 0 {
		occ, err := estate.GetOccupancyByID(ctx, q, pl.OccupancyID)
		if err != nil {
			return nil, err
		}
		p.Account, p.Names = occ.PublicID, occ.Names()
	}
	if p.Covered, err = plans.Covered(ctx, q, pl.ID); err != nil {
		return nil, err
	}
	if p.Progress, err = plans.Progressed(ctx, q, pl, s.Today()); err != nil {
		return nil, err
	}
	// A request's terms are the resident's: the approval starts from
	// them, unless its first date has passed meanwhile.
	if pl.Terms.First.Before(s.Today()) {
		p.Approve.First = ""
	}
	p.History, err = history(ctx, q, pl)
	return p, err
}

// history tells the plan's story: asked for, offered, accepted, ended, by
// whom and when. A plan that lapsed or was completed was ended by the
// daily review.
func history(ctx context.Context, q sqldb.Querier, p plans.Plan) ([]historyLine, error) {
	asked, ended := p.CreatedAt, p.EndedAt
	if p.RequestedBy == 0 {
		asked = time.Time{}
	}
	if p.Open() {
		ended = time.Time{}
	}
	var out []historyLine
	for _, st := range []struct {
		at  time.Time
		did string
		by  int64
	}{{asked, "Asked for", p.RequestedBy}, {p.OfferedAt, "Offered", p.OfferedBy}, {p.AcceptedAt, "Accepted", p.AcceptedBy},
		{ended, plans.StatusLabel(p.Status), p.EndedBy}} {
		if st.at.IsZero() {
			continue
		}
		who := "by the daily review"
		if st.by != 0 {
			person, err := estate.GetPersonByID(ctx, q, st.by)
			if err != nil {
				return nil, err
			}
			who = "by " + person.FullName
		}
		out = append(out, historyLine{At: st.at, Text: st.did + " " + who})
	}
	return out, nil
}

// showPlan renders the plan's page, or only its screen for htmx.
func (s *handler) showPlan(c echo.Context, status int, p *planPage) error {
	return s.Render(c, status, handlers.View{Page: "admin_plan", Title: "Payment plan: " + p.Unit.Name + ", " + p.Unit.SiteName,
		Data: p, Wide: true, Block: handlers.FormBlock(c, "plan-screen")})
}

// detail shows a plan.
func (s *handler) detail(c echo.Context) error {
	p, err := s.loadPlan(c)
	if err != nil {
		return err
	}
	p.Notice = planNotice(c.QueryParam("done"))
	return s.showPlan(c, http.StatusOK, p)
}
