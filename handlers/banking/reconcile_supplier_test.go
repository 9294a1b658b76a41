package banking_test

import (
	"context"
	"database/sql"
	"net/http"
	"net/url"
	"strings"
	"testing"

	"porch/estate"
	"porch/internal/webtest"
	"porch/ledger"
)

// supplierBill records and approves a bill for Harbour View, paying it
// from its bank account on paidOn unless that is "".
func supplierBill(t *testing.T, lb *webtest.LedgerBook, supplier, number string, pence int64, paidOn string) ledger.SupplierInvoice {
	t.Helper()
	var s ledger.SupplierInvoice
	lb.F.DbWrite("acme", func(ctx context.Context, tx *sql.Tx) error {
		site, err := estate.GetSite(ctx, tx, lb.Ppl.FlatA.SitePublicID)
		if err != nil {
			return err
		}
		s, err = ledger.RecordSupplierInvoice(ctx, tx, webtest.Now, ledger.SupplierInvoiceInput{SiteID: site.ID, Supplier: supplier,
			Number: number, InvoiceDate: webtest.ISODay("2026-03-01"), Head: "utilities", Description: "Common parts", Net: pence,
			FileHash: "f00d", FileName: "bill.pdf"})
		if err != nil {
			return err
		}
		if s, err = ledger.ApproveSupplierInvoice(ctx, tx, webtest.Now, s.PublicID, lb.Ppl.Manager.ID); err != nil || paidOn == "" {
			return err
		}
		bank, err := ledger.AccountByCode(ctx, tx, "1001")
		if err != nil {
			return err
		}
		s, _, err = ledger.PaySupplierInvoice(ctx, tx, webtest.Now, ledger.SupplierInvoicePayment{PublicID: s.PublicID,
			AccountID: bank.ID, Date: webtest.ISODay(paidOn)})
		return err
	})
	return s
}

const supplierCSV = `Date,Description,Amount,Balance
12/03/2026,BRISTOL WATER DDR 5513,-214.50,-214.50
13/03/2026,SPARKLE CLEANING LTD,-180.00,-394.50
`

// TestBankSupplierPayments: the payment to Bristol Water is matched to
// its statement line automatically by the supplier's name; the Sparkle
// Cleaning line nobody recorded offers the site's approved invoice of its
// amount, refuses another with a message next to the field, and settles
// the right one: the invoice is paid on the line's date and the line
// matched to the payment.
func TestBankSupplierPayments(t *testing.T) {
	t.Parallel()
	lb := webtest.NewLedgerBook(t)
	path := lb.ReconcilePath()
	water := supplierBill(t, lb, "Bristol Water", "BW-20417", 21450, "2026-03-12")
	supplierBill(t, lb, "Avon Lifts", "AL-7", 21450, "2026-03-12")
	cleaning := supplierBill(t, lb, "Sparkle Cleaning", "SC-88", 18000, "")
	wrong := supplierBill(t, lb, "Sparkle Cleaning", "SC-89", 9900, "")

	lb.ImportCSV(t, "march.csv", supplierCSV)
	waterLine, sparkle := lb.LineID(t, "BRISTOL WATER DDR 5513", 0), lb.LineID(t, "SPARKLE CLEANING LTD", 0)
	if lb.MatchedHow(t, waterLine) != "auto" {
		t.Fatalf("the Bristol Water line was not matched automatically")
	}
	var matched int64
	lb.F.DB("acme").ReadPool().QueryRow(`SELECT journal_id FROM bank_lines WHERE public_id = ?`, waterLine).Scan(&matched)
	if matched != water.PaymentJournalID {
		t.Fatalf("the Bristol Water line is matched to entry %d, want its payment %d", matched, water.PaymentJournalID)
	}

	d := webtest.Doc(t, lb.Mgr.Get(path))
	opts := d.Find(`#line-` + sparkle + ` select[name="invoice"] option`)
	if opts.Length() != 2 || !strings.Contains(opts.Last().Text(), "Sparkle Cleaning · SC-88 · £180.00") {
		t.Fatalf("invoices offered for the Sparkle line: %q", opts.Text())
	}

	rec := lb.Mgr.Post(path+"/lines/"+sparkle+"/supplier", url.Values{"invoice": {wrong.PublicID}})
	d = webtest.Doc(t, rec)
	if msg := webtest.FieldError(d.Find("#line-"+sparkle), "invoice"); rec.Code != http.StatusUnprocessableEntity || !strings.Contains(msg, "The invoice is for £99.00") {
		t.Fatalf("settling with the wrong invoice: %d %q", rec.Code, msg)
	}
	if _, open := d.Find("#line-" + sparkle + " details.bank-supplier").Attr("open"); !open {
		t.Errorf("the refused form is not open")
	}

	rec = lb.Mgr.Post(path+"/lines/"+sparkle+"/supplier", url.Values{"invoice": {cleaning.PublicID}}, "HX-Request", "true", "HX-Target", "bank-reconcile")
	d = webtest.Doc(t, rec)
	if rec.Code != http.StatusOK || !strings.Contains(d.Find(".notice.success").Text(), "Sparkle Cleaning invoice SC-88 is paid") {
		t.Fatalf("settling: %d %.1500s", rec.Code, rec.Body.String())
	}
	if lb.MatchedHow(t, sparkle) != "created" {
		t.Errorf("the Sparkle line is not matched to the payment")
	}
	if !strings.Contains(d.Find("#row-"+sparkle).Text(), "Payment created") {
		t.Errorf("the lines list shows %q", d.Find("#row-"+sparkle).Text())
	}
	var status, paidOn string
	lb.F.DB("acme").ReadPool().QueryRow(`SELECT status, paid_on FROM supplier_invoices WHERE public_id = ?`, cleaning.PublicID).Scan(&status, &paidOn)
	if status != "paid" || paidOn != "2026-03-13" {
		t.Errorf("the Sparkle invoice is %s, paid on %q", status, paidOn)
	}
	if n := lb.Count(`SELECT coalesce(sum(amount), 0) FROM postings`); n != 0 {
		t.Errorf("the ledger does not balance: %d", n)
	}
	if lb.F.AuditCount("acme", "supplier_invoice.paid", cleaning.PublicID) != 1 {
		t.Errorf("no audit entry for the payment")
	}
}
