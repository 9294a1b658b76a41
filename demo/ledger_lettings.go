package demo

import (
	"cmp"
	"fmt"
	"slices"
	"time"

	"porch/estate"
	"porch/ledger"
)

// Rent and costs for the lettings portfolio, in pence.
var (
	rentByBedrooms = map[int]int64{1: 1_650_00, 2: 2_150_00, 3: 2_750_00, 4: 3_600_00}
	floatFlat      = int64(250_00) // kept back for a one-bedroom flat
	floatHouse     = int64(500_00) // and for anything larger
)

// managementFee is the agent's 12% + VAT (14.4%) of rent received,
// rounded to the penny.
func managementFee(rent int64) int64 { return (rent*144 + 500) / 1000 }

// job is a bill paid for a landlord, with its category for their tax
// return (see ledger.CostCategories).
type job struct {
	supplier, what string
	amount         int64
	category       string
}

var (
	gasCheck  = job{"Northside Heating Ltd", "Annual gas safety certificate (CP12)", 93_60, "safety"}
	eicrCheck = job{"Brightwire Electrical Ltd", "Electrical installation condition report (EICR)", 180_00, "safety"}
	endClean  = job{"Sparkle End of Tenancy Cleaning", "End of tenancy clean", 285_00, "cleaning"}
	checkOut  = job{"Inventory Hub London", "Check-out inventory report", 120_00, "legal"}
	repairs   = []job{
		{"A1 Plumbing & Drains", "Repair leaking kitchen mixer tap", 95_00, "repairs"},
		{"A1 Plumbing & Drains", "Clear blocked bath waste", 85_00, "repairs"},
		{"A1 Plumbing & Drains", "Replace toilet cistern fill valve", 120_00, "repairs"},
		{"Northside Heating Ltd", "Boiler repair: replace diverter valve", 265_00, "repairs"},
		{"Northside Heating Ltd", "Bleed and rebalance radiators", 90_00, "repairs"},
		{"Brightwire Electrical Ltd", "Replace faulty smoke and heat alarms", 140_00, "safety"},
		{"Brightwire Electrical Ltd", "Replace bathroom extractor fan", 165_00, "repairs"},
		{"Holloway Property Maintenance", "Repair garden fence panel after storm", 210_00, "repairs"},
		{"Holloway Property Maintenance", "Ease and re-hang sticking bedroom door", 75_00, "repairs"},
		{"Holloway Property Maintenance", "Mould treatment and redecoration, bathroom ceiling", 340_00, "repairs"},
		{"Archway Locksmiths", "Replace worn front door lock", 145_00, "repairs"},
		{"Pestaway London", "Mouse treatment, three visits", 180_00, "repairs"},
	}
	supplierPrefix = map[string]string{
		"A1 Plumbing & Drains": "A1P", "Northside Heating Ltd": "NHL", "Brightwire Electrical Ltd": "BWE",
		"Holloway Property Maintenance": "HPM", "Archway Locksmiths": "ARL", "Pestaway London": "PWL",
		"Sparkle End of Tenancy Cleaning": "SEC", "Inventory Hub London": "IHL",
	}
)

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
				Supplier: gasCheck.supplier, Amount: gasCheck.amount, DueDate: nextGas, Category: gasCheck.category, CreatedBy: b.manager})
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

	// Landlords are paid what is available on the 20th of each month, a
	// payout for each property, so each property's statement shows its own.
	for m := time.Date(b.q0.Year(), b.q0.Month(), 20, 0, 0, 0, 0, time.UTC); !m.After(b.today); m = m.AddDate(0, 1, 0) {
		for _, owner := range owners {
			b.at(m, stepPayout, func() error { return b.payOut(owner, bank, m) })
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
			if err := b.fee(t, paidOn, managementFee(paid), "Management fee, 12% + VAT", "management_fee"); err != nil {
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
			return b.fee(t, paidOn, t.rent*60/100, "Tenant find fee, new tenancy (50% of a month's rent + VAT)", "letting_fee")
		})
	}
}

// fee charges the landlord an agent's fee, which the agent moves to its
// office account at the end of the month.
func (b *books) fee(t tenancy, date time.Time, amount int64, what, category string) error {
	_, err := ledger.ChargeFee(b.ctx, b.tx, b.now, ledger.FeeInput{UnitID: t.unit.ID, OwnerID: t.owner, Date: date,
		Amount: amount, Description: what, Category: category, CreatedBy: b.manager})
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
			Amount: j.amount, Supplier: j.supplier, Description: j.what, Reference: ref, Category: j.category, CreatedBy: b.manager})
		return err
	})
	paid := date.AddDate(0, 0, 10+b.rng.IntN(11))
	b.at(paid, stepSupplier, func() error {
		_, err := ledger.PaySupplier(b.ctx, b.tx, b.now, ledger.SupplierPaymentInput{Supplier: j.supplier, AccountID: bank,
			Date: paid, Amount: j.amount, Reference: "Invoice " + ref, CreatedBy: b.manager})
		return err
	})
}

// payOut pays a landlord on the day what is available from each of their
// properties: what is held from it, less its tenant's unpaid rent, within
// what is available from all of their money.
func (b *books) payOut(owner, bank int64, day time.Time) error {
	funds, err := ledger.FundsOf(b.ctx, b.tx, owner)
	if err != nil || funds.Available < 1_00 {
		return err
	}
	units, err := ledger.LandlordUnits(b.ctx, b.tx, owner, day)
	if err != nil {
		return err
	}
	owed, err := ledger.RentOwedByUnit(b.ctx, b.tx, owner, day)
	if err != nil {
		return err
	}
	left := funds.Available
	for _, u := range units {
		amount := min(u.Net-owed[u.UnitID].Unpaid, left)
		if amount < 1_00 {
			continue
		}
		if _, err := ledger.RecordPayout(b.ctx, b.tx, b.now, ledger.PayoutInput{OwnerID: owner, UnitID: u.UnitID, AccountID: bank,
			Date: day, Amount: amount, Reference: "Landlord statement " + day.Format("January 2006"), CreatedBy: b.manager}); err != nil {
			return err
		}
		left -= amount
	}
	return nil
}
