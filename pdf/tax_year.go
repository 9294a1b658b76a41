package pdf

import (
	"io"
	"time"
)

// TaxLine is an amount under a label on a landlord's annual summary.
type TaxLine struct {
	Label  string
	Amount int64
}

// TaxHeading is a heading of the tax return's allowable expenses.
type TaxHeading struct {
	Heading string
	Total   int64
	Lines   []TaxLine
}

// TaxProperty is one property's rent and expenses for the year.
type TaxProperty struct {
	Name           string
	Rent, Expenses int64
}

// TaxDoc is a landlord's annual summary for their tax return.
type TaxDoc struct {
	Brand      Brand
	Currency   string
	Owner      Party
	Year       string // "2025 to 2026"
	From, To   time.Time
	Rent       int64
	Headings   []TaxHeading
	Allowable  int64
	Profit     int64
	Properties []TaxProperty
	Generated  time.Time
}

// TaxSummary writes a landlord's annual summary: the rent received and the
// allowable expenses under the headings of the UK property pages, and the
// same by property.
func TaxSummary(w io.Writer, s TaxDoc) error {
	d := newDoc(s.Brand, s.Currency, "Annual summary for your tax return", "Tax year "+s.Year)
	d.parties("Summary for", s.Owner, []field{
		{label: "Tax year", value: s.Year},
		{label: "From", value: date(s.From)},
		{label: "To", value: date(s.To)},
		{label: "Produced", value: date(s.Generated)},
	})
	d.balanceSummary("Profit "+d.money(s.Profit), []string{
		"Rent received in the tax year, less the fees and expenses paid from it.",
	}, []totalRow{
		{label: "Rent received", value: d.money(s.Rent)},
		{label: "Allowable expenses", value: d.money(-s.Allowable)},
		{label: "Profit", value: d.money(s.Profit), strong: true},
	})
	d.heading("Allowable expenses")
	t := d.table(column{title: "Heading and category", w: 130, align: "L"}, column{title: "Amount", w: 44, align: "R", nowrap: true})
	for _, h := range s.Headings {
		t.row(rowShaded, h.Heading, d.money(h.Total))
		for _, l := range h.Lines {
			t.row(rowPlain, "    "+l.Label, d.money(l.Amount))
		}
	}
	t.row(rowTotal, "Total allowable expenses", d.money(s.Allowable))
	if len(s.Properties) > 0 {
		d.heading("By property")
		t := d.table(column{title: "Property", w: 86, align: "L"}, column{title: "Rent received", w: 44, align: "R", nowrap: true},
			column{title: "Expenses", w: 44, align: "R", nowrap: true})
		for _, p := range s.Properties {
			t.row(rowPlain, p.Name, d.money(p.Rent), d.money(p.Expenses))
		}
	}
	d.paragraph("Rent is counted when it was received (the cash basis). Check the figures with your own records "+
		"and your adviser before you file your return.", 8.5, "", muted)
	d.contactFooter(s.Brand)
	return d.finish(w)
}
