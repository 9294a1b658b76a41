package books

import (
	"context"
	"fmt"

	"porch/handlers"
	"porch/ledger"
	"porch/sqldb"
)

// reminderText says what became of a reminder step, for the account:
// "Reminder 1 (7 days overdue) sent 8 Jan 2027 to a@example.com".
func reminderText(r ledger.SentReminder) string {
	head := fmt.Sprintf("Reminder %d (%d %s overdue)", r.Step, r.Days, handlers.Plural(r.Days, "day", "days"))
	day := r.SentOn.Format("2 Jan 2006")
	out := head + " sent " + day + " to " + handlers.JoinAnd(r.SentTo)
	if len(r.SentTo) == 0 {
		out = head + " due " + day + ": not emailed"
		if len(r.NotSent) == 0 {
			out += ", as no one holds a lease or tenancy liable for it"
		}
	}
	if n := len(r.NotSent); n > 0 {
		out += "; " + handlers.JoinAnd(r.NotSent) + " " + handlers.Plural(n, "has", "have") + " no email address, so send it by post"
	}
	return out + "."
}

// loadReminders adds to each invoice the reminders sent for it.
func (a *unitAccount) loadReminders(ctx context.Context, q sqldb.Querier) error {
	sent, err := ledger.UnitReminders(ctx, q, a.Unit.ID)
	if err != nil {
		return err
	}
	for i, inv := range a.Invoices {
		for _, r := range sent[inv.ID] {
			a.Invoices[i].Reminders = append(a.Invoices[i].Reminders, reminderText(r))
		}
	}
	return nil
}
