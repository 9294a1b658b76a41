package sites

import (
	"context"
	"strconv"
	"strings"
	"time"

	"github.com/labstack/echo/v4"

	"porch/errs"
	"porch/estate"
	"porch/handlers"
	"porch/sqldb"
)

// termsForm is what a lease or tenancy says, as typed.
type termsForm struct {
	LeaseStart, LeaseYears, GroundRent       string
	Rent, RentFrequency, Deposit, TermMonths string
}

var termFields = []string{"lease_start", "lease_years", "ground_rent", "rent", "rent_frequency", "deposit", "term_months"}

// occupancyForm records a lease, tenancy, ownership or occupation: who
// (one person, or two holding jointly), as what, from when, until when if
// known, and its terms. The change of occupier form is the same, its
// start being the day after the old one's last day.
type occupancyForm struct {
	Person, Joint, Role, Start, End string
	termsForm
	Errors errs.Fields
	Open   bool // shown open: it was refused
}

var occupancyFields = append([]string{"person", "joint", "role", "start_date", "end_date"}, termFields...)

func readTermsForm(c echo.Context) termsForm {
	v := func(k string) string { return strings.TrimSpace(c.FormValue(k)) }
	return termsForm{LeaseStart: v("lease_start"), LeaseYears: v("lease_years"), GroundRent: v("ground_rent"),
		Rent: v("rent"), RentFrequency: v("rent_frequency"), Deposit: v("deposit"), TermMonths: v("term_months")}
}

func readOccupancyForm(c echo.Context) occupancyForm {
	v := func(k string) string { return strings.TrimSpace(c.FormValue(k)) }
	return occupancyForm{Person: v("person"), Joint: v("joint"), Role: v("role"), Start: v("start_date"), End: v("end_date"),
		termsForm: readTermsForm(c), Errors: errs.Fields{}, Open: true}
}

// termsFormOf shows stored terms for editing.
func termsFormOf(t estate.Terms) termsForm {
	var f termsForm
	if t.LeaseStart != nil {
		f.LeaseStart = t.LeaseStart.Format(time.DateOnly)
	}
	if t.LeaseYears > 0 {
		f.LeaseYears = strconv.Itoa(t.LeaseYears)
	}
	money := func(p int64) string {
		if p == 0 {
			return ""
		}
		return handlers.FormatPounds(p)
	}
	f.GroundRent, f.Rent, f.Deposit, f.RentFrequency = money(t.GroundRent), money(t.Rent), money(t.Deposit), t.RentFrequency
	if t.TermMonths > 0 {
		f.TermMonths = strconv.Itoa(t.TermMonths)
	}
	return f
}

// terms reads the typed terms, adding a message per field it cannot read.
func (t termsForm) terms(f errs.Fields) estate.Terms {
	var out estate.Terms
	if t.LeaseStart != "" {
		// Leases run for decades: one granted in 1975 is still common.
		d, err := time.Parse(time.DateOnly, t.LeaseStart)
		if err != nil || d.Year() < 1800 || d.Year() > 2099 {
			f.Add("lease_start", "Enter the date the lease term began, for example 1999-06-24.")
		} else {
			out.LeaseStart = &d
		}
	}
	out.LeaseYears = wholeNumber(f, "lease_years", t.LeaseYears, "Enter the lease term as a whole number of years.")
	out.TermMonths = wholeNumber(f, "term_months", t.TermMonths, "Enter the fixed term as a whole number of months.")
	out.GroundRent = optionalMoney(f, "ground_rent", t.GroundRent)
	out.Rent = optionalMoney(f, "rent", t.Rent)
	out.Deposit = optionalMoney(f, "deposit", t.Deposit)
	out.RentFrequency = t.RentFrequency
	return out
}

func wholeNumber(f errs.Fields, field, s, msg string) int {
	if s == "" {
		return 0
	}
	n, err := strconv.Atoi(strings.ReplaceAll(s, ",", ""))
	if err != nil || n < 0 {
		f.Add(field, msg)
		return 0
	}
	return n
}

func optionalMoney(f errs.Fields, field, s string) int64 {
	if s == "" {
		return 0
	}
	p, err := handlers.ParseMoney(s)
	if e, ok := errs.As(err); ok {
		f.Add(field, e.Message)
	}
	return p
}

// occupancy reads the form into a new occupancy; start is ignored when
// the form has none to give (a change of occupier).
func (f *occupancyForm) occupancy(ctx context.Context, q sqldb.Querier, needStart bool) (estate.NewOccupancy, []estate.Person) {
	var in estate.NewOccupancy
	in.Role = f.Role
	if needStart {
		in.Start = handlers.DateField(f.Errors, "start_date", f.Start)
	}
	if f.End != "" {
		e := handlers.DateField(f.Errors, "end_date", f.End)
		in.End = &e
	}
	in.Terms = f.terms(f.Errors)
	var people []estate.Person
	for _, field := range []string{"person", "joint"} {
		id := f.Person
		if field == "joint" {
			id = f.Joint
			if id == "" {
				continue
			}
		}
		p, err := estate.GetPerson(ctx, q, id)
		if err != nil || p.Archived() {
			f.Errors.Add(field, "Choose the person from the list.")
			continue
		}
		people = append(people, p)
		in.People = append(in.People, p.ID)
	}
	if len(people) == 2 && people[0].ID == people[1].ID {
		f.Errors.Add("joint", "Choose someone else as the joint holder, or leave it blank.")
	}
	return in, people
}

// names lists the people for the audit log.
func names(people []estate.Person) string {
	out := make([]string, len(people))
	for i, p := range people {
		out[i] = p.FullName
	}
	return strings.Join(out, " and ")
}
