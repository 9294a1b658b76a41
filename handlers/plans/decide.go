package plans

import (
	"context"
	"database/sql"
	"net/http"

	"github.com/labstack/echo/v4"

	"porch/errs"
	"porch/handlers"
	"porch/plans"
)

// decision is one change to a plan: the domain's step, the email it
// sends (none: "") and its audit action code.
type decision struct {
	step   func(ctx context.Context, tx *sql.Tx, p plans.Plan) (plans.Plan, error)
	mail   string
	Action string // the audit log's action code
	done   string // the notice's key after it
}

// decide makes the decision on the plan of the path in one transaction
// with its email and audit entry. A refusal shows the plan again (422),
// with refused filing the messages on the page.
func (s *handler) decide(c echo.Context, d decision, refused func(p *planPage, err error) bool) error {
	p, err := s.loadPlan(c)
	if err != nil {
		return err
	}
	err = s.WriteAudited(c, func(ctx context.Context, tx *sql.Tx) (string, string, string, error) {
		pl, err := d.step(ctx, tx, p.Plan)
		if err != nil {
			return "", "", "", err
		}
		if d.mail != "" {
			if err := s.PlanMail(ctx, c, tx, d.mail, pl); err != nil {
				return "", "", "", err
			}
		}
		return d.Action, p.Unit.PublicID, auditDetail(pl), nil
	})
	if err != nil && refused(p, err) {
		return s.showPlan(c, http.StatusUnprocessableEntity, p)
	}
	if err != nil {
		return err
	}
	s.KickMail()
	return handlers.Redirect(c, p.URL()+"?done="+d.done)
}

// auditDetail is what the audit log keeps of a plan: which, and its terms.
func auditDetail(p plans.Plan) string {
	return "plan " + p.PublicID + ": " + handlers.FormatPounds(p.Terms.Total) + " in " + termsText(p.Terms)
}

// approve turns a request into an offer on the terms of the form, and
// emails the resident to accept it.
func (s *handler) approve(c echo.Context) error {
	form := readTerms(c)
	by := handlers.IdentityOf(c).Person.ID
	return s.decide(c, decision{mail: handlers.PlanOffered, Action: "plan.approved", done: "approved",
		step: func(ctx context.Context, tx *sql.Tx, p plans.Plan) (plans.Plan, error) {
			f := errs.Fields{}
			pr := form.proposal(f, p.UnitID, p.OccupancyID, by)
			approved, err := plans.Approve(ctx, tx, s.Now(), s.Today(), p, pr)
			if len(f) > 0 {
				handlers.AddChecks(f, err)
				return p, f.Err()
			}
			return approved, err
		}}, func(p *planPage, err error) bool {
		p.Approve = form
		return p.Approve.refused(err)
	})
}

// decline refuses a request with the reason the resident is told.
func (s *handler) decline(c echo.Context) error {
	reason := c.FormValue("reason")
	by := handlers.IdentityOf(c).Person.ID
	return s.decide(c, decision{mail: handlers.PlanDeclined, Action: "plan.declined", done: "declined",
		step: func(ctx context.Context, tx *sql.Tx, p plans.Plan) (plans.Plan, error) {
			return plans.Decline(ctx, tx, s.Now(), p, by, reason)
		}}, func(p *planPage, err error) bool { return reasonRefused(&p.Decline, reason, err) })
}

// withdraw takes back an offer the resident has not accepted.
func (s *handler) withdraw(c echo.Context) error {
	by := handlers.IdentityOf(c).Person.ID
	return s.decide(c, decision{Action: "plan.withdrawn", done: "withdrawn",
		step: func(ctx context.Context, tx *sql.Tx, p plans.Plan) (plans.Plan, error) {
			return plans.Withdraw(ctx, tx, s.Now(), p, by)
		}}, func(*planPage, error) bool { return false })
}

// cancel ends a plan being kept, with the reason the resident is told.
func (s *handler) cancel(c echo.Context) error {
	reason := c.FormValue("reason")
	by := handlers.IdentityOf(c).Person.ID
	return s.decide(c, decision{mail: handlers.PlanCancelled, Action: "plan.cancelled", done: "cancelled",
		step: func(ctx context.Context, tx *sql.Tx, p plans.Plan) (plans.Plan, error) {
			return plans.Cancel(ctx, tx, s.Now(), p, by, reason)
		}}, func(p *planPage, err error) bool { return reasonRefused(&p.Cancel, reason, err) })
}

// reasonRefused files a refused reason on its form.
func reasonRefused(rf *reasonForm, reason string, err error) bool {
	fields, ok := handlers.FieldsOf(err)
	if ok {
		rf.Reason, rf.Error = reason, fields["reason"]
		if rf.Error == "" {
			rf.Error = fields["form"]
		}
	}
	return ok
}
