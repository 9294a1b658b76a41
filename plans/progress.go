package plans

import (
	"context"
	"time"

	"porch/ledger"
	"porch/sqldb"
)

// Instalment states, as Progress reads them.
const (
	StatePaid     = "paid"
	StatePartPaid = "part-paid"
	StateUpcoming = "upcoming"
	StateOverdue  = "overdue" // past its date, within the grace days
	StateMissed   = "missed"
)

// Row is an instalment with where it stands.
type Row struct {
	Scheduled
	State string
	Owed  int64 // what is still to pay of it
}

// StateLabel names the row's state for people.
func (r Row) StateLabel() string {
	switch r.State {
	case StatePartPaid:
		return "Part paid"
	case StateUpcoming:
		return "To pay"
	}
	return StatusLabel(r.State)
}

// Progress is how far a plan has come: what the covered invoices have had
// paid off them since it was made, and each instalment's state.
type Progress struct {
	Paid      int64
	Remaining int64
	Rows      []Row
	Next      *Row  // the first instalment to come not fully paid; nil when none
	Behind    int64 // what instalments already past their date still owe
}

// Progressed reads how far the plan has come on the day today. A plan
// counts what its invoices have been paid since it was made, by any means
// (an instalment, a card payment, a credit note), against the instalments
// in order: paying early or more than an instalment goes towards the
// next.
func Progressed(ctx context.Context, q sqldb.Querier, p Plan, today time.Time) (Progress, error) {
	sched, err := InstalmentsOf(ctx, q, p.ID)
	if err != nil {
		return Progress{}, err
	}
	outstanding, err := coveredOutstanding(ctx, q, p.ID)
	if err != nil {
		return Progress{}, err
	}
	return progress(p.Terms.Total, outstanding, sched, today), nil
}

// coveredOutstanding is what the plan's invoices still have owed.
func coveredOutstanding(ctx context.Context, q sqldb.Querier, planID int64) (int64, error) {
	ids, err := CoveredInvoiceIDs(ctx, q, planID)
	if err != nil {
		return 0, err
	}
	invs, err := ledger.InvoicesByID(ctx, q, ids)
	var sum int64
	for _, inv := range invs {
		sum += inv.Outstanding()
	}
	return sum, err
}

// progress lays what was paid (total less what is still outstanding)
// over the instalments in order.
func progress(total, outstanding int64, sched []Scheduled, today time.Time) Progress {
	pr := Progress{Paid: min(max(total-outstanding, 0), total)}
	pr.Remaining = total - pr.Paid
	var before int64 // what instalments before this one asked for
	for _, s := range sched {
		r := Row{Scheduled: s}
		through := before + s.Amount
		switch {
		case pr.Paid >= through:
			r.State = StatePaid
		case !s.MissedOn.IsZero():
			r.State = StateMissed
		case s.Due.Before(today):
			r.State = StateOverdue
		case pr.Paid > before:
			r.State = StatePartPaid
		default:
			r.State = StateUpcoming
		}
		r.Owed = min(through-pr.Paid, s.Amount)
		if r.Owed < 0 {
			r.Owed = 0
		}
		pr.Rows = append(pr.Rows, r)
		before = through
	}
	for i := range pr.Rows {
		r := &pr.Rows[i]
		switch {
		case r.Owed == 0:
		case r.Due.Before(today):
			pr.Behind += r.Owed
		case pr.Next == nil:
			pr.Next = r
		}
	}
	return pr
}
