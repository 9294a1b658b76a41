// Package plans is payment plans for arrears: a lease's or tenancy's
// arrears repaid in instalments on set dates. A plan never changes the
// ledger by itself; its instalments are paid as receipts on the account
// like any other payment.
package plans

import (
	"time"

	"porch/errs"
)

// Instalment frequencies.
const (
	Weekly      = "weekly"
	Fortnightly = "fortnightly"
	Monthly     = "monthly"
)

// Frequencies lists the frequencies a plan may have, in the order forms
// offer them.
var Frequencies = []string{Monthly, Fortnightly, Weekly}

// MaxInstalments bounds a plan's length: five years of monthly payments.
const MaxInstalments = 60

// Instalment is one payment of a plan.
type Instalment struct {
	Number int // from 1
	Due    time.Time
	Amount int64 // pence
}

// Terms are what a plan repays and how. Field names: total, instalments,
// frequency, first_date.
type Terms struct {
	Total       int64 // pence
	Instalments int
	Frequency   string
	First       time.Time // the first instalment's date
}

// Check refuses terms that make no plan, with a message for each field.
func (t Terms) Check() error {
	f := errs.Fields{}
	if t.Total <= 0 {
		f.Add("total", "Enter the amount the plan repays, such as 600.00.")
	}
	switch {
	case t.Instalments < 2:
		f.Add("instalments", "A plan has at least two instalments.")
	case t.Instalments > MaxInstalments:
		f.Add("instalments", "A plan has at most 60 instalments.")
	case t.Total > 0 && t.Total < int64(t.Instalments):
		f.Add("instalments", "Each instalment must be at least a penny; choose fewer.")
	}
	if t.Frequency != Weekly && t.Frequency != Fortnightly && t.Frequency != Monthly {
		f.Add("frequency", "Choose weekly, fortnightly or monthly.")
	}
	if t.First.IsZero() {
		f.Add("first_date", "Enter the date of the first instalment.")
	}
	return f.Err()
}

// Schedule lays the terms out as instalments: the total split exactly to
// the penny (the first instalment carries any pennies that do not divide,
// so the rest are equal), on dates the frequency apart. A monthly plan
// keeps the first date's day of the month, or the month's last day when
// it has no such day (31 January, then 28 or 29 February, then 31 March).
func (t Terms) Schedule() ([]Instalment, error) {
	if err := t.Check(); err != nil {
		return nil, err
	}
	amounts := Split(t.Total, t.Instalments)
	out := make([]Instalment, t.Instalments)
	for i := range out {
		out[i] = Instalment{Number: i + 1, Due: due(t.First, t.Frequency, i), Amount: amounts[i]}
	}
	return out, nil
}

// Split divides total into n amounts that add up to it exactly: equal,
// but for the first, which takes the pennies left over.
func Split(total int64, n int) []int64 {
	if n <= 0 {
		return nil
	}
	each := total / int64(n)
	out := make([]int64, n)
	for i := range out {
		out[i] = each
	}
	out[0] += total - each*int64(n)
	return out
}

// due is the date of the instalment with index i (0 for the first).
func due(first time.Time, freq string, i int) time.Time {
	switch freq {
	case Weekly:
		return first.AddDate(0, 0, 7*i)
	case Fortnightly:
		return first.AddDate(0, 0, 14*i)
	}
	y, m, d := first.Date()
	month := time.Date(y, m+time.Month(i), 1, 0, 0, 0, 0, first.Location())
	last := month.AddDate(0, 1, -1).Day()
	return time.Date(month.Year(), month.Month(), min(d, last), 0, 0, 0, 0, first.Location())
}
