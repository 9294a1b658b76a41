package lettings_test

import (
	"context"
	"database/sql"
	"net/http"
	"strings"
	"testing"

	"github.com/PuerkitoBio/goquery"

	"porch/internal/webtest"
	"porch/ledger"
)

// ownerTotals reads the statement's figures by label.
func ownerTotals(d *goquery.Document) map[string]string {
	out := map[string]string{}
	d.Find(".owner-totals > div").Each(func(_ int, s *goquery.Selection) {
		out[strings.TrimSpace(s.Find("dt").Text())] = strings.TrimSpace(s.Find("dd").Text())
	})
	return out
}

// lettingsHistory gives Lena February and March: February's rent paid in
// full, a fee and a payout; in March a fee, a repair, a float and a payout.
func (lb *lettingsBook) lettingsHistory(t *testing.T) {
	t.Helper()
	lb.rent(t, "2026-02-01", 1500_00, 1500_00)
	lb.F.DbWrite("acme", func(ctx context.Context, tx *sql.Tx) error {
		if _, err := ledger.ChargeFee(ctx, tx, webtest.Now, ledger.FeeInput{UnitID: lb.unit.ID, Date: lettingDay("2026-02-02"), Amount: 180_00, Description: "Management fee"}); err != nil {
			return err
		}
		if _, err := ledger.RecordPayout(ctx, tx, webtest.Now, ledger.PayoutInput{OwnerID: lb.lena.ID, AccountID: lb.bankID, Date: lettingDay("2026-02-20"), Amount: 1000_00}); err != nil {
			return err
		}
		if _, err := ledger.ChargeFee(ctx, tx, webtest.Now, ledger.FeeInput{UnitID: lb.unit.ID, Date: lettingDay("2026-03-02"), Amount: 120_00, Description: "Management fee"}); err != nil {
			return err
		}
		if _, err := ledger.RecordExpense(ctx, tx, webtest.Now, ledger.ExpenseInput{UnitID: lb.unit.ID, Date: lettingDay("2026-03-05"), Amount: 385_00,
			Supplier: "Northside Heating Ltd", Description: "Boiler repair"}); err != nil {
			return err
		}
		if _, err := ledger.SetFloat(ctx, tx, webtest.Now, ledger.FloatInput{UnitID: lb.unit.ID, Date: lettingDay("2026-03-06"), Target: 250_00}); err != nil {
			return err
		}
		_, err := ledger.RecordPayout(ctx, tx, webtest.Now, ledger.PayoutInput{OwnerID: lb.lena.ID, AccountID: lb.bankID, Date: lettingDay("2026-03-10"), Amount: 200_00})
		return err
	})
}

func TestOwnerStatementForPeriod(t *testing.T) {
	t.Parallel()
	lb := newLettingsBook(t)
	lb.lettingsHistory(t)

	// March: opened with February's £320 left (1,500 - 180 - 1,000).
	rec := lb.Mgr.Get(lb.ownerPath() + "/statement?from=2026-03-01&to=2026-03-31")
	if rec.Code != http.StatusOK {
		t.Fatalf("statement: %d", rec.Code)
	}
	d := webtest.Doc(t, rec)
	want := map[string]string{"Opening balance": "£320.00", "Rent": "£1,500.00", "Expenses": "£385.00", "Agent fees": "£120.00",
		"Paid out": "£200.00", "Closing balance": "£1,115.00", "Float kept back": "£250.00", "Due to the landlord": "£865.00"}
	got := ownerTotals(d)
	for k, v := range want {
		if got[k] != v {
			t.Errorf("March %s = %q, want %q", k, got[k], v)
		}
	}
	if _, ok := got["Other"]; ok {
		t.Error("an Other figure with nothing in it")
	}
	if note := ownerText(d.Find(".notice.warning")); !strings.Contains(note, "£500.00 of the rent") {
		t.Errorf("unpaid rent note %q", note)
	}
	rows := d.Find("#owner-statement tbody tr")
	if rows.Length() != 2+5 { // opening; rent, fee, repair, float, payout; closing
		t.Errorf("%d rows", rows.Length())
	}
	if first := ownerText(rows.Eq(1)); !strings.Contains(first, "01/03/2026") || !strings.Contains(first, "Rent") || !strings.Contains(first, "£1,820.00") {
		t.Errorf("first entry %q", first)
	}
	if href := d.Find(`a[download]`).AttrOr("href", ""); href != lb.ownerPath()+"/statement.pdf?from=2026-03-01&to=2026-03-31" {
		t.Errorf("PDF link %q", href)
	}

	// February alone, through htmx: only the statement block.
	rec = lb.Mgr.Get(lb.ownerPath()+"/statement?from=2026-02-01&to=2026-02-28", ownerHX("owner-statement")...)
	d = webtest.Doc(t, rec)
	if d.Find("form.period-form").Length() != 0 || d.Find("#owner-statement").Length() != 1 {
		t.Errorf("htmx should get only the statement: %.300s", rec.Body.String())
	}
	got = ownerTotals(d)
	if got["Opening balance"] != "£0.00" || got["Agent fees"] != "£180.00" || got["Paid out"] != "£1,000.00" || got["Closing balance"] != "£320.00" {
		t.Errorf("February %v", got)
	}

	// With no period asked for, last month is shown (the clock is in March).
	if h := ownerText(webtest.Doc(t, lb.Mgr.Get(lb.ownerPath()+"/statement")).Find("#os-heading")); h != "1 February 2026 to 28 February 2026" {
		t.Errorf("default period %q", h)
	}

	// A bad period: 422, messages next to the dates, no figures.
	rec = lb.Mgr.Get(lb.ownerPath() + "/statement?from=2026-03-31&to=2026-03-01")
	d = webtest.Doc(t, rec)
	if rec.Code != http.StatusUnprocessableEntity || webtest.FieldError(d.Selection, "to") != "The end date must be on or after the start date." ||
		d.Find(".owner-totals").Length() != 0 {
		t.Errorf("backwards period: %d %q", rec.Code, webtest.FieldError(d.Selection, "to"))
	}
	rec = lb.Mgr.Get(lb.ownerPath() + "/statement?from=01/03/2026")
	if rec.Code != http.StatusUnprocessableEntity || !strings.Contains(webtest.FieldError(webtest.Doc(t, rec).Selection, "from"), "year-month-day") {
		t.Errorf("malformed from: %d", rec.Code)
	}
}

func TestOwnerStatementPDF(t *testing.T) {
	t.Parallel()
	lb := newLettingsBook(t)
	lb.lettingsHistory(t)
	rec := lb.Mgr.Get(lb.ownerPath() + "/statement.pdf?from=2026-03-01&to=2026-03-31")
	if rec.Code != http.StatusOK || rec.Header().Get("Content-Type") != "application/pdf" {
		t.Fatalf("PDF: %d %v", rec.Code, rec.Header())
	}
	if cd := rec.Header().Get("Content-Disposition"); cd != `attachment; filename=statement-lena-landlord-2026-03-01-to-2026-03-31.pdf` {
		t.Errorf("Content-Disposition %q", cd)
	}
	text := webtest.PDFText(t, rec.Body.Bytes(), "-layout")
	for _, w := range []string{"Acme Property Management", "Landlord statement", "1 March 2026 to 31 March 2026",
		"Lena Landlord", "4 Orchard Close", "12 Albion Road", "Opening balance £320.00", "Rent £1,500.00",
		"Closing balance £1,115.00", "Due to you £865.00", "Rent (Invoice 1) £1,500.00", "Boiler repair, Northside Heating",
		"Paid to Lena Landlord £200.00 £1,115.00", "020 7946 0000"} {
		if !strings.Contains(text, w) {
			t.Errorf("PDF missing %q in:\n%s", w, text)
		}
	}
	if strings.Contains(text, "55779911") || strings.Contains(text, "20-00-00") {
		t.Error("bank details in the PDF")
	}
	rec = lb.Mgr.Get(lb.ownerPath() + "/statement.pdf?from=2026-02-30")
	if rec.Code != http.StatusUnprocessableEntity {
		t.Errorf("bad period PDF: %d", rec.Code)
	}
}
