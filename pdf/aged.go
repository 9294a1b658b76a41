package pdf

import (
	"io"
	"time"
)

// AgedBuckets are amounts owed by how long overdue: current, 1–30,
// 31–60, 61–90 and over 90 days.
type AgedBuckets [5]int64

// AgedRow is one debtor account on the aged-debt report.
type AgedRow struct {
	Unit, Account string
	Amounts       AgedBuckets
	Total         int64
	Note          string
	NextAction    time.Time
}

// AgedSite is a site's debtors with their totals.
type AgedSite struct {
	Name   string
	Rows   []AgedRow
	Totals AgedBuckets
	Total  int64
}

// AgedDoc is the aged-debt report as printed.
type AgedDoc struct {
	Brand    Brand
	Currency string
	AsAt     time.Time
	Labels   [5]string // the buckets' headings
	Sites    []AgedSite
	Totals   AgedBuckets
	Total    int64
}

// AgedDebt writes the aged-debt report: a table per site of what each
// debtor account owes by how long overdue, the totals, and then the notes
// and next actions kept on the accounts.
func AgedDebt(w io.Writer, a AgedDoc) error {
	d := newDoc(a.Brand, a.Currency, "Aged debt", "As at "+date(a.AsAt))
	cols := []column{{title: "Unit", w: 26, align: "L"}, {title: "Account", w: 40, align: "L"}}
	for _, l := range a.Labels {
		cols = append(cols, column{title: l, w: 18, align: "R", nowrap: true})
	}
	cols = append(cols, column{title: "Total", w: 18, align: "R", nowrap: true})
	cells := func(first, second string, b AgedBuckets, total int64) []string {
		out := []string{first, second}
		for _, v := range b {
			out = append(out, d.amount(v))
		}
		return append(out, d.money(total))
	}
	var noted []AgedRow
	for _, s := range a.Sites {
		d.heading(s.Name)
		t := d.table(cols...)
		for _, r := range s.Rows {
			t.row(rowPlain, cells(r.Unit, r.Account, r.Amounts, r.Total)...)
			if r.Note != "" || !r.NextAction.IsZero() {
				noted = append(noted, r)
			}
		}
		t.row(rowTotal, cells("Total", "", s.Totals, s.Total)...)
		d.f.SetY(d.f.GetY() + 6)
	}
	if len(a.Sites) == 0 {
		d.paragraph("Nothing was owed on "+date(a.AsAt)+".", 10, "", ink)
	} else {
		d.heading("All sites")
		t := d.table(cols...)
		t.row(rowTotal, cells("Total owed", "", a.Totals, a.Total)...)
	}
	if len(noted) > 0 {
		d.f.SetY(d.f.GetY() + 6)
		d.heading("Notes and next actions")
		t := d.table(column{title: "Unit", w: 26, align: "L"}, column{title: "Account", w: 40, align: "L"},
			column{title: "Next action", w: 28, align: "L", nowrap: true}, column{title: "Note", w: 80, align: "L"})
		for _, r := range noted {
			t.row(rowPlain, r.Unit, r.Account, date(r.NextAction), r.Note)
		}
	}
	d.contactFooter(a.Brand)
	return d.finish(w)
}
