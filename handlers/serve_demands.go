package handlers

import (
	"context"
	"database/sql"
	"fmt"
	"strings"

	"github.com/labstack/echo/v4"

	"porch/estate"
	"porch/ledger"
	"porch/mail"
	"porch/sqldb"
	"porch/views"
)

// Served is what serving a run of demands did: emails queued, one to each
// person liable with an address, and the demands to print and post to
// those without one.
type Served struct {
	Emailed int
	ToPost  []PostedDemand
	Nobody  []string // "Invoice 12, Flat 3": no one was liable to send it to
}

// PostedDemand is a demand to print and post.
type PostedDemand struct {
	InvoiceNumber int64
	Unit          string
	Name          string
	Address       string
}

// Summary says in a sentence what was sent, for the manager's notice.
func (s Served) Summary() string {
	parts := []string{fmt.Sprintf("Emailed with the invoice attached to %d %s", s.Emailed, Plural(s.Emailed, "person", "people"))}
	if n := len(s.ToPost); n > 0 {
		names := make([]string, n)
		for i, p := range s.ToPost {
			names[i] = p.Name + " (" + p.Unit + ")"
		}
		parts = append(parts, "to post to "+JoinAnd(names)+", who "+Plural(n, "has", "have")+" no email address")
	}
	if len(s.Nobody) > 0 {
		parts = append(parts, "not sent: no one holds a lease or tenancy liable for "+JoinAnd(s.Nobody))
	}
	return strings.Join(parts, "; ") + "."
}

// demandMail is the page data of the demand email.
type demandMail struct {
	Name, Unit, Amount, Due string
	Number                  int64
	Lines                   []string
	PayURL                  string
}

// ServeDemands serves the demands just raised in tx: each one goes to
// every person liable under the lease or tenancy it is charged to (joint
// holders each) as a branded email with the invoice attached and a link
// to pay, or is listed for posting to those with no email address; each
// is recorded against the invoice. The emails leave if and only if tx
// commits; call KickMail after.
func (s *Kit) ServeDemands(c echo.Context, tx *sql.Tx, invoices []ledger.Invoice) (Served, error) {
	m := &orgMail{kit: s, org: OrgOf(c), url: s.OrgURL(c)}
	return m.serveDemands(c.Request().Context(), tx, invoices)
}

func (m *orgMail) serveDemands(ctx context.Context, tx *sql.Tx, invoices []ledger.Invoice) (Served, error) {
	var out Served
	// One instant for the whole run: the list of runs groups by it.
	now := m.kit.Now()
	today := estate.UKDate(now)
	for _, inv := range invoices {
		unit, err := estate.GetUnitByID(ctx, tx, inv.UnitID)
		if err != nil {
			return out, err
		}
		people, err := liableFor(ctx, tx, inv, unit)
		if err != nil {
			return out, err
		}
		label := fmt.Sprintf("Invoice %d, %s", inv.Number, unit.Name)
		if len(people) == 0 {
			out.Nobody = append(out.Nobody, label)
			continue
		}
		data, file, err := InvoicePDF(ctx, tx, m.org, m.url, inv, today, "")
		if err != nil {
			return out, err
		}
		home, _, err := PayeeOf(ctx, tx, unit.PublicID, inv.IssueDate, "")
		if err != nil {
			return out, err
		}
		page := demandMail{Unit: unit.Name + ", " + unit.SiteName, Number: inv.Number, Amount: views.Money(inv.Total, m.org.Currency()),
			Due: views.Date(inv.DueDate), PayURL: m.url + "/money/invoices/" + inv.PublicID + "/pay"}
		if page.Lines, err = invoiceLineTexts(ctx, tx, inv, m.org.Currency()); err != nil {
			return out, err
		}
		for _, p := range people {
			channel, address, mailID := "post", strings.Join(PostalAddress(p, home.AddressLines), ", "), ""
			if emailable(p) {
				page.Name = p.GreetingName()
				att := mail.Attachment{Filename: file, ContentType: "application/pdf", Data: data}
				if mailID, err = m.queue(ctx, tx, "demand", p.Email, p.DisplayName(), page, att); err != nil {
					return out, err
				}
				channel, address = "email", p.Email
				out.Emailed++
			} else {
				out.ToPost = append(out.ToPost, PostedDemand{InvoiceNumber: inv.Number, Unit: unit.Name, Name: p.DisplayName(), Address: address})
			}
			if _, err := tx.ExecContext(ctx, `INSERT INTO invoice_deliveries (invoice_id, person_id, channel, address, mail_id, created_at)
				VALUES (?, ?, ?, ?, ?, ?)`, inv.ID, p.ID, channel, address, nullText(mailID), sqldb.At(now)); err != nil {
				return out, fmt.Errorf("record delivery: %w", err)
			}
		}
	}
	return out, nil
}

// liableFor is who a demand is served on: the holders of the lease or
// tenancy it is charged to, or, for a unit that had none, no one.
func liableFor(ctx context.Context, q sqldb.Querier, inv ledger.Invoice, unit estate.Unit) ([]estate.Person, error) {
	if inv.OccupancyID == 0 {
		return nil, nil
	}
	occ, err := estate.GetOccupancyByID(ctx, q, inv.OccupancyID)
	if err != nil {
		return nil, err
	}
	out := make([]estate.Person, 0, len(occ.Parties))
	for _, party := range occ.Parties {
		p, err := estate.GetPersonByID(ctx, q, party.PersonID)
		if err != nil {
			return nil, err
		}
		out = append(out, p)
	}
	return out, nil
}

// PostalAddress is where a posted demand goes: the person's address for
// letters, else their home's (CLRA 2002 s166(6) asks the same of a ground
// rent notice).
func PostalAddress(p estate.Person, home []string) []string {
	if p.CorrespondenceAddress != "" {
		return NonBlankLines(strings.Split(p.CorrespondenceAddress, "\n")...)
	}
	return home
}

func nullText(s string) any {
	if s == "" {
		return nil
	}
	return s
}

// LoadServed reads back how the demands numbered first to last were
// served, for the notice shown once they are raised.
func LoadServed(ctx context.Context, q sqldb.Querier, first, last int64) (Served, error) {
	run, err := ledger.LoadDemandRun(ctx, q, first, last)
	if err != nil {
		return Served{}, err
	}
	out := Served{Emailed: run.Emailed(), Nobody: run.Unserved}
	for _, d := range run.Deliveries {
		if d.State == ledger.DeliveryPost {
			out.ToPost = append(out.ToPost, PostedDemand{InvoiceNumber: d.InvoiceNumber, Unit: d.Unit, Name: d.Name, Address: d.Address})
		}
	}
	return out, nil
}
