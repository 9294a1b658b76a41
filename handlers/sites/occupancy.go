package sites

import (
	"context"
	"database/sql"
	"fmt"
	"net/http"
	"strconv"
	"time"

	"github.com/labstack/echo/v4"

	"porch/errs"
	"porch/estate"
	"porch/handlers"
	"porch/ledger"
	"porch/views"
)

// occupancyView is one lease, tenancy, ownership or occupation on the
// unit page, with its account's balance when it pays the unit's charges.
type occupancyView struct {
	estate.Occupancy
	Billable   bool
	Balance    int64
	HasAccount bool // entries have been charged to it
	Current    bool
	Ended      bool // its last day has passed
	// Its forms, with what was typed and the messages when one was
	// refused (that one then shows open).
	TermsForm, Change, Joint, Ending occupancyForm
}

// BalanceAbs is the balance without its sign, for "owed" or "in credit".
func (o occupancyView) BalanceAbs() int64 { return handlers.Abs64(o.Balance) }

// Noun names the occupancy in a sentence: "this lease".
func (o occupancyView) Noun() string {
	switch o.Role {
	case estate.RoleLeaseholder:
		return "lease"
	case estate.RoleTenant:
		return "tenancy"
	}
	return o.Role
}

// Paying reports whether the occupancy is a lease or tenancy, with terms.
func (o occupancyView) Paying() bool {
	return o.Role == estate.RoleLeaseholder || o.Role == estate.RoleTenant
}

// LeaseSummary describes the lease's term: "125 years from 1 January
// 2000, to 31 December 2124 (98 years left)".
func (o occupancyView) LeaseSummary(today time.Time) string {
	end := o.LeaseEnd()
	if end == nil {
		return ""
	}
	return fmt.Sprintf("%d years from %s, to %s (%s left)", o.LeaseYears, views.Date(*o.LeaseStart), views.Date(*end),
		strconv.Itoa(o.LeaseYearsLeft(today))+" "+handlers.Plural(o.LeaseYearsLeft(today), "year", "years"))
}

// TermSummary describes a tenancy's term.
func (o occupancyView) TermSummary() string {
	end := o.TermEnd(o.Start)
	if end == nil {
		return "Periodic"
	}
	return strconv.Itoa(o.TermMonths) + " " + handlers.Plural(o.TermMonths, "month", "months") + " fixed term, to " + views.Date(*end)
}

// RoleLabel names what an occupancy is.
func (o occupancyView) RoleLabel() string {
	switch o.Role {
	case estate.RoleLeaseholder:
		return "Lease"
	case estate.RoleTenant:
		return "Tenancy"
	case estate.RoleOwner:
		return "Ownership"
	}
	return "Occupier"
}

// loadOccupancies reads the unit's occupancies, newest first, and each
// paying one's balance.
func (s *handler) loadOccupancies(ctx context.Context, c echo.Context, p *unitPage) error {
	q := handlers.OrgOf(c).DB.Read()
	occ, err := estate.OccupanciesOfUnit(ctx, q, p.Unit.ID)
	if err != nil {
		return err
	}
	balances, err := ledger.UnitAccountBalances(ctx, q, p.Unit.ID)
	if err != nil {
		return err
	}
	p.Occupancies = p.Occupancies[:0]
	for _, o := range occ {
		b := balances[o.ID]
		today := s.Today().Format(time.DateOnly)
		p.Occupancies = append(p.Occupancies, occupancyView{Occupancy: o, Billable: estate.Billable(o.Role, p.Site.Kind),
			Balance: b.Balance, HasAccount: b.Entries > 0, Current: o.Current(s.Today()),
			Ended:     o.End != nil && o.End.Before(s.Today()),
			TermsForm: occupancyForm{termsForm: termsFormOf(o.Terms), Errors: errs.Fields{}},
			Change:    occupancyForm{End: today, termsForm: termsFormOf(o.Terms), Errors: errs.Fields{}},
			Joint:     occupancyForm{Errors: errs.Fields{}},
			Ending:    occupancyForm{End: today, Errors: errs.Fields{}}})
	}
	p.Unattached = balances[0]
	return nil
}

// occupancyOf finds the occupancy of the path among the unit's.
func (p *unitPage) occupancyOf(c echo.Context) (*occupancyView, error) {
	for i := range p.Occupancies {
		if p.Occupancies[i].PublicID == c.Param("occ") {
			return &p.Occupancies[i], nil
		}
	}
	return nil, errs.E(errs.NotFound, "That lease or tenancy is not this unit's.")
}

// addOccupancy records a lease, tenancy, ownership or occupation of the
// unit, held by one person or two jointly, with its terms.
func (s *handler) addOccupancy(c echo.Context) error {
	p, err := s.loadUnit(c)
	if err != nil {
		return err
	}
	f := readOccupancyForm(c)
	in, people := f.occupancy(c.Request().Context(), handlers.OrgOf(c).DB.Read(), true)
	if len(f.Errors) == 0 {
		err = s.WriteAudited(c, func(ctx context.Context, tx *sql.Tx) (string, string, string, error) {
			_, err := estate.CreateOccupancy(ctx, tx, s.Now(), p.Unit.ID, in)
			detail := names(people) + " as " + f.Role + " of " + p.Unit.Name + ", " + p.Site.Name + " from " + f.Start
			if f.End != "" {
				detail += " to " + f.End
			}
			return "estate.occupancy_created", p.Unit.PublicID, detail, err
		})
		if fs, ok := refusal(err, occupancyFields); ok {
			f.Errors = fs
		} else if err != nil {
			return err
		}
	}
	if len(f.Errors) > 0 {
		p.Link = f
		return s.showUnit(c, http.StatusUnprocessableEntity, p, handlers.FormBlock(c, "unit-link"))
	}
	return s.unitDone(c, "linked")
}

// saveTerms saves what a lease or tenancy says.
func (s *handler) saveTerms(c echo.Context) error {
	return s.onOccupancy(c, "terms", func(ctx context.Context, tx *sql.Tx, o occupancyView, f *occupancyForm) (string, string, error) {
		t := f.terms(f.Errors)
		if len(f.Errors) > 0 {
			return "", "", f.Errors.Err()
		}
		changes, err := estate.UpdateTerms(ctx, tx, o.ID, t)
		return "estate.occupancy_terms", changes.String(), err
	})
}

// endOccupancy ends a lease or tenancy, for all its holders, on a date.
func (s *handler) endOccupancy(c echo.Context) error {
	return s.onOccupancy(c, "end", func(ctx context.Context, tx *sql.Tx, o occupancyView, f *occupancyForm) (string, string, error) {
		end := handlers.DateField(f.Errors, "end_date", f.End)
		if len(f.Errors) > 0 {
			return "", "", f.Errors.Err()
		}
		return "estate.occupancy_ended", o.Names() + " as " + o.Role + " until " + f.End, estate.EndOccupancy(ctx, tx, o.ID, end)
	})
}

// changeOccupier ends a lease or tenancy on its last day and starts the
// next holder's the day after, in one step: the outgoing account keeps
// its balance, the incoming one starts at zero.
func (s *handler) changeOccupier(c echo.Context) error {
	return s.onOccupancy(c, "change", func(ctx context.Context, tx *sql.Tx, o occupancyView, f *occupancyForm) (string, string, error) {
		f.Role = o.Role
		last := handlers.DateField(f.Errors, "end_date", f.End)
		f.End = ""
		in, people := f.occupancy(ctx, tx, false)
		if len(f.Errors) > 0 {
			return "", "", f.Errors.Err()
		}
		next, err := estate.ChangeOccupier(ctx, tx, s.Now(), o.ID, last, in)
		if err != nil {
			return "", "", err
		}
		return "estate.occupier_changed", o.Names() + " until " + last.Format(time.DateOnly) + ", then " + names(people) +
			" as " + o.Role + " from " + next.Start.Format(time.DateOnly), nil
	})
}

// addJoint makes someone a joint holder of a lease or tenancy.
func (s *handler) addJoint(c echo.Context) error {
	return s.onOccupancy(c, "joint", func(ctx context.Context, tx *sql.Tx, o occupancyView, f *occupancyForm) (string, string, error) {
		person, err := estate.GetPerson(ctx, tx, f.Person)
		if err != nil || person.Archived() {
			return "", "", errs.Fields{"person": "Choose the person from the list."}.Err()
		}
		_, err = estate.AddParty(ctx, tx, o.ID, person.ID)
		return "estate.party_added", person.FullName + " joins " + o.Names() + " as " + o.Role, err
	})
}

// removeParty takes a joint holder added by mistake off a lease or
// tenancy; the last holder stays (end it instead).
func (s *handler) removeParty(c echo.Context) error {
	return s.onOccupancy(c, "joint", func(ctx context.Context, tx *sql.Tx, o occupancyView, f *occupancyForm) (string, string, error) {
		for _, party := range o.Parties {
			if strconv.FormatInt(party.PartyID, 10) == c.Param("party") {
				return "estate.party_removed", party.FullName + " taken off " + o.Names() + " as " + o.Role,
					estate.RemoveParty(ctx, tx, party.PartyID)
			}
		}
		return "", "", errs.E(errs.NotFound, "That person does not hold this lease or tenancy.")
	})
}

// onOccupancy runs a change to one of the unit's occupancies with its
// audit entry; a refusal shows the form of kind open with its messages.
func (s *handler) onOccupancy(c echo.Context, kind string,
	do func(ctx context.Context, tx *sql.Tx, o occupancyView, f *occupancyForm) (action, detail string, err error)) error {
	p, err := s.loadUnit(c)
	if err != nil {
		return err
	}
	o, err := p.occupancyOf(c)
	if err != nil {
		return err
	}
	f := readOccupancyForm(c)
	err = s.WriteAudited(c, func(ctx context.Context, tx *sql.Tx) (string, string, string, error) {
		action, detail, err := do(ctx, tx, *o, &f)
		return action, p.Unit.PublicID, p.Unit.Name + ", " + p.Site.Name + ": " + detail, err
	})
	if fs, ok := refusal(err, occupancyFields); ok {
		f.Errors = fs
		switch kind {
		case "terms":
			o.TermsForm = f
		case "change":
			o.Change = f
		case "joint":
			o.Joint = f
		default:
			o.Ending = f
		}
		return s.showUnit(c, http.StatusUnprocessableEntity, p, "unit-screen")
	}
	if e, ok := errs.As(err); ok && e.Code == errs.Conflict {
		p.Error = e.Message
		return s.showUnit(c, http.StatusConflict, p, "unit-screen")
	}
	if err != nil {
		return err
	}
	return s.unitDone(c, kind)
}
