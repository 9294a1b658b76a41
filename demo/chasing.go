package demo

import (
	"cmp"
	"fmt"
	"slices"
	"time"

	"porch/estate"
	"porch/ledger"
)

// blockReminders are the demo blocks' reminder steps, in days after the
// due date.
const blockReminders = "14, 30, 60"

// chasing sets reminder steps on the blocks and records the reminders the
// daily job would have sent over the last month, through the functions it
// uses, so the accounts show them and the job has nothing to catch up on;
// the two debtors owing most overdue carry a note and a next action.
func (s *seeder) chasing() error {
	sites, err := estate.ListSites(s.ctx, s.tx)
	if err != nil {
		return err
	}
	for _, site := range sites {
		if site.IsBlock() {
			if _, _, err := ledger.SetReminderSteps(s.ctx, s.tx, s.now, site.ID, blockReminders); err != nil {
				return fmt.Errorf("demo: reminder steps: %w", err)
			}
		}
	}
	for _, back := range []int{30, 14, 0} {
		if err := s.remind(s.today.AddDate(0, 0, -back)); err != nil {
			return err
		}
	}
	return s.debtorNotes()
}

// remind records the reminders due on day as sent to the holders with an
// email address.
func (s *seeder) remind(day time.Time) error {
	due, err := ledger.DueReminders(s.ctx, s.tx, day)
	if err != nil {
		return err
	}
	for _, r := range due {
		rec := ledger.SentReminder{InvoiceID: r.ID, Step: r.Step, Days: r.Days, SentOn: day}
		if r.OccupancyID != 0 {
			occ, err := estate.GetOccupancyByID(s.ctx, s.tx, r.OccupancyID)
			if err != nil {
				return err
			}
			for _, p := range occ.Parties {
				if p.Email != "" {
					rec.SentTo = append(rec.SentTo, p.Email)
				} else {
					rec.NotSent = append(rec.NotSent, p.FullName)
				}
			}
		}
		if _, err := ledger.RecordReminder(s.ctx, s.tx, day, rec); err != nil {
			return fmt.Errorf("demo: reminder: %w", err)
		}
	}
	return nil
}

// debtorNotes puts a note and a next action on the two accounts owing
// most past their due dates.
func (s *seeder) debtorNotes() error {
	rep, err := ledger.AgedDebt(s.ctx, s.tx, ledger.AgedDebtFilter{AsAt: s.today})
	if err != nil {
		return err
	}
	notes := []ledger.DebtorNote{
		{Note: "Phoned; promised to clear the arrears by the end of the month.", NextAction: s.today.AddDate(0, 0, 7)},
		{Note: "No reply to reminders. Arrears letter sent; offer a payment plan.", NextAction: s.today.AddDate(0, 0, 3)},
	}
	var worst []ledger.AgedDebtor
	for _, site := range rep.Sites {
		for _, d := range site.Debtors {
			if d.Amounts.Overdue() > 0 {
				worst = append(worst, d)
			}
		}
	}
	slices.SortStableFunc(worst, func(a, b ledger.AgedDebtor) int { return cmp.Compare(b.Amounts.Overdue(), a.Amounts.Overdue()) })
	for i := 0; i < len(notes) && i < len(worst); i++ {
		if _, err := ledger.SaveDebtorNote(s.ctx, s.tx, s.now, 0, worst[i].UnitID, worst[i].OccupancyID, notes[i]); err != nil {
			return fmt.Errorf("demo: debtor note: %w", err)
		}
	}
	return nil
}
