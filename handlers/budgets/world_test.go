package budgets_test

import (
	"context"
	"database/sql"
	"fmt"
	"net/http"
	"net/url"
	"strings"
	"testing"

	"porch/estate"
	"porch/internal/webtest"
	"porch/ledger"
)

// world is the ledger book's Harbour View with a 31 December year end and
// a third flat, the three sharing the default schedule in thirds (33.3334%,
// 33.3333%, 33.3333%) so balancing charges must place odd pennies.
type world struct {
	*webtest.LedgerBook
	FlatC estate.Unit
	Main  estate.Apportionment
}

func newWorld(t *testing.T) *world {
	t.Helper()
	w := &world{LedgerBook: webtest.NewLedgerBook(t)}
	w.F.DbWrite("acme", func(ctx context.Context, tx *sql.Tx) (err error) {
		if _, err = tx.Exec(`UPDATE sites SET year_end = '12-31' WHERE id = ?`, w.Ppl.FlatA.SiteID); err != nil {
			return err
		}
		if w.FlatC, err = estate.CreateUnit(ctx, tx, w.Ppl.FlatA.SiteID, estate.UnitInput{Name: "Flat 3"}, webtest.Now); err != nil {
			return err
		}
		if w.Main, err = estate.DefaultApportionment(ctx, tx, w.Ppl.FlatA.SiteID); err != nil {
			return err
		}
		_, err = estate.SaveShares(ctx, tx, w.Main.ID, estate.SharesInput{w.Ppl.FlatA.PublicID: "33.3334",
			w.Ppl.FlatB.PublicID: "33.3333", w.FlatC.PublicID: "33.3333"})
		return err
	})
	return w
}

// field is the form field of a head's amount under the default schedule.
func (w *world) field(head string) string { return ledger.BudgetLineField(head, w.Main) }

// budgetForm is the year to 31 December 2025: £1,200 cleaning, £3,000
// insurance, £1,000 to the reserve fund.
func (w *world) budgetForm() url.Values {
	return url.Values{"year": {"2025"}, "note": {"Agreed at the AGM"}, w.field("cleaning"): {"1,200"},
		w.field("insurance"): {"3000.00"}, w.field("reserve_fund"): {"1000"}}
}

// createBudget posts the budget form and returns the budget's address.
func (w *world) createBudget(t *testing.T) string {
	t.Helper()
	rec := w.Mgr.Post("/admin/budgets/new?site="+w.Ppl.FlatA.SitePublicID, w.budgetForm())
	if rec.Code != http.StatusSeeOther {
		t.Fatalf("create: %d %.800s", rec.Code, rec.Body.String())
	}
	loc, _, _ := strings.Cut(rec.Header().Get("Location"), "?")
	return loc
}

// spend records the year's supplier invoices as managers do: £1,260 of
// cleaning, £2,900 of insurance and £148.14 of repairs approved or paid
// in the year, and some that must not count (waiting for approval,
// rejected, or of the next year).
func (w *world) spend(t *testing.T) {
	t.Helper()
	bills := []struct {
		head, date string
		net, vat   int64
		status     string
	}{
		{"cleaning", "2025-03-01", 500_00, 100_00, ledger.SupplierApproved},
		{"cleaning", "2025-12-31", 550_00, 110_00, ledger.SupplierPaid},
		{"cleaning", "2025-10-01", 99_00, 0, ledger.SupplierReceived},
		{"cleaning", "2026-01-01", 66_00, 0, ledger.SupplierPaid},
		{"insurance", "2025-01-01", 2900_00, 0, ledger.SupplierPaid},
		{"repairs", "2025-06-01", 250_00, 50_00, ledger.SupplierRejected},
		{"repairs", "2025-06-02", 123_45, 24_69, ledger.SupplierApproved},
	}
	w.F.DbWrite("acme", func(ctx context.Context, tx *sql.Tx) error {
		banks, err := ledger.SiteBankAccounts(ctx, tx, w.Ppl.FlatA.SiteID)
		if err != nil {
			return err
		}
		for i, b := range bills {
			day := webtest.ISODay(b.date)
			s, err := ledger.RecordSupplierInvoice(ctx, tx, webtest.Now, ledger.SupplierInvoiceInput{SiteID: w.Ppl.FlatA.SiteID,
				Supplier: "Quayside Services Ltd", Number: fmt.Sprintf("QS-%d", i+1), InvoiceDate: day, Head: b.head,
				Description: "Block services", Net: b.net, VAT: b.vat, FileHash: "f00d", FileName: "bill.pdf"})
			switch {
			case err != nil:
				return err
			case b.status == ledger.SupplierRejected:
				_, err = ledger.RejectSupplierInvoice(ctx, tx, webtest.Now, s.PublicID, "Work not done", w.Ppl.Manager.ID)
			case b.status != ledger.SupplierReceived:
				if _, err = ledger.ApproveSupplierInvoice(ctx, tx, webtest.Now, s.PublicID, w.Ppl.Manager.ID); err == nil && b.status == ledger.SupplierPaid {
					_, _, err = ledger.PaySupplierInvoice(ctx, tx, webtest.Now, ledger.SupplierInvoicePayment{PublicID: s.PublicID,
						AccountID: banks[0].ID, Date: day})
				}
			}
			if err != nil {
				return err
			}
		}
		return nil
	})
}

// onAccount is the on-account demand form for the default schedule.
func (w *world) onAccount(instalments, instalment string) url.Values {
	return url.Values{"apportionment": {w.Main.PublicID}, "instalments": {instalments}, "instalment": {instalment},
		"charge_type": {w.ChargeID("Service charge")}, "issue_date": {"2025-01-01"}, "due_date": {"2025-01-31"}}
}

// previewThenPost previews a form at path, then posts it confirming the
// preview's fingerprint, and returns the post's response.
func (w *world) previewThenPost(t *testing.T, path string, form url.Values) *http.Response {
	t.Helper()
	form.Set("action", "preview")
	rec := w.Mgr.Post(path, form)
	if rec.Code != http.StatusOK {
		t.Fatalf("preview %s: %d %.1500s", path, rec.Code, rec.Body.String())
	}
	fp := webtest.Doc(t, rec).Find(`input[name="previewed"]`).AttrOr("value", "")
	if fp == "" {
		t.Fatalf("preview %s shows nothing to confirm", path)
	}
	form.Set("previewed", fp)
	form.Set("action", "post")
	return w.Mgr.Post(path, form).Result()
}

func hxTo(target string) []string { return []string{"HX-Request", "true", "HX-Target", target} }
