package banking_test

import (
	"bytes"
	"io"
	"mime/multipart"
	"net/http"
	"net/url"
	"strings"
	"testing"

	"github.com/PuerkitoBio/goquery"

	"porch/handlers/banking"
	"porch/internal/webtest"
)

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
	t.Parallel()
	lb := webtest.NewLedgerBook(t)
	path := lb.ReconcilePath()
	lb.ReceiptFor(t, lb.Ppl.FlatA, "2026-03-05", "500", "")

	rec := lb.Mgr.Upload(path+"/import", nil, "statement.ofx", []byte(marchOFX("12345678")), "HX-Request", "true", "HX-Target", "bank-import")
	d := webtest.Doc(t, rec)
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
	d = webtest.Doc(t, lb.Mgr.Get(link))
	if v, _ := d.Find(`input[name="statement_balance"]`).Attr("value"); v != "542.00" {
		t.Errorf("reconcile form balance %q", v)
	}
	if got := d.Find(".bank-figures").Text(); !strings.Contains(got, "£500.00") {
		t.Errorf("figures at 11 March: %q", got)
	}

	rec = lb.Mgr.Upload(path+"/import", nil, "statement.ofx", []byte(marchOFX("12345678")))
	if got := strings.TrimSpace(webtest.Doc(t, rec).Find(".bank-result .stat-num").Eq(1).Text()); rec.Code != http.StatusOK || got != "2" {
		t.Fatalf("re-import: %d, %s already imported", rec.Code, got)
	}
	if n := lb.Count(`SELECT count(*) FROM bank_lines`); n != 2 {
		t.Fatalf("%d lines, want 2", n)
	}

	// Another account's statement: nothing is imported until confirmed.
	rec = lb.Mgr.Upload(path+"/import", nil, "other.ofx", []byte(strings.ReplaceAll(marchOFX("87654321"), "<FITID>", "<FITID>B")))
	d = webtest.Doc(t, rec)
	if rec.Code != http.StatusOK || !strings.Contains(d.Find(".notice.warning").Text(), "This statement is for account 12345687654321, not this account's number 12345678") {
		t.Fatalf("other account: %d %q", rec.Code, d.Find(".notice").Text())
	}
	if n := lb.Count(`SELECT count(*) FROM bank_lines`); n != 2 {
		t.Fatalf("another account's lines were imported before confirming")
	}
	form := url.Values{}
	d.Find(`form[action$="/import"] input[type="hidden"]`).Each(func(_ int, s *goquery.Selection) {
		n, _ := s.Attr("name")
		v, _ := s.Attr("value")
		form.Set(n, v)
	})
	rec = lb.Mgr.Upload(path+"/import", form, "", nil)
	if d := webtest.Doc(t, rec); rec.Code != http.StatusOK || !strings.Contains(d.Find(".notice.warning").Text(), "imported as you confirmed") {
		t.Fatalf("confirmed import: %d %.1000s", rec.Code, rec.Body.String())
	}
	if n := lb.Count(`SELECT count(*) FROM bank_lines`); n != 4 {
		t.Errorf("%d lines after the confirmed import, want 4", n)
	}
}

// TestBankImportRefusals: a missing, empty, unreadable or too large file
// is refused with a message next to the file field (or, for a body over
// the app's limit, a clear 413 page), and nothing is stored.
func TestBankImportRefusals(t *testing.T) {
	t.Parallel()
	lb := webtest.NewLedgerBook(t)
	path := lb.ReconcilePath() + "/import"
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
		rec := lb.Mgr.Upload(path, nil, tc.name, tc.file, "HX-Request", "true", "HX-Target", "bank-import")
		if msg := webtest.FieldError(webtest.Doc(t, rec).Selection, "file"); rec.Code != http.StatusUnprocessableEntity || !strings.Contains(msg, tc.want) {
			t.Errorf("%s: %d %q, want %q", tc.name, rec.Code, msg, tc.want)
		}
	}

	big := bytes.Repeat([]byte("01/03/2026,PADDING LINE TO MAKE THE FILE LARGE,1.00\n"), (banking.BodyLimit/50)+1000)
	rec := lb.Mgr.Upload(path, nil, "big.csv", big)
	if rec.Code != http.StatusRequestEntityTooLarge || !strings.Contains(rec.Body.String(), "the limit is 2 MB") {
		t.Errorf("too large with a length: %d %.500s", rec.Code, rec.Body.String())
	}
	// Sent without a length, the body is cut off while it is read.
	var body bytes.Buffer
	w := multipart.NewWriter(&body)
	fw, _ := w.CreateFormFile("file", "big.csv")
	fw.Write(big)
	w.Close()
	rec = lb.Mgr.SendBody(path, w.FormDataContentType(), io.MultiReader(&body))
	if msg := webtest.FieldError(webtest.Doc(t, rec).Selection, "file"); rec.Code != http.StatusUnprocessableEntity || !strings.Contains(msg, "larger than 2 MB") {
		t.Errorf("too large, chunked: %d %q", rec.Code, msg)
	}
	if n := lb.Count(`SELECT count(*) FROM bank_imports`); n != 0 {
		t.Errorf("%d imports recorded from refused files", n)
	}
	if d := webtest.Doc(t, lb.Mgr.Get(path)); !strings.Contains(d.Find("#bank-file-hint").Text(), "up to 2 MB") {
		t.Errorf("the upload page does not state the limit")
	}
}
