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

// Harbour View's budgets by service charge year (April to March), oldest
// first: the whole block's quarterly service charge and half-yearly reserve
// fund contribution, in pence.
var (
	serviceChargeQuarter = []int64{11_850_00, 12_600_00, 13_350_00, 14_100_00}
	reserveFundHalf      = []int64{4_500_00, 4_800_00, 5_100_00, 5_400_00}
)

// carParkYear is the car park's yearly upkeep (resurfacing fund, barrier
// and lighting), in pence, shared by the flats with a space.
const carParkYear = 3_600_00

// groundRent is each lease's yearly ground rent, by bedrooms.
var groundRent = map[int]int64{1: 200_00, 2: 250_00, 3: 300_00}

// How some Harbour View leaseholders pay; everyone else pays in full within
// three weeks, by bank transfer or, in chequeFlats, by cheque.
const (
	roundUpFlat = 5  // pays each demand rounded up, so builds a credit
	prepayFlat  = 27 // pays each year's demands before the year starts
	latePayFlat = 14 // pays five to nine weeks after the demand
	bouncedFlat = 8  // cheque returned three quarters ago; little paid since
	partPayFlat = 23 // pays £250 a quarter for the last three quarters
)

var chequeFlats = map[int]bool{2: true, 16: true, 19: true}

// Rent and costs for the lettings portfolio, in pence.
var (
	rentByBedrooms = map[int]int64{1: 1_650_00, 2: 2_150_00, 3: 2_750_00, 4: 3_600_00}
	floatFlat      = int64(250_00) // kept back for a one-bedroom flat
	floatHouse     = int64(500_00) // and for anything larger
)

// managementFee is the agent's 12% + VAT (14.4%) of rent received,
// rounded to the penny.
func managementFee(rent int64) int64 { return (rent*144 + 500) / 1000 }

// job is a bill paid for a landlord.
type job struct {
	supplier, what string
	amount         int64
}

var (
	gasCheck  = job{"Northside Heating Ltd", "Annual gas safety certificate (CP12)", 93_60}
	eicrCheck = job{"Brightwire Electrical Ltd", "Electrical installation condition report (EICR)", 180_00}
	endClean  = job{"Sparkle End of Tenancy Cleaning", "End of tenancy clean", 285_00}
	checkOut  = job{"Inventory Hub London", "Check-out inventory report", 120_00}
	repairs   = []job{
		{"A1 Plumbing & Drains", "Repair leaking kitchen mixer tap", 95_00},
		{"A1 Plumbing & Drains", "Clear blocked bath waste", 85_00},
		{"A1 Plumbing & Drains", "Replace toilet cistern fill valve", 120_00},
		{"Northside Heating Ltd", "Boiler repair: replace diverter valve", 265_00},
		{"Northside Heating Ltd", "Bleed and rebalance radiators", 90_00},
		{"Brightwire Electrical Ltd", "Replace faulty smoke and heat alarms", 140_00},
		{"Brightwire Electrical Ltd", "Replace bathroom extractor fan", 165_00},
		{"Holloway Property Maintenance", "Repair garden fence panel after storm", 210_00},
		{"Holloway Property Maintenance", "Ease and re-hang sticking bedroom door", 75_00},
		{"Holloway Property Maintenance", "Mould treatment and redecoration, bathroom ceiling", 340_00},
		{"Archway Locksmiths", "Replace worn front door lock", 145_00},
		{"Pestaway London", "Mouse treatment, three visits", 180_00},
	}
	supplierPrefix = map[string]string{
		"A1 Plumbing & Drains": "A1P", "Northside Heating Ltd": "NHL", "Brightwire Electrical Ltd": "BWE",
		"Holloway Property Maintenance": "HPM", "Archway Locksmiths": "ARL", "Pestaway London": "PWL",
		"Sparkle End of Tenancy Cleaning": "SEC", "Inventory Hub London": "IHL",
	}
)

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

// block plans Harbour View's demands and payments, and returns the step
// that sets up next quarter's schedules.
func (b *books) block(site estate.Site, bank int64) (func() error, error) {
	units, err := estate.ListUnits(b.ctx, b.tx, site.ID)
	if err != nil {
		return nil, err
	}
	shares := make([]ledger.Share, len(units))
	flat := make([]int, len(units))
	for i, u := range units {
		shares[i] = ledger.Share{UnitID: u.ID, SharePPM: u.SharePPM}
		if _, err := fmt.Sscanf(u.Name, "Flat %d", &flat[i]); err != nil {
			return nil, fmt.Errorf("unit %q: %w", u.Name, err)
		}
	}
	// Each flat's part of every budget, for the leaseholder who pays ahead.
	part := func(total int64, unitID int64) int64 {
		parts, _ := ledger.Apportion(total, shares)
		return parts[unitID]
	}
	fy0 := fyStart(b.q0)
	budget := func(q time.Time) int { return fyStart(q).Year() - fy0.Year() }
	quarters := 0
	for q := b.q0; !q.After(b.qNow); q = q.AddDate(0, 3, 0) {
		quarters++
	}
	sc, rf := b.charge["Service charge"], b.charge["Reserve fund"]
	const gr, admin = "Ground rent", "Administration fee"

	for qi := range quarters {
		q := b.q0.AddDate(0, 3*qi, 0)
		ago := quarters - 1 - qi // quarters before the current one
		due := q.AddDate(0, 0, 30)
		lines := []ledger.BulkLine{{ChargeTypeID: sc, Description: "Service charge, " + span(q, q.AddDate(0, 3, -1)),
			Total: serviceChargeQuarter[budget(q)]}}
		if q.Month() == time.April || q.Month() == time.October {
			lines = append(lines, ledger.BulkLine{ChargeTypeID: rf, Description: "Reserve fund contribution, " +
				span(q, q.AddDate(0, 6, -1)), Total: reserveFundHalf[budget(q)]})
		}
		b.at(q, stepDemand, func() error {
			invs, err := ledger.PostBulkDemand(b.ctx, b.tx, b.now, site.ID, ledger.BulkInput{IssueDate: q, DueDate: due, Lines: lines}, b.manager)
			if err != nil {
				return err
			}
			for _, inv := range invs {
				b.note(inv)
			}
			if q.Month() != time.April {
				return nil
			}
			for _, u := range units {
				if _, err := b.demand(u.ID, q, due, gr, "Ground rent, "+span(q, q.AddDate(1, 0, -1)), groundRent[u.Bedrooms]); err != nil {
					return err
				}
			}
			return nil
		})

		for i, u := range units {
			n := flat[i]
			ref := fmt.Sprintf("FLAT %d HARBOUR VIEW", n)
			full := func() int64 { return b.demanded(u.ID, q) }
			prompt := func(days int) {
				method := ledger.MethodBankTransfer
				r := ref
				if chequeFlats[n] {
					method, r = ledger.MethodCheque, fmt.Sprintf("Cheque %06d", 200100+b.rng.IntN(800))
				}
				b.at(q.AddDate(0, 0, days), stepReceipt, b.pay(u.ID, bank, q.AddDate(0, 0, days), method, r, full))
			}
			switch {
			case n == roundUpFlat:
				b.at(q, stepReceipt, b.pay(u.ID, bank, q, ledger.MethodBankTransfer, "BENNETT SO FLAT 5", func() int64 {
					return roundUp(full(), 10_00) + 20_00
				}))
			case n == prepayFlat:
				// The year's demands, less any credit held, rounded up to
				// the next £100: paid the week before the year starts or,
				// for the year the history starts in, just after its
				// first demands.
				year := func(from time.Time) (sum int64) {
					for d := from; d.Before(fyStart(from).AddDate(1, 0, 0)); d = d.AddDate(0, 3, 0) {
						sum += part(serviceChargeQuarter[budget(d)], u.ID)
						if d.Month() == time.April || d.Month() == time.October {
							sum += part(reserveFundHalf[budget(d)], u.ID)
						}
						if d.Month() == time.April {
							sum += groundRent[u.Bedrooms]
						}
					}
					return sum
				}
				ahead := func(date time.Time, year int64, raised func() int64) {
					b.at(date, stepReceipt, func() error {
						bal, err := ledger.UnitBalance(b.ctx, b.tx, u.ID)
						if err == nil {
							_, err = b.receive(u.ID, bank, date, ledger.MethodBankTransfer, "FLAT 27 YEAR IN ADVANCE",
								roundUp(year+bal-raised()+50_00, 100_00))
						}
						return err
					})
				}
				if qi == 0 {
					ahead(q.AddDate(0, 0, 3), year(q), full)
				}
				if q.Month() == time.January {
					next := fyStart(q).AddDate(1, 0, 0)
					ahead(next.AddDate(0, 0, -7), year(next), func() int64 { return 0 })
				}
			case n == latePayFlat:
				prompt(40 + b.rng.IntN(25))
			case n == bouncedFlat && ago == 3:
				var cheque int64
				paid, back := q.AddDate(0, 0, 10), q.AddDate(0, 0, 17)
				b.at(paid, stepReceipt, func() (err error) {
					cheque, err = b.receive(u.ID, bank, paid, ledger.MethodCheque, "Cheque 000417", full())
					return err
				})
				b.at(back, stepReceipt, func() error {
					if _, err := ledger.Reverse(b.ctx, b.tx, b.now, cheque, back, "cheque returned unpaid by the bank (refer to drawer)", b.manager); err != nil {
						return err
					}
					_, err := b.demand(u.ID, back, back.AddDate(0, 0, 14), admin, "Returned cheque charge", 25_00)
					return err
				})
			case n == bouncedFlat && ago < 3:
				if ago == 1 {
					date := q.AddDate(0, 0, 20)
					b.at(date, stepReceipt, b.pay(u.ID, bank, date, ledger.MethodBankTransfer, "PAYMENT ON ACCOUNT FLAT 8",
						func() int64 { return 400_00 }))
				}
			case n == partPayFlat && ago < 3:
				date := q.AddDate(0, 0, 25)
				b.at(date, stepReceipt, b.pay(u.ID, bank, date, ledger.MethodBankTransfer, ref, func() int64 { return 250_00 }))
			case n == residentFlat && ago == 2:
				// Paid late; the reminder fee was waived.
				var fee ledger.Invoice
				remind, paid := q.AddDate(0, 0, 38), q.AddDate(0, 0, 48)
				b.at(remind, stepDemand, func() (err error) {
					fee, err = b.demand(u.ID, remind, remind.AddDate(0, 0, 14), admin, "Late payment reminder fee", 30_00)
					return err
				})
				b.at(paid, stepReceipt, b.pay(u.ID, bank, paid, ledger.MethodBankTransfer, "OKAFOR FLAT 12", full))
				waived := paid.AddDate(0, 0, 2)
				b.at(waived, stepReceipt, func() error {
					_, err := ledger.CreditNote(b.ctx, b.tx, b.now, ledger.CreditInput{UnitID: u.ID, ChargeTypeID: b.charge[admin],
						Date: waived, Amount: 30_00, Reason: "Reminder fee waived as a goodwill gesture", InvoiceID: fee.ID, CreatedBy: b.manager})
					return err
				})
			case n == residentFlat && ago == 0:
				// Part of the current quarter paid so far.
				date := q.AddDate(0, 0, 14)
				b.at(date, stepReceipt, b.pay(u.ID, bank, date, ledger.MethodBankTransfer, "OKAFOR FLAT 12 PART",
					func() int64 { return 200_00 }))
			case n == residentFlat:
				prompt(8 + b.rng.IntN(5))
			case n == soldFlat && !q.After(b.saleDate) && q.AddDate(0, 3, 0).After(b.saleDate):
				// Demanded of the seller weeks before completion and never
				// paid: their closed account still owes it.
			default:
				prompt(2 + b.rng.IntN(20))
			}
		}
	}

	return func() error {
		// The schedules that raise the next demands, at this year's budget
		// (or next year's, when the next demand starts it), until the
		// managers change them.
		next := b.qNow.AddDate(0, 3, 0)
		half := next
		if half.Month() != time.April && half.Month() != time.October {
			half = half.AddDate(0, 3, 0)
		}
		// The car park's upkeep is shared only by the flats with a space,
		// by the car park's schedule, once a year.
		carPark, err := b.apportionment(site.ID, carParkSchedule)
		if err != nil {
			return err
		}
		for _, in := range []ledger.ScheduleInput{
			{Name: "Quarterly service charge", ChargeTypeID: sc, Amount: serviceChargeQuarter[budget(next)], EveryMonths: 3, StartDate: next},
			{Name: "Half-yearly reserve fund contribution", ChargeTypeID: rf, Amount: reserveFundHalf[budget(half)], EveryMonths: 6, StartDate: half},
			{Name: "Yearly car park upkeep", ChargeTypeID: sc, Amount: carParkYear, EveryMonths: 12, StartDate: half, ApportionmentID: carPark},
		} {
			in.SiteID, in.DueDays = site.ID, 30
			if _, err := ledger.CreateSchedule(b.ctx, b.tx, b.now, in); err != nil {
				return fmt.Errorf("demo: schedule %s: %w", in.Name, err)
			}
		}
		return nil
	}, nil
}

// apportionment finds the id of the site's schedule with the name.
func (b *books) apportionment(siteID int64, name string) (int64, error) {
	all, err := estate.ListApportionments(b.ctx, b.tx, siteID)
	if err != nil {
		return 0, err
	}
	for _, a := range all {
		if a.Name == name {
			return a.ID, nil
		}
	}
	return 0, fmt.Errorf("demo: no %s schedule", name)
}

// tenancy is one let home's tenancy during the history.
type tenancy struct {
	unit       estate.Unit
	index      int // in lettingsUnits
	owner      int64
	start, end time.Time // end is zero while it runs
	rent       int64
}

// lettings plans the portfolio's rent, fees, costs and payouts, and returns
// the step that sets up next month's rent schedules and the deductions due.
func (b *books) lettings(site estate.Site, bank int64) (func() error, error) {
	units, err := estate.ListUnits(b.ctx, b.tx, site.ID)
	if err != nil {
		return nil, err
	}
	var lets []tenancy
	var owners []int64
	for _, u := range units {
		t := tenancy{unit: u, index: slices.IndexFunc(lettingsUnits, func(l lettingsUnit) bool { return l.address == u.Name })}
		if t.index < 0 {
			return nil, fmt.Errorf("unknown let unit %q", u.Name)
		}
		people, err := estate.PeopleOfUnit(b.ctx, b.tx, u.ID, b.today)
		if err != nil {
			return nil, err
		}
		if !hasTenant(people) {
			// Empty now: the tenancy that ended.
			if people, err = estate.PeopleOfUnit(b.ctx, b.tx, u.ID, b.today.AddDate(0, 0, -30)); err != nil {
				return nil, err
			}
		}
		for _, p := range people {
			switch {
			case p.Role == estate.RoleOwner && t.owner == 0:
				t.owner = p.PersonID
			case p.Role == estate.RoleTenant && t.start.IsZero():
				t.start = p.Start
				if p.End != nil {
					t.end = *p.End
				}
			}
		}
		if t.owner == 0 || t.start.IsZero() {
			return nil, fmt.Errorf("%s has no landlord or tenancy", u.Name)
		}
		if !slices.Contains(owners, t.owner) {
			owners = append(owners, t.owner)
		}
		t.rent = rentByBedrooms[u.Bedrooms] + 25_00*int64(b.rng.IntN(5)-2)
		lets = append(lets, t)
	}
	slices.SortFunc(lets, func(x, y tenancy) int { return cmp.Compare(x.index, y.index) })
	slices.Sort(owners)

	// The tenant who has fallen behind: the longest-standing one, other
	// than the personas' homes.
	behind := -1
	for i, t := range lets {
		if t.end.IsZero() && t.index != tenantPersonaUnit && lettingsUnits[t.index].landlord != 0 &&
			(behind < 0 || t.start.Before(lets[behind].start)) {
			behind = i
		}
	}

	var deductions []ledger.DeductionInput
	for i, t := range lets {
		b.rentHistory(t, bank, i == behind)
		// Safety checks every year, the next one due soon for the owner
		// persona's first home; one EICR in three homes; a few repairs.
		nextGas := b.today.AddDate(0, 0, 5+b.rng.IntN(360))
		if t.index == 0 {
			nextGas = b.today.AddDate(0, 0, 12)
		}
		for y := 1; y <= 2; y++ {
			if d := nextGas.AddDate(-y, 0, 0); !d.Before(b.q0) {
				b.expense(t, bank, d, gasCheck)
			}
		}
		if nextGas.Before(b.today.AddDate(0, 0, 46)) {
			deductions = append(deductions, ledger.DeductionInput{UnitID: t.unit.ID, OwnerID: t.owner, Description: gasCheck.what,
				Supplier: gasCheck.supplier, Amount: gasCheck.amount, DueDate: nextGas, CreatedBy: b.manager})
		}
		if b.rng.IntN(3) == 0 {
			b.expense(t, bank, b.someDay(), eicrCheck)
		}
		for range 1 + b.rng.IntN(3) {
			j := repairs[b.rng.IntN(len(repairs))]
			j.amount += 5_00 * int64(b.rng.IntN(5))
			b.expense(t, bank, b.someDay(), j)
		}
		if !t.end.IsZero() {
			b.expense(t, bank, t.end.AddDate(0, 0, 1), checkOut)
			b.expense(t, bank, t.end.AddDate(0, 0, 3), endClean)
		}
	}

	// The agent's fees leave the client account on the first of the next
	// month; they are the agent's money, not the landlords'.
	office, err := ledger.CreateBankAccount(b.ctx, b.tx, b.now, 0, ledger.BankAccountInput{
		Name: "Northgate office account", SortCode: "20-32-06", AccountNumber: "58730214"})
	if err != nil {
		return nil, err
	}
	for m := time.Date(b.q0.Year(), b.q0.Month()+1, 1, 0, 0, 0, 0, time.UTC); !m.After(b.today); m = m.AddDate(0, 1, 0) {
		month := m.AddDate(0, -1, 0)
		b.at(m, stepDemand, func() error {
			amount := b.fees[month.Format("2006-01")]
			if amount == 0 {
				return nil
			}
			_, _, err := ledger.Post(b.ctx, b.tx, b.now, ledger.Journal{Kind: ledger.KindTransfer, Date: m,
				Description: "Agent fees for " + month.Format("January 2006") + " to the office account",
				Reference:   "FEES " + upper(month.Format("Jan06")), CreatedBy: b.manager, Lines: []ledger.Line{
					{AccountID: office.ID, Amount: amount, Memo: "Agent fees"},
					{AccountID: bank, Amount: -amount, Memo: "Agent fees"},
				}})
			return err
		})
	}

	// Landlords are paid what is available on the 20th of each month.
	for m := time.Date(b.q0.Year(), b.q0.Month(), 20, 0, 0, 0, 0, time.UTC); !m.After(b.today); m = m.AddDate(0, 1, 0) {
		for _, owner := range owners {
			b.at(m, stepPayout, func() error {
				funds, err := ledger.FundsOf(b.ctx, b.tx, owner)
				if err != nil || funds.Available < 1_00 {
					return err
				}
				_, err = ledger.RecordPayout(b.ctx, b.tx, b.now, ledger.PayoutInput{OwnerID: owner, AccountID: bank, Date: m,
					Amount: funds.Available, Reference: "Landlord statement " + m.Format("January 2006"), CreatedBy: b.manager})
				return err
			})
		}
	}

	return func() error {
		for _, t := range lets {
			if !t.end.IsZero() {
				continue
			}
			k := 0
			for !rentDay(t.start, k).After(b.today) {
				k++
			}
			in := ledger.ScheduleInput{Name: "Rent, " + t.unit.Name, UnitID: t.unit.ID, ChargeTypeID: b.charge["Rent"],
				Amount: t.rent, EveryMonths: 1, StartDate: rentDay(t.start, k)}
			if _, err := ledger.CreateSchedule(b.ctx, b.tx, b.now, in); err != nil {
				return fmt.Errorf("demo: schedule %s: %w", in.Name, err)
			}
		}
		for _, d := range deductions {
			if _, err := ledger.ScheduleDeduction(b.ctx, b.tx, b.now, d); err != nil {
				return fmt.Errorf("demo: deduction for unit %d: %w", d.UnitID, err)
			}
		}
		return nil
	}, nil
}

// rentHistory plans a tenancy's monthly rent, the tenant's payments and the
// fees and float taken from them. A tenant who is behind paid late three
// months ago, half of last month's rent, and nothing of this month's yet.
func (b *books) rentHistory(t tenancy, bank int64, behind bool) {
	var days []time.Time
	for k := 0; ; k++ {
		d := rentDay(t.start, k)
		if d.After(b.today) || (!t.end.IsZero() && d.After(t.end)) {
			break
		}
		if !d.Before(b.q0) {
			days = append(days, d)
		}
	}
	name := t.unit.Name
	started := !t.start.Before(b.q0)
	for i, d := range days {
		last := rentDay(t.start, monthsBetween(t.start, d)+1).AddDate(0, 0, -1)
		amount := t.rent
		if !t.end.IsZero() && t.end.Before(last) {
			// The final part month, by the day.
			last = t.end
			amount = (t.rent*12*int64(last.Sub(d).Hours()/24+1) + 182) / 365
		}
		b.at(d, stepDemand, func() error {
			_, err := b.demand(t.unit.ID, d, d, "Rent", "Rent, "+span(d, last), amount)
			return err
		})
		paidOn, paid := d, amount
		if b.rng.IntN(4) == 0 {
			paidOn = d.AddDate(0, 0, 1+b.rng.IntN(3))
		}
		if behind {
			switch len(days) - 1 - i {
			case 2:
				paidOn = d.AddDate(0, 0, 12)
			case 1:
				paidOn, paid = d.AddDate(0, 0, 6), amount/2
			case 0:
				continue
			}
		}
		first := i == 0
		b.at(paidOn, stepReceipt, func() error {
			if _, err := b.receive(t.unit.ID, bank, paidOn, ledger.MethodBankTransfer, "RENT "+upper(name), paid); err != nil {
				return err
			}
			if err := b.fee(t, paidOn, managementFee(paid), "Management fee, 12% + VAT"); err != nil {
				return err
			}
			if !first {
				return nil
			}
			float := floatHouse
			if lettingsUnits[t.index].bedrooms == 1 {
				float = floatFlat
			}
			if _, err := ledger.SetFloat(b.ctx, b.tx, b.now, ledger.FloatInput{UnitID: t.unit.ID, OwnerID: t.owner, Date: paidOn,
				Target: float, CreatedBy: b.manager}); err != nil {
				return err
			}
			if !started {
				return nil
			}
			return b.fee(t, paidOn, t.rent*60/100, "Tenant find fee, new tenancy (50% of a month's rent + VAT)")
		})
	}
}

// fee charges the landlord an agent's fee, which the agent moves to its
// office account at the end of the month.
func (b *books) fee(t tenancy, date time.Time, amount int64, what string) error {
	_, err := ledger.ChargeFee(b.ctx, b.tx, b.now, ledger.FeeInput{UnitID: t.unit.ID, OwnerID: t.owner, Date: date,
		Amount: amount, Description: what, CreatedBy: b.manager})
	b.fees[date.Format("2006-01")] += amount
	return err
}

// expense plans a bill paid for a landlord and, a fortnight or so later,
// the payment to the supplier.
func (b *books) expense(t tenancy, bank int64, date time.Time, j job) {
	var ref string
	b.at(date, stepCost, func() error {
		prefix := supplierPrefix[j.supplier]
		if b.invoice[prefix] == 0 {
			b.invoice[prefix] = 1040
		}
		ref = fmt.Sprintf("%s-%d", prefix, b.invoice[prefix])
		b.invoice[prefix] += 3
		_, err := ledger.RecordExpense(b.ctx, b.tx, b.now, ledger.ExpenseInput{UnitID: t.unit.ID, OwnerID: t.owner, Date: date,
			Amount: j.amount, Supplier: j.supplier, Description: j.what, Reference: ref, CreatedBy: b.manager})
		return err
	})
	paid := date.AddDate(0, 0, 10+b.rng.IntN(11))
	b.at(paid, stepSupplier, func() error {
		_, err := ledger.PaySupplier(b.ctx, b.tx, b.now, ledger.SupplierPaymentInput{Supplier: j.supplier, AccountID: bank,
			Date: paid, Amount: j.amount, Reference: "Invoice " + ref, CreatedBy: b.manager})
		return err
	})
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
