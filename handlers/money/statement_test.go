package money_test

import (
	"maps"
	"net/http"
	"strings"
	"testing"

	"github.com/PuerkitoBio/goquery"

	"porch/internal/webtest"
	"porch/ledger"
)

// screenStatementRows reads the statement table: date, details, charged, paid,
// balance per row.
func screenStatementRows(d *goquery.Document) [][]string {
	var out [][]string
	d.Find(".statement-table tbody tr").Each(func(_ int, tr *goquery.Selection) {
		var row []string
		tr.Find("td").Each(func(_ int, td *goquery.Selection) {
			row = append(row, strings.Join(strings.Fields(td.Text()), " "))
		})
		out = append(out, row)
	})
	return out
}

// moneyTotals reads the statement's totals by their labels.
func moneyTotals(d *goquery.Document) map[string]string {
	out := map[string]string{}
	d.Find(".money-totals > div").Each(func(_ int, s *goquery.Selection) {
		out[strings.TrimSpace(s.Find("dt").Text())] = strings.TrimSpace(s.Find("dd").Text())
	})
	return out
}

func TestMoneyStatement(t *testing.T) {
	t.Parallel()
	w := webtest.NewMoneyWorld(t)
	alice := w.SignIn(w.Ppl.Alice)
	unit := "/money/units/" + w.Ppl.FlatA.PublicID + "/statement"

	// The default period is the last twelve months: all of Alice's year.
	rec := alice.Get(unit)
	d := webtest.Doc(t, rec)
	if rec.Code != http.StatusOK {
		t.Fatalf("statement: %d %.500s", rec.Code, rec.Body.String())
	}
	if got := strings.TrimSpace(d.Find("#statement-heading").Text()); got != "16 March 2025 to 15 March 2026" {
		t.Errorf("period heading %q", got)
	}
	want := map[string]string{"Brought forward": "£0.00", "Charged": "£2,180.00", "Paid and credited": "£1,280.00", "Outstanding": "£900.00"}
	if got := moneyTotals(d); !maps.Equal(got, want) {
		t.Errorf("totals %v, want %v", got, want)
	}
	rows := screenStatementRows(d)
	wantRows := [][]string{
		{"16 Mar 2025", "Balance brought forward", "", "", "£0.00"},
		{"1 Apr 2025", "Invoice " + webtest.InvNo(w.Paid.Number) + ": Service charge 2025-04-01; Reserve fund 2025-04-01", "£750.00", "", "£750.00"},
		{"20 Apr 2025", "Payment received, bank transfer Receipt " + ledger.ReceiptRef(w.AliceReceipts[0]) + ", your reference ADEYEMI FLAT1", "", "£750.00", "£0.00"},
		{"1 Jul 2025", "Invoice " + webtest.InvNo(w.Overdue.Number) + ": Service charge 2025-07-01", "£600.00", "", "£600.00"},
		{"10 Jul 2025", "Payment received, bank transfer Receipt " + ledger.ReceiptRef(w.AliceReceipts[1]) + ", your reference ADEYEMI", "", "£250.00", "£350.00"},
		{"1 Oct 2025", "Credit: Lift out of service", "", "£50.00", "£300.00"},
		{"1 Dec 2025", "Invoice " + webtest.InvNo(w.Cancelled.Number) + ": Administration fee 2025-12-01", "£30.00", "", "£330.00"},
		{"5 Dec 2025", "Reversal of Invoice " + webtest.InvNo(w.Cancelled.Number) + ": raised in error", "", "£30.00", "£300.00"},
		{"1 Mar 2026", "Invoice " + webtest.InvNo(w.PartPaid.Number) + ": Service charge 2026-03-01; Ground rent 2026-03-01", "£700.00", "", "£1,000.00"},
		{"5 Mar 2026", "Payment received, bank transfer Receipt " + ledger.ReceiptRef(w.AliceReceipts[2]) + ", your reference ADEYEMI MAR", "", "£200.00", "£800.00"},
		{"10 Mar 2026", "Invoice " + webtest.InvNo(w.Outstanding.Number) + ": Ground rent 2026-03-10", "£100.00", "", "£900.00"},
	}
	if len(rows) != len(wantRows) {
		t.Fatalf("%d rows, want %d: %q", len(rows), len(wantRows), rows)
	}
	for i := range wantRows {
		if strings.Join(rows[i], "|") != strings.Join(wantRows[i], "|") {
			t.Errorf("row %d: %q, want %q", i, rows[i], wantRows[i])
		}
	}
	// Invoices link to their PDFs, except the cancelled one.
	if d.Find(`a[href="/money/invoices/`+w.PartPaid.PublicID+`.pdf"]`).Length() != 1 ||
		d.Find(`a[href="/money/invoices/`+w.Cancelled.PublicID+`.pdf"]`).Length() != 0 {
		t.Error("statement invoice links")
	}
	// By charge: what each charged, had credited and was paid, the
	// payments spread over the lines of the invoices they paid (£200.00
	// of the £700.00 invoice: £171.43 of its service charge, £28.57 of its
	// ground rent), adding up to the balance.
	var byCharge []string
	d.Find(".charge-table tbody tr, .charge-table tfoot tr").Each(func(_ int, tr *goquery.Selection) {
		cells := tr.Children().Map(func(_ int, c *goquery.Selection) string { return strings.TrimSpace(c.Text()) })
		byCharge = append(byCharge, strings.Join(strings.Fields(strings.Join(cells, " ")), " "))
	})
	wantCharge := "Brought forward £0.00|Administration fee £30.00 £30.00 £0.00 £0.00|Ground rent £200.00 £0.00 £28.57 £171.43|" +
		"Reserve fund £150.00 £0.00 £150.00 £0.00|Service charge £1,800.00 £50.00 £1,021.43 £728.57|Balance on 15 March 2026 £900.00"
	if got := strings.Join(byCharge, "|"); got != wantCharge {
		t.Errorf("by charge %q, want %q", got, wantCharge)
	}
	if href, _ := d.Find(`a[href*="statement.csv"]`).Attr("href"); !strings.Contains(href, "from=2025-03-16") {
		t.Errorf("CSV link %q does not carry the period", href)
	}

	// A chosen period: the second half of 2025, opening from before it.
	rec = alice.Get(unit + "?from=2025-07-01&to=2025-12-31")
	d = webtest.Doc(t, rec)
	want = map[string]string{"Brought forward": "£0.00", "Charged": "£630.00", "Paid and credited": "£330.00", "Outstanding": "£300.00"}
	if got := moneyTotals(d); rec.Code != 200 || !maps.Equal(got, want) {
		t.Errorf("second half of 2025: %d %v", rec.Code, got)
	}
	rec = alice.Get(unit+"?from=2026-01-01&to=", "HX-Request", "true", "HX-Target", "money-statement")
	d = webtest.Doc(t, rec)
	want = map[string]string{"Brought forward": "£300.00", "Charged": "£800.00", "Paid and credited": "£200.00", "Outstanding": "£900.00"}
	if got := moneyTotals(d); rec.Code != 200 || !maps.Equal(got, want) {
		t.Errorf("2026 for htmx: %d %v", rec.Code, got)
	}
	if strings.Contains(rec.Body.String(), "<html") || d.Find("#money-statement").Length() != 1 || !strings.Contains(rec.Header().Get("Vary"), "HX-Request") {
		t.Errorf("htmx got more than the statement block: %.200s", rec.Body.String())
	}
	if rows := screenStatementRows(d); len(rows) != 4 || rows[0][4] != "£300.00" || rows[3][4] != "£900.00" {
		t.Errorf("2026 rows %q", rows)
	}
	// Paid in credit: Alice pays more than she owes.
	w.Book.Receipt(w.Ppl.FlatA.ID, "2026-03-12", 1000_00, nil, "")
	d = webtest.Doc(t, alice.Get(unit))
	if got := moneyTotals(d)["In credit"]; got != "£100.00" {
		t.Errorf("in credit %q (%v)", got, moneyTotals(d))
	}

	// Periods it cannot read get a message next to the field, not a 500.
	tests := []struct {
		query, field, msg string
	}{
		{"?from=2025-13-01", "from", "Enter the date as year-month-day, such as 2025-04-01."},
		{"?from=yesterday&to=", "from", "Enter the date as year-month-day, such as 2025-04-01."},
		{"?from=1999-12-31", "from", "Enter a date between 2000 and 2099."},
		{"?from=2025-06-01&to=2025-01-01", "to", "The end date must be on or after the start date."},
		{"?to=2025-02-30", "to", "Enter the date as year-month-day, such as 2025-04-01."},
	}
	for _, tt := range tests {
		for _, hx := range []bool{false, true} {
			var rec = alice.Get(unit + tt.query)
			if hx {
				rec = alice.Get(unit+tt.query, "HX-Request", "true", "HX-Target", "money-statement")
			}
			d := webtest.Doc(t, rec)
			if rec.Code != http.StatusUnprocessableEntity {
				t.Errorf("%s (htmx %v): %d", tt.query, hx, rec.Code)
			}
			if got := webtest.FieldError(d.Selection, tt.field); got != tt.msg {
				t.Errorf("%s (htmx %v): %s message %q, want %q", tt.query, hx, tt.field, got, tt.msg)
			}
			if d.Find(".statement-table").Length() != 0 {
				t.Errorf("%s: a statement was shown for a bad period", tt.query)
			}
		}
		for _, ext := range []string{".pdf", ".csv"} {
			if rec := alice.Get(strings.Replace(unit, "/statement", "/statement"+ext, 1) + tt.query); rec.Code != http.StatusUnprocessableEntity {
				t.Errorf("statement%s%s: %d", ext, tt.query, rec.Code)
			}
		}
	}
}

func TestMoneyPastLeaseholderSeesOnlyTheirPeriod(t *testing.T) {
	t.Parallel()
	w := webtest.NewMoneyWorld(t)
	dan := w.SignIn(w.Dan)
	unit := "/money/units/" + w.Ppl.FlatB.PublicID

	// Flat 2 is among the homes he has left, with his dates.
	d := webtest.Doc(t, dan.Get("/money"))
	left := strings.Join(strings.Fields(d.Find("#left-heading").Parent().Text()), " ")
	if !strings.Contains(left, "Flat 2") || !strings.Contains(left, "1 January 2023 to 13 March 2024") {
		t.Errorf("homes left: %q", left)
	}
	if strings.Contains(d.Text(), "650.00") {
		t.Error("the home page shows Bob's balance")
	}

	// With no period asked for he sees his last year there, not the last
	// twelve months, which are Bob's.
	rec := dan.Get(unit + "/statement")
	d = webtest.Doc(t, rec)
	if got := strings.TrimSpace(d.Find("#statement-heading").Text()); rec.Code != 200 || got != "14 March 2023 to 13 March 2024" ||
		len(screenStatementRows(d)) != 3 {
		t.Errorf("default statement: %d %q %q", rec.Code, got, screenStatementRows(d))
	}
	// A period after he left is empty, and says why.
	rec = dan.Get(unit + "/statement?from=2025-01-01")
	d = webtest.Doc(t, rec)
	if rec.Code != 200 || !strings.Contains(d.Find("main").Text(), "You were not linked to this home in that period") ||
		len(screenStatementRows(d)) != 0 {
		t.Errorf("recent statement: %d %q", rec.Code, screenStatementRows(d))
	}

	// Asking for everything is clamped to his dates.
	rec = dan.Get(unit + "/statement?from=2020-01-01&to=2026-03-15")
	d = webtest.Doc(t, rec)
	if got := strings.TrimSpace(d.Find("#statement-heading").Text()); got != "1 January 2023 to 13 March 2024" {
		t.Errorf("clamped heading %q", got)
	}
	rows := screenStatementRows(d)
	if len(rows) != 3 || rows[1][1] != "Invoice "+webtest.InvNo(w.DanInvoice.Number)+": Service charge 2023-06-01" || rows[2][4] != "£0.00" {
		t.Errorf("Dan's rows %q", rows)
	}
	if body := rec.Body.String(); strings.Contains(body, "650.00") || strings.Contains(body, "BRENNAN") {
		t.Error("Dan's statement shows Bob's entries")
	}

	// His invoices and receipts, not Bob's.
	d = webtest.Doc(t, dan.Get(unit+"/invoices?all=1"))
	if got := d.Find(".money-item-head strong").First().Text(); got != "Invoice "+webtest.InvNo(w.DanInvoice.Number) ||
		d.Find("section[aria-labelledby=invoices-heading] .money-item").Length() != 1 ||
		d.Find("section[aria-labelledby=payments-heading] .money-item").Length() != 1 {
		t.Errorf("Dan's invoices page: %q", strings.Join(strings.Fields(d.Find("main").Text()), " "))
	}
	if rec := dan.Get("/money/invoices/" + w.DanInvoice.PublicID + ".pdf"); rec.Code != 200 {
		t.Errorf("his invoice PDF: %d", rec.Code)
	}
	if rec := dan.Get("/money/receipts/" + w.DanReceipt + ".pdf"); rec.Code != 200 {
		t.Errorf("his receipt PDF: %d", rec.Code)
	}
	webtest.AssertRefusesOutOfScope(t, dan, "/money/invoices/"+w.BobInvoice.PublicID+".pdf", "/money/receipts/"+w.BobReceipt+".pdf")

	// The CSV and PDF of "everything" hold only his period too.
	rec = dan.Get(unit + "/statement.csv?from=2020-01-01")
	records := webtest.ReadCSV(t, rec.Body.Bytes())
	if rec.Code != 200 || len(records) != 4 || records[1][0] != "2023-01-01" || records[3][5] != "0.00" {
		t.Errorf("Dan's CSV %d %q", rec.Code, records)
	}
	text := webtest.PDFText(t, dan.Get(unit+"/statement.pdf?from=2020-01-01").Body.Bytes())
	if !strings.Contains(text, "500.00") || strings.Contains(text, "650.00") {
		t.Errorf("Dan's statement PDF:\n%s", text)
	}

	// Bob's statement starts when he arrived, with nothing carried over.
	bob := w.SignIn(w.Ppl.Bob)
	d = webtest.Doc(t, bob.Get(unit+"/statement?from=2020-01-01"))
	rows = screenStatementRows(d)
	if got := strings.TrimSpace(d.Find("#statement-heading").Text()); !strings.HasPrefix(got, "14 March 2024 to ") ||
		len(rows) != 3 || rows[0][4] != "£0.00" || strings.Contains(d.Text(), "DIMITROV") {
		t.Errorf("Bob's statement %q %q", got, rows)
	}
}

func TestMoneyStatementEscapesText(t *testing.T) {
	t.Parallel()
	w := webtest.NewMoneyWorld(t)
	reason := `<b onmouseover="steal()">Lift</b> & "stairs"`
	w.Book.Credit(w.Ppl.FlatA.ID, "2026-03-11", "Service charge", 10_00, reason)
	_, receipt := w.Book.Receipt(w.Ppl.FlatA.ID, "2026-03-12", 5_00, nil, `<img src=x onerror=alert(1)>`)
	alice := w.SignIn(w.Ppl.Alice)
	rec := alice.Get("/money/units/" + w.Ppl.FlatA.PublicID + "/statement")
	body := rec.Body.String()
	if strings.Contains(body, "<b onmouseover") || strings.Contains(body, "<img src=x") {
		t.Fatal("statement text was not escaped")
	}
	rows := screenStatementRows(webtest.Doc(t, rec))
	if got := rows[len(rows)-2][1]; got != "Credit: "+reason {
		t.Errorf("credit row %q", got)
	}
	if got := rows[len(rows)-1][1]; got != "Payment received, bank transfer Receipt "+ledger.ReceiptRef(receipt)+", your reference <img src=x onerror=alert(1)>" {
		t.Errorf("receipt row %q", got)
	}
}
