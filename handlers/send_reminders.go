package handlers

import (
	"context"
	"database/sql"
	"time"

	"porch/estate"
	"porch/ledger"
	"porch/tenants"
	"porch/views"
)

// reminderMail is the page data of the reminder email.
type reminderMail struct {
	Name, Unit, Amount, Total, Due, OverdueSince string
	Number                                       int64
	Step                                         int
	Lines                                        []string
	PayURL                                       string
}

// sendReminders sends the reminders due on the day today (see
// ledger.DueReminders): each to every person liable under the invoice's
// lease or tenancy who has an email address, recorded against the invoice
// with those who have none, in tx, so the step is marked sent if and only
// if its emails are in the outbox. It returns how many emails it queued.
func (m *orgMail) sendReminders(ctx context.Context, tx *sql.Tx, today time.Time) (int, error) {
	due, err := ledger.DueReminders(ctx, tx, today)
	if err != nil {
		return 0, err
	}
	sent := 0
	for _, r := range due {
		unit, err := estate.GetUnitByID(ctx, tx, r.UnitID)
		if err != nil {
			return sent, err
		}
		people, err := liableFor(ctx, tx, r.Invoice, unit)
		if err != nil {
			return sent, err
		}
		rec := ledger.SentReminder{InvoiceID: r.ID, Step: r.Step, Days: r.Days, SentOn: today}
		var to []estate.Person
		for _, p := range people {
			if emailable(p) {
				to = append(to, p)
				rec.SentTo = append(rec.SentTo, p.Email)
			} else {
				rec.NotSent = append(rec.NotSent, p.DisplayName())
			}
		}
		if ok, err := ledger.RecordReminder(ctx, tx, m.kit.Now(), rec); err != nil || !ok {
			if err != nil {
				return sent, err
			}
			continue
		}
		if len(to) == 0 {
			continue
		}
		cur := m.org.Currency()
		page := reminderMail{Unit: unit.Name + ", " + unit.SiteName, Number: r.Number, Step: r.Step,
			Amount: views.Money(r.Outstanding(), cur), Total: views.Money(r.Total, cur), Due: views.Date(r.DueDate),
			OverdueSince: views.Date(r.DueDate.AddDate(0, 0, 1)), PayURL: m.url + "/money/invoices/" + r.PublicID + "/pay"}
		if page.Lines, err = invoiceLineTexts(ctx, tx, r.Invoice, cur); err != nil {
			return sent, err
		}
		for _, p := range to {
			page.Name = p.DisplayName()
			if _, err := m.queue(ctx, tx, "reminder", p.Email, p.DisplayName(), page); err != nil {
				return sent, err
			}
			sent++
		}
	}
	return sent, nil
}

// emailable reports whether mail for the person goes by email: they have
// an address and their record is in use.
func emailable(p estate.Person) bool { return p.Email != "" && !p.Archived() }

// invoiceLineTexts are the invoice's charges as lines of an email,
// "Service charge: £450.00".
func invoiceLineTexts(ctx context.Context, tx *sql.Tx, inv ledger.Invoice, currency string) ([]string, error) {
	lines, err := ledger.InvoiceLines(ctx, tx, inv.ID)
	if err != nil {
		return nil, err
	}
	out := make([]string, len(lines))
	for i, l := range lines {
		out[i] = l.Description + ": " + views.Money(l.Amount, currency)
	}
	return out, nil
}

// ReminderSender is the daily job's step that reviews one organisation's
// payment plans (sending their reminders and notices) and sends its
// reminders for overdue invoices due on the day today, inside tx.
// orgURL is the organisation's address, for the links to pay.
func ReminderSender(cfg Config, orgURL func(slug string) string) func(ctx context.Context, slug string, db *tenants.DB, tx *sql.Tx, today time.Time) (int, error) {
	mailer := jobMail(cfg, orgURL)
	return func(ctx context.Context, slug string, db *tenants.DB, tx *sql.Tx, today time.Time) (int, error) {
		m, err := mailer(ctx, slug, db)
		if err != nil {
			return 0, err
		}
		// Plans first: a plan lapsing today has its invoices chased today.
		n, err := m.sendPlanMail(ctx, tx, today)
		if err != nil {
			return n, err
		}
		r, err := m.sendReminders(ctx, tx, today)
		return n + r, err
	}
}
