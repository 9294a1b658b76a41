package demo

import (
	"context"
	"database/sql"
	"fmt"
	"slices"
	"strings"
	"time"

	"porch/estate"
	"porch/files"
	"porch/ledger"
	"porch/payments"
	"porch/payments/bankstmt"
	"porch/tenants"
)

// Harbour View's own spending: the bills its suppliers sent for last
// year (all paid) and this year (most paid, the latest approved and
// waiting to be paid, the newest waiting for approval, one rejected),
// each with its PDF, against most budget heads and the schedule that
// bears it. A statement of the client account shows the Bristol Water
// direct debit, matched to its payment automatically, and a payment to
// a contractor nobody recorded, left on the reconcile screen to be
// settled from the line by paying the approved invoice it was for.

// demoBill is one supplier bill of a year: its supplier and invoice
// number prefix, head, schedule ("" for the block's default), what it is
// for, the month it was dated and its net in pence (VAT at 20% when vat).
type demoBill struct {
	supplier, prefix, head, schedule, what string
	month                                  time.Month
	day                                    int
	net                                    int64
	vat                                    bool
}

// yearBills are a year's bills, in date order.
func yearBills() []demoBill {
	var out []demoBill
	for _, m := range []time.Month{time.January, time.April, time.July, time.October} {
		q := (int(m)-1)/3 + 1
		out = append(out,
			demoBill{"Sparkle Cleaning Ltd", "SC", "cleaning", "", fmt.Sprintf("Cleaning of the common parts, quarter %d", q), m, 6, 138000, true},
			demoBill{"Bristol Water", "BW", "utilities", "", fmt.Sprintf("Water for the common parts, quarter %d", q), m + 2, 20, 21450 + int64(q)*385, false},
			demoBill{"Bristol Energy", "BE", "utilities", "", fmt.Sprintf("Electricity for the common parts and lift, quarter %d", q), m + 2, 24, 61800 + int64(q)*1240, true},
			demoBill{"Northgate Property Management", "NPM", "management_fee", "", fmt.Sprintf("Management fee, quarter %d", q), m, 1, 210000, true},
		)
	}
	out = append(out,
		demoBill{"Avon Mutual Insurance", "AMI", "insurance", "", "Buildings insurance for the year", time.January, 15, 1248000, false},
		demoBill{"Avon Lifts", "AL", "lift", liftSchedule, "Lift maintenance contract, first half", time.January, 10, 96000, true},
		demoBill{"Greenway Grounds", "GG", "gardening", "", "Spring planting and hedges", time.March, 18, 42000, true},
		demoBill{"Firecheck South West", "FSW", "fire_safety", "", "Fire risk assessment and alarm service", time.May, 12, 68500, true},
		demoBill{"Harbourside Building Services", "HBS", "repairs", carParkSchedule, "Car park gate motor replaced", time.June, 9, 118000, true},
		demoBill{"Avon Lifts", "AL", "lift", liftSchedule, "Lift maintenance contract, second half", time.July, 10, 96000, true},
		demoBill{"Greenway Grounds", "GG", "gardening", "", "Autumn leaf clearance", time.October, 21, 36000, true},
		demoBill{"Harbourside Building Services", "HBS", "repairs", "", "Roof gutter clearance and two slates", time.November, 4, 54000, true},
		demoBill{"Clifton & Co Accountants", "CCA", "professional", "", "Service charge accounts, certified", time.November, 25, 84000, true},
	)
	slices.SortStableFunc(out, func(a, b demoBill) int {
		return (int(a.month)*40 + a.day) - (int(b.month)*40 + b.day)
	})
	return out
}

// Spending records Harbour View's supplier invoices for last year and this
// year, with their PDFs in the file store, and the statement lines of the
// supplier payments. Files need the store, so this runs after Seed.
func Spending(ctx context.Context, db *tenants.DB, store *files.Store, now time.Time) error {
	today := estate.UKDate(now)
	type planned struct {
		bill   demoBill
		number string
		date   time.Time
		ref    files.Ref
		name   string
	}
	var plan []planned
	for _, year := range []int{today.Year() - 1, today.Year()} {
		for i, b := range yearBills() {
			date := time.Date(year, b.month, b.day, 0, 0, 0, 0, time.UTC)
			if !date.Before(today) {
				continue
			}
			number := fmt.Sprintf("%s-%d%03d", b.prefix, year%100, 100+i)
			p := planned{bill: b, number: number, date: date, name: strings.ToLower(number) + ".pdf"}
			data, err := supplierPDF(b, number, date)
			if err != nil {
				return fmt.Errorf("demo: bill %s: %w", number, err)
			}
			if p.ref, err = store.Put(ctx, db, files.Upload{Name: p.name, Data: data}); err != nil {
				return fmt.Errorf("demo: bill %s: %w", number, err)
			}
			plan = append(plan, p)
		}
	}
	rejected := demoBill{supplier: "Harbourside Building Services", prefix: "HBS", head: "repairs", what: "Flat 12 bedroom window reglazed",
		net: 26500, vat: true}
	rejectedNo := fmt.Sprintf("HBS-%d999", today.Year()%100)
	data, err := supplierPDF(rejected, rejectedNo, today.AddDate(0, 0, -20))
	if err != nil {
		return err
	}
	rejectedPDF, err := store.Put(ctx, db, files.Upload{Name: strings.ToLower(rejectedNo) + ".pdf", Data: data})
	if err != nil {
		return err
	}
	return db.Write(ctx, func(tx *sql.Tx) error {
		mgr, err := estate.FindPersonByEmail(ctx, tx, ManagerEmail)
		if err != nil {
			return fmt.Errorf("demo: manager: %w", err)
		}
		site, bank, err := blockAndBank(ctx, tx)
		if err != nil {
			return err
		}
		schedules := map[string]int64{}
		aps, err := estate.ListApportionments(ctx, tx, site.ID)
		if err != nil {
			return err
		}
		for _, a := range aps {
			schedules[a.Name] = a.ID
		}
		var paid, unpaid []ledger.SupplierInvoice
		waiting := 0 // this year's newest bills: one for approval, two approved to pay
		for i := len(plan) - 1; i >= 0 && waiting < 3 && plan[i].date.Year() == today.Year(); i-- {
			waiting++
		}
		for i, p := range plan {
			b := p.bill
			vat := int64(0)
			if b.vat {
				vat = b.net / 5
			}
			s, err := ledger.RecordSupplierInvoice(ctx, tx, now, ledger.SupplierInvoiceInput{SiteID: site.ID, Supplier: b.supplier,
				Number: p.number, InvoiceDate: p.date, DueDate: p.date.AddDate(0, 0, 30), Head: b.head, ApportionmentID: schedules[b.schedule],
				Description: b.what, Net: b.net, VAT: vat, FileHash: p.ref.Hash, FileName: p.name, CreatedBy: mgr.ID})
			if err != nil {
				return fmt.Errorf("demo: bill %s: %w", p.number, err)
			}
			if waiting > 0 && i == len(plan)-1 {
				continue // the newest waits for approval
			}
			if s, err = ledger.ApproveSupplierInvoice(ctx, tx, now, s.PublicID, mgr.ID); err != nil {
				return fmt.Errorf("demo: approve %s: %w", p.number, err)
			}
			// Last year's are all paid, a fortnight after their date or
			// by yesterday; this year's newest wait.
			payDay := p.date.AddDate(0, 0, 14)
			if p.date.Year() < today.Year() && !payDay.Before(today) {
				payDay = today.AddDate(0, 0, -1)
			}
			if i >= len(plan)-waiting || !payDay.Before(today) {
				unpaid = append(unpaid, s)
				continue
			}
			if s, _, err = ledger.PaySupplierInvoice(ctx, tx, now, ledger.SupplierInvoicePayment{PublicID: s.PublicID,
				AccountID: bank.ID, Date: payDay, CreatedBy: mgr.ID}); err != nil {
				return fmt.Errorf("demo: pay %s: %w", p.number, err)
			}
			paid = append(paid, s)
		}
		if err := rejectedBill(ctx, tx, now, site.ID, mgr.ID, today, rejectedNo, rejectedPDF); err != nil {
			return err
		}
		return supplierStatement(ctx, tx, now, bank.ID, mgr.ID, paid, unpaid, today)
	})
}

// blockAndBank finds Harbour View and its client bank account.
func blockAndBank(ctx context.Context, tx *sql.Tx) (estate.Site, ledger.Account, error) {
	sites, err := estate.ListSites(ctx, tx)
	if err != nil {
		return estate.Site{}, ledger.Account{}, err
	}
	for _, st := range sites {
		if st.Name != blockName {
			continue
		}
		banks, err := ledger.SiteBankAccounts(ctx, tx, st.ID)
		if err != nil || len(banks) == 0 {
			return st.Site, ledger.Account{}, fmt.Errorf("demo: %s has no bank account: %v", blockName, err)
		}
		return st.Site, banks[0], nil
	}
	return estate.Site{}, ledger.Account{}, fmt.Errorf("demo: no site %s", blockName)
}

// rejectedBill is a repair to one flat's own window billed to the block,
// rejected: the leaseholder pays for it, not the service charge.
func rejectedBill(ctx context.Context, tx *sql.Tx, now time.Time, siteID, by int64, today time.Time, number string, pdf files.Ref) error {
	s, err := ledger.RecordSupplierInvoice(ctx, tx, now, ledger.SupplierInvoiceInput{SiteID: siteID, Supplier: "Harbourside Building Services",
		Number: number, InvoiceDate: today.AddDate(0, 0, -20), Head: "repairs", Description: "Flat 12 bedroom window reglazed",
		Net: 26500, VAT: 5300, FileHash: pdf.Hash, FileName: strings.ToLower(number) + ".pdf", CreatedBy: by})
	if err == nil {
		_, err = ledger.RejectSupplierInvoice(ctx, tx, now, s.PublicID, "Flat 12's own window: recharge the leaseholder, not the service charge", by)
	}
	if err != nil {
		return fmt.Errorf("demo: rejected bill: %w", err)
	}
	return nil
}

// supplierStatement imports the client account's statement lines for the
// supplier payments of the last two months, as the bank shows them, and
// matches them automatically; one payment, for an approved invoice
// nobody marked paid, is on the statement but not in the ledger.
func supplierStatement(ctx context.Context, tx *sql.Tx, now time.Time, bank, by int64, paid, unpaid []ledger.SupplierInvoice, today time.Time) error {
	var lines []bankstmt.Line
	from := today.AddDate(0, -2, 0)
	var water time.Time // the last direct debit to Bristol Water: the statement goes back to it
	for _, s := range paid {
		if s.Supplier == "Bristol Water" && s.PaidOn.After(water) {
			water = s.PaidOn
		}
	}
	if !water.IsZero() && water.Before(from) {
		from = water
	}
	for _, s := range paid {
		if s.PaidOn.Before(from) {
			continue
		}
		text := upper(s.Supplier) + " " + s.Number
		if s.Supplier == "Bristol Water" {
			text = "BRISTOL WATER DDR 4471902" // a direct debit: the bank shows its own reference
		}
		lines = append(lines, bankstmt.Line{Date: s.PaidOn.AddDate(0, 0, 1), Amount: -s.Total(), Description: text})
	}
	for _, s := range unpaid {
		if s.InvoiceDate.AddDate(0, 0, 10).Before(today) {
			lines = append(lines, bankstmt.Line{Date: s.InvoiceDate.AddDate(0, 0, 10), Amount: -s.Total(), Description: upper(s.Supplier) + " FPO"})
			break
		}
	}
	if len(lines) == 0 {
		return nil
	}
	slices.SortStableFunc(lines, func(a, b bankstmt.Line) int { return a.Date.Compare(b.Date) })
	bankstmt.AssignFingerprints(lines)
	if _, err := payments.Import(ctx, tx, now, bank, "statement-suppliers.csv", bankstmt.FormatCSV, lines, by); err != nil {
		return fmt.Errorf("demo: supplier statement: %w", err)
	}
	_, err := payments.AutoMatch(ctx, tx, now, bank, by)
	return err
}

// supplierPDF is a supplier's invoice as they would send it.
func supplierPDF(b demoBill, number string, date time.Time) ([]byte, error) {
	total := b.net
	lines := []string{fmt.Sprintf("%s, %s.", b.what, blockName), fmt.Sprintf("Amount before VAT: %s.", ledger.Pounds(b.net))}
	if b.vat {
		lines = append(lines, fmt.Sprintf("VAT at 20%%: %s.", ledger.Pounds(b.net/5)))
		total += b.net / 5
	}
	lines = append(lines, fmt.Sprintf("Total due within 30 days: %s, to %s.", ledger.Pounds(total), b.supplier))
	return paperPDF(b.supplier+": invoice "+number, "Dated "+date.Format("2 January 2006")+", to "+orgName+" for "+blockName, lines)
}
