package ledger

import (
	"context"
	"database/sql"
	"fmt"
	"strings"
	"time"

	"porch/sqldb"
)

// DueReminder is a reminder the daily job owes: step Step (from 1) of the
// invoice's site, Days after its due date.
type DueReminder struct {
	Invoice
	Step int
	Days int
}

// withExtra reads the columns after an invoice's into extra.
type withExtra struct {
	sqldb.Scanner
	extra []any
}

func (w withExtra) Scan(dest ...any) error { return w.Scanner.Scan(append(dest, w.extra...)...) }

// daysBetween is the whole days from a to b, calendar dates.
func daysBetween(a, b time.Time) int {
	return int(sqldb.ParseDate(sqldb.FormatDate(b)).Sub(sqldb.ParseDate(sqldb.FormatDate(a))).Hours() / 24)
}

// DueReminders lists the reminders due on the day today, by invoice
// number: for each invoice still owed (neither paid nor credited to zero)
// on a site with reminder steps, the latest step its days overdue have
// reached, unless that step or a later one was sent. A job that missed
// days so sends the latest step alone, never a burst of the ones before.
// An invoice a payment plan covers is not chased while the plan is kept
// (see package plans); when the plan lapses or is cancelled, chasing
// resumes at the step its days overdue have reached.
func DueReminders(ctx context.Context, q sqldb.Querier, today time.Time) ([]DueReminder, error) {
	type row struct {
		inv   Invoice
		steps string
		last  int
	}
	rows, err := sqldb.QueryAll(ctx, q, func(s sqldb.Scanner) (row, error) {
		var r row
		inv, err := scanInvoice(withExtra{s, []any{&r.steps, &r.last}})
		r.inv = inv
		return r, err
	}, `SELECT `+invoiceCols+`, r.days, coalesce((SELECT max(x.step) FROM invoice_reminders x WHERE x.invoice_id = i.id), 0)
		FROM invoices i JOIN units u ON u.id = i.unit_id JOIN reminder_steps r ON r.site_id = u.site_id
		WHERE i.due_date < ? AND i.paid < i.total AND NOT EXISTS (SELECT 1 FROM plan_invoices pi
			JOIN payment_plans pp ON pp.id = pi.plan_id AND pp.status = 'active' WHERE pi.invoice_id = i.id)
		ORDER BY i.number`, sqldb.FormatDate(today))
	if err != nil {
		return nil, fmt.Errorf("due reminders: %w", err)
	}
	var out []DueReminder
	for _, r := range rows {
		overdue := daysBetween(r.inv.DueDate, today)
		step := 0
		steps := storedSteps(r.steps)
		for i, d := range steps {
			if d <= overdue {
				step = i + 1
			}
		}
		if step > r.last {
			out = append(out, DueReminder{Invoice: r.inv, Step: step, Days: steps[step-1]})
		}
	}
	return out, nil
}

// SentReminder is a reminder step recorded against an invoice: to whom
// it was emailed and who, being liable, had no address to email.
type SentReminder struct {
	InvoiceID int64
	Step      int
	Days      int
	SentOn    time.Time
	SentTo    []string
	NotSent   []string
}

// RecordReminder records the reminder as sent on the day, in the
// transaction that puts its emails in the outbox. It reports false, and
// writes nothing, when the step was already recorded: the caller then
// sends nothing.
func RecordReminder(ctx context.Context, tx *sql.Tx, now time.Time, r SentReminder) (bool, error) {
	res, err := tx.ExecContext(ctx, `INSERT INTO invoice_reminders (invoice_id, step, days, sent_on, sent_to, not_sent, created_at)
		VALUES (?, ?, ?, ?, ?, ?, ?) ON CONFLICT (invoice_id, step) DO NOTHING`,
		r.InvoiceID, r.Step, r.Days, sqldb.FormatDate(r.SentOn), strings.Join(r.SentTo, "\n"), strings.Join(r.NotSent, "\n"), sqldb.At(now))
	if err != nil {
		return false, fmt.Errorf("record reminder: %w", err)
	}
	n, err := res.RowsAffected()
	return n == 1, err
}

// UnitReminders returns the reminders sent for the unit's invoices, by
// invoice id, each invoice's in step order.
func UnitReminders(ctx context.Context, q sqldb.Querier, unitID int64) (map[int64][]SentReminder, error) {
	rows, err := sqldb.QueryAll(ctx, q, func(s sqldb.Scanner) (SentReminder, error) {
		var r SentReminder
		var on, to, not string
		err := s.Scan(&r.InvoiceID, &r.Step, &r.Days, &on, &to, &not)
		r.SentOn, r.SentTo, r.NotSent = sqldb.ParseDate(on), lines(to), lines(not)
		return r, err
	}, `SELECT x.invoice_id, x.step, x.days, x.sent_on, x.sent_to, x.not_sent FROM invoice_reminders x
		JOIN invoices i ON i.id = x.invoice_id WHERE i.unit_id = ? ORDER BY x.invoice_id, x.step`, unitID)
	if err != nil {
		return nil, fmt.Errorf("unit reminders: %w", err)
	}
	out := map[int64][]SentReminder{}
	for _, r := range rows {
		out[r.InvoiceID] = append(out[r.InvoiceID], r)
	}
	return out, nil
}

// lines splits a stored list, one item a line; none for "".
func lines(s string) []string {
	if s == "" {
		return nil
	}
	return strings.Split(s, "\n")
}
