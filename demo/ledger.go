package demo

import (
	"cmp"
	"fmt"
	"math/rand/v2"
	"slices"
	"time"

	"porch/estate"
	"porch/ledger"
)

// The demo's accounts: two years of history replayed through the ledger's
// own functions, as the managers would have posted it day by day.
//
// Harbour View is demanded quarterly in advance (service charge every
// quarter, reserve fund every half-year, ground rent every April). Most
// leaseholders pay within three weeks; the couple in flat 5 round their
// payments up and the investor living in flat 27 pays a year ahead, so both
// are in credit; flat 14 always pays late; flat 8's cheque bounced and its
// owner has paid little since; flat 23 pays what it can. Amara Okafor (flat
// 12) paid one quarter late, was charged a reminder fee and had it waived
// with a credit note, and has paid only part of the current quarter.
//
// In North London each tenant's rent is demanded on their rent day and
// paid by standing order; the agent takes its management fee from each
// payment (moving its fees to its office account monthly), pays repairs and safety checks on the landlords' behalf, keeps a
// float per property and pays each landlord what is theirs on the 20th of
// the month. One long-standing tenant has fallen behind. Recurring
// schedules for the next quarter and the next month of rent are set up, and
// the next gas safety checks due are scheduled as deductions.

// Steps order the events of one day.
const (
	stepDemand = iota
	stepReceipt
	stepCost
	stepSupplier
	stepPayout
)

// event is one thing posted on a date.
type event struct {
	date time.Time
	step int
	run  func() error
}

// books carries the ledger history while it is being built.
type books struct {
	*seeder
	rng     *rand.Rand
	manager int64
	charge  map[string]int64 // charge type id by name
	q0      time.Time        // the first quarter day of the history
	qNow    time.Time        // the quarter day on or before today
	events  []event
	raised  map[int64]map[string]int64 // unit -> issue date -> amount demanded that day
	invoice map[string]int64           // the next supplier invoice number, by prefix
	fees    map[string]int64           // agent fees charged, by month ("2006-01")
}

// ledger builds the organisation's book: the chart, a client bank account
// per site and the agent's office account, two years of history and the
// schedules and deductions to come.
func (s *seeder) ledger() error {
	if err := ledger.EnsureChart(s.ctx, s.tx, s.now); err != nil {
		return fmt.Errorf("demo: chart of accounts: %w", err)
	}
	mgr, err := estate.FindPersonByEmail(s.ctx, s.tx, ManagerEmail)
	if err != nil {
		return fmt.Errorf("demo: manager: %w", err)
	}
	qNow := quarterDay(s.today)
	// The accounts draw from a random stream of their own, so they stay the
	// same when the people and homes seeded before them change.
	b := &books{seeder: s, rng: rand.New(rand.NewPCG(seed, 2)), manager: mgr.ID, charge: map[string]int64{},
		qNow: qNow, q0: qNow.AddDate(0, -21, 0), raised: map[int64]map[string]int64{}, invoice: map[string]int64{}, fees: map[string]int64{}}
	charges, err := ledger.ChargeTypes(s.ctx, s.tx)
	if err != nil {
		return err
	}
	for _, c := range charges {
		b.charge[c.Name] = c.ID
	}
	sites, err := estate.ListSites(s.ctx, s.tx)
	if err != nil {
		return err
	}
	var after []func() error
	for _, site := range sites {
		var bank ledger.Account
		var next func() error
		switch site.Kind {
		case estate.KindBlock:
			bank, err = ledger.CreateBankAccount(s.ctx, s.tx, s.now, site.ID, ledger.BankAccountInput{
				Name: site.Name + " service charge client account", SortCode: "30-96-34", AccountNumber: "41852296"})
			if err == nil {
				next, err = b.block(site.Site, bank.ID)
			}
		case estate.KindLettings:
			bank, err = ledger.CreateBankAccount(s.ctx, s.tx, s.now, site.ID, ledger.BankAccountInput{
				Name: "Northgate Lettings client account", SortCode: "20-32-06", AccountNumber: "73019458"})
			if err == nil {
				next, err = b.lettings(site.Site, bank.ID)
			}
		}
		if err != nil {
			return fmt.Errorf("demo: %s accounts: %w", site.Name, err)
		}
		if next != nil {
			after = append(after, next)
		}
	}
	slices.SortStableFunc(b.events, func(x, y event) int {
		return cmp.Or(x.date.Compare(y.date), cmp.Compare(x.step, y.step))
	})
	for _, e := range b.events {
		if err := e.run(); err != nil {
			return fmt.Errorf("demo: ledger on %s: %w", e.date.Format(time.DateOnly), err)
		}
	}
	for _, f := range after {
		if err := f(); err != nil {
			return err
		}
	}
	return nil
}

// at adds an event; anything after today has not happened yet and is left
// out.
func (b *books) at(date time.Time, step int, run func() error) {
	if date.After(b.today) {
		return
	}
	b.events = append(b.events, event{date, step, run})
}

// note records what an invoice demanded, so payments can match it.
func (b *books) note(inv ledger.Invoice) {
	if b.raised[inv.UnitID] == nil {
		b.raised[inv.UnitID] = map[string]int64{}
	}
	b.raised[inv.UnitID][inv.IssueDate.Format(time.DateOnly)] += inv.Total
}

// demanded is what a unit was demanded on a date.
func (b *books) demanded(unitID int64, on time.Time) int64 {
	return b.raised[unitID][on.Format(time.DateOnly)]
}

// demand raises one invoice and applies any credit the unit holds.
func (b *books) demand(unitID int64, issue, due time.Time, charge, what string, amount int64) (ledger.Invoice, error) {
	inv, err := ledger.RaiseDemand(b.ctx, b.tx, b.now, ledger.DemandInput{UnitID: unitID, IssueDate: issue, DueDate: due,
		CreatedBy: b.manager, Lines: []ledger.DemandLine{{ChargeTypeID: b.charge[charge], Description: what, Amount: amount}}})
	if err != nil {
		return inv, err
	}
	b.note(inv)
	return inv, ledger.ApplyCredit(b.ctx, b.tx, b.now, unitID)
}

// pay records money received for a unit; amount is read when the event
// runs, after the demands it pays.
func (b *books) pay(unitID, bank int64, date time.Time, method, ref string, amount func() int64) func() error {
	return func() error {
		_, err := b.receive(unitID, bank, date, method, ref, amount())
		return err
	}
}

func (b *books) receive(unitID, bank int64, date time.Time, method, ref string, amount int64) (int64, error) {
	if amount <= 0 {
		return 0, nil
	}
	return ledger.RecordReceipt(b.ctx, b.tx, b.now, ledger.ReceiptInput{UnitID: unitID, AccountID: bank, Date: date,
		Amount: amount, Method: method, Reference: ref, CreatedBy: b.manager})
}

// someDay is a day in the history, not in its last three days.
func (b *books) someDay() time.Time {
	days := int(b.today.Sub(b.q0).Hours()/24) - 3
	return b.q0.AddDate(0, 0, b.rng.IntN(days))
}

func hasTenant(people []estate.UnitPerson) bool {
	return slices.ContainsFunc(people, func(p estate.UnitPerson) bool { return p.Role == estate.RoleTenant })
}

// quarterDay is the first day of d's calendar quarter.
func quarterDay(d time.Time) time.Time {
	return time.Date(d.Year(), (d.Month()-1)/3*3+1, 1, 0, 0, 0, 0, time.UTC)
}

// fyStart is the 1 April that starts d's service charge year.
func fyStart(d time.Time) time.Time {
	y := d.Year()
	if d.Month() < time.April {
		y--
	}
	return time.Date(y, time.April, 1, 0, 0, 0, 0, time.UTC)
}

// rentDay is the k-th monthly rent day of a tenancy that started on start,
// on the last day of a month too short for the start's day.
func rentDay(start time.Time, k int) time.Time {
	months := start.Year()*12 + int(start.Month()) - 1 + k
	y, m := months/12, time.Month(months%12+1)
	last := time.Date(y, m+1, 0, 0, 0, 0, 0, time.UTC).Day()
	return time.Date(y, m, min(start.Day(), last), 0, 0, 0, 0, time.UTC)
}

// monthsBetween counts whole calendar months from a to b's month.
func monthsBetween(a, b time.Time) int {
	return (b.Year()-a.Year())*12 + int(b.Month()) - int(a.Month())
}

// span describes a period of dates: "1 April to 30 June 2025".
func span(from, to time.Time) string {
	if from.Year() == to.Year() {
		return from.Format("2 January") + " to " + to.Format("2 January 2006")
	}
	return from.Format("2 January 2006") + " to " + to.Format("2 January 2006")
}

// roundUp rounds pence up to a multiple of step.
func roundUp(n, step int64) int64 { return (n + step - 1) / step * step }

// upper turns an address into a bank reference: "12 ALBION ROAD".
func upper(s string) string {
	out := []byte(s)
	for i, c := range out {
		if c >= 'a' && c <= 'z' {
			out[i] = c - 'a' + 'A'
		}
	}
	return string(out)
}
