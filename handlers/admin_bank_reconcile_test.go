package handlers

import (
	"bytes"
	"context"
	"database/sql"
	"io"
	"mime/multipart"
	"net/http"
	"net/http/httptest"
	"net/url"
	"strconv"
	"strings"
	"testing"

	"github.com/PuerkitoBio/goquery"

	"porch/estate"
	"porch/ledger"
)

// reconcilePath is the lines screen of the ledger book's bank account.
func (lb *ledgerBook) reconcilePath() string {
	return "/admin/ledger/banks/" + lb.bankID() + "/reconcile"
}

// upload posts a multipart form with fields and, when name is not empty,
// a file, as a browser would from the same site.
func (b *browser) upload(path string, fields url.Values, name string, file []byte, hdr ...string) *httptest.ResponseRecorder {
	b.t.Helper()
	var body bytes.Buffer
	w := multipart.NewWriter(&body)
	for k, vs := range fields {
		for _, v := range vs {
			if err := w.WriteField(k, v); err != nil {
				b.t.Fatal(err)
			}
		}
	}
	if name != "" {
		fw, err := w.CreateFormFile("file", name)
		if err != nil {
			b.t.Fatal(err)
		}
		fw.Write(file)
	}
	w.Close()
	return b.sendBody(path, w.FormDataContentType(), &body, hdr...)
}

// sendBody posts a body of the content type; a reader that is not a
// bytes.Buffer is sent without a length, as a chunked upload.
func (b *browser) sendBody(path, contentType string, body io.Reader, hdr ...string) *httptest.ResponseRecorder {
	b.t.Helper()
	req := httptest.NewRequest("POST", b.url(path).String(), body)
	req.Header.Set("Content-Type", contentType)
	req.Header.Set("Sec-Fetch-Site", "same-origin")
	for i := 0; i+1 < len(hdr); i += 2 {
		req.Header.Set(hdr[i], hdr[i+1])
	}
	return b.send(req)
}

// receiptFor records a receipt on a unit's account through its screen.
func (lb *ledgerBook) receiptFor(t *testing.T, unit estate.Unit, date, amount, ref string) {
	t.Helper()
	rec := lb.mgr.post("/admin/ledger/units/"+unit.PublicID+"/receipt", url.Values{"account": {lb.bankID()}, "date": {date},
		"amount": {amount}, "method": {ledger.MethodBankTransfer}, "reference": {ref}})
	if rec.Code != http.StatusSeeOther {
		t.Fatalf("receipt for %s: %d %.800s", unit.Name, rec.Code, rec.Body.String())
	}
}

// bankCharge posts money out of the bank account to suspense, as the
// bank's own charges would be entered.
func (lb *ledgerBook) bankCharge(t *testing.T, date string, pence int64) {
	t.Helper()
	lb.f.dbWrite("acme", func(ctx context.Context, tx *sql.Tx) error {
		sus, err := ledger.AccountByCode(ctx, tx, "9999")
		if err != nil {
			return err
		}
		bank, err := ledger.AccountByCode(ctx, tx, "1001")
		if err != nil {
			return err
		}
		d, _ := ParseFormDate(date)
		_, _, err = ledger.Post(ctx, tx, testNow, ledger.Journal{Kind: ledger.KindExpense, Date: d, Description: "Bank charges",
			Lines: []ledger.Line{{AccountID: sus.ID, Amount: pence}, {AccountID: bank.ID, Amount: -pence}}})
		return err
	})
}

// marchCSV is a statement with lines that match receipts (Flat 1 by its
// name on the line, Flat 2 by amount and date), a transfer nobody
// recorded, a cheque recorded under another amount, and two identical
// account fees on one day, which are two lines, not one.
const marchCSV = `Date,Description,Amount,Balance
05/03/2026,ALICE ADEYEMI FLAT 1,500.00,500.00
06/03/2026,B BRENNAN,300.00,800.00
09/03/2026,TRANSFER GROUND RENT FLAT 2,120.00,920.00
10/03/2026,CHEQUE 100234,75.00,995.00
10/03/2026,ACCOUNT FEE,-4.50,990.50
10/03/2026,ACCOUNT FEE,-4.50,986.00
`

// importCSV uploads a CSV, takes the mapping step's guess and imports it,
// returning the result page.
func (lb *ledgerBook) importCSV(t *testing.T, name, text string) *goquery.Document {
	t.Helper()
	path := lb.reconcilePath()
	rec := lb.mgr.upload(path+"/import", nil, name, []byte(text))
	if rec.Code != http.StatusOK {
		t.Fatalf("upload: %d %.1500s", rec.Code, rec.Body.String())
	}
	d := doc(t, rec)
	form := mappingForm(d)
	if form.Get("content") == "" {
		t.Fatalf("the mapping step does not carry the file: %.2000s", rec.Body.String())
	}
	form.Set("action", "import")
	rec = lb.mgr.upload(path+"/import/csv", form, "", nil)
	if rec.Code != http.StatusOK {
		t.Fatalf("import: %d %.2000s", rec.Code, rec.Body.String())
	}
	return doc(t, rec)
}

// mappingForm reads the mapping step's form as the browser would send it.
func mappingForm(d *goquery.Document) url.Values {
	form := url.Values{}
	d.Find(`form[action$="/import/csv"] input[type="hidden"], form[action$="/import/csv"] input[name="skip_rows"]`).Each(func(_ int, s *goquery.Selection) {
		n, _ := s.Attr("name")
		v, _ := s.Attr("value")
		form.Set(n, v)
	})
	d.Find(`form[action$="/import/csv"] input[type="checkbox"][checked]`).Each(func(_ int, s *goquery.Selection) {
		n, _ := s.Attr("name")
		form.Set(n, "yes")
	})
	d.Find(`form[action$="/import/csv"] select`).Each(func(_ int, s *goquery.Selection) {
		n, _ := s.Attr("name")
		v, _ := s.Find("option[selected]").Attr("value")
		form.Set(n, v)
	})
	return form
}

// lineID is the public id of the statement line whose description has text.
func (lb *ledgerBook) lineID(t *testing.T, text string, nth int) string {
	t.Helper()
	rows, err := lb.f.db("acme").Read().Query(`SELECT public_id FROM bank_lines WHERE description = ? ORDER BY id`, text)
	if err != nil {
		t.Fatal(err)
	}
	defer rows.Close()
	var ids []string
	for rows.Next() {
		var id string
		rows.Scan(&id)
		ids = append(ids, id)
	}
	if nth >= len(ids) {
		t.Fatalf("no line %q #%d", text, nth)
	}
	return ids[nth]
}

func (lb *ledgerBook) matchedHow(t *testing.T, lineID string) string {
	t.Helper()
	var how string
	if err := lb.f.db("acme").Read().QueryRow(`SELECT matched_how FROM bank_lines WHERE public_id = ?`, lineID).Scan(&how); err != nil {
		t.Fatal(err)
	}
	return how
}

// journalID is the public id of the newest journal with the reference.
func (lb *ledgerBook) journalID(t *testing.T, where string, args ...any) string {
	t.Helper()
	var id string
	if err := lb.f.db("acme").Read().QueryRow(`SELECT public_id FROM journals WHERE `+where+` ORDER BY id DESC LIMIT 1`, args...).Scan(&id); err != nil {
		t.Fatal(err)
	}
	return id
}

// TestBankReconcileCSV is the test through the screens: a CSV with
// matching, unmatched and duplicate lines. The mapping step guesses the
// columns; the import pairs the receipts; the unrecorded transfer becomes
// a receipt for its unit and is matched; a match of unequal amounts is
// refused next to the field; importing the file again adds nothing; the
// account cannot be reconciled while lines are unmatched, then can.
func TestBankReconcileCSV(t *testing.T) {
	lb := newLedgerBook(t)
	path := lb.reconcilePath()
	lb.raise(t, "500")
	lb.receiptFor(t, lb.ppl.FlatA, "2026-03-05", "500", "SC Q1")
	lb.receiptFor(t, lb.ppl.FlatB, "2026-03-06", "300", "")
	lb.receiptFor(t, lb.ppl.FlatA, "2026-03-08", "70", "CHQ 100234")
	lb.receiptFor(t, lb.ppl.FlatB, "2026-02-20", "75", "Cheque")

	rec := lb.mgr.get(path)
	if rec.Code != http.StatusOK || !strings.Contains(rec.Body.String(), "No statement imported yet") {
		t.Fatalf("empty lines screen: %d %.1000s", rec.Code, rec.Body.String())
	}
	if d := doc(t, lb.mgr.get("/admin/ledger/banks")); d.Find(`a[href="`+path+`"]`).Length() != 1 {
		t.Errorf("the bank accounts screen does not link to the reconciliation")
	}

	// The mapping step shows the file's columns and rows with the guess
	// selected.
	rec = lb.mgr.upload(path+"/import", nil, "march.csv", []byte(marchCSV))
	d := doc(t, rec)
	if rec.Code != http.StatusOK {
		t.Fatalf("upload: %d", rec.Code)
	}
	if got := strings.TrimSpace(d.Find(".bank-sample thead th").First().Text()); got != "Date" {
		t.Errorf("first header %q", got)
	}
	if n := d.Find(".bank-sample tbody tr").Length(); n != 6 {
		t.Errorf("%d sample rows, want 6", n)
	}
	for field, want := range map[string]string{"date": "1", "description": "2", "amount": "3", "balance": "4", "credit": "0"} {
		if v, _ := d.Find(`select[name="` + field + `"] option[selected]`).Attr("value"); v != want {
			t.Errorf("guessed %s column %q, want %q", field, v, want)
		}
	}
	if got := d.Find(`button[value="import"]`).Text(); !strings.Contains(got, "Import 6 lines") {
		t.Errorf("import button %q", got)
	}

	// A mapping without an amount is refused next to the field.
	form := mappingForm(d)
	form.Set("amount", "0")
	form.Set("action", "import")
	rec = lb.mgr.upload(path+"/import/csv", form, "", nil)
	if rec.Code != http.StatusUnprocessableEntity || !strings.Contains(fieldError(doc(t, rec).Selection, "amount"), "Choose the amount column") {
		t.Fatalf("mapping without an amount: %d %q", rec.Code, fieldError(doc(t, rec).Selection, "amount"))
	}
	if n := lb.count(`SELECT count(*) FROM bank_lines`); n != 0 {
		t.Fatalf("a refused mapping stored %d lines", n)
	}

	d = lb.importCSV(t, "march.csv", marchCSV)
	stat := func(d *goquery.Document, i int) string {
		return strings.TrimSpace(d.Find(".bank-result .stat-num").Eq(i).Text())
	}
	if stat(d, 0) != "6" || stat(d, 1) != "0" || stat(d, 2) != "2" || stat(d, 3) != "4" {
		t.Fatalf("import result %q %q %q %q", stat(d, 0), stat(d, 1), stat(d, 2), stat(d, 3))
	}
	if rows := d.Find(".bank-pairs tbody tr"); rows.Length() != 2 || !strings.Contains(rows.First().Text(), "ALICE ADEYEMI FLAT 1") {
		t.Errorf("pairs shown: %q", rows.Text())
	}
	if lb.matchedHow(t, lb.lineID(t, "ALICE ADEYEMI FLAT 1", 0)) != "auto" || lb.matchedHow(t, lb.lineID(t, "B BRENNAN", 0)) != "auto" {
		t.Errorf("the receipts were not matched automatically")
	}
	if n := lb.f.auditCount("acme", "bank.statement_imported"); n != 1 {
		t.Errorf("%d import audit entries", n)
	}

	// The lines screen lists the four unmatched lines with controls.
	d = doc(t, lb.mgr.get(path))
	if n := d.Find(".bank-unmatched > li").Length(); n != 4 {
		t.Fatalf("%d unmatched lines shown, want 4", n)
	}
	transfer := lb.lineID(t, "TRANSFER GROUND RENT FLAT 2", 0)
	if d.Find(`#line-`+transfer+` select[name="unit"] option`).Length() != 3 {
		t.Errorf("the unit picker does not offer the site's two units")
	}
	if d.Find(`#line-`+lb.lineID(t, "ACCOUNT FEE", 0)+` select[name="unit"]`).Length() != 0 {
		t.Errorf("money out offers a receipt")
	}

	// Reconciling is refused while lines up to the date are unmatched.
	rec = lb.mgr.post(path+"/to-date", url.Values{"to": {"2026-03-10"}, "statement_balance": {"986.00"}})
	if msg := fieldError(doc(t, rec).Selection, "to"); rec.Code != http.StatusUnprocessableEntity || !strings.Contains(msg, "4 statement lines up to 10 March 2026 are not matched") {
		t.Fatalf("reconcile with unmatched lines: %d %q", rec.Code, msg)
	}

	// The transfer becomes a receipt for Flat 2.
	before := lb.journals()
	rec = lb.mgr.post(path+"/lines/"+transfer+"/receipt", url.Values{"unit": {""}})
	if rec.Code != http.StatusUnprocessableEntity || fieldError(doc(t, rec).Selection, "unit") != "Choose the unit that paid." {
		t.Errorf("receipt without a unit: %d %q", rec.Code, fieldError(doc(t, rec).Selection, "unit"))
	}
	rec = lb.mgr.post(path+"/lines/"+transfer+"/receipt", url.Values{"unit": {lb.ppl.FlatB.PublicID}})
	if rec.Code != http.StatusSeeOther {
		t.Fatalf("receipt from the line: %d %.1000s", rec.Code, rec.Body.String())
	}
	if lb.journals() != before+1 || lb.matchedHow(t, transfer) != "created" {
		t.Fatalf("receipt from the line: %d journals, matched %q", lb.journals()-before, lb.matchedHow(t, transfer))
	}
	var unit, date string
	var amount int64
	if err := lb.f.db("acme").Read().QueryRow(`SELECT p.unit_id, j.date, p.amount FROM bank_lines b JOIN journals j ON j.id = b.journal_id
		JOIN postings p ON p.journal_id = j.id AND p.account_id = b.account_id WHERE b.public_id = ?`, transfer).Scan(&unit, &date, &amount); err != nil {
		t.Fatal(err)
	}
	if unit != strconv.FormatInt(lb.ppl.FlatB.ID, 10) || date != "2026-03-09" || amount != 12000 {
		t.Errorf("receipt created: unit %s, %s, %d", unit, date, amount)
	}
	if n := lb.f.auditCount("acme", "bank.receipt_from_line"); n != 1 {
		t.Errorf("%d receipt audit entries", n)
	}

	// The cheque was recorded as £70 by mistake: matching it is refused
	// with the amounts, then it is matched to the £75 one, though that is
	// further away than the automatic match looks.
	cheque := lb.lineID(t, "CHEQUE 100234", 0)
	rec = lb.mgr.post(path+"/lines/"+cheque+"/match", url.Values{"journal": {lb.journalID(t, `reference = 'CHQ 100234'`)}},
		"HX-Request", "true", "HX-Target", "bank-reconcile")
	d = doc(t, rec)
	if rec.Code != http.StatusUnprocessableEntity || !strings.Contains(fieldError(d.Selection, "journal"), "the statement line is £75.00 paid in and the entry is £70.00 paid in") {
		t.Fatalf("unequal match: %d %q", rec.Code, fieldError(d.Selection, "journal"))
	}
	if strings.Contains(rec.Body.String(), "<html") || d.Find("#bank-reconcile").Length() != 1 {
		t.Errorf("htmx got the whole page, not the block")
	}
	if lb.matchedHow(t, cheque) != "" {
		t.Fatalf("a refused match was stored")
	}
	d = doc(t, lb.mgr.get(path))
	other := lb.journalID(t, `reference = 'Cheque'`)
	if d.Find(`#line-`+cheque+` optgroup[label="Same amount, further apart"] option[value="`+other+`"]`).Length() != 1 {
		t.Errorf("the £75 receipt of 20 February is not offered for the cheque")
	}
	rec = lb.mgr.post(path+"/lines/"+cheque+"/match", url.Values{"journal": {other}})
	if rec.Code != http.StatusSeeOther || lb.matchedHow(t, cheque) != "manual" {
		t.Fatalf("manual match: %d %q", rec.Code, lb.matchedHow(t, cheque))
	}

	// The same file again adds nothing.
	d = lb.importCSV(t, "march (1).csv", marchCSV)
	if stat(d, 0) != "0" || stat(d, 1) != "6" {
		t.Fatalf("re-import result %q new, %q already imported", stat(d, 0), stat(d, 1))
	}
	if n := lb.count(`SELECT count(*) FROM bank_lines`); n != 6 {
		t.Fatalf("%d lines after the re-import, want 6", n)
	}

	// Two identical fees and two identical charges: matching does not
	// guess, a person matches each.
	lb.bankCharge(t, "2026-03-10", 450)
	lb.bankCharge(t, "2026-03-10", 450)
	rec = lb.mgr.post(path+"/auto", nil)
	if rec.Code != http.StatusSeeOther || lb.matchedHow(t, lb.lineID(t, "ACCOUNT FEE", 0)) != "" {
		t.Fatalf("auto match of identical lines: %d", rec.Code)
	}
	d = doc(t, lb.mgr.get(path))
	fee0, fee1 := lb.lineID(t, "ACCOUNT FEE", 0), lb.lineID(t, "ACCOUNT FEE", 1)
	opts := d.Find(`#line-` + fee0 + ` optgroup[label="Suggested"] option`)
	if opts.Length() != 2 || !strings.Contains(d.Find("#line-"+fee0).Text(), "fit equally well") {
		t.Fatalf("suggestions for a fee: %d", opts.Length())
	}
	first, _ := opts.Eq(0).Attr("value")
	second, _ := opts.Eq(1).Attr("value")
	for line, j := range map[string]string{fee0: first, fee1: second} {
		if rec := lb.mgr.post(path+"/lines/"+line+"/match", url.Values{"journal": {j}}); rec.Code != http.StatusSeeOther {
			t.Fatalf("match a fee: %d %.800s", rec.Code, rec.Body.String())
		}
	}

	// Everything up to 10 March is matched: the reconciliation is kept.
	rec = lb.mgr.post(path+"/to-date", url.Values{"to": {"2026-03-10"}, "statement_balance": {"986.00"}})
	if rec.Code != http.StatusSeeOther {
		t.Fatalf("reconcile: %d %.1500s", rec.Code, rec.Body.String())
	}
	var stmt, led int64
	if err := lb.f.db("acme").Read().QueryRow(`SELECT statement_balance, ledger_balance FROM bank_reconciliations`).Scan(&stmt, &led); err != nil {
		t.Fatal(err)
	}
	// The ledger also holds the £70 receipt, which is not on the statement.
	if stmt != 98600 || led != 50000+30000+12000+7500+7000-900 {
		t.Errorf("reconciliation: statement %d, ledger %d", stmt, led)
	}
	d = doc(t, lb.mgr.get(rec.Header().Get("Location")))
	if got := d.Find(".notice.success").Text(); !strings.Contains(got, "Reconciled to 10 March 2026") || !strings.Contains(got, "£70.00 less than the ledger") {
		t.Errorf("reconciled notice %q", got)
	}
	if n := lb.f.auditCount("acme", "bank.reconciled"); n != 1 {
		t.Errorf("%d reconciliation audit entries", n)
	}

	// Unmatching puts the line back.
	rec = lb.mgr.post(path+"/lines/"+cheque+"/unmatch", nil)
	if rec.Code != http.StatusSeeOther || lb.matchedHow(t, cheque) != "" {
		t.Errorf("unmatch: %d", rec.Code)
	}
	if d := doc(t, lb.mgr.get(path)); !strings.Contains(d.Find(".notice.warning").Text(), "1 unmatched line is dated on or before 10 March 2026") {
		t.Errorf("no warning about a reconciled period: %q", d.Find(".notice").Text())
	}
}

// marchOFX is an OFX 1.x statement for account number acct (with the sort
// code before it, as some banks write it) with a closing balance.
func marchOFX(acct string) string {
	return `OFXHEADER:100
DATA:OFXSGML
VERSION:102
SECURITY:NONE
ENCODING:USASCII
CHARSET:1252
COMPRESSION:NONE
OLDFILEUID:NONE
NEWFILEUID:NONE

<OFX>
<BANKMSGSRSV1><STMTTRNRS><TRNUID>1<STATUS><CODE>0<SEVERITY>INFO</STATUS>
<STMTRS><CURDEF>GBP
<BANKACCTFROM><BANKID>123456<ACCTID>123456` + acct + `<ACCTTYPE>CHECKING</BANKACCTFROM>
<BANKTRANLIST><DTSTART>20260301<DTEND>20260311
<STMTTRN><TRNTYPE>CREDIT<DTPOSTED>20260305120000[0:GMT]<TRNAMT>500.00<FITID>202603050001<NAME>A ADEYEMI<MEMO>FLAT 1 SC Q1</STMTTRN>
<STMTTRN><TRNTYPE>CREDIT<DTPOSTED>20260311<TRNAMT>42.00<FITID>202603110001<NAME>UNKNOWN PAYER</STMTTRN>
</BANKTRANLIST>
<LEDGERBAL><BALAMT>542.00<DTASOF>20260311</LEDGERBAL>
</STMTRS></STMTTRNRS></BANKMSGSRSV1>
</OFX>
`
}

// TestBankImportOFX imports an OFX file straight away: the receipt is
// matched, the closing balance leads to the reconcile screen, a second
// import adds nothing, and a file for another account waits for the
// manager to confirm it.
func TestBankImportOFX(t *testing.T) {
	lb := newLedgerBook(t)
	path := lb.reconcilePath()
	lb.receiptFor(t, lb.ppl.FlatA, "2026-03-05", "500", "")

	rec := lb.mgr.upload(path+"/import", nil, "statement.ofx", []byte(marchOFX("12345678")), "HX-Request", "true", "HX-Target", "bank-import")
	d := doc(t, rec)
	if rec.Code != http.StatusOK || strings.Contains(rec.Body.String(), "<html") {
		t.Fatalf("OFX import: %d %.1500s", rec.Code, rec.Body.String())
	}
	if got := strings.TrimSpace(d.Find(".bank-result .stat-num").Eq(0).Text()); got != "2" {
		t.Errorf("%s new lines, want 2", got)
	}
	if n := d.Find(".bank-pairs tbody tr").Length(); n != 1 {
		t.Errorf("%d pairs, want the Flat 1 receipt", n)
	}
	link, _ := d.Find(`.bank-balance a`).Attr("href")
	if link != path+"/to-date?to=2026-03-11&balance=542.00" {
		t.Errorf("reconcile link %q", link)
	}
	d = doc(t, lb.mgr.get(link))
	if v, _ := d.Find(`input[name="statement_balance"]`).Attr("value"); v != "542.00" {
		t.Errorf("reconcile form balance %q", v)
	}
	if got := d.Find(".bank-figures").Text(); !strings.Contains(got, "£500.00") {
		t.Errorf("figures at 11 March: %q", got)
	}

	rec = lb.mgr.upload(path+"/import", nil, "statement.ofx", []byte(marchOFX("12345678")))
	if got := strings.TrimSpace(doc(t, rec).Find(".bank-result .stat-num").Eq(1).Text()); rec.Code != http.StatusOK || got != "2" {
		t.Fatalf("re-import: %d, %s already imported", rec.Code, got)
	}
	if n := lb.count(`SELECT count(*) FROM bank_lines`); n != 2 {
		t.Fatalf("%d lines, want 2", n)
	}

	// Another account's statement: nothing is imported until confirmed.
	rec = lb.mgr.upload(path+"/import", nil, "other.ofx", []byte(strings.ReplaceAll(marchOFX("87654321"), "<FITID>", "<FITID>B")))
	d = doc(t, rec)
	if rec.Code != http.StatusOK || !strings.Contains(d.Find(".notice.warning").Text(), "This statement is for account 12345687654321, not this account's number 12345678") {
		t.Fatalf("other account: %d %q", rec.Code, d.Find(".notice").Text())
	}
	if n := lb.count(`SELECT count(*) FROM bank_lines`); n != 2 {
		t.Fatalf("another account's lines were imported before confirming")
	}
	form := url.Values{}
	d.Find(`form[action$="/import"] input[type="hidden"]`).Each(func(_ int, s *goquery.Selection) {
		n, _ := s.Attr("name")
		v, _ := s.Attr("value")
		form.Set(n, v)
	})
	rec = lb.mgr.upload(path+"/import", form, "", nil)
	if d := doc(t, rec); rec.Code != http.StatusOK || !strings.Contains(d.Find(".notice.warning").Text(), "imported as you confirmed") {
		t.Fatalf("confirmed import: %d %.1000s", rec.Code, rec.Body.String())
	}
	if n := lb.count(`SELECT count(*) FROM bank_lines`); n != 4 {
		t.Errorf("%d lines after the confirmed import, want 4", n)
	}
}

// TestBankImportRefusals: a missing, empty, unreadable or too large file
// is refused with a message next to the file field (or, for a body over
// the app's limit, a clear 413 page), and nothing is stored.
func TestBankImportRefusals(t *testing.T) {
	lb := newLedgerBook(t)
	path := lb.reconcilePath() + "/import"
	cases := []struct {
		name string
		file []byte
		want string
	}{
		{"", nil, "Choose the statement file to import."},
		{"empty.csv", []byte("\n \n"), "The file is empty."},
		{"statement.pdf", []byte("%PDF-1.7\n1 0 obj\n"), "This is a PDF."},
		{"statement.xlsx", []byte("PK\x03\x04 spreadsheet"), "This is a spreadsheet."},
		{"words.csv", []byte("just some words\nwith no columns\n"), "could not find columns"},
	}
	for _, tc := range cases {
		rec := lb.mgr.upload(path, nil, tc.name, tc.file, "HX-Request", "true", "HX-Target", "bank-import")
		if msg := fieldError(doc(t, rec).Selection, "file"); rec.Code != http.StatusUnprocessableEntity || !strings.Contains(msg, tc.want) {
			t.Errorf("%s: %d %q, want %q", tc.name, rec.Code, msg, tc.want)
		}
	}

	big := bytes.Repeat([]byte("01/03/2026,PADDING LINE TO MAKE THE FILE LARGE,1.00\n"), (bodyLimit/50)+1000)
	rec := lb.mgr.upload(path, nil, "big.csv", big)
	if rec.Code != http.StatusRequestEntityTooLarge || !strings.Contains(rec.Body.String(), "the limit is 2 MB") {
		t.Errorf("too large with a length: %d %.500s", rec.Code, rec.Body.String())
	}
	// Sent without a length, the body is cut off while it is read.
	var body bytes.Buffer
	w := multipart.NewWriter(&body)
	fw, _ := w.CreateFormFile("file", "big.csv")
	fw.Write(big)
	w.Close()
	rec = lb.mgr.sendBody(path, w.FormDataContentType(), io.MultiReader(&body))
	if msg := fieldError(doc(t, rec).Selection, "file"); rec.Code != http.StatusUnprocessableEntity || !strings.Contains(msg, "larger than 2 MB") {
		t.Errorf("too large, chunked: %d %q", rec.Code, msg)
	}
	if n := lb.count(`SELECT count(*) FROM bank_imports`); n != 0 {
		t.Errorf("%d imports recorded from refused files", n)
	}
	if d := doc(t, lb.mgr.get(path)); !strings.Contains(d.Find("#bank-file-hint").Text(), "up to 2 MB") {
		t.Errorf("the upload page does not state the limit")
	}
}

// TestBankReconcileManagersOnly: residents and staff who are not managers
// get 403 on every reconciliation screen and action, and change nothing.
func TestBankReconcileManagersOnly(t *testing.T) {
	lb := newLedgerBook(t)
	path := lb.reconcilePath()
	lb.importCSV(t, "march.csv", marchCSV)
	clerk := lb.f.addStaff("acme", "Sam Staff", "sam@acme.example")
	alice := lb.f.browser("acme." + base)
	alice.signInAs("acme", lb.ppl.Alice)
	sam := lb.f.browser("acme." + base)
	sam.signInAs("acme", clerk)
	line := lb.lineID(t, "TRANSFER GROUND RENT FLAT 2", 0)
	for who, b := range map[string]*browser{"a resident": alice, "staff who are not managers": sam} {
		for _, p := range []string{path, path + "/import", path + "/to-date"} {
			if rec := b.get(p); rec.Code != http.StatusForbidden {
				t.Errorf("%s GET %s: %d, want 403", who, p, rec.Code)
			}
		}
		for p, form := range map[string]url.Values{
			path + "/lines/" + line + "/receipt": {"unit": {lb.ppl.FlatB.PublicID}},
			path + "/to-date":                    {"to": {"2026-03-01"}, "statement_balance": {"0"}},
			path + "/auto":                       nil,
		} {
			if rec := b.post(p, form); rec.Code != http.StatusForbidden {
				t.Errorf("%s POST %s: %d, want 403", who, p, rec.Code)
			}
		}
		if rec := b.upload(path+"/import", nil, "march.csv", []byte(marchCSV)); rec.Code != http.StatusForbidden {
			t.Errorf("%s upload: %d, want 403", who, rec.Code)
		}
	}
	if lb.matchedHow(t, line) != "" || lb.count(`SELECT count(*) FROM bank_reconciliations`) != 0 || lb.count(`SELECT count(*) FROM bank_imports`) != 1 {
		t.Errorf("a refused request changed something")
	}
}

// TestBankLinesFilter: the list filters by state and dates, refuses a bad
// date next to its field, serves htmx its block, and actions keep the
// filter.
func TestBankLinesFilter(t *testing.T) {
	lb := newLedgerBook(t)
	path := lb.reconcilePath()
	lb.receiptFor(t, lb.ppl.FlatA, "2026-03-05", "500", "")
	lb.importCSV(t, "march.csv", marchCSV)

	rows := func(d *goquery.Document) int { return d.Find(".bank-lines tbody tr").Length() }
	for query, want := range map[string]int{"": 6, "?state=matched": 1, "?state=unmatched": 5, "?from=2026-03-09&to=2026-03-09": 1, "?state=unmatched&from=2026-03-10": 3} {
		rec := lb.mgr.get(path + query)
		if got := rows(doc(t, rec)); rec.Code != http.StatusOK || got != want {
			t.Errorf("GET %s: %d, %d rows, want %d", query, rec.Code, got, want)
		}
	}
	rec := lb.mgr.get(path+"?state=unmatched&from=2026-03-10", "HX-Request", "true", "HX-Target", "bank-reconcile")
	d := doc(t, rec)
	if strings.Contains(rec.Body.String(), "<html") || rows(d) != 3 {
		t.Errorf("htmx filter: %d rows, page: %v", rows(d), strings.Contains(rec.Body.String(), "<html"))
	}
	fee := lb.lineID(t, "ACCOUNT FEE", 0)
	if action, _ := d.Find(`[id="line-` + fee + `"] form.bank-match`).Attr("action"); action != path+"/lines/"+fee+"/match?from=2026-03-10&state=unmatched" {
		t.Errorf("the match form loses the filter: %q", action)
	}
	rec = lb.mgr.get(path + "?from=2026-02-30&to=2026-01-01")
	if d := doc(t, rec); rec.Code != http.StatusUnprocessableEntity || fieldError(d.Selection, "from") == "" {
		t.Errorf("bad filter date: %d %q", rec.Code, fieldError(d.Selection, "from"))
	}
	rec = lb.mgr.get(path + "?from=2026-03-10&to=2026-03-01")
	if d := doc(t, rec); rec.Code != http.StatusUnprocessableEntity || fieldError(d.Selection, "to") != "The end date cannot be before the start date." {
		t.Errorf("reversed dates: %d %q", rec.Code, fieldError(d.Selection, "to"))
	}

	// Unmatching from a filtered list comes back to it.
	flat1 := lb.lineID(t, "ALICE ADEYEMI FLAT 1", 0)
	rec = lb.mgr.post(path+"/lines/"+flat1+"/unmatch?state=matched", nil)
	if loc := rec.Header().Get("Location"); rec.Code != http.StatusSeeOther || loc != path+"?done=unmatched&state=matched" {
		t.Errorf("unmatch redirect: %d %q", rec.Code, loc)
	}
	if n := lb.f.auditCount("acme", "bank.line_unmatched"); n != 1 {
		t.Errorf("%d unmatch audit entries", n)
	}
	rec = lb.mgr.post(path+"/auto", nil, "HX-Request", "true", "HX-Target", "bank-reconcile")
	if d := doc(t, rec); rec.Code != http.StatusOK || !strings.Contains(d.Find(".notice.success").Text(), "1 line was matched automatically") {
		t.Errorf("auto match again: %d %q", rec.Code, d.Find(".notice").Text())
	}
}
