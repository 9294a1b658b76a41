package books

import (
	"context"
	"fmt"
	"strings"
	"time"

	"porch/estate"
	"porch/sqldb"
)

// servedCopy is one person's copy of a demand, as the account shows it.
type servedCopy struct {
	invoiceID int64
	at        time.Time
	text      string
}

// loadServed adds to each invoice, before its reminders, when and how it
// was served: "Served 1 Oct 2026: emailed to a@example.com; to post to
// Nora Brennan, 4 Elm Lane, Bath BA1 2AB."
func (a *unitAccount) loadServed(ctx context.Context, q sqldb.Querier) error {
	rows, err := q.QueryContext(ctx, `SELECT d.invoice_id, d.created_at, d.channel, d.address,
			trim(coalesce(p.title || ' ', '') || p.full_name), coalesce(m.status, ''), coalesce(d.posted_on, '')
		FROM invoice_deliveries d JOIN invoices i ON i.id = d.invoice_id JOIN people p ON p.id = d.person_id
		LEFT JOIN mail_outbox m ON m.public_id = d.mail_id
		WHERE i.unit_id = ? ORDER BY d.id`, a.Unit.ID)
	if err != nil {
		return fmt.Errorf("served demands of unit: %w", err)
	}
	defer rows.Close()
	byInvoice := map[int64][]servedCopy{}
	for rows.Next() {
		var c servedCopy
		var at, channel, address, name, status, posted string
		if err := rows.Scan(&c.invoiceID, &at, &channel, &address, &name, &status, &posted); err != nil {
			return fmt.Errorf("served demands of unit: %w", err)
		}
		c.at, _ = sqldb.Parse(at)
		postedOn := ""
		if posted != "" {
			postedOn = " on " + sqldb.ParseDate(posted).Format("2 Jan 2006")
		}
		switch {
		case channel == "post" && posted != "":
			c.text = "posted to " + name + ", " + address + postedOn
		case channel == "post":
			c.text = "to post to " + name + ", " + address
		case status == "failed" && posted != "":
			c.text = "the email to " + address + " bounced; posted to " + name + postedOn
		case status == "failed":
			c.text = "the email to " + address + " bounced, so post it to " + name
		default:
			c.text = "emailed to " + address
		}
		byInvoice[c.invoiceID] = append(byInvoice[c.invoiceID], c)
	}
	if err := rows.Err(); err != nil {
		return err
	}
	for i, inv := range a.Invoices {
		copies := byInvoice[inv.ID]
		if len(copies) == 0 {
			continue
		}
		texts := make([]string, len(copies))
		for j, c := range copies {
			texts[j] = c.text
		}
		line := "Served " + estate.UKDate(copies[0].at).Format("2 Jan 2006") + ": " + strings.Join(texts, "; ") + "."
		a.Invoices[i].Reminders = append([]string{line}, a.Invoices[i].Reminders...)
	}
	return nil
}
