package ledger

import (
	"database/sql"
	"testing"
	"time"

	"porch/sqldb"
)

func TestListJournals(t *testing.T) {
	l := newLetting(t)
	ctx := l.ctx
	service := chargeNamed(t, l.db, ctx, "Service charge")
	block := l.units[0]
	var demand, receipt, reversal int64
	l.do(t, func(tx *sql.Tx) error {
		for m := range 3 {
			d := date(2026, time.Month(1+m), 1)
			inv, err := RaiseDemand(ctx, tx, d, DemandInput{UnitID: l.unit, IssueDate: d, DueDate: d,
				Lines: []DemandLine{{ChargeTypeID: l.rent, Description: "Rent", Amount: 1000_00}}})
			if err != nil {
				return err
			}
			if m == 0 {
				demand = inv.JournalID
			}
		}
		if _, err := RaiseDemand(ctx, tx, t0, DemandInput{UnitID: block, IssueDate: date(2026, 2, 15), DueDate: date(2026, 3, 1),
			Lines: []DemandLine{{ChargeTypeID: service, Amount: 500_00}}}); err != nil {
			return err
		}
		var err error
		if receipt, err = RecordReceipt(ctx, tx, t0, ReceiptInput{UnitID: l.unit, AccountID: l.bank, Date: date(2026, 1, 3),
			Amount: 1000_00, Reference: "SO 1234"}); err != nil {
			return err
		}
		reversal, err = Reverse(ctx, tx, t0, receipt, date(2026, 1, 10), "bounced", 0)
		return err
	})
	list := func(f JournalFilter) []JournalEntry {
		t.Helper()
		js, err := ListJournals(ctx, l.db.Read(), f)
		if err != nil {
			t.Fatal(err)
		}
		return js
	}
	all := list(JournalFilter{})
	if len(all) != 6 {
		t.Fatalf("%d journals, want 6", len(all))
	}
	for i, j := range all {
		if i > 0 && sqldb.FormatDate(j.Date) > sqldb.FormatDate(all[i-1].Date) {
			t.Errorf("not newest first: %s after %s", sqldb.FormatDate(j.Date), sqldb.FormatDate(all[i-1].Date))
		}
		var sum int64
		for _, p := range j.Postings {
			sum += p.Amount
			if p.Debit()-p.Credit() != p.Amount {
				t.Errorf("debit/credit of %d", p.Amount)
			}
		}
		if sum != 0 || len(j.Postings) < 2 || j.Total() <= 0 {
			t.Errorf("journal %d: %d postings summing to %d", j.ID, len(j.Postings), sum)
		}
	}
	if js := list(JournalFilter{Kind: KindReceipt}); len(js) != 1 || js[0].ID != receipt || js[0].ReversedBy != reversal || js[0].Reference != "SO 1234" {
		t.Errorf("receipts %+v", js)
	}
	if js := list(JournalFilter{Kind: KindReversal}); len(js) != 1 || js[0].ReversesID != receipt {
		t.Errorf("reversals %+v", js)
	}
	if js := list(JournalFilter{UnitID: block}); len(js) != 1 || js[0].Postings[0].UnitName != "Flat A" ||
		js[0].Postings[0].AccountCode != "1100" || js[0].Postings[1].AccountCode != "4000" || js[0].Postings[1].ChargeType != "Service charge" {
		t.Errorf("block unit's journals %+v", js)
	}
	if js := list(JournalFilter{From: date(2026, 1, 2), To: date(2026, 2, 1)}); len(js) != 3 {
		t.Errorf("%d journals in January after the 1st, want 3", len(js))
	}
	first := list(JournalFilter{Kind: KindDemand, Limit: 2})
	rest := list(JournalFilter{Kind: KindDemand, Limit: 2, Offset: 2})
	if len(first) != 2 || len(rest) != 2 || rest[1].ID != demand {
		t.Errorf("pages %d + %d", len(first), len(rest))
	}
	var owner string
	for _, p := range rest[1].Postings {
		if p.AccountCode == "2100" {
			owner = p.OwnerName
		}
	}
	if owner != "Lena Landlord" || rest[1].Postings[0].AccountName != "Debtors (residents and tenants)" {
		t.Errorf("rent demand postings %+v", rest[1].Postings)
	}
}
