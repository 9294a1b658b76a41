package pdf

import (
	"io"
	"time"
)

// StatementLine is one entry on a statement with the balance after it
// (positive: owed; negative: in credit).
type StatementLine struct {
	Date                   time.Time
	Description, Reference string
	Debit, Credit, Balance int64
}

// ChargeTotal is what was demanded, credited and paid for one charge
// type; the rows' nets add up to the closing less the opening balance.
type ChargeTotal struct {
	ChargeType               string
	Demanded, Credited, Paid int64
}

// StatementDoc is everything printed on a unit's statement.
type StatementDoc struct {
	Brand                            Brand
	Currency                         string
	Unit                             string
	Payee                            Party
	From, To                         time.Time // zero From = from the start; zero To = to Generated
	Opening, Demanded, Paid, Closing int64
	Lines                            []StatementLine
	ByCharge                         []ChargeTotal
	Generated                        time.Time
	// Plan is a sentence on the account's payment plan, "" for none.
	Plan string
}

// Statement writes a statement of account as a PDF.
func Statement(w io.Writer, s StatementDoc) error {
	p := newPeriod(s.From, s.To, s.Generated)
	d := newDoc(s.Brand, s.Currency, "Statement", p.String())
	d.parties("Statement for", s.Payee, p.fields(field{label: "Property", value: s.Unit, address: true}))

	var head string
	switch {
	case s.Closing > 0:
		head = "You owe " + d.money(s.Closing)
	case s.Closing < 0:
		head = "You are " + d.money(-s.Closing) + " in credit"
	default:
		head = "Nothing is owed"
	}
	body := []string{"Balance on " + date(p.to) + "."}
	if s.Plan != "" {
		body = append(body, s.Plan)
	}
	if s.Closing > 0 && s.Brand.PortalURL != "" {
		body = append(body, "Pay online at "+s.Brand.PortalURL)
	}
	summary := []totalRow{
		{label: "Opening balance", value: d.money(s.Opening)},
		{label: "Demanded", value: d.money(s.Demanded)},
		{label: "Paid and credited", value: d.money(s.Paid)},
		{label: "Closing balance", value: d.money(s.Closing), strong: true},
	}
	d.balanceSummary(head, body, summary)

	d.heading("Transactions")
	t := d.table(
		column{title: "Date", w: 31, align: "L", nowrap: true},
		column{title: "Description", w: 51, align: "L"},
		column{title: "Reference", w: 20, align: "L"},
		column{title: "Debit", w: 24, align: "R", nowrap: true},
		column{title: "Credit", w: 24, align: "R", nowrap: true},
		column{title: "Balance", w: 24, align: "R", nowrap: true},
	)
	t.row(rowShaded, p.openDate(), "Opening balance", "", "", "", d.money(s.Opening))
	for _, l := range s.Lines {
		t.row(rowPlain, date(l.Date), l.Description, l.Reference, d.amount(l.Debit), d.amount(l.Credit), d.money(l.Balance))
	}
	t.row(rowTotal, date(p.to), "Closing balance", "", d.money(s.Demanded), d.money(s.Paid), d.money(s.Closing))

	if len(s.ByCharge) > 0 {
		d.f.SetY(d.f.GetY() + 9)
		d.heading("By charge type")
		t := d.table(
			column{title: "Charge type", w: 62, align: "L"},
			column{title: "Demanded", w: 28, align: "R", nowrap: true},
			column{title: "Credited", w: 28, align: "R", nowrap: true},
			column{title: "Paid", w: 28, align: "R", nowrap: true},
			column{title: "Net", w: 28, align: "R", nowrap: true},
		)
		t.row(rowShaded, "Opening balance", "", "", "", d.money(s.Opening))
		for _, c := range s.ByCharge {
			t.row(rowPlain, c.ChargeType, d.amount(c.Demanded), d.amount(c.Credited), d.amount(c.Paid), d.money(c.Demanded-c.Credited-c.Paid))
		}
		t.row(rowTotal, "Closing balance", "", "", "", d.money(s.Closing))
	}

	d.contactFooter(s.Brand)
	return d.finish(w)
}

// amount is a money cell that stays blank for zero, so debit and credit
// columns show only what happened.
func (d *doc) amount(minor int64) string {
	if minor == 0 {
		return ""
	}
	return d.money(minor)
}
