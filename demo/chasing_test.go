package demo_test

import (
	"context"
	"testing"

	"porch/estate"
	"porch/ledger"
)

// The demo's block chases its arrears: reminder steps set, reminders on
// record from the last month, none left for the daily job to send on the
// day, and two debtors carrying a note and a next action.
func TestSeedChasesArrears(t *testing.T) {
	db := seeded(t)
	ctx := context.Background()
	q := db.Read()
	sites, err := estate.ListSites(ctx, q)
	if err != nil {
		t.Fatal(err)
	}
	for _, s := range sites {
		steps, err := ledger.SiteReminderSteps(ctx, q, s.ID)
		if err != nil {
			t.Fatal(err)
		}
		if want := map[bool]string{true: "14, 30, 60", false: ""}[s.IsBlock()]; steps.String() != want {
			t.Errorf("%s: steps %q, want %q", s.Name, steps, want)
		}
	}
	var sent, earlier, emailed int
	today := estate.UKDate(now)
	if err := db.ReadPool().QueryRow(`SELECT count(*), count(*) FILTER (WHERE sent_on < ?), count(*) FILTER (WHERE sent_to <> '')
		FROM invoice_reminders`, today.Format("2006-01-02")).Scan(&sent, &earlier, &emailed); err != nil {
		t.Fatal(err)
	}
	if sent == 0 || earlier == 0 || emailed == 0 {
		t.Errorf("reminders: %d recorded, %d before today, %d emailed", sent, earlier, emailed)
	}
	if due, err := ledger.DueReminders(ctx, q, today); err != nil || len(due) != 0 {
		t.Errorf("left for the job on the day: %d %v", len(due), err)
	}
	rep, err := ledger.AgedDebt(ctx, q, ledger.AgedDebtFilter{AsAt: today})
	if err != nil {
		t.Fatal(err)
	}
	noted := 0
	for _, s := range rep.Sites {
		for _, d := range s.Debtors {
			if d.Note != "" && !d.NextAction.IsZero() && d.Amounts.Overdue() > 0 {
				noted++
			}
		}
	}
	if noted != 2 || rep.Totals.Overdue() == 0 {
		t.Errorf("%d debtors with notes; %d overdue", noted, rep.Totals.Overdue())
	}
}
