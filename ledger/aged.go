package ledger

import (
	"context"
	"fmt"
	"time"

	"porch/estate"
	"porch/sqldb"
)

// Aged debt buckets: how long an invoice has been overdue on the report's
// date. An invoice is current on its due date and overdue from the day
// after.
const (
	AgedCurrent = iota // not yet due
	Aged1To30
	Aged31To60
	Aged61To90
	AgedOver90
	agedBuckets
)

// AgedBucketLabels name the buckets, in order, for headings and files.
var AgedBucketLabels = [agedBuckets]string{"Current", "1–30 days", "31–60 days", "61–90 days", "Over 90 days"}

// AgedBucket is the bucket of an invoice overdue by days (0 or fewer: not
// yet overdue).
func AgedBucket(days int) int {
	switch {
	case days <= 0:
		return AgedCurrent
	case days <= 30:
		return Aged1To30
	case days <= 60:
		return Aged31To60
	case days <= 90:
		return Aged61To90
	}
	return AgedOver90
}

// AgedAmounts are amounts owed by bucket.
type AgedAmounts [agedBuckets]int64

// Total is the amounts added up: what is owed.
func (a AgedAmounts) Total() int64 {
	var t int64
	for _, v := range a {
		t += v
	}
	return t
}

// Overdue is what is owed past its due date.
func (a AgedAmounts) Overdue() int64 { return a.Total() - a[AgedCurrent] }

func (a *AgedAmounts) add(b AgedAmounts) {
	for i, v := range b {
		a[i] += v
	}
}

// AgedDebtor is one debtor account on the report: a lease's or tenancy's
// (OccupancyID), or a unit's own for what was charged while it had none.
type AgedDebtor struct {
	UnitID       int64
	UnitPublicID string
	Unit         string
	OccupancyID  int64
	// OccupancyPublicID names the lease or tenancy in links and forms; ""
	// for the unit's own account.
	OccupancyPublicID string
	Names             string // the holders, "" for the unit's own account
	Amounts           AgedAmounts
	DebtorNote
}

// Debtor is the account as a Debtor.
func (d AgedDebtor) Debtor() Debtor {
	return Debtor{UnitID: d.UnitID, Occupancies: []int64{d.OccupancyID}}
}

// AgedSite is a site's debtors, with their totals.
type AgedSite struct {
	ID      int64
	Name    string
	Debtors []AgedDebtor
	Totals  AgedAmounts
}

// AgedReport is what each debtor owed on a date, by how long overdue.
type AgedReport struct {
	AsAt   time.Time
	Sites  []AgedSite
	Totals AgedAmounts
}

// AgedDebtFilter narrows the report.
type AgedDebtFilter struct {
	AsAt   time.Time // the day; the report counts what was issued, paid and credited by its end
	SiteID int64     // 0: every site
}

// AgedDebt reports what each debtor account owed at the end of the day
// f.AsAt, invoice by invoice, in buckets by days overdue: each invoice
// issued by then, less what receipts, credits and reversals dated by then
// settled of it. Accounts owing nothing are left out. Sites come by name,
// units in the order they were added.
func AgedDebt(ctx context.Context, q sqldb.Querier, f AgedDebtFilter) (AgedReport, error) {
	day := sqldb.FormatDate(f.AsAt)
	type row struct {
		siteID        int64
		site, unitPub string
		unit, occ     int64
		unitName, due string
		outstanding   int64
	}
	rows, err := sqldb.QueryAll(ctx, q, func(s sqldb.Scanner) (row, error) {
		var r row
		err := s.Scan(&r.siteID, &r.site, &r.unit, &r.unitPub, &r.unitName, &r.occ, &r.due, &r.outstanding)
		return r, err
	}, `SELECT s.id, s.name, u.id, u.public_id, u.name, coalesce(i.occupancy_id, 0), i.due_date,
			i.total - coalesce((SELECT sum(a.amount) FROM allocations a JOIN journals j ON j.id = a.journal_id
				WHERE a.invoice_id = i.id AND j.date <= ?1), 0)
		FROM invoices i JOIN units u ON u.id = i.unit_id JOIN sites s ON s.id = u.site_id
		WHERE i.issue_date <= ?1 AND (?2 = 0 OR s.id = ?2)
		ORDER BY s.name COLLATE NOCASE, s.id, u.id, coalesce(i.occupancy_id, 0)`, day, f.SiteID)
	if err != nil {
		return AgedReport{}, fmt.Errorf("aged debt: %w", err)
	}
	notes, err := DebtorNotes(ctx, q)
	if err != nil {
		return AgedReport{}, err
	}
	rep := AgedReport{AsAt: f.AsAt}
	for _, r := range rows {
		if r.outstanding <= 0 {
			continue
		}
		if n := len(rep.Sites); n == 0 || rep.Sites[n-1].ID != r.siteID {
			rep.Sites = append(rep.Sites, AgedSite{ID: r.siteID, Name: r.site})
		}
		site := &rep.Sites[len(rep.Sites)-1]
		if n := len(site.Debtors); n == 0 || site.Debtors[n-1].UnitID != r.unit || site.Debtors[n-1].OccupancyID != r.occ {
			d := AgedDebtor{UnitID: r.unit, UnitPublicID: r.unitPub, Unit: r.unitName, OccupancyID: r.occ,
				DebtorNote: notes[noteKey{r.unit, r.occ}]}
			if r.occ != 0 {
				o, err := estate.GetOccupancyByID(ctx, q, r.occ)
				if err != nil {
					return AgedReport{}, err
				}
				d.Names, d.OccupancyPublicID = o.Names(), o.PublicID
			}
			site.Debtors = append(site.Debtors, d)
		}
		d := &site.Debtors[len(site.Debtors)-1]
		d.Amounts[AgedBucket(daysBetween(sqldb.ParseDate(r.due), f.AsAt))] += r.outstanding
	}
	for i := range rep.Sites {
		for _, d := range rep.Sites[i].Debtors {
			rep.Sites[i].Totals.add(d.Amounts)
		}
		rep.Totals.add(rep.Sites[i].Totals)
	}
	return rep, nil
}
