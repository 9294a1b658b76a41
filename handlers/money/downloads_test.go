package money_test

import (
	"strings"
	"testing"

	"porch/internal/webtest"
	"porch/ledger"
)

func TestMoneyPDFs(t *testing.T) {
	t.Parallel()
	w := webtest.NewMoneyWorld(t)
	alice := w.SignIn(w.Ppl.Alice)
	tests := []struct {
		name, path, file string
		want             []string
	}{
		{"invoice", "/money/invoices/" + w.PartPaid.PublicID + ".pdf", "invoice-" + webtest.InvNo(w.PartPaid.Number) + ".pdf",
			[]string{"Invoice", "Number " + webtest.InvNo(w.PartPaid.Number), "Service charge", "£600.00", "Ground rent", "£100.00",
				"Total £700.00", "Paid £200.00", "Outstanding £500.00", "Please pay £500.00 by 31 March 2026", "Part paid"}},
		{"receipt", "/money/receipts/" + w.AliceReceipt + ".pdf", "receipt-2025-04-20-" + w.AliceReceipt + ".pdf",
			[]string{"Receipt", "we received £750.00", "20 April 2025", "ADEYEMI FLAT1", "Invoice " + webtest.InvNo(w.Paid.Number)}},
		{"statement", "/money/units/" + w.Ppl.FlatA.PublicID + "/statement.pdf?from=2025-07-01&to=2025-12-31",
			"statement-harbour-view-flat-1-2025-07-01-to-2025-12-31.pdf",
			[]string{"Statement", "£600.00", "£250.00", "£50.00", "£300.00", "Lift out of service",
				// By charge, the payment against the service charge it paid.
				"Opening balance £0.00", "Administration fee £30.00 £30.00 £0.00", "Service charge £600.00 £50.00 £250.00 £300.00",
				"Closing balance £300.00"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			rec := alice.Get(tt.path)
			if rec.Code != 200 || rec.Header().Get("Content-Type") != "application/pdf" {
				t.Fatalf("%d %s %.300s", rec.Code, rec.Header().Get("Content-Type"), rec.Body.String())
			}
			if cd := rec.Header().Get("Content-Disposition"); cd != `attachment; filename=`+tt.file {
				t.Errorf("Content-Disposition %q", cd)
			}
			if cc := rec.Header().Get("Cache-Control"); !strings.Contains(cc, "no-store") {
				t.Errorf("Cache-Control %q", cc)
			}
			// Read with the layout kept, so a table's row reads as one line.
			text := webtest.PDFText(t, rec.Body.Bytes(), "-layout")
			// Branded, addressed to the payee at the unit.
			for _, s := range append([]string{webtest.Acme.Name, webtest.Acme.Email, "Flat 1", "Harbour View", "Alice Adeyemi"}, tt.want...) {
				if !strings.Contains(text, s) {
					t.Errorf("PDF lacks %q:\n%s", s, text)
				}
			}
			if strings.Contains(text, "Bob") || strings.Contains(text, "Dan") {
				t.Errorf("PDF names someone else:\n%s", text)
			}
		})
	}
}

func TestMoneyStatementCSV(t *testing.T) {
	t.Parallel()
	w := webtest.NewMoneyWorld(t)
	alice := w.SignIn(w.Ppl.Alice)
	rec := alice.Get("/money/units/" + w.Ppl.FlatA.PublicID + "/statement.csv?from=2025-07-01&to=2026-03-15")
	if rec.Code != 200 || rec.Header().Get("Content-Type") != "text/csv; charset=utf-8" ||
		rec.Header().Get("Content-Disposition") != "attachment; filename=statement-harbour-view-flat-1-2025-07-01-to-2026-03-15.csv" {
		t.Fatalf("%d %v", rec.Code, rec.Header())
	}
	got := webtest.ReadCSV(t, rec.Body.Bytes())
	want := [][]string{
		{"Date", "Description", "Reference", "Charged", "Paid", "Balance"},
		{"2025-07-01", "Balance brought forward", "", "", "", "0.00"},
		{"2025-07-01", "Invoice " + webtest.InvNo(w.Overdue.Number) + ": Service charge 2025-07-01", "", "600.00", "", "600.00"},
		{"2025-07-10", "Payment received, bank transfer", ledger.ReceiptRef(w.AliceReceipts[1]) + ", ADEYEMI", "", "250.00", "350.00"},
		{"2025-10-01", "Credit: Lift out of service", "", "", "50.00", "300.00"},
		{"2025-12-01", "Invoice " + webtest.InvNo(w.Cancelled.Number) + ": Administration fee 2025-12-01", "", "30.00", "", "330.00"},
		{"2025-12-05", "Reversal of Invoice " + webtest.InvNo(w.Cancelled.Number) + ": raised in error", "", "", "30.00", "300.00"},
		{"2026-03-01", "Invoice " + webtest.InvNo(w.PartPaid.Number) + ": Service charge 2026-03-01; Ground rent 2026-03-01", "", "700.00", "", "1000.00"},
		{"2026-03-05", "Payment received, bank transfer", ledger.ReceiptRef(w.AliceReceipts[2]) + ", ADEYEMI MAR", "", "200.00", "800.00"},
		{"2026-03-10", "Invoice " + webtest.InvNo(w.Outstanding.Number) + ": Ground rent 2026-03-10", "", "100.00", "", "900.00"},
	}
	if len(got) != len(want) {
		t.Fatalf("%d rows, want %d:\n%s", len(got), len(want), rec.Body.String())
	}
	for i := range want {
		if strings.Join(got[i], "|") != strings.Join(want[i], "|") {
			t.Errorf("row %d: %q, want %q", i, got[i], want[i])
		}
	}
	// The screen and the download agree, line for line.
	d := webtest.Doc(t, alice.Get("/money/units/"+w.Ppl.FlatA.PublicID+"/statement?from=2025-07-01&to=2026-03-15"))
	if rows := screenStatementRows(d); len(rows) != len(got)-1 {
		t.Errorf("screen has %d rows, CSV %d", len(rows), len(got)-1)
	}
}
