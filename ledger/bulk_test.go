package ledger

import (
	"context"
	"database/sql"
	"fmt"
	"strings"
	"testing"
	"time"

	"porch/errs"
	"porch/estate"
	"porch/tenants"
)

// siteWithShares makes a block with one unit per share (in millionths),
// named Flat A, Flat B, ...; it returns the site and unit ids.
func siteWithShares(t testing.TB, db *tenants.DB, ctx context.Context, name string, shares []int64) (int64, []int64) {
	t.Helper()
	var site int64
	var units []int64
	err := db.Write(ctx, func(tx *sql.Tx) error {
		s, err := estate.CreateSite(ctx, tx, estate.SiteInput{Name: name, Kind: estate.KindBlock,
			AddressLine1: "1 Quay", Town: "Bristol", Postcode: "BS1 4RN"}, t0)
		if err != nil {
			return err
		}
		site = s.ID
		for i, ppm := range shares {
			u, err := estate.CreateUnit(ctx, tx, s.ID, estate.UnitInput{Name: unitName(i), Share: estate.FormatSharePPM(ppm)}, t0)
			if err != nil {
				return err
			}
			units = append(units, u.ID)
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	return site, units
}

func unitName(i int) string {
	if i < 26 {
		return "Flat " + string(rune('A'+i))
	}
	return fmt.Sprintf("Flat %d", i+1)
}

func chargeNamed(t testing.TB, db *tenants.DB, ctx context.Context, name string) int64 {
	t.Helper()
	cts, err := ChargeTypes(ctx, db.Read())
	if err != nil {
		t.Fatal(err)
	}
	for _, c := range cts {
		if c.Name == name {
			return c.ID
		}
	}
	t.Fatalf("no charge type %q", name)
	return 0
}

func countRows(t testing.TB, db *tenants.DB, table string) int {
	t.Helper()
	var n int
	if err := db.ReadPool().QueryRow(`SELECT count(*) FROM ` + table).Scan(&n); err != nil {
		t.Fatal(err)
	}
	return n
}

func TestBulkDemandValidation(t *testing.T) {
	db, ctx := book(t)
	good, _ := siteWithShares(t, db, ctx, "Good", []int64{600000, 400000})
	short, _ := siteWithShares(t, db, ctx, "Short", []int64{500000, 300000, 0, 0})
	over, overUnits := siteWithShares(t, db, ctx, "Over", []int64{600000, 400000})
	if _, err := db.Writer().Exec(`UPDATE apportionment_shares SET share_ppm = 450000 WHERE unit_id = ?`, overUnits[1]); err != nil {
		t.Fatal(err)
	}
	empty, _ := siteWithShares(t, db, ctx, "Empty", nil)
	service := chargeNamed(t, db, ctx, "Service charge")
	rent := chargeNamed(t, db, ctx, "Rent")
	issue, due := t0, t0.AddDate(0, 0, 28)
	line := func(ct, total int64) []BulkLine { return []BulkLine{{ChargeTypeID: ct, Total: total}} }

	tests := []struct {
		name  string
		site  int64
		in    BulkInput
		field string
		want  []string // in the message
	}{
		{"shares short, units at 0%", short, BulkInput{IssueDate: issue, DueDate: due, Lines: line(service, 1000)}, "shares",
			[]string{"total 80%", "20% short of 100%", "Flat C and Flat D have no share (0%)"}},
		{"shares over", over, BulkInput{IssueDate: issue, DueDate: due, Lines: line(service, 1000)}, "shares",
			[]string{"total 105%", "5% over 100%"}},
		{"no units", empty, BulkInput{IssueDate: issue, DueDate: due, Lines: line(service, 1000)}, "shares", []string{"no units"}},
		{"zero total", good, BulkInput{IssueDate: issue, DueDate: due, Lines: line(service, 0)}, "lines.0.total", []string{"greater than zero"}},
		{"negative total", good, BulkInput{IssueDate: issue, DueDate: due, Lines: line(service, -500)}, "lines.0.total", []string{"greater than zero"}},
		{"too large", good, BulkInput{IssueDate: issue, DueDate: due, Lines: line(service, 100_000_000_01)}, "lines.0.total", []string{"too large"}},
		{"no lines", good, BulkInput{IssueDate: issue, DueDate: due, Lines: nil}, "lines", []string{"at least one"}},
		{"no charge type", good, BulkInput{IssueDate: issue, DueDate: due, Lines: line(0, 1000)}, "lines.0.charge_type", nil},
		{"unknown charge type", good, BulkInput{IssueDate: issue, DueDate: due, Lines: line(9999, 1000)}, "lines.0.charge_type", nil},
		{"rent is per unit", good, BulkInput{IssueDate: issue, DueDate: due, Lines: line(rent, 1000)}, "lines.0.charge_type", []string{"landlord"}},
		{"second line bad", good, BulkInput{IssueDate: issue, DueDate: due, Lines: []BulkLine{{ChargeTypeID: service, Total: 5}, {ChargeTypeID: service}}},
			"lines.1.total", nil},
		{"no issue date", good, BulkInput{IssueDate: time.Time{}, DueDate: due, Lines: line(service, 1000)}, "issue_date", nil},
		{"due before issue", good, BulkInput{IssueDate: issue, DueDate: issue.AddDate(0, 0, -1), Lines: line(service, 1000)}, "due_date", []string{"before"}},
		{"date out of range", good, BulkInput{IssueDate: issue, DueDate: time.Date(2101, 1, 1, 0, 0, 0, 0, time.UTC), Lines: line(service, 1000)}, "due_date", nil},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := PreviewBulkDemand(ctx, db.Read(), tt.site, tt.in)
			e, ok := errs.As(err)
			if !ok || e.Code != errs.Invalid || e.Fields[tt.field] == "" {
				t.Fatalf("preview: want a message on %s, got %v", tt.field, err)
			}
			for _, w := range tt.want {
				if !strings.Contains(e.Fields[tt.field], w) {
					t.Errorf("message %q does not say %q", e.Fields[tt.field], w)
				}
			}
			err = db.Write(ctx, func(tx *sql.Tx) error {
				_, err := PostBulkDemand(ctx, tx, t0, tt.site, tt.in, 0)
				return err
			})
			if e, ok := errs.As(err); !ok || e.Fields[tt.field] == "" {
				t.Fatalf("post: want a message on %s, got %v", tt.field, err)
			}
			if n := countRows(t, db, "journals"); n != 0 {
				t.Fatalf("%d journals written", n)
			}
		})
	}
	if _, err := PreviewBulkDemand(ctx, db.Read(), 424242, BulkInput{IssueDate: issue, DueDate: due, Lines: line(service, 1000)}); !errs.Is(err, errs.NotFound) {
		t.Errorf("unknown site: %v", err)
	}
}

func TestBulkDemandIsExact(t *testing.T) {
	db, ctx := book(t)
	// Seven uneven shares and one unit with none.
	shares := []int64{123457, 200000, 76543, 150000, 250000, 111111, 88889, 0}
	site, units := siteWithShares(t, db, ctx, "Quay", shares)
	service := chargeNamed(t, db, ctx, "Service charge")
	reserve := chargeNamed(t, db, ctx, "Reserve fund")
	ground := chargeNamed(t, db, ctx, "Ground rent")
	in := BulkInput{IssueDate: t0, DueDate: t0.AddDate(0, 0, 30), Lines: []BulkLine{
		{ChargeTypeID: service, Description: "  Service charge,   Q2  ", Total: 1_000_01}, // £1,000.01
		{ChargeTypeID: reserve, Total: 333_33},
		{ChargeTypeID: ground, Total: 5}, // 5p: most units get nothing of it
	}}
	p, err := PreviewBulkDemand(ctx, db.Read(), site, in)
	if err != nil {
		t.Fatal(err)
	}
	if len(p.Units) != len(shares) || p.Total != 1_000_01+333_33+5 || p.SiteName != "Quay" {
		t.Fatalf("preview %+v", p)
	}
	var grand int64
	perLine := make([]int64, len(in.Lines))
	for _, u := range p.Units {
		var sum int64
		for i, a := range u.Amounts {
			perLine[i] += a
			sum += a
		}
		if sum != u.Total {
			t.Errorf("%s: lines sum to %d, total %d", u.Name, sum, u.Total)
		}
		grand += u.Total
	}
	for i, l := range in.Lines {
		if perLine[i] != l.Total || p.LineTotals[i] != l.Total {
			t.Errorf("line %d: units sum to %d (preview says %d), want %d", i, perLine[i], p.LineTotals[i], l.Total)
		}
	}
	if grand != p.Total {
		t.Errorf("units sum to %d, total %d", grand, p.Total)
	}
	if p.Units[7].Total != 0 || p.Invoices != 7 || p.Lines[0].Description != "Service charge, Q2" {
		t.Errorf("zero-share unit %+v, %d invoices, line %q", p.Units[7], p.Invoices, p.Lines[0].Description)
	}

	var invs []Invoice
	err = db.Write(ctx, func(tx *sql.Tx) error {
		invs, err = PostBulkDemand(ctx, tx, t0, site, in, 0)
		return err
	})
	if err != nil {
		t.Fatal(err)
	}
	if len(invs) != 7 {
		t.Fatalf("%d invoices, want 7 (none for the unit with no share)", len(invs))
	}
	var invoiced int64
	for i, inv := range invs {
		if inv.UnitID != units[i] || inv.Total != p.Units[i].Total {
			t.Errorf("invoice %d: unit %d total %d, preview %d", inv.Number, inv.UnitID, inv.Total, p.Units[i].Total)
		}
		if i > 0 && inv.Number != invs[i-1].Number+1 {
			t.Errorf("invoice numbers not sequential: %d after %d", inv.Number, invs[i-1].Number)
		}
		lines, _ := InvoiceLines(ctx, db.Read(), inv.ID)
		var sum int64
		for _, l := range lines {
			if l.Amount <= 0 {
				t.Errorf("invoice %d has a line of %d", inv.Number, l.Amount)
			}
			sum += l.Amount
		}
		if sum != inv.Total {
			t.Errorf("invoice %d lines %d, total %d", inv.Number, sum, inv.Total)
		}
		invoiced += inv.Total
	}
	if invoiced != p.Total {
		t.Errorf("invoiced %d, want %d", invoiced, p.Total)
	}
	// Each income account is credited the line's total exactly.
	for code, want := range map[string]int64{"4000": 1_000_01, "4020": 333_33, "4010": 5} {
		var got int64
		db.ReadPool().QueryRow(`SELECT -sum(p.amount) FROM postings p JOIN ledger_accounts a ON a.id = p.account_id WHERE a.code = ?`, code).Scan(&got)
		if got != want {
			t.Errorf("account %s credited %d, want %d", code, got, want)
		}
	}
	tb, _ := Trial(ctx, db.Read(), time.Time{})
	if tb.Total != 0 {
		t.Errorf("trial balance %d", tb.Total)
	}
}

func TestBulkDemandUsesCreditAndCurrentShares(t *testing.T) {
	db, ctx := book(t)
	site, units := siteWithShares(t, db, ctx, "Quay", []int64{500000, 500000})
	service := chargeNamed(t, db, ctx, "Service charge")
	var bank int64
	err := db.Write(ctx, func(tx *sql.Tx) error {
		b, err := CreateBankAccount(ctx, tx, t0, site, BankAccountInput{Name: "Client", SortCode: "12-34-56", AccountNumber: "12345678"})
		bank = b.ID
		if err != nil {
			return err
		}
		_, err = RecordReceipt(ctx, tx, t0, ReceiptInput{UnitID: units[0], AccountID: bank, Date: t0, Amount: 300_00})
		return err
	})
	if err != nil {
		t.Fatal(err)
	}
	in := BulkInput{IssueDate: t0, DueDate: t0, Lines: []BulkLine{{ChargeTypeID: service, Total: 1000_00}}}
	if _, err := PreviewBulkDemand(ctx, db.Read(), site, in); err != nil {
		t.Fatal(err)
	}
	// Shares change between preview and post: the post follows the units.
	db.Writer().Exec(`UPDATE apportionment_shares SET share_ppm = 250000 WHERE unit_id = ?`, units[0])
	db.Writer().Exec(`UPDATE apportionment_shares SET share_ppm = 750000 WHERE unit_id = ?`, units[1])
	var invs []Invoice
	err = db.Write(ctx, func(tx *sql.Tx) error {
		invs, err = PostBulkDemand(ctx, tx, t0, site, in, 0)
		return err
	})
	if err != nil {
		t.Fatal(err)
	}
	if invs[0].Total != 250_00 || invs[1].Total != 750_00 {
		t.Fatalf("totals %d, %d", invs[0].Total, invs[1].Total)
	}
	got, _ := GetInvoice(ctx, db.Read(), invs[0].PublicID)
	if got.Paid != 250_00 {
		t.Errorf("credit of £300 paid %d of the new invoice", got.Paid)
	}
	if bal, _ := UnitBalance(ctx, db.Read(), units[0]); bal != -50_00 {
		t.Errorf("balance %d, want -5000", bal)
	}
}
