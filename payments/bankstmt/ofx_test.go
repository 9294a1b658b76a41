package bankstmt

import (
	"bytes"
	"fmt"
	"slices"
	"strings"
	"testing"

	"porch/errs"
)

func parseOFXFile(t *testing.T, name string) Statement {
	t.Helper()
	stmts, err := ParseOFX(bytes.NewReader(readTestdata(t, name)))
	if err != nil {
		t.Fatalf("ParseOFX(%s): %v", name, err)
	}
	if len(stmts) != 1 {
		t.Fatalf("%s: %d statements", name, len(stmts))
	}
	return stmts[0]
}

func TestOFXSGML(t *testing.T) {
	st := parseOFXFile(t, "lloyds_sgml.ofx")
	if st.BankID != "309174" || st.AccountID != "02344812" || st.AccountType != "CHECKING" || st.Currency != "GBP" {
		t.Errorf("account = %+v", st)
	}
	if !st.Start.Equal(day(2024, 1, 1)) || !st.End.Equal(day(2024, 1, 31)) {
		t.Errorf("period = %v to %v", st.Start, st.End)
	}
	if st.LedgerBalance == nil || *st.LedgerBalance != 1046830 || !st.LedgerBalanceDate.Equal(day(2024, 1, 31)) {
		t.Errorf("ledger balance = %v at %v", st.LedgerBalance, st.LedgerBalanceDate)
	}
	checkLines(t, st.Lines, []wantLine{
		{day(2024, 1, 2), 12500, "J SMITH FLAT 3 SC Q1", "", "J SMITH"},
		{day(2024, 1, 5), -8420, "BRITISH GAS", "", "BRITISH GAS"},
		// &amp; unescaped; the pound sign was byte A3 in CHARSET:1252.
		{day(2024, 1, 3), -36000, "HARBOUR CLEANING & CO INV000881 £360 JAN", "000881", "HARBOUR CLEANING & CO"},
		{day(2024, 1, 10), -120000, "CHEQUE 100234", "100234", ""},
		{day(2024, 1, 31), -1250, "SERVICE CHARGES", "", ""},
		{day(2024, 1, 31), -1250, "SERVICE CHARGES", "", ""},
	})
	l := st.Lines[0]
	if l.FITID != "20240102-125.00-0001" || l.Type != "CREDIT" || l.Balance != nil {
		t.Errorf("first line = %+v", l)
	}
	if !strings.HasPrefix(l.Fingerprint, "fitid:") {
		t.Errorf("fingerprint %q is not FITID-based", l.Fingerprint)
	}
}

func TestOFXXML(t *testing.T) {
	st := parseOFXFile(t, "starling_v2.ofx")
	if st.BankID != "608371" || st.AccountID != "12345678" || st.Currency != "GBP" {
		t.Errorf("account = %+v", st)
	}
	if st.LedgerBalance == nil || *st.LedgerBalance != 590956 || !st.LedgerBalanceDate.Equal(day(2024, 1, 31)) {
		t.Errorf("ledger balance = %v at %v", st.LedgerBalance, st.LedgerBalanceDate)
	}
	checkLines(t, st.Lines, []wantLine{
		{day(2024, 1, 2), 12500, "Jane Smith FLAT 3 SC", "", "Jane Smith"},
		// NAME inside PAYEE.
		{day(2024, 1, 3), -45000, "Acme Lifts Ltd INV 4471", "", "Acme Lifts Ltd"},
		// 00:30 BST on 1 July is 30 June in UTC; the bank's date is 1 July.
		{day(2024, 7, 1), 123456, "GoCardless Ltd PO0000A1B2C3D4", "PO0000A1B2C3D4", "GoCardless Ltd"},
	})
}

// ofxDoc wraps transactions in a minimal OFX 1.x statement.
func ofxDoc(trns string) string {
	return "OFXHEADER:100\nDATA:OFXSGML\nVERSION:102\n\n<OFX><BANKMSGSRSV1><STMTTRNRS><STMTRS><CURDEF>GBP" +
		"<BANKACCTFROM><BANKID>400515<ACCTID>40051512345678<ACCTTYPE>CHECKING</BANKACCTFROM>" +
		"<BANKTRANLIST>" + trns + "</BANKTRANLIST><LEDGERBAL><BALAMT>-1.5<DTASOF>20240131</LEDGERBAL>" +
		"</STMTRS></STMTTRNRS></BANKMSGSRSV1></OFX>"
}

func TestOFXVariants(t *testing.T) {
	cases := []struct {
		name, doc string
		want      []wantLine
	}{
		{
			"one line, lower-case tags, empty MEMO before NAME, date with offset",
			ofxDoc("<stmttrn><trntype>CREDIT<dtposted>20240102120000.000[-5:EST]<trnamt>+125<fitid>A1<memo><name>J SMITH</stmttrn>"),
			[]wantLine{{day(2024, 1, 2), 12500, "J SMITH", "", "J SMITH"}},
		},
		{
			"comma decimal, hours and minutes only, memo containing the name",
			ofxDoc("<STMTTRN><TRNTYPE>DEBIT<DTPOSTED>202401021030<TRNAMT>-12,5<FITID>A2<NAME>ACME<MEMO>ACME LIFTS LTD INV 4471</STMTTRN>"),
			[]wantLine{{day(2024, 1, 2), -1250, "ACME LIFTS LTD INV 4471", "", "ACME"}},
		},
		{
			"many transactions without </STMTTRN>",
			ofxDoc(strings.Repeat("<STMTTRN><TRNTYPE>DEBIT<DTPOSTED>20240102<TRNAMT>-1.00<NAME>SAME", 100)),
			slices.Repeat([]wantLine{{day(2024, 1, 2), -100, "SAME", "", ""}}, 100),
		},
		{
			"missing </STMTTRN> end tags",
			ofxDoc("<STMTTRN><TRNTYPE>DEBIT<DTPOSTED>20240102<TRNAMT>-1.00<FITID>B1<NAME>ONE" +
				"<STMTTRN><TRNTYPE>DEBIT<DTPOSTED>20240103<TRNAMT>-2.00<NAME>TWO"),
			[]wantLine{{day(2024, 1, 2), -100, "ONE", "", ""}, {day(2024, 1, 3), -200, "TWO", "", ""}},
		},
		{
			"XML with entities, CDATA and a comment",
			`<?xml version="1.0"?><?OFX OFXHEADER="200" VERSION="211"?><OFX><BANKMSGSRSV1><STMTTRNRS><STMTRS>` +
				`<BANKACCTFROM><BANKID>1</BANKID><ACCTID>2</ACCTID></BANKACCTFROM><BANKTRANLIST><!-- a comment <STMTTRN> -->` +
				`<STMTTRN><TRNTYPE>CREDIT</TRNTYPE><DTPOSTED>20240102</DTPOSTED><TRNAMT>5.00</TRNAMT><FITID>C1</FITID>` +
				`<NAME>M &amp; S &lt;REF&gt;</NAME><MEMO><![CDATA[A&B]]></MEMO></STMTTRN></BANKTRANLIST></STMTRS></STMTTRNRS></BANKMSGSRSV1></OFX>`,
			[]wantLine{{day(2024, 1, 2), 500, "M & S <REF> A&B", "", "M & S <REF>"}},
		},
		{
			"credit card statement",
			"<OFX><CREDITCARDMSGSRSV1><CCSTMTTRNRS><CCSTMTRS><CURDEF>GBP<CCACCTFROM><ACCTID>4929000000006</CCACCTFROM>" +
				"<BANKTRANLIST><STMTTRN><TRNTYPE>DEBIT<DTPOSTED>20240102<TRNAMT>-9.99<FITID>D1<NAME>SCREWFIX</STMTTRN></BANKTRANLIST>" +
				"</CCSTMTRS></CCSTMTTRNRS></CREDITCARDMSGSRSV1></OFX>",
			[]wantLine{{day(2024, 1, 2), -999, "SCREWFIX", "", ""}},
		},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			stmts, err := ParseOFX(strings.NewReader(c.doc))
			if err != nil {
				t.Fatal(err)
			}
			if len(stmts) != 1 {
				t.Fatalf("%d statements", len(stmts))
			}
			checkLines(t, stmts[0].Lines, c.want)
			if strings.Contains(c.doc, "CCSTMTRS") && stmts[0].AccountType != "CREDITCARD" {
				t.Errorf("card statement account type = %q", stmts[0].AccountType)
			}
		})
	}

	stmts, err := ParseOFX(strings.NewReader(ofxDoc("")))
	if err != nil || len(stmts[0].Lines) != 0 || *stmts[0].LedgerBalance != -150 || stmts[0].AccountID != "40051512345678" {
		t.Errorf("empty statement: %+v, %v", stmts, err)
	}
}

func TestOFXErrors(t *testing.T) {
	cases := []struct{ name, in, msg string }{
		{"empty", "", "The file is empty."},
		{"csv", string(readTestdata(t, "barclays.csv")), "not an OFX file"},
		{"pdf", "%PDF-1.4\n%\xe2\xe3\xcf\xd3\n", "This is a PDF."},
		{"qif", "!Type:Bank\nD02/01/2024\nT125.00\n^\n", "QIF"},
		{"html", "<!DOCTYPE html><html><body>Session expired</body></html>", "web page"},
		{"header only", "OFXHEADER:100\nDATA:OFXSGML\nVERSION:102\n\n", "no <OFX> section"},
		{"cut short", "OFXHEADER:100\n\n<OFX><BANKMSGSRSV1><STMTTRNRS><STMTRS><BANKTRANLIST><STMTTRN><TRNAMT", "middle of a tag"},
		{"no statement", "<OFX><SIGNONMSGSRSV1><SONRS><STATUS><CODE>0</STATUS></SONRS></SIGNONMSGSRSV1></OFX>", "holds no bank or credit card statement"},
		{"bank error", "<OFX><SIGNONMSGSRSV1><SONRS><STATUS><CODE>15500<SEVERITY>ERROR<MESSAGE>Signon invalid</STATUS></SONRS></SIGNONMSGSRSV1></OFX>", "error 15500 (Signon invalid)"},
		{"bad amount", ofxDoc("<STMTTRN><DTPOSTED>20240102<TRNAMT>abc<FITID>X9</STMTTRN>"), "transaction 1 (FITID X9): the amount 'abc' is not a number"},
		{"bad date", ofxDoc("<STMTTRN><DTPOSTED>2024-01-02<TRNAMT>1.00</STMTTRN>"), "transaction 1: the posted date '2024-01-02' is not an OFX date (YYYYMMDD)"},
		{"impossible date", ofxDoc("<STMTTRN><DTPOSTED>20240231<TRNAMT>1.00</STMTTRN>"), "is not a real date"},
		{"no date", ofxDoc("<STMTTRN><TRNAMT>1.00</STMTTRN>"), "the date is empty"},
		{"no amount", ofxDoc("<STMTTRN><DTPOSTED>20240102</STMTTRN>"), "the amount is empty"},
		{"thousands separator", ofxDoc("<STMTTRN><DTPOSTED>20240102<TRNAMT>1,234.00</STMTTRN>"), "is not a number"},
		{"bad balance", strings.Replace(ofxDoc(""), "-1.5", "n/a", 1), "the ledger balance 'n/a' is not a number"},
		{"deep", "<OFX>" + deepTags(100), "nested too deeply"},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			_, err := ParseOFX(strings.NewReader(c.in))
			if !errs.Is(err, errs.Invalid) || !strings.Contains(err.Error(), c.msg) {
				t.Errorf("ParseOFX = %v; want an invalid error saying %q", err, c.msg)
			}
		})
	}

	// Many bad transactions: the message lists a few and counts the rest.
	var trns strings.Builder
	for i := range 8 {
		trns.WriteString("<STMTTRN><DTPOSTED>20240102<TRNAMT>x" + string(rune('0'+i)) + "</STMTTRN>")
	}
	_, err := ParseOFX(strings.NewReader(ofxDoc(trns.String())))
	if err == nil || !strings.Contains(err.Error(), "transaction 5:") || strings.Contains(err.Error(), "transaction 6:") || !strings.Contains(err.Error(), "and 3 more") {
		t.Errorf("many problems: %v", err)
	}
}

// deepTags opens n differently named elements inside each other.
func deepTags(n int) string {
	var b strings.Builder
	for i := range n {
		fmt.Fprintf(&b, "<A%d>", i)
	}
	return b.String()
}
