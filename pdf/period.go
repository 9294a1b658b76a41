package pdf

import "time"

// period is the span a statement covers: a zero from is the start of the
// account, and it runs to the day it was produced unless to says otherwise.
type period struct {
	from, to, produced time.Time
}

func newPeriod(from, to, produced time.Time) period {
	if to.IsZero() {
		to = produced
	}
	return period{from: from, to: to, produced: produced}
}

// String is the period as the page header gives it.
func (p period) String() string {
	if p.from.IsZero() {
		return "Up to " + date(p.to)
	}
	return date(p.from) + " to " + date(p.to)
}

// fields are the period's lines in the details block, after the lead
// fields of the document.
func (p period) fields(lead ...field) []field {
	from := date(p.from)
	if p.from.IsZero() {
		from = "Start of account"
	}
	return append(lead,
		field{label: "From", value: from},
		field{label: "To", value: date(p.to)},
		field{label: "Produced", value: date(p.produced)},
	)
}

// openDate is the date on the opening balance row: none from the start of
// the account.
func (p period) openDate() string {
	if p.from.IsZero() {
		return ""
	}
	return date(p.from)
}
