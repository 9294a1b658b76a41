package pdf

import (
	"io"
	"strings"
	"time"
)

// OwnerLine is one entry on a landlord's statement: money in to or out of
// what is held for them, and the balance after it. A float being set moves
// money within theirs, so it has neither.
type OwnerLine struct {
	Date        time.Time
	Property    string
	Description string
	In, Out     int64
	Balance     int64
}

// OwnerDoc is everything printed on a landlord's statement for a period.
// Closing = Opening + Income - Expenses - Fees - Payouts + Other, and Due =
// Closing - Float.
type OwnerDoc struct {
	Brand      Brand
	Currency   string
	Owner      Party
	Properties []string
	From, To   time.Time // zero From = from the start; zero To = to Generated
	Opening    int64
	Income     int64 // rent, less rent credited back to tenants
	Expenses   int64
	Fees       int64
	Payouts    int64
	Other      int64
	Closing    int64
	Float      int64 // kept back at the end of the period
	Due        int64
	RentUnpaid int64 // rent in the balance that tenants have not paid yet
	Lines      []OwnerLine
	Generated  time.Time
}

// OwnerStatement writes a landlord's statement of their client money as a
// PDF: what came in, what was deducted and paid out, and what is due.
func OwnerStatement(w io.Writer, s OwnerDoc) error {
	p := newPeriod(s.From, s.To, s.Generated)
	d := newDoc(s.Brand, s.Currency, "Landlord statement", p.String())
	props := "Property"
	if len(s.Properties) > 1 {
		props = "Properties"
	}
	d.parties("Statement for", s.Owner, p.fields(field{label: props, value: strings.Join(nonEmpty(s.Properties), "; ")}))

	var head string
	switch {
	case s.Due > 0:
		head = "Due to you " + d.money(s.Due)
	case s.Due < 0:
		head = "You owe " + d.money(-s.Due)
	default:
		head = "Nothing is due to you"
	}
	body := []string{"Balance on " + date(p.to) + "."}
	if s.Float > 0 {
		body[0] = "Balance on " + date(p.to) + ", after " + d.money(s.Float) + " kept back as float."
	}
	if s.RentUnpaid > 0 {
		body = append(body, d.money(s.RentUnpaid)+" of rent has not been received from tenants yet; it is paid to you once it is.")
	}
	summary := []totalRow{
		{label: "Opening balance", value: d.money(s.Opening)},
		{label: "Rent", value: d.money(s.Income)},
		{label: "Expenses", value: d.money(-s.Expenses)},
		{label: "Agent fees", value: d.money(-s.Fees)},
		{label: "Paid to you", value: d.money(-s.Payouts)},
	}
	if s.Other != 0 {
		summary = append(summary, totalRow{label: "Other", value: d.money(s.Other)})
	}
	summary = append(summary,
		totalRow{label: "Closing balance", value: d.money(s.Closing), strong: true},
		totalRow{label: "Float kept back", value: d.money(-s.Float)},
		totalRow{label: "Due to you", value: d.money(s.Due), strong: true},
	)
	d.balanceSummary(head, body, summary)

	d.heading("Transactions")
	t := d.table(
		column{title: "Date", w: 28, align: "L", nowrap: true},
		column{title: "Property", w: 30, align: "L"},
		column{title: "Description", w: 50, align: "L"},
		column{title: "In", w: 22, align: "R", nowrap: true},
		column{title: "Out", w: 22, align: "R", nowrap: true},
		column{title: "Balance", w: 22, align: "R", nowrap: true},
	)
	t.row(rowShaded, p.openDate(), "", "Opening balance", "", "", d.money(s.Opening))
	var in, out int64
	for _, l := range s.Lines {
		t.row(rowPlain, date(l.Date), l.Property, l.Description, d.amount(l.In), d.amount(l.Out), d.money(l.Balance))
		in += l.In
		out += l.Out
	}
	t.row(rowTotal, date(p.to), "", "Closing balance", d.money(in), d.money(out), d.money(s.Closing))

	d.contactFooter(s.Brand)
	return d.finish(w)
}
