package pdf

import (
	"io"
	"time"
)

// BudgetRow is one line of a budget and actual report: a budget head (or
// a total) with what was budgeted and spent.
type BudgetRow struct {
	Head           string
	Budget, Actual int64
}

// BudgetSchedule is one apportionment schedule's heads and their total.
type BudgetSchedule struct {
	Name  string
	Rows  []BudgetRow
	Total BudgetRow
}

// BudgetDoc is a site's budget against its spending for a service-charge
// year, as printed.
type BudgetDoc struct {
	Brand     Brand
	Currency  string
	Site      string
	From, To  time.Time
	Schedules []BudgetSchedule
	Heads     []BudgetRow // each head over every schedule
	Total     BudgetRow
}

// BudgetActual writes the budget and actual report: a table per schedule
// of each head's budget, actual spending and variance (budget less actual:
// negative when over budget), then the heads over all schedules.
func BudgetActual(w io.Writer, b BudgetDoc) error {
	d := newDoc(b.Brand, b.Currency, "Budget and actual: "+b.Site, "Service-charge year "+date(b.From)+" to "+date(b.To))
	d.paragraph("Actual spending is the site's supplier invoices approved or paid, dated within the year, with VAT. "+
		"The reserve fund contribution counts as spent in full. Variance is the budget less the actual: negative when over budget.", 9, "", ink)
	d.f.SetY(d.f.GetY() + 4)
	cols := []column{{title: "Budget head", w: 82, align: "L"}, {title: "Budget", w: 30, align: "R", nowrap: true},
		{title: "Actual", w: 30, align: "R", nowrap: true}, {title: "Variance", w: 30, align: "R", nowrap: true}}
	cells := func(r BudgetRow) []string {
		return []string{r.Head, d.money(r.Budget), d.money(r.Actual), d.money(r.Budget - r.Actual)}
	}
	for _, s := range b.Schedules {
		d.heading(s.Name + " schedule")
		t := d.table(cols...)
		for _, r := range s.Rows {
			t.row(rowPlain, cells(r)...)
		}
		t.row(rowTotal, cells(s.Total)...)
		d.f.SetY(d.f.GetY() + 6)
	}
	if len(b.Schedules) == 0 {
		d.paragraph("Nothing was budgeted or spent in the year.", 10, "", ink)
	} else {
		d.heading("All schedules")
		t := d.table(cols...)
		for _, r := range b.Heads {
			t.row(rowPlain, cells(r)...)
		}
		t.row(rowTotal, cells(b.Total)...)
	}
	d.contactFooter(b.Brand)
	return d.finish(w)
}
