package ledger

import (
	"database/sql"
	"maps"
	"testing"
	"time"
)

func TestParseReminderSteps(t *testing.T) {
	for _, tt := range []struct {
		in   string
		want string
		bad  bool
	}{
		{"", "", false},
		{"  ", "", false},
		{"7, 21", "7, 21", false},
		{"7 21;60", "7, 21, 60", false},
		{"0", "", true},
		{"-3", "", true},
		{"7.5", "", true},
		{"a week", "", true},
		{"21, 7", "", true},
		{"7, 7", "", true},
		{"366", "", true},
		{"1, 2, 3, 4, 5", "1, 2, 3, 4, 5", false},
		{"1, 2, 3, 4, 5, 6", "", true},
	} {
		got, msg := ParseReminderSteps(tt.in)
		if (msg != "") != tt.bad || got.String() != tt.want {
			t.Errorf("ParseReminderSteps(%q) = %q, %q", tt.in, got, msg)
		}
	}
}

// remindersOn lists the due reminders on day as invoice id -> step.
func (o *ops) remindersOn(day time.Time) map[int64]int {
	o.t.Helper()
	due, err := DueReminders(o.ctx, o.db.Read(), day)
	if err != nil {
		o.t.Fatal(err)
	}
	out := map[int64]int{}
	for _, r := range due {
		out[r.ID] = r.Step
	}
	return out
}

// send records what is due on day as sent, as the daily job does.
func (o *ops) send(day time.Time) map[int64]int {
	o.t.Helper()
	due := o.remindersOn(day)
	err := o.write(func(tx *sql.Tx) error {
		for id, step := range due {
			ok, err := RecordReminder(o.ctx, tx, day, SentReminder{InvoiceID: id, Step: step, Days: 1, SentOn: day, SentTo: []string{"a@example.com"}})
			if err != nil || !ok {
				o.t.Errorf("record %d step %d: %v %v", id, step, ok, err)
			}
		}
		return nil
	})
	if err != nil {
		o.t.Fatal(err)
	}
	return due
}

// Reminders follow the site's steps: each step once, the latest alone
// after missed days, none once the invoice is paid or credited to
// nothing, none on a site without steps.
func TestDueRemindersFollowTheSteps(t *testing.T) {
	o := newOps(t)
	var site int64
	if err := o.db.ReadPool().QueryRow(`SELECT site_id FROM units WHERE id = ?`, o.units[0]).Scan(&site); err != nil {
		t.Fatal(err)
	}
	due := time.Date(2026, 5, 1, 0, 0, 0, 0, time.UTC)
	day := func(n int) time.Time { return due.AddDate(0, 0, n) }
	daily := o.dueOn(o.units[0], 5000, due, 14)
	skipped := o.dueOn(o.units[1], 6000, due, 14)
	paid := o.dueOn(o.units[1], 7000, due, 14)
	if got := o.remindersOn(day(30)); len(got) != 0 {
		t.Fatalf("reminders with no steps: %v", got)
	}
	if err := o.write(func(tx *sql.Tx) error {
		_, _, err := SetReminderSteps(o.ctx, tx, t0, site, "7, 21")
		return err
	}); err != nil {
		t.Fatal(err)
	}
	if got := o.remindersOn(day(6)); len(got) != 0 {
		t.Errorf("day 6: %v", got)
	}
	// Day 7 sends step 1 of all three; but the third is paid on day 8.
	want := map[int64]int{daily.ID: 1, skipped.ID: 1, paid.ID: 1}
	if got := o.remindersOn(day(7)); !maps.Equal(got, want) {
		t.Errorf("day 7: %v, want %v", got, want)
	}
	if got := o.send(day(7)); len(got) != 3 {
		t.Errorf("sent on day 7: %v", got)
	}
	if got := o.remindersOn(day(7)); len(got) != 0 {
		t.Errorf("day 7 again: %v", got)
	}
	o.receipt(o.units[1], 7000, paid.ID, day(8))
	if got := o.remindersOn(day(8)); len(got) != 0 {
		t.Errorf("day 8: %v", got)
	}
	if got := o.send(day(21)); !maps.Equal(got, map[int64]int{daily.ID: 2, skipped.ID: 2}) {
		t.Errorf("day 21: %v", got)
	}
	// A step sent once is never due again, on any later day.
	for _, n := range []int{21, 22, 60, 400} {
		if got := o.remindersOn(day(n)); len(got) != 0 {
			t.Errorf("day %d: %v", n, got)
		}
	}
	var ok bool
	err := o.write(func(tx *sql.Tx) error {
		var err error
		ok, err = RecordReminder(o.ctx, tx, day(22), SentReminder{InvoiceID: daily.ID, Step: 2, Days: 21, SentOn: day(22)})
		return err
	})
	if err != nil || ok {
		t.Errorf("a step recorded twice: %v %v", ok, err)
	}

	// One due on day 10 gets step 1 on day 17, is credited to nothing
	// on day 18, and gets no step 2.
	credited := o.dueOn(o.units[1], 4000, day(10), 14)
	if got := o.send(day(17)); !maps.Equal(got, map[int64]int{credited.ID: 1}) {
		t.Errorf("day 17: %v", got)
	}
	if err := o.write(func(tx *sql.Tx) error {
		_, err := CreditNote(o.ctx, tx, day(18), CreditInput{UnitID: o.units[1], ChargeTypeID: o.income[0], Date: day(18),
			Amount: 4000, Reason: "Waived", InvoiceID: credited.ID})
		return err
	}); err != nil {
		t.Fatal(err)
	}
	if got := o.remindersOn(day(31)); len(got) != 0 {
		t.Errorf("day 31, after the credit: %v", got)
	}

	// An invoice first seen on day 30 (the job stopped for weeks) gets
	// the latest step alone.
	late := o.dueOn(o.units[0], 8000, day(0), 14)
	if got := o.remindersOn(day(30)); !maps.Equal(got, map[int64]int{late.ID: 2}) {
		t.Errorf("after missed days: %v", got)
	}
	sent, err := UnitReminders(o.ctx, o.db.Read(), o.units[0])
	if err != nil || len(sent[daily.ID]) != 2 || sent[daily.ID][0].Step != 1 || !sent[daily.ID][1].SentOn.Equal(day(21)) ||
		sent[daily.ID][1].SentTo[0] != "a@example.com" {
		t.Errorf("reminders of Flat A: %+v %v", sent, err)
	}
	if n := countRows(t, o.db, "invoice_reminders"); n != 6 {
		t.Errorf("%d reminders recorded, want 6", n)
	}
}
