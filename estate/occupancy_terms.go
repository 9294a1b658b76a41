package estate

import (
	"strconv"
	"time"

	"porch/errs"
	"porch/sqldb"
)

// Rent frequencies a tenancy can have.
const (
	RentWeekly    = "weekly"
	RentMonthly   = "monthly"
	RentQuarterly = "quarterly"
	RentYearly    = "yearly"
)

// RentFrequencies lists them in the order forms offer them.
var RentFrequencies = []string{RentMonthly, RentWeekly, RentQuarterly, RentYearly}

// Terms are what a lease or a tenancy says. A lease has a term of years
// from its start and a ground rent; a tenancy a rent, a deposit and a
// fixed term in months (none: periodic). Only the leaseholder's or the
// tenant's fields apply; the others are zero.
type Terms struct {
	LeaseStart    *time.Time
	LeaseYears    int
	GroundRent    int64 // pence a year
	Rent          int64 // pence each RentFrequency
	RentFrequency string
	Deposit       int64 // pence
	TermMonths    int   // 0: periodic
}

// LeaseEnd is the last day of the lease's term; nil when not known.
func (t Terms) LeaseEnd() *time.Time {
	if t.LeaseStart == nil || t.LeaseYears == 0 {
		return nil
	}
	e := t.LeaseStart.AddDate(t.LeaseYears, 0, -1)
	return &e
}

// LeaseYearsLeft is how many whole years of the lease remain on the day,
// or -1 when the term is not known.
func (t Terms) LeaseYearsLeft(day time.Time) int {
	end := t.LeaseEnd()
	if end == nil {
		return -1
	}
	n := end.Year() - day.Year()
	if day.AddDate(n, 0, 0).After(*end) {
		n--
	}
	return max(n, 0)
}

// TermEnd is the last day of a tenancy's fixed term from start; nil for a
// periodic tenancy.
func (t Terms) TermEnd(start time.Time) *time.Time {
	if t.TermMonths == 0 {
		return nil
	}
	e := start.AddDate(0, t.TermMonths, -1)
	return &e
}

// normalise keeps only the fields the role has, so a form that sent the
// other kind's fields cannot store them.
func (t Terms) normalise(role string) Terms {
	if role != RoleLeaseholder {
		t.LeaseStart, t.LeaseYears, t.GroundRent = nil, 0, 0
	}
	if role != RoleTenant {
		t.Rent, t.RentFrequency, t.Deposit, t.TermMonths = 0, "", 0, 0
	}
	return t
}

// check adds the terms' problems to f, by form field name.
func (t Terms) check(f errs.Fields) {
	switch {
	case t.LeaseYears < 0 || t.LeaseYears > 999:
		f.Add("lease_years", "Enter the lease term in years, from 1 to 999.")
	case t.LeaseYears > 0 && t.LeaseStart == nil:
		f.Add("lease_start", "Enter the date the lease term began.")
	case t.LeaseYears == 0 && t.LeaseStart != nil:
		f.Add("lease_years", "Enter the length of the lease in years.")
	}
	if t.GroundRent < 0 || t.Rent < 0 || t.Deposit < 0 {
		f.Add("rent", "Amounts cannot be negative.")
	}
	switch {
	case t.Rent > 0 && t.RentFrequency == "":
		f.Add("rent_frequency", "Choose how often the rent is due.")
	case t.RentFrequency != "" && !validFrequency(t.RentFrequency):
		f.Add("rent_frequency", "Choose weekly, monthly, quarterly or yearly.")
	case t.RentFrequency != "" && t.Rent == 0:
		f.Add("rent", "Enter the rent.")
	}
	if t.TermMonths < 0 || t.TermMonths > 1200 {
		f.Add("term_months", "Enter the fixed term in months, up to 1,200, or leave it blank for a periodic tenancy.")
	}
}

func validFrequency(s string) bool {
	for _, x := range RentFrequencies {
		if s == x {
			return true
		}
	}
	return false
}

// args are the terms' column values in termColumns order.
func (t Terms) args() []any {
	var leaseStart, years, months any
	if t.LeaseStart != nil {
		leaseStart = sqldb.FormatDate(*t.LeaseStart)
	}
	if t.LeaseYears > 0 {
		years = t.LeaseYears
	}
	if t.TermMonths > 0 {
		months = t.TermMonths
	}
	return []any{leaseStart, years, t.GroundRent, t.Rent, t.RentFrequency, t.Deposit, months}
}

const termColumns = `lease_start, lease_years, ground_rent, rent, rent_frequency, deposit, term_months`

// termChanges compares two versions of the terms for the audit log.
func termChanges(a, b Terms) Changes {
	var c Changes
	c.add("lease_start", optDate(a.LeaseStart), optDate(b.LeaseStart))
	c.add("lease_years", strconv.Itoa(a.LeaseYears), strconv.Itoa(b.LeaseYears))
	c.add("ground_rent", strconv.FormatInt(a.GroundRent, 10), strconv.FormatInt(b.GroundRent, 10))
	c.add("rent", strconv.FormatInt(a.Rent, 10), strconv.FormatInt(b.Rent, 10))
	c.add("rent_frequency", a.RentFrequency, b.RentFrequency)
	c.add("deposit", strconv.FormatInt(a.Deposit, 10), strconv.FormatInt(b.Deposit, 10))
	c.add("term_months", strconv.Itoa(a.TermMonths), strconv.Itoa(b.TermMonths))
	return c
}

func optDate(t *time.Time) string {
	if t == nil {
		return ""
	}
	return sqldb.FormatDate(*t)
}
