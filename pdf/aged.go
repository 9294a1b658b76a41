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
	Sites    []AgedSite
	Totals   AgedBuckets
	Total    int64
}

// AgedDebt writes the aged-debt report: a table per site of what each
// debtor account owes by how long overdue, the totals, and then the notes
// and next actions kept on the accounts.
func AgedDebt(w io.Writer, a AgedDoc) error {
	d := newDoc(a.Brand, a.Currency, "Aged debt", "As at "+date(a.AsAt))
	d.paragraph("What each account owed at the end of "+date(a.AsAt)+", by days past the due date: current (not yet due), "+
		"1 to 30, 31 to 60, 61 to 90 and over 90 days overdue.", 9, "", ink)
	d.f.SetY(d.f.GetY() + 4)
	cols := []column{{title: "Unit", w: 24, align: "L"}, {title: "Account", w: 36, align: "L"}}
	for _, l := range []string{"Current", "1–30", "31–60", "61–90", "Over 90", "Total"} {
		cols = append(cols, column{title: l, w: 19, align: "R", nowrap: true})
	}
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
		t := d.table(cols[0], cols[1], column{title: "Next action", w: 28, align: "L", nowrap: true},
			column{title: "Note", w: 86, align: "L"})
		for _, r := range noted {
			t.row(rowPlain, r.Unit, r.Account, date(r.NextAction), r.Note)
		}
	}
	d.contactFooter(a.Brand)
	return d.finish(w)
}
