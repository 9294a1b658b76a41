package owners_test

import (
	"context"
	"database/sql"
	"encoding/csv"
	"net/http"
	"strings"
	"testing"

	"porch/files"
	"porch/internal/pdftext"
	"porch/internal/webtest"
	"porch/owners"
	"porch/pdf"
)

func TestPropertyStatementOnScreenAndAsPDF(t *testing.T) {
	p := newPortfolio(t)
	d := page(t, p.lenaB, propertyPath(p.albion)+"/statement?from=2026-02-01&to=2026-02-28")
	got := words(d.Find("#landlord-statement"))
	// February: rent 1,500 in; fee 180, boiler 250, payout 800 out; float 200.
	for _, want := range []string{"Opening balance £0.00", "Rent £1,500.00", "Expenses £250.00", "Agent fees £180.00",
		"Paid to you £800.00", "Closing balance £270.00", "Float kept back £200.00", "Due to you £70.00"} {
		if !strings.Contains(got, want) {
			t.Errorf("February's statement does not say %q: %s", want, got)
		}
	}
	rec := p.lenaB.Get(propertyPath(p.albion) + "/statement.pdf?from=2026-02-01&to=2026-02-28")
	if rec.Code != http.StatusOK || rec.Header().Get("Content-Type") != "application/pdf" {
		t.Fatalf("PDF: %d %s", rec.Code, rec.Header().Get("Content-Type"))
	}
	text := pdftext.Read(t, rec.Body.Bytes())
	for _, want := range []string{"Lena Landlord", "12 Albion Road", "Due to you", "70.00", "Boiler repair"} {
		if !strings.Contains(text, want) {
			t.Errorf("the PDF does not say %q", want)
		}
	}
	// A period that ends before it starts is refused next to its field.
	rec = p.lenaB.Get(propertyPath(p.albion) + "/statement?from=2026-03-01&to=2026-02-01")
	if rec.Code != http.StatusUnprocessableEntity || webtest.FieldError(webtest.Doc(t, rec).Selection, "to") == "" {
		t.Errorf("a reversed period: %d", rec.Code)
	}
	// The balance widget's "Every transaction": from the start, every entry.
	d = page(t, p.lenaB, propertyPath(p.albion)+"/statement?from=&to=")
	if got := words(d.Find("#ls-heading")); got != "From the start to today" || d.Find("#landlord-statement tbody tr").Length() != 8 {
		t.Errorf("every transaction: %q with %d rows", got, d.Find("#landlord-statement tbody tr").Length())
	}
	// All properties: March brings Albion Road's second rent, and nothing of Omar's.
	got = words(page(t, p.lenaB, "/owner/statement?from=2026-03-01&to=2026-03-31").Find("#landlord-statement"))
	if !strings.Contains(got, "Opening balance £270.00") || !strings.Contains(got, "Rent £1,500.00") || strings.Contains(got, "1,200.00") {
		t.Errorf("March for all Lena's properties: %s", got)
	}
}

func TestIssuedStatementsAreFiledForTheirLandlordOnly(t *testing.T) {
	p := newPortfolio(t)
	var issued owners.Issued
	var doc strings.Builder
	if err := pdf.OwnerStatement(&doc, pdf.OwnerDoc{Owner: pdf.Party{Name: "Lena Landlord"}, From: day(2, 1), To: day(2, 28)}); err != nil {
		t.Fatal(err)
	}
	// The file goes in first, as the agency's screen files it.
	ref, err := files.New(files.Config{}).Put(context.Background(), p.F.DB("acme"), files.Upload{Name: "statement.pdf", Data: []byte(doc.String())})
	if err != nil {
		t.Fatal(err)
	}
	p.F.DbWrite("acme", func(ctx context.Context, tx *sql.Tx) error {
		var err error
		issued, err = owners.FileStatement(ctx, tx, webtest.Now, p.Ppl.Manager.ID, p.lena.ID, p.albion.ID, day(2, 1), day(2, 28), ref)
		return err
	})
	d := page(t, p.lenaB, propertyPath(p.albion))
	link := d.Find(`a[href="/owner/statements/` + issued.PublicID + `"]`)
	if link.Length() != 1 || !strings.Contains(link.Text(), "1 February 2026 to 28 February 2026") {
		t.Fatalf("the statement is not listed on the property: %s", words(d.Find("#w-statements").Parent()))
	}
	rec := p.lenaB.Get("/owner/statements/" + issued.PublicID)
	if rec.Code != http.StatusOK || rec.Header().Get("Content-Type") != "application/pdf" ||
		!strings.Contains(rec.Header().Get("Content-Disposition"), "12-albion-road") {
		t.Errorf("download: %d %s %s", rec.Code, rec.Header().Get("Content-Type"), rec.Header().Get("Content-Disposition"))
	}
	if strings.Contains(words(page(t, p.lenaB, propertyPath(p.flat1)).Find("#w-statements").Parent()), "February") {
		t.Errorf("Albion Road's statement is filed under Flat 1 too")
	}
	webtest.AssertRefusesOutOfScope(t, p.omarB, "/owner/statements/"+issued.PublicID)
}

func TestTaxYearSummaryOnScreenCSVAndPDF(t *testing.T) {
	p := newPortfolio(t)
	got := words(page(t, p.lenaB, "/owner/tax-year?year=2025").Find("main"))
	// Received: 1,500 on 3 Feb and 1,000 on 5 Mar. Fee 180, boiler 250.
	for _, want := range []string{"Tax year 2025 to 2026", "Rent received £2,500.00", "Allowable expenses £430.00", "Profit £2,070.00",
		"Property repairs and maintenance £250.00", "Legal, management and other professional fees £180.00", "Management fee £180.00",
		"12 Albion Road £2,500.00 £430.00"} {
		if !strings.Contains(got, want) {
			t.Errorf("the summary does not say %q: %s", want, got)
		}
	}
	if strings.Contains(got, "Flat 2") {
		t.Errorf("Omar's flat is in Lena's summary")
	}
	rec := p.lenaB.Get("/owner/tax-year.csv?year=2025")
	if rec.Code != http.StatusOK {
		t.Fatalf("CSV: %d", rec.Code)
	}
	rows, err := csv.NewReader(rec.Body).ReadAll()
	if err != nil {
		t.Fatal(err)
	}
	want := map[string]bool{"Income|Rent received||2500.00": true, "Allowable expenses|Property repairs and maintenance|Repairs and maintenance|250.00": true,
		"Total|Profit||2070.00": true, "By property|12 Albion Road|Expenses|430.00": true}
	for _, r := range rows {
		delete(want, strings.Join(r, "|"))
	}
	if len(want) > 0 {
		t.Errorf("the CSV lacks %v: %v", want, rows)
	}
	rec = p.lenaB.Get("/owner/tax-year.pdf?year=2025")
	if rec.Code != http.StatusOK || !strings.Contains(pdftext.Read(t, rec.Body.Bytes()), "2,070.00") {
		t.Errorf("PDF: %d", rec.Code)
	}
	// The year before has nothing; a year to come is refused.
	if got := words(page(t, p.lenaB, "/owner/tax-year?year=2024").Find("main")); !strings.Contains(got, "Rent received £0.00") {
		t.Errorf("2024 to 2025: %s", got)
	}
	if rec := p.lenaB.Get("/owner/tax-year?year=2031"); rec.Code != http.StatusUnprocessableEntity && rec.Code != http.StatusBadRequest {
		t.Errorf("a year to come: %d", rec.Code)
	}
}
