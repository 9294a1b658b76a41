package payments

import (
	"database/sql"
	"strings"
	"testing"

	"porch/estate"
	"porch/ledger"
	"porch/payments/bankstmt"
)

// supplierBill records and approves a bill for a site, and pays it from
// bank on paidOn unless that is "".
func (bb *bankBook) supplierBill(site int64, supplier, number, on string, pence int64, bank int64, paidOn string) ledger.SupplierInvoice {
	bb.t.Helper()
	var s ledger.SupplierInvoice
	bb.write(func(tx *sql.Tx) error {
		var err error
		s, err = ledger.RecordSupplierInvoice(bb.ctx, tx, t0, ledger.SupplierInvoiceInput{SiteID: site, Supplier: supplier, Number: number,
			InvoiceDate: date(on), Head: "utilities", Description: "Common parts", Net: pence, FileHash: "f00d", FileName: "bill.pdf"})
		if err != nil {
			return err
		}
		if s, err = ledger.ApproveSupplierInvoice(bb.ctx, tx, t0, s.PublicID, bb.person); err != nil || paidOn == "" {
			return err
		}
		s, _, err = ledger.PaySupplierInvoice(bb.ctx, tx, t0, ledger.SupplierInvoicePayment{PublicID: s.PublicID, AccountID: bank, Date: date(paidOn)})
		return err
	})
	return s
}

const supplierCSV = `Date,Description,Amount,Balance
12/03/2026,BRISTOL WATER DDR 5513,-214.50,785.50
13/03/2026,SPARKLE CLEANING LTD,-180.00,605.50
`

// TestReconcileSupplierPayments: a payment to Bristol Water is matched
// automatically to its statement line by the supplier's name (the bank
// shows no invoice number), though another supplier was paid the same
// amount the same day;
// an outgoing line nobody recorded is settled by paying the approved bill
// it was for, refusing bills of another amount or another site.
func TestReconcileSupplierPayments(t *testing.T) {
	bb := newBankBook(t)
	water := bb.supplierBill(bb.site, "Bristol Water", "BW-20417", "2026-03-01", 21450, bb.bank, "2026-03-12")
	bb.supplierBill(bb.site, "Avon Lifts", "AL-7", "2026-03-02", 21450, bb.bank, "2026-03-12")
	cleaning := bb.supplierBill(bb.site, "Sparkle Cleaning", "SC-88", "2026-03-01", 18000, bb.bank, "")
	other := bb.supplierBill(bb.site, "Sparkle Cleaning", "SC-89", "2026-03-01", 9900, bb.bank, "")
	var otherSite int64
	bb.write(func(tx *sql.Tx) error {
		st, err := estate.CreateSite(bb.ctx, tx, estate.SiteInput{Name: "Mill Court", Kind: estate.KindBlock, AddressLine1: "2 Mill Lane",
			Town: "Bath", Postcode: "BA1 1AA"}, t0)
		otherSite = st.ID
		return err
	})
	elsewhere := bb.supplierBill(otherSite, "Sparkle Cleaning", "SC-90", "2026-03-01", 18000, bb.bank, "")

	_, pairs := bb.importLines("march.csv", bankstmt.FormatCSV, parseCSV(t, supplierCSV))
	if len(pairs) != 1 || pairs[0].Candidate.JournalID != water.PaymentJournalID || !pairs[0].ByReference {
		t.Fatalf("auto-matched %+v, want the Bristol Water line to its payment by reference", pairs)
	}

	line := bb.line("SPARKLE")
	a, err := ledger.AccountByCode(bb.ctx, bb.db.Read(), "1001")
	if err != nil {
		t.Fatal(err)
	}
	offered, err := SupplierInvoicesFor(bb.ctx, bb.db.Read(), a, line)
	if err != nil || len(offered) != 1 || offered[0].PublicID != cleaning.PublicID {
		t.Fatalf("invoices offered for the line: %+v %v", offered, err)
	}
	settle := func(invoice string) error {
		return bb.db.Write(bb.ctx, func(tx *sql.Tx) error {
			_, _, err := PaySupplierFromLine(bb.ctx, tx, t0, bb.bank, line.PublicID, invoice, bb.person)
			return err
		})
	}
	for name, tc := range map[string]struct{ invoice, want string }{
		"another amount": {other.PublicID, "The invoice is for £99.00"},
		"another site":   {elsewhere.PublicID, "another site's"},
		"a paid one":     {water.PublicID, "already paid"},
		"none":           {"", "Choose the supplier's invoice"},
		"no such":        {"nosuchthing00000", "Choose an invoice from the list"},
	} {
		if f := fields(t, settle(tc.invoice)); !strings.Contains(f["invoice"], tc.want) {
			t.Errorf("%s: %v, want %q", name, f, tc.want)
		}
	}
	if err := settle(cleaning.PublicID); err != nil {
		t.Fatal(err)
	}
	got, err := ledger.GetSupplierInvoice(bb.ctx, bb.db.Read(), cleaning.PublicID)
	if err != nil || got.Status != ledger.SupplierPaid || got.PaidOn != line.Date {
		t.Fatalf("the bill after settling its line: %+v %v", got, err)
	}
	if l := bb.line("SPARKLE"); l.MatchedHow != MatchedCreated || l.JournalID != got.PaymentJournalID {
		t.Errorf("the line after settling: %+v", l)
	}
	var sum, owed int64
	bb.db.ReadPool().QueryRow(`SELECT coalesce(sum(amount), 0) FROM postings`).Scan(&sum)
	bb.db.ReadPool().QueryRow(`SELECT -sum(p.amount) FROM postings p JOIN ledger_accounts a ON a.id = p.account_id WHERE a.code = '2300'`).Scan(&owed)
	if sum != 0 || owed != 9900+18000 {
		t.Errorf("postings sum to %d; suppliers are owed %d, want the two unpaid bills' 279.00", sum, owed)
	}
}
