package demo

import (
	"fmt"
	"time"

	"porch/errs"
	"porch/estate"
	"porch/ledger"
	"porch/plans"
)

// paymentPlans puts Harbour View's worst debtor (the leaseholder whose
// cheque bounced) on a six-month plan agreed two months ago, with its first
// two instalments paid by bank transfer on their dates, and has the
// leaseholder who pays £250 a quarter ask for a plan, waiting for the
// manager's answer. Through the functions the screens use, before the
// reminders are recorded: the plan's invoices are not chased.
func (s *seeder) paymentPlans() error {
	manager, err := estate.FindPersonByEmail(s.ctx, s.tx, StaffEmail)
	if err != nil {
		return err
	}
	flat8, err := s.unitNamed(fmt.Sprintf("Flat %d", bouncedFlat))
	if err != nil {
		return err
	}
	agreed := s.today.AddDate(0, 0, -68)
	first := time.Date(agreed.Year(), agreed.Month()+1, 1, 0, 0, 0, 0, time.UTC)
	occ, person, err := s.payer(flat8, agreed)
	if err != nil {
		return err
	}
	at := agreed.Add(11 * time.Hour)
	p, err := plans.Offer(s.ctx, s.tx, at, agreed, plans.Proposal{UnitID: flat8.ID, OccupancyID: occ, Instalments: 6,
		Frequency: plans.Monthly, First: first, By: manager.ID,
		Note: "As agreed on the phone: six monthly payments on the 1st, starting next month."})
	if err != nil {
		return fmt.Errorf("demo: plan offer: %w", err)
	}
	if p, err = plans.Accept(s.ctx, s.tx, at.AddDate(0, 0, 2), agreed.AddDate(0, 0, 2), p, person); err != nil {
		return fmt.Errorf("demo: plan accepted: %w", err)
	}
	banks, err := ledger.SiteBankAccounts(s.ctx, s.tx, flat8.SiteID)
	if err != nil || len(banks) == 0 {
		return fmt.Errorf("demo: plan bank: %d accounts, %w", len(banks), err)
	}
	sched, err := plans.InstalmentsOf(s.ctx, s.tx, p.ID)
	if err != nil {
		return err
	}
	for _, in := range sched[:2] {
		if _, err := ledger.RecordReceipt(s.ctx, s.tx, in.Due.Add(10*time.Hour), ledger.ReceiptInput{UnitID: flat8.ID,
			AccountID: banks[0].ID, Date: in.Due, Amount: in.Amount, Method: ledger.MethodBankTransfer,
			Reference: fmt.Sprintf("PLAN FLAT %d", bouncedFlat), OccupancyID: occ}); err != nil {
			return fmt.Errorf("demo: plan instalment: %w", err)
		}
	}

	flat23, err := s.unitNamed(fmt.Sprintf("Flat %d", partPayFlat))
	if err != nil {
		return err
	}
	occ, person, err = s.payer(flat23, s.today)
	if err != nil {
		return err
	}
	_, err = plans.Request(s.ctx, s.tx, s.now.Add(-26*time.Hour), s.today.AddDate(0, 0, -1), flat23.SiteID, plans.Proposal{
		UnitID: flat23.ID, OccupancyID: occ, Instalments: 4, Frequency: plans.Monthly,
		First: s.today.AddDate(0, 0, 20), By: person,
		Note: "My hours were cut last year. I can keep up the quarterly charge and pay something every month towards what I owe."})
	if err != nil {
		e, _ := errs.As(err)
		return fmt.Errorf("demo: plan request: %w %v", err, e.Fields)
	}
	return nil
}

// payer is the unit's paying lease on the day and its first party.
func (s *seeder) payer(u estate.Unit, day time.Time) (int64, int64, error) {
	occ, err := estate.PayerOn(s.ctx, s.tx, u.ID, day)
	if err != nil || occ == 0 {
		return 0, 0, fmt.Errorf("demo: payer of %s: %d %w", u.Name, occ, err)
	}
	o, err := estate.GetOccupancyByID(s.ctx, s.tx, occ)
	if err != nil {
		return 0, 0, err
	}
	return occ, o.Parties[0].PersonID, nil
}
