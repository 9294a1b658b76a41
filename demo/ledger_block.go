package demo

import (
	"fmt"
	"time"

	"porch/estate"
	"porch/ledger"
)

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
