package pdf

import (
	"io"
	"time"

	"porch/ledger"
)

// TaxDoc is a landlord's annual summary for their tax return.
type TaxDoc struct {
	Brand     Brand
	Currency  string
	Owner     Party
	Summary   ledger.TaxSummary
	Generated time.Time
}

// TaxSummary writes a landlord's annual summary: the rent received and the
// allowable expenses under the headings of the UK property pages, and the
// same by property.
func TaxSummary(w io.Writer, s TaxDoc) error {
	sum, year := s.Summary, s.Summary.Year
	d := newDoc(s.Brand, s.Currency, "Annual summary for your tax return", "Tax year "+year.Label())
	d.parties("Summary for", s.Owner, []field{
		{label: "Tax year", value: year.Label()},
		{label: "From", value: date(year.Start)},
		{label: "To", value: date(year.End)},
		{label: "Produced", value: date(s.Generated)},
	})
	d.balanceSummary("Profit "+d.money(sum.Profit()), []string{
		"Rent received in the tax year, less the fees and expenses paid from it.",
	}, []totalRow{
		{label: "Rent received", value: d.money(sum.Rent)},
		{label: "Allowable expenses", value: d.money(-sum.Allowable)},
		{label: "Profit", value: d.money(sum.Profit()), strong: true},
	})
	d.heading("Allowable expenses")
	t := d.table(column{title: "Heading and category", w: 130, align: "L"}, column{title: "Amount", w: 44, align: "R", nowrap: true})
	for _, h := range sum.Headings {
		t.row(rowShaded, h.Heading, d.money(h.Total))
		for _, l := range h.Lines {
			t.row(rowPlain, "    "+l.Label, d.money(l.Amount))
		}
	}
	t.row(rowTotal, "Total allowable expenses", d.money(sum.Allowable))
	if len(sum.Properties) > 0 {
		d.heading("By property")
		t := d.table(column{title: "Property", w: 86, align: "L"}, column{title: "Rent received", w: 44, align: "R", nowrap: true},
			column{title: "Expenses", w: 44, align: "R", nowrap: true})
		for _, p := range sum.Properties {
			t.row(rowPlain, p.Name, d.money(p.Rent), d.money(p.Expenses))
		}
	}
	d.paragraph("Rent is counted when it was received (the cash basis). Check the figures with your own records "+
		"and your adviser before you file your return.", 8.5, "", muted)
	d.contactFooter(s.Brand)
	return d.finish(w)
}
