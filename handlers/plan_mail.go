package handlers

import (
	"context"
	"database/sql"
	"fmt"
	"time"

	"github.com/labstack/echo/v4"

	"porch/estate"
	"porch/plans"
	"porch/views"
)

// Payment plan emails other than the daily review's (plans.Event* kinds).
const (
	PlanOffered   = "offered"   // to the resident: a plan to accept
	PlanRequested = "requested" // to the managers: a resident asks
	PlanDeclined  = "declined"  // to the resident, with the reason
	PlanAccepted  = "accepted"  // to the resident (confirmation) and the managers
	PlanCancelled = "cancelled" // to the resident, with the reason
)

// PlanMail is the page of a payment plan email: a few sentences, the
// instalments when they matter, and one link.
type PlanMail struct {
	Name       string
	Subject    string
	Paragraphs []string
	Rows       []PlanMailRow
	Button     string // the link's words
	URL        string
}

// PlanMailRow is an instalment in an email.
type PlanMailRow struct{ Date, Amount, State string }

// PlanMail tells the resident, the managers or both about something that
// happened to a plan (kind: one of the Plan* constants), inside tx.
func (s *Kit) PlanMail(ctx context.Context, c echo.Context, tx *sql.Tx, kind string, p plans.Plan) error {
	m := &orgMail{kit: s, org: OrgOf(c), url: s.OrgURL(c)}
	pr, err := plans.Progressed(ctx, tx, p, s.Today())
	if err != nil {
		return err
	}
	_, err = m.planMail(ctx, tx, plans.Event{Kind: kind, Plan: p, Progress: pr})
	return err
}

// sendPlanMail runs the daily review of the payment plans (plans.Review)
// and writes its emails, inside tx. It returns how many it queued.
func (m *orgMail) sendPlanMail(ctx context.Context, tx *sql.Tx, today time.Time) (int, error) {
	evs, err := plans.Review(ctx, tx, m.kit.Now(), today)
	if err != nil {
		return 0, err
	}
	sent := 0
	for _, ev := range evs {
		n, err := m.planMail(ctx, tx, ev)
		if err != nil {
			return sent, err
		}
		sent += n
	}
	return sent, nil
}

// planMail writes the emails of one event to whoever it concerns.
func (m *orgMail) planMail(ctx context.Context, tx *sql.Tx, ev plans.Event) (int, error) {
	unit, err := estate.GetUnitByID(ctx, tx, ev.Plan.UnitID)
	if err != nil {
		return 0, err
	}
	home := unit.Name + ", " + unit.SiteName
	resident, staff := m.planPages(ev, home)
	sent := 0
	if resident != nil {
		people, err := planParties(ctx, tx, ev.Plan)
		if err != nil {
			return 0, err
		}
		resident.URL = m.url + "/money/plans/" + ev.Plan.PublicID
		if (ev.Kind == plans.EventReminder || ev.Kind == plans.EventMissed) && ev.Plan.Method == plans.MethodPayLink {
			resident.URL += "/pay"
		}
		for _, p := range people {
			resident.Name = p.DisplayName()
			if _, err := m.queue(ctx, tx, "plan", p.Email, p.DisplayName(), *resident); err != nil {
				return sent, err
			}
			sent++
		}
	}
	if staff != nil {
		to, err := planStaff(ctx, tx, ev.Plan)
		if err != nil {
			return sent, err
		}
		staff.URL = m.url + "/admin/plans/" + ev.Plan.PublicID
		for _, st := range to {
			staff.Name = st.FullName
			if _, err := m.queue(ctx, tx, "plan", st.Email, st.FullName, *staff); err != nil {
				return sent, err
			}
			sent++
		}
	}
	return sent, nil
}

// planParties are the people liable under the plan's account who can be
// emailed.
func planParties(ctx context.Context, q *sql.Tx, p plans.Plan) ([]estate.Person, error) {
	if p.OccupancyID == 0 {
		return nil, nil
	}
	occ, err := estate.GetOccupancyByID(ctx, q, p.OccupancyID)
	if err != nil {
		return nil, err
	}
	var out []estate.Person
	for _, party := range occ.Parties {
		person, err := estate.GetPersonByID(ctx, q, party.PersonID)
		if err != nil {
			return nil, err
		}
		if emailable(person) {
			out = append(out, person)
		}
	}
	return out, nil
}

// planStaff is who at the agency hears about a plan: the member of staff
// who offered or approved it, while they are staff with an email
// address; otherwise the administrators and managers.
func planStaff(ctx context.Context, q *sql.Tx, p plans.Plan) ([]estate.Staff, error) {
	all, err := estate.ListStaff(ctx, q)
	if err != nil {
		return nil, err
	}
	var out []estate.Staff
	for _, st := range all {
		if st.Email != "" && st.PersonID == p.OfferedBy {
			return []estate.Staff{st}, nil
		}
		if st.Email != "" && (st.Role == estate.StaffRoleAdmin || st.Role == estate.StaffRoleManager) {
			out = append(out, st)
		}
	}
	return out, nil
}

// planPages writes the resident's and the staff's emails for an event;
// nil for a side not told.
func (m *orgMail) planPages(ev plans.Event, home string) (resident, staff *PlanMail) {
	cur := m.org.Currency()
	money := func(n int64) string { return views.Money(n, cur) }
	p, pr := ev.Plan, ev.Progress
	rows := func() []PlanMailRow {
		out := make([]PlanMailRow, len(pr.Rows))
		for i, r := range pr.Rows {
			out[i] = PlanMailRow{Date: views.Date(r.Due), Amount: money(r.Amount), State: r.StateLabel()}
		}
		return out
	}
	terms := fmt.Sprintf("%s in %d %s instalments from %s", money(p.Terms.Total), p.Terms.Instalments, p.Terms.Frequency, views.Date(p.Terms.First))
	how := "We will send you a link to pay a few days before each date."
	if p.Method == plans.MethodDirectDebit {
		how = "Each instalment will be collected by Direct Debit on its date."
	}
	next := ""
	if n := pr.Next; n != nil {
		next = fmt.Sprintf("The next instalment is %s on %s.", money(n.Owed), views.Date(n.Due))
	}
	switch ev.Kind {
	case PlanOffered:
		resident = &PlanMail{Subject: "A payment plan for " + home + " is waiting for you", Button: "Review and accept the plan",
			Paragraphs: NonBlankLines("We can offer you a payment plan for the arrears on "+home+": "+terms+".", p.DecisionNote,
				"Nothing changes until you accept it. Please review the dates and amounts and accept the plan in the portal."), Rows: rows()}
	case PlanRequested:
		staff = &PlanMail{Subject: "Payment plan asked for: " + home, Button: "Approve or decline the request",
			Paragraphs: NonBlankLines("The resident of "+home+" asks to repay their arrears of "+terms+".", quoted(p.RequestNote))}
	case PlanDeclined:
		resident = &PlanMail{Subject: "Your payment plan request for " + home, Button: "See your account",
			Paragraphs: NonBlankLines("We are sorry: we cannot agree the payment plan you asked for on "+home+".", quoted(p.DecisionNote),
				"Please contact us to talk about another way to pay.")}
	case PlanAccepted:
		resident = &PlanMail{Subject: "Your payment plan for " + home + " is agreed", Button: "See your plan",
			Paragraphs: []string{"Thank you. You agreed to repay " + terms + ".", how,
				"While you keep to the plan we will not send reminders for the invoices it covers."}, Rows: rows()}
		staff = &PlanMail{Subject: "Payment plan accepted: " + home, Button: "See the plan",
			Paragraphs: []string{"The resident of " + home + " accepted the plan: " + terms + ".", how}}
	case PlanCancelled:
		resident = &PlanMail{Subject: "Your payment plan for " + home + " has been cancelled", Button: "See your account",
			Paragraphs: NonBlankLines("We have cancelled the payment plan on "+home+".", quoted(p.DecisionNote),
				fmt.Sprintf("%s of the arrears it covered is still to pay, and the usual reminders will resume.", money(pr.Remaining)))}
	case plans.EventReminder:
		r := ev.Row
		text := fmt.Sprintf("Your next payment plan instalment for %s is %s, due on %s.", home, money(r.Owed), views.Date(r.Due))
		button := "Pay " + money(r.Owed)
		if p.Method == plans.MethodDirectDebit {
			text = fmt.Sprintf("We will collect your next payment plan instalment for %s, %s, by Direct Debit on or just after %s.",
				home, money(r.Owed), views.Date(r.Due))
			button = "See your plan"
		}
		resident = &PlanMail{Subject: fmt.Sprintf("Payment plan: %s due on %s", money(r.Owed), views.Date(r.Due)), Button: button,
			Paragraphs: []string{text, fmt.Sprintf("You have paid %s of %s so far.", money(pr.Paid), money(p.Terms.Total))}}
	case plans.EventMissed, plans.EventLapsed:
		r := ev.Row
		missed := fmt.Sprintf("The payment plan instalment of %s due on %s for %s has not been paid.", money(r.Owed), views.Date(r.Due), home)
		if ev.Kind == plans.EventMissed {
			resident = &PlanMail{Subject: "Payment plan instalment missed: " + home, Button: missedButton(p),
				Paragraphs: NonBlankLines(missed, "Please pay it as soon as you can, or contact us if you are having difficulty. "+
					"If more instalments are missed the plan will end and the usual reminders will resume.", next)}
			staff = &PlanMail{Subject: "Payment plan instalment missed: " + home, Button: "See the plan",
				Paragraphs: []string{missed, fmt.Sprintf("%d missed so far; %s of %s repaid.", p.Missed, money(pr.Paid), money(p.Terms.Total))}}
			break
		}
		lapsed := fmt.Sprintf("After %d missed instalments the payment plan has ended. %s of the arrears is still to pay.", p.Missed, money(pr.Remaining))
		resident = &PlanMail{Subject: "Your payment plan for " + home + " has ended", Button: "See your account",
			Paragraphs: []string{missed, lapsed, "The usual reminders for the invoices it covered will resume. Please contact us to talk about how to pay."}}
		staff = &PlanMail{Subject: "Payment plan lapsed: " + home, Button: "See the plan", Paragraphs: []string{missed, lapsed}}
	case plans.EventCompleted:
		resident = &PlanMail{Subject: "Your payment plan for " + home + " is complete", Button: "See your account",
			Paragraphs: []string{fmt.Sprintf("Thank you: the %s the plan covered is repaid in full.", money(p.Terms.Total))}}
	}
	return resident, staff
}

// quoted is a note as an email quotes it; "" for none.
func quoted(note string) string {
	if note == "" {
		return ""
	}
	return "“" + note + "”"
}

// missedButton is the words of the link in a missed instalment's email:
// to pay it, or to the plan (whose page offers paying by card) when its
// instalments are collected by Direct Debit.
func missedButton(p plans.Plan) string {
	if p.Method == plans.MethodPayLink {
		return "Pay now"
	}
	return "See your plan"
}
