package budgets

import (
	"database/sql"
	"fmt"
	"net/http"
	"strings"

	"github.com/labstack/echo/v4"

	"porch/errs"
	"porch/estate"
	"porch/handlers"
	"porch/ledger"
)

// yearEndPage is a budget's year-end position, schedule by schedule, with
// the form posting one schedule's balancing: previewed, then posted once.
type yearEndPage struct {
	Budget    ledger.Budget
	YearEnd   ledger.YearEnd
	Ended     bool
	Charges   []handlers.Choice
	Charge    string
	IssueDate string
	DueDate   string
	// Schedule is the schedule being previewed or refused; Errors belong to it.
	Schedule string
	Errors   errs.Fields
	Preview  *ledger.SchedulePosition
	Digest   string
	FirstNo  int64
	Notice   string

	charges map[string]ledger.ChargeType
}

// URL is the year end's address.
func (p *yearEndPage) URL() string { return "/admin/budgets/" + p.Budget.PublicID + "/year-end" }

// For reports whether the form's preview or messages are the schedule's.
func (p *yearEndPage) For(a estate.Apportionment) bool { return p.Schedule == a.PublicID }

// ErrorFor is the message for the field of the schedule's form, "" for
// another schedule's.
func (p *yearEndPage) ErrorFor(a estate.Apportionment, field string) string {
	if !p.For(a) {
		return ""
	}
	return p.Errors[field]
}

// LastNo is the number of the last balancing invoice the preview raises.
func (p *yearEndPage) LastNo() int64 {
	n := int64(0)
	if p.Preview != nil {
		for _, u := range p.Preview.Units {
			if u.Amount > 0 {
				n++
			}
		}
	}
	return p.FirstNo + n - 1
}

func (s *handler) loadYearEnd(c echo.Context) (*yearEndPage, error) {
	ctx := c.Request().Context()
	q := handlers.OrgOf(c).DB.Read()
	b, err := ledger.GetBudget(ctx, q, c.Param("id"))
	if err != nil {
		return nil, err
	}
	p := &yearEndPage{Budget: b, Ended: b.Ended(s.Today()), Errors: errs.Fields{}, charges: map[string]ledger.ChargeType{}}
	if p.YearEnd, err = ledger.BudgetYearEnd(ctx, q, b); err != nil {
		return nil, err
	}
	cts, err := ledger.ChargeTypes(ctx, q)
	if err != nil {
		return nil, err
	}
	for _, ct := range cts {
		if !ct.IsClientMoney() {
			p.charges[ct.PublicID] = ct
			p.Charges = append(p.Charges, handlers.Choice{Value: ct.PublicID, Label: ct.Name})
			if ct.Name == "Service charge" || (p.Charge == "" && ct.Kind == ledger.ChargeServiceCharge) {
				p.Charge = ct.PublicID
			}
		}
	}
	issue := s.Today()
	if !issue.After(b.LastDay) {
		issue = b.LastDay.AddDate(0, 0, 1)
	}
	p.IssueDate, p.DueDate = issue.Format("2006-01-02"), issue.AddDate(0, 0, 28).Format("2006-01-02")
	return p, nil
}

func (s *handler) showYearEnd(c echo.Context, status int, p *yearEndPage) error {
	title := "Year end: " + p.Budget.SiteName + ", " + p.Budget.Year()
	return s.Render(c, status, handlers.View{Page: "admin_budget_yearend", Title: title, Data: p, Wide: true})
}

// yearEnd shows the budget's year-end position.
func (s *handler) yearEnd(c echo.Context) error {
	p, err := s.loadYearEnd(c)
	if err != nil {
		return err
	}
	if c.QueryParam("done") == "posted" {
		p.Notice = "Year end posted."
	}
	return s.showYearEnd(c, http.StatusOK, p)
}

// postYearEnd previews (action=preview) or posts (action=post) one
// schedule's balancing. A post must carry the fingerprint of its preview.
func (s *handler) postYearEnd(c echo.Context) error {
	ctx := c.Request().Context()
	o := handlers.OrgOf(c)
	p, err := s.loadYearEnd(c)
	if err != nil {
		return err
	}
	p.Schedule, p.Charge = c.FormValue("apportionment"), c.FormValue("charge_type")
	p.IssueDate, p.DueDate = strings.TrimSpace(c.FormValue("issue_date")), strings.TrimSpace(c.FormValue("due_date"))
	in := ledger.BalancingInput{ChargeTypeID: p.charges[p.Charge].ID, CreatedBy: handlers.IdentityOf(c).Person.ID}
	var charges bool // a deficit is charged with invoices, which fall due
	for _, sp := range p.YearEnd.Schedules {
		if sp.Schedule.PublicID == p.Schedule {
			in.ApportionmentID, charges = sp.Schedule.ID, sp.Deficit()
		}
	}
	if in.ApportionmentID == 0 {
		return errs.E(errs.NotFound, "There is no such schedule in this year end.")
	}
	in.IssueDate = handlers.DateField(p.Errors, "issue_date", p.IssueDate)
	in.DueDate = in.IssueDate
	if charges {
		in.DueDate = handlers.DateField(p.Errors, "due_date", p.DueDate)
	}
	pos, perr := ledger.PreviewBalancing(ctx, o.DB.Read(), p.Budget, in)
	if _, refused := handlers.FieldsOf(perr); perr != nil && !refused {
		return perr
	}
	handlers.AddChecks(p.Errors, perr)
	if len(p.Errors) > 0 {
		return s.showYearEnd(c, http.StatusUnprocessableEntity, p)
	}
	fp := digest(p.Budget.PublicID, pos.Schedule.ID, pos.Spent, pos.Demanded, pos.Units, in.ChargeTypeID, p.IssueDate, p.DueDate)
	if c.FormValue("action") != "post" || c.FormValue("previewed") != fp {
		if c.FormValue("action") == "post" {
			p.Errors["form"] = "The year end or the units' shares changed since the preview. Check the preview, then post it."
		}
		p.Preview, p.Digest = &pos, fp
		if p.FirstNo, err = estate.NextInvoiceNumber(ctx, o.DB.Read()); err != nil {
			return err
		}
		return s.showYearEnd(c, http.StatusOK, p)
	}
	var done ledger.BalancingPosted
	err = o.DB.Write(ctx, func(tx *sql.Tx) error {
		if done, err = ledger.PostBalancing(ctx, tx, s.Now(), p.Budget, in); err != nil {
			return err
		}
		if len(done.Invoices) > 0 {
			if _, err := s.ServeDemands(c, tx, done.Invoices); err != nil {
				return err
			}
		}
		return s.LedgerAudit(ctx, c, tx, "budget.year_end", p.Budget.SitePublicID, fmt.Sprintf("%s, %s schedule: spent %s, demanded %s, %d invoices, %d credits",
			p.Budget.Year(), pos.Schedule.Name, ledger.Pounds(done.Position.Spent), ledger.Pounds(done.Position.Demanded),
			len(done.Invoices), len(done.Credits)))
	})
	if f, ok := handlers.FieldsOf(err); ok {
		p.Errors = f
		return s.showYearEnd(c, http.StatusUnprocessableEntity, p)
	} else if err != nil {
		return err
	}
	if len(done.Invoices) > 0 {
		s.KickMail()
	}
	if handlers.HX(c).Swaps() == "year-end" {
		fresh, err := s.loadYearEnd(c)
		if err != nil {
			return err
		}
		fresh.Notice = postedNotice(pos.Schedule.Name, done)
		return s.showYearEnd(c, http.StatusOK, fresh)
	}
	return handlers.Redirect(c, p.URL()+"?done=posted")
}

// postedNotice says what posting a schedule's year end did.
func postedNotice(schedule string, done ledger.BalancingPosted) string {
	switch {
	case len(done.Invoices) > 0:
		raised := raisedNotice(done.Invoices[0].Number, done.Invoices[len(done.Invoices)-1].Number)
		return fmt.Sprintf("The %s year end is posted: %s", schedule, strings.ToLower(raised[:1])+raised[1:])
	case len(done.Credits) > 0:
		return fmt.Sprintf("The %s year end is posted: %d credit notes given.", schedule, len(done.Credits))
	}
	return fmt.Sprintf("The %s year end is posted: it balanced, so nothing was charged or credited.", schedule)
}
