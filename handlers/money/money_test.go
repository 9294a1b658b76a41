package money_test

import (
	"maps"
	"net/http"
	"strings"
	"testing"

	"github.com/PuerkitoBio/goquery"

	"porch/estate"
	"porch/internal/webtest"
	"porch/ledger"
)

func TestMoneyRefusesOutOfScope(t *testing.T) {
	w := webtest.NewMoneyWorld(t)
	flat2 := webtest.MoneyURLs(w.Ppl.FlatB.PublicID, w.BobInvoice.PublicID, w.BobReceipt)
	flat1 := webtest.MoneyURLs(w.Ppl.FlatA.PublicID, w.Outstanding.PublicID, w.AliceReceipt)

	alice := w.SignIn(w.Ppl.Alice)
	// Her own account is there...
	for _, path := range flat1 {
		if rec := alice.Get(path); rec.Code != http.StatusOK && rec.Code != http.StatusSeeOther {
			t.Errorf("own %s: %d", path, rec.Code)
		}
	}
	// ...Bob's, and made-up ids, are not found.
	webtest.AssertRefusesOutOfScope(t, alice, flat2...)
	webtest.AssertRefusesOutOfScope(t, alice, webtest.MoneyURLs("nosuchunit12345", "nosuchinvoice1", "nosuchreceipt1")...)
	webtest.AssertRefusesOutOfScope(t, alice, "/money/invoices/"+w.Outstanding.PublicID, "/money/receipts/"+w.AliceReceipt+".txt")
	webtest.AssertRefusesOutOfScope(t, alice, "/money/units/"+w.Ppl.FlatB.PublicID+"/balance")
	if rec := alice.Get("/money/units/"+w.Ppl.FlatB.PublicID+"/balance", "HX-Request", "true"); rec.Code != http.StatusNotFound {
		t.Errorf("htmx balance of Bob's flat: %d", rec.Code)
	}
	for _, path := range flat2 {
		if body := alice.Get(path).Body.String(); strings.Contains(body, "650.00") || strings.Contains(body, "Bob") {
			t.Errorf("%s shows Bob's account", path)
		}
	}

	// Living in a flat as an occupier gives no sight of its account.
	w.F.LinkPerson("acme", w.Ppl.FlatA.ID, w.Ppl.Bob.ID, estate.RoleOccupier, "2025-01-01", "")
	bob := w.SignIn(w.Ppl.Bob)
	webtest.AssertRefusesOutOfScope(t, bob, flat1[1:]...)

	// Staff are not residents: the money screens hold nothing of anyone's.
	mgr := w.SignIn(w.Ppl.Manager)
	webtest.AssertRefusesOutOfScope(t, mgr, flat1[1:]...)

	// A signed-in person of another organisation, and nobody at all.
	anon := w.F.Browser("acme." + webtest.Base)
	for _, path := range flat1 {
		if rec := anon.Get(path); rec.Code != http.StatusSeeOther || !strings.HasPrefix(rec.Header().Get("Location"), "/sign-in") {
			t.Errorf("anonymous %s: %d %s", path, rec.Code, rec.Header().Get("Location"))
		}
	}
	if n := w.F.AuditCount("acme", "access.denied"); n == 0 {
		t.Error("refusals were not audited")
	}
}

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
		{"16/03/2025", "Balance brought forward", "", "", "£0.00"},
		{"01/04/2025", "Invoice " + webtest.InvNo(w.Paid.Number) + ": Service charge 2025-04-01; Reserve fund 2025-04-01", "£750.00", "", "£750.00"},
		{"20/04/2025", "Payment received, bank transfer Ref ADEYEMI FLAT1", "", "£750.00", "£0.00"},
		{"01/07/2025", "Invoice " + webtest.InvNo(w.Overdue.Number) + ": Service charge 2025-07-01", "£600.00", "", "£600.00"},
		{"10/07/2025", "Payment received, bank transfer Ref ADEYEMI", "", "£250.00", "£350.00"},
		{"01/10/2025", "Credit: Lift out of service", "", "£50.00", "£300.00"},
		{"01/12/2025", "Invoice " + webtest.InvNo(w.Cancelled.Number) + ": Administration fee 2025-12-01", "£30.00", "", "£330.00"},
		{"05/12/2025", "Reversal of Invoice " + webtest.InvNo(w.Cancelled.Number) + ": raised in error", "", "£30.00", "£300.00"},
		{"01/03/2026", "Invoice " + webtest.InvNo(w.PartPaid.Number) + ": Service charge 2026-03-01; Ground rent 2026-03-01", "£700.00", "", "£1,000.00"},
		{"05/03/2026", "Payment received, bank transfer Ref ADEYEMI MAR", "", "£200.00", "£800.00"},
		{"10/03/2026", "Invoice " + webtest.InvNo(w.Outstanding.Number) + ": Ground rent 2026-03-10", "£100.00", "", "£900.00"},
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
	var byCharge []string
	d.Find(".charge-table tbody tr").Each(func(_ int, tr *goquery.Selection) {
		byCharge = append(byCharge, strings.Join(tr.Find("td").Map(func(_ int, td *goquery.Selection) string { return td.Text() }), " "))
	})
	wantCharge := "Administration fee £30.00 £30.00|Ground rent £200.00 £0.00|Reserve fund £150.00 £0.00|Service charge £1,800.00 £50.00"
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

func TestMoneyInvoiceStatuses(t *testing.T) {
	w := webtest.NewMoneyWorld(t)
	alice := w.SignIn(w.Ppl.Alice)
	rec := alice.Get("/money/units/" + w.Ppl.FlatA.PublicID + "/invoices")
	d := webtest.Doc(t, rec)
	if rec.Code != 200 {
		t.Fatalf("%d", rec.Code)
	}
	got := map[string]string{}
	d.Find("section[aria-labelledby=invoices-heading] .money-item").Each(func(_ int, s *goquery.Selection) {
		got[s.Find(".money-item-head strong").Text()] = s.Find(".badge").Text() + " " + strings.Join(strings.Fields(s.Find(".money-item-figures").Text()), " ")
	})
	want := map[string]string{
		"Invoice " + webtest.InvNo(w.Paid.Number):        "Paid Total £750.00",
		"Invoice " + webtest.InvNo(w.Overdue.Number):     "Overdue Total £600.00 Outstanding £300.00",
		"Invoice " + webtest.InvNo(w.Cancelled.Number):   "Cancelled Total £30.00",
		"Invoice " + webtest.InvNo(w.PartPaid.Number):    "Part paid Total £700.00 Outstanding £500.00",
		"Invoice " + webtest.InvNo(w.Outstanding.Number): "Outstanding Total £100.00 Outstanding £100.00",
	}
	if !maps.Equal(got, want) {
		t.Errorf("invoices\n got %q\nwant %q", got, want)
	}
	// Newest first; a PDF for each but the cancelled one, which refuses.
	if first := d.Find(".money-item-head strong").First().Text(); first != "Invoice "+webtest.InvNo(w.Outstanding.Number) {
		t.Errorf("first listed %q", first)
	}
	for _, inv := range []ledger.Invoice{w.Paid, w.Overdue, w.PartPaid, w.Outstanding} {
		if d.Find(`a[href="/money/invoices/`+inv.PublicID+`.pdf"]`).Length() != 1 {
			t.Errorf("no PDF link for invoice %d", inv.Number)
		}
	}
	if d.Find(`a[href="/money/invoices/`+w.Cancelled.PublicID+`.pdf"]`).Length() != 0 {
		t.Error("a PDF link for the cancelled invoice")
	}
	if rec := alice.Get("/money/invoices/" + w.Cancelled.PublicID + ".pdf"); rec.Code != http.StatusConflict {
		t.Errorf("cancelled invoice PDF: %d", rec.Code)
	}
	// Payments, with what each paid.
	var payments []string
	d.Find("section[aria-labelledby=payments-heading] .money-item").Each(func(_ int, s *goquery.Selection) {
		payments = append(payments, strings.Join(strings.Fields(s.Text()), " "))
	})
	if len(payments) != 3 || !strings.Contains(payments[0], "£200.00") ||
		!strings.Contains(payments[0], "Paid invoice "+webtest.InvNo(w.PartPaid.Number)+" (£200.00).") ||
		!strings.Contains(payments[2], "Paid invoice "+webtest.InvNo(w.Paid.Number)+" (£750.00).") {
		t.Errorf("payments %q", payments)
	}

	// The home card counts the overdue invoice and shows what is owed.
	d = webtest.Doc(t, alice.Get("/money"))
	if card := strings.Join(strings.Fields(d.Find(".money-card").Text()), " "); !strings.Contains(card, "You owe £900.00") ||
		!strings.Contains(card, "1 overdue") {
		t.Errorf("home card %q", card)
	}
	// And so does the balance fragment htmx loads into her home page.
	rec = alice.Get("/money/units/"+w.Ppl.FlatA.PublicID+"/balance", "HX-Request", "true")
	if txt := strings.Join(strings.Fields(webtest.Doc(t, rec).Text()), " "); rec.Code != 200 || txt != "You owe £900.00 1 overdue" {
		t.Errorf("balance fragment %d %q", rec.Code, txt)
	}
}

func TestMoneyPDFs(t *testing.T) {
	w := webtest.NewMoneyWorld(t)
	alice := w.SignIn(w.Ppl.Alice)
	tests := []struct {
		name, path, file string
		want             []string
	}{
		{"invoice", "/money/invoices/" + w.PartPaid.PublicID + ".pdf", "invoice-" + webtest.InvNo(w.PartPaid.Number) + ".pdf",
			[]string{"Invoice", "Number " + webtest.InvNo(w.PartPaid.Number), "Service charge", "£600.00", "Ground rent", "£100.00",
				"Total £700.00", "Paid £200.00", "Outstanding £500.00", "Please pay £500.00 by 29 March 2026", "Part paid"}},
		{"receipt", "/money/receipts/" + w.AliceReceipt + ".pdf", "receipt-2025-04-20-" + w.AliceReceipt + ".pdf",
			[]string{"Receipt", "we received £750.00", "20 April 2025", "ADEYEMI FLAT1", "Invoice " + webtest.InvNo(w.Paid.Number)}},
		{"statement", "/money/units/" + w.Ppl.FlatA.PublicID + "/statement.pdf?from=2025-07-01&to=2025-12-31",
			"statement-harbour-view-flat-1-2025-07-01-to-2025-12-31.pdf",
			[]string{"Statement", "£600.00", "£250.00", "£50.00", "£300.00", "Lift out of service"}},
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
			text := webtest.PDFText(t, rec.Body.Bytes())
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
		{"2025-07-10", "Payment received, bank transfer", "ADEYEMI", "", "250.00", "350.00"},
		{"2025-10-01", "Credit: Lift out of service", "", "", "50.00", "300.00"},
		{"2025-12-01", "Invoice " + webtest.InvNo(w.Cancelled.Number) + ": Administration fee 2025-12-01", "", "30.00", "", "330.00"},
		{"2025-12-05", "Reversal of Invoice " + webtest.InvNo(w.Cancelled.Number) + ": raised in error", "", "", "30.00", "300.00"},
		{"2026-03-01", "Invoice " + webtest.InvNo(w.PartPaid.Number) + ": Service charge 2026-03-01; Ground rent 2026-03-01", "", "700.00", "", "1000.00"},
		{"2026-03-05", "Payment received, bank transfer", "ADEYEMI MAR", "", "200.00", "800.00"},
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

func TestMoneyStatementEscapesText(t *testing.T) {
	w := webtest.NewMoneyWorld(t)
	reason := `<b onmouseover="steal()">Lift</b> & "stairs"`
	w.Book.Credit(w.Ppl.FlatA.ID, "2026-03-11", "Service charge", 10_00, reason)
	w.Book.Receipt(w.Ppl.FlatA.ID, "2026-03-12", 5_00, nil, `<img src=x onerror=alert(1)>`)
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
	if got := rows[len(rows)-1][1]; got != `Payment received, bank transfer Ref <img src=x onerror=alert(1)>` {
		t.Errorf("receipt row %q", got)
	}
}
