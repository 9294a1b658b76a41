package bankstmt

import (
	"bytes"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"golang.org/x/text/encoding/unicode"

	"porch/errs"
)

func day(y int, m time.Month, d int) time.Time { return time.Date(y, m, d, 0, 0, 0, 0, time.UTC) }

func readTestdata(t testing.TB, name string) []byte {
	t.Helper()
	b, err := os.ReadFile(filepath.Join("testdata", name))
	if err != nil {
		t.Fatal(err)
	}
	return b
}

// sniffAndParse imports a file the way the app does: sniff, accept the
// guessed mapping, parse.
func sniffAndParse(t *testing.T, data []byte) (*Preview, []Line, []RowError) {
	t.Helper()
	p, err := Sniff(bytes.NewReader(data))
	if err != nil {
		t.Fatalf("Sniff: %v", err)
	}
	lines, rowErrs, err := ParseCSV(bytes.NewReader(data), p.Mapping)
	if err != nil {
		t.Fatalf("ParseCSV with %+v: %v (row errors %v)", p.Mapping, err, rowErrs)
	}
	return p, lines, rowErrs
}

type wantLine struct {
	date   time.Time
	amount int64
	desc   string
	ref    string
	cp     string
}

func checkLines(t *testing.T, got []Line, want []wantLine) {
	t.Helper()
	if len(got) != len(want) {
		for _, l := range got {
			t.Logf("%s %d %q %q %q", l.Date.Format("2006-01-02"), l.Amount, l.Description, l.Reference, l.Counterparty)
		}
		t.Fatalf("got %d lines, want %d", len(got), len(want))
	}
	for i, w := range want {
		g := got[i]
		if !g.Date.Equal(w.date) || g.Amount != w.amount || g.Description != w.desc ||
			(w.ref != "" && g.Reference != w.ref) || (w.cp != "" && g.Counterparty != w.cp) {
			t.Errorf("line %d = %s %d %q ref %q cp %q; want %s %d %q ref %q cp %q", i,
				g.Date.Format("2006-01-02"), g.Amount, g.Description, g.Reference, g.Counterparty,
				w.date.Format("2006-01-02"), w.amount, w.desc, w.ref, w.cp)
		}
		if g.Fingerprint == "" {
			t.Errorf("line %d has no fingerprint", i)
		}
	}
}

func TestBankExports(t *testing.T) {
	cases := []struct {
		file    string
		bank    string
		header  bool
		skip    int
		delim   rune
		layout  string
		balance []int64 // expected balances, pence, when the export has them
		want    []wantLine
	}{
		{
			file: "barclays.csv", bank: "Barclays", header: true, delim: ',', layout: "02/01/2006",
			want: []wantLine{
				{day(2024, 1, 2), 12500, "J SMITH FLAT 3 SC Q1 BGC", "", ""},
				{day(2024, 1, 2), 12500, "A PATEL INV-000123 BGC", "", ""},
				{day(2024, 1, 3), -45000, "ACME LIFTS LTD INV 4471", "", ""},
				{day(2024, 1, 4), 123456, "GOCARDLESS PO0000A1B2C3D4", "", ""},
				{day(2024, 1, 5), -1250, "COMMISSION CHARGES", "", ""},
				{day(2024, 1, 5), -1250, "COMMISSION CHARGES", "", ""},
			},
		},
		{
			file: "lloyds.csv", bank: "Lloyds, Halifax, Bank of Scotland or TSB", header: true, delim: ',', layout: "02/01/2006",
			balance: []int64{1200461, 1105461, 1113881, 868881, 904881},
			want: []wantLine{
				{day(2024, 1, 8), 95000, "S KHAN FLAT 7 JAN RENT", "", ""},
				{day(2024, 1, 5), -8420, "BRITISH GAS", "", ""},
				{day(2024, 1, 4), 245000, "STRIPE PAYMENTS UK STRIPE", "", ""},
				{day(2024, 1, 3), -36000, "HARBOUR CLEANING LTD INV000881", "", ""},
				{day(2024, 1, 3), 125000, "T OKAFOR 000123", "", ""},
			},
		},
		{
			file: "natwest.csv", bank: "NatWest, RBS or Ulster Bank", header: true, delim: ',', layout: "02/01/2006",
			balance: []int64{1012500, 1006300, 1129756},
			want: []wantLine{
				{day(2024, 1, 2), 12500, "J SMITH , FLAT 3 SC , FP 02/01/24 1034 , 300000000123456789", "", ""},
				{day(2024, 1, 3), -6200, "THAMES WATER", "", ""},
				{day(2024, 1, 4), 123456, "GOCARDLESS , PO0000A1B2C3D4 , FP 04/01/24 0712", "", ""},
			},
		},
		{
			file: "monzo.csv", bank: "Monzo", header: true, delim: ',', layout: "02/01/2006",
			want: []wantLine{
				{day(2024, 1, 2), 12500, "FLAT 3 SC", "FLAT 3 SC", "Jane Smith"},
				{day(2024, 1, 3), -45000, "INV 4471", "INV 4471", "Acme Lifts Ltd"},
				{day(2024, 1, 3), -2399, "SCREWFIX DIRECT YEOVIL GBR", "", "Screwfix"},
			},
		},
		{
			file: "starling.csv", bank: "Starling", header: true, delim: ',', layout: "02/01/2006",
			balance: []int64{512500, 467500, 590956},
			want: []wantLine{
				{day(2024, 1, 2), 12500, "Jane Smith", "FLAT 3 SC", "Jane Smith"},
				{day(2024, 1, 3), -45000, "Acme Lifts Ltd", "INV 4471", "Acme Lifts Ltd"},
				{day(2024, 1, 4), 123456, "GoCardless", "PO0000A1B2C3D4", "GoCardless"},
			},
		},
		{
			// Windows-1252, a preamble, £ signs, and a brought-forward row.
			file: "nationwide.csv", bank: "Nationwide", header: true, skip: 3, delim: ',', layout: "02 Jan 2006",
			balance: []int64{135956, 129756, 93756},
			want: []wantLine{
				{day(2024, 1, 2), 12500, "J SMITH FLAT 3", "", ""},
				{day(2024, 1, 3), -6200, "THAMES WATER", "", ""},
				{day(2024, 1, 4), -36000, "HARBOUR CLEANING INV000881", "", ""},
			},
		},
		{
			file: "hsbc_noheader.csv", header: false, delim: ',', layout: "02/01/2006",
			want: []wantLine{
				{day(2024, 1, 2), 12500, "TFR FROM J SMITH FLAT 3 SC", "", ""},
				{day(2024, 1, 3), -45000, "ACME LIFTS LTD INV4471", "", ""},
				{day(2024, 1, 4), 123456, "GOCARDLESS PO0000A1B2C3D4", "", ""},
			},
		},
		{
			// BOM, semicolons, a preamble row, quoted delimiters, (brackets) and CR/DR.
			file: "semicolon.csv", header: true, skip: 1, delim: ';', layout: "2006-01-02",
			balance: []int64{12500, -32500, -31300, -31800},
			want: []wantLine{
				{day(2024, 1, 2), 12500, "J SMITH; FLAT 3 SC", "", ""},
				{day(2024, 1, 3), -45000, "ACME LIFTS", "", ""},
				{day(2024, 1, 4), 1200, "REFUND", "", ""},
				{day(2024, 1, 5), -500, "BANK FEE", "", ""},
			},
		},
	}
	for _, c := range cases {
		t.Run(c.file, func(t *testing.T) {
			data := readTestdata(t, c.file)
			p, lines, rowErrs := sniffAndParse(t, data)
			m := p.Mapping
			if p.Bank != c.bank || m.HasHeader != c.header || m.SkipRows != c.skip || m.Delimiter != c.delim || m.DateFormat != c.layout {
				t.Errorf("sniffed bank %q header %v skip %d delim %q format %q; want %q %v %d %q %q",
					p.Bank, m.HasHeader, m.SkipRows, m.Delimiter, m.DateFormat, c.bank, c.header, c.skip, c.delim, c.layout)
			}
			if len(rowErrs) > 0 {
				t.Errorf("row errors: %v", rowErrs)
			}
			checkLines(t, lines, c.want)
			if c.balance != nil {
				for i, b := range c.balance {
					if i < len(lines) && (lines[i].Balance == nil || *lines[i].Balance != b) {
						t.Errorf("line %d balance = %v, want %d", i, lines[i].Balance, b)
					}
				}
			}
			if len(p.Rows) == 0 || len(p.Rows[0]) != len(p.Headers) {
				t.Errorf("preview has %d rows of %d headers", len(p.Rows), len(p.Headers))
			}
		})
	}
}

func TestSniffPreview(t *testing.T) {
	p, err := Sniff(bytes.NewReader(readTestdata(t, "lloyds.csv")))
	if err != nil {
		t.Fatal(err)
	}
	m := p.Mapping
	if m.Date != 1 || m.Type != 2 || m.Description != 5 || m.Debit != 6 || m.Credit != 7 || m.Balance != 8 || m.Amount != 0 {
		t.Errorf("mapping = %+v", m)
	}
	if p.Headers[0] != "Transaction Date" || p.Headers[8] != "Column 9" {
		t.Errorf("headers = %q", p.Headers)
	}
	if p.Rows[0][2] != "30-91-74" {
		t.Errorf("first row = %q; want the Excel apostrophe gone", p.Rows[0])
	}

	p, err = Sniff(bytes.NewReader(readTestdata(t, "hsbc_noheader.csv")))
	if err != nil {
		t.Fatal(err)
	}
	if p.Headers[0] != "Column 1" || len(p.Rows) != 3 || p.Mapping.Description != 2 || p.Mapping.Amount != 3 {
		t.Errorf("headerless preview = %q, %+v", p.Headers, p.Mapping)
	}

	// Monzo: the FITID column is used, and Money In/Out give way to Amount.
	p, err = Sniff(bytes.NewReader(readTestdata(t, "monzo.csv")))
	if err != nil {
		t.Fatal(err)
	}
	if p.Mapping.FITID != 1 || p.Mapping.Amount != 8 || p.Mapping.Credit != 0 || p.Mapping.Debit != 0 || p.Mapping.Counterparty != 5 {
		t.Errorf("monzo mapping = %+v", p.Mapping)
	}
}

func TestCSVHeaderVariants(t *testing.T) {
	rows := "02/01/2024,J SMITH FLAT 3,,125.00\n03/01/2024,ACME LIFTS,450.00,\n"
	headers := []string{
		"Date,Description,Paid out,Paid in",
		"date,details,money out,money in",
		"Posting Date,Narrative,Debit,Credit",
		"\"Transaction Date\",\"Transaction Details\",\"Paid Out (£)\",\"Paid In (£)\"",
		" DATE , MEMO , DEBITS , CREDITS ",
		"Booking date,Payment details,Withdrawals,Deposits",
	}
	for _, h := range headers {
		p, lines, rowErrs := sniffAndParse(t, []byte(h+"\n"+rows))
		if len(rowErrs) > 0 || len(lines) != 2 || lines[0].Amount != 12500 || lines[1].Amount != -45000 || lines[0].Description != "J SMITH FLAT 3" {
			t.Errorf("header %q: mapping %+v lines %+v errors %v", h, p.Mapping, lines, rowErrs)
		}
	}

	// Tab separated, as Excel's "Unicode text" (UTF-16 with a BOM).
	tsv := "Date\tDescription\tAmount\tBalance\r\n02/01/2024\tJ SMITH, FLAT 3\t125.00\t1,125.00\r\n"
	enc, _ := unicode.UTF16(unicode.LittleEndian, unicode.UseBOM).NewEncoder().Bytes([]byte(tsv))
	p, lines, _ := sniffAndParse(t, enc)
	if p.Mapping.Delimiter != '\t' || len(lines) != 1 || lines[0].Description != "J SMITH, FLAT 3" || *lines[0].Balance != 112500 {
		t.Errorf("UTF-16 TSV: %+v %+v", p.Mapping, lines)
	}

	// A stored mapping works on next month's file without sniffing.
	m := Mapping{HasHeader: true, Date: 1, Description: 2, Amount: 3, Balance: 4, Delimiter: '\t'}
	lines, rowErrs, err := ParseCSV(bytes.NewReader(enc), m)
	if err != nil || len(rowErrs) > 0 || len(lines) != 1 || lines[0].Amount != 12500 {
		t.Errorf("stored mapping: %v %v %v", lines, rowErrs, err)
	}
}

func TestCSVRowErrors(t *testing.T) {
	data := strings.Join([]string{
		"Date,Description,Amount,Balance", // row 1
		"02/01/2024,GOOD ONE,125.00,1125.00",
		"03/01/2024,BAD AMOUNT,abc,1125.00",
		"31/02/2024,BAD DATE,10.00,",
		"04/01/2024,\"QUOTED, WITH COMMA\",\"1,000.00\",\"2,125.00\"",
		"",
		"05/01/2024,EUROPEAN,\"12,50\",",
		"xx,BOTH BAD,??,",
		"06/01/2024,BAD BALANCE,1.00,lots",
		"07/01/2024,SHORT",
		"08/01/2024,EMPTY AMOUNT,,",
		"09/01/2024,LAST GOOD,(2.00),",
		",,,",
		"",
	}, "\r\n")
	lines, rowErrs, err := ParseCSV(strings.NewReader(data), Mapping{HasHeader: true, Date: 1, Description: 2, Amount: 3, Balance: 4, DateFormat: "02/01/2006"})
	if err != nil {
		t.Fatal(err)
	}
	var got []string
	for _, e := range rowErrs {
		got = append(got, e.Error())
	}
	want := []string{
		"row 3: the amount 'abc' is not a number",
		"row 4: the date '31/02/2024' does not match dd/mm/yyyy",
		"row 7: the amount '12,50' is not a number",
		"row 8: the date 'xx' does not match dd/mm/yyyy",
		"row 8: the amount '??' is not a number",
		"row 9: the balance 'lots' is not a number",
		"row 10: has only 2 columns, but the amount is in column 3",
		"row 11: the amount is empty",
	}
	if strings.Join(got, "\n") != strings.Join(want, "\n") {
		t.Errorf("row errors:\n%s\nwant:\n%s", strings.Join(got, "\n"), strings.Join(want, "\n"))
	}
	if rowErrs[0].Column != 3 || rowErrs[1].Column != 1 {
		t.Errorf("columns = %d, %d", rowErrs[0].Column, rowErrs[1].Column)
	}
	checkLines(t, lines, []wantLine{
		{day(2024, 1, 2), 12500, "GOOD ONE", "", ""},
		{day(2024, 1, 4), 100000, "QUOTED, WITH COMMA", "", ""},
		{day(2024, 1, 9), -200, "LAST GOOD", "", ""},
	})

	// Paid in and paid out in one row.
	_, rowErrs, err = ParseCSV(strings.NewReader("d,x,out,in\n02/01/2024,X,5.00,6.00\n02/01/2024,Y,,\n02/01/2024,Z,-5.00,\n"),
		Mapping{HasHeader: true, Date: 1, Description: 2, Debit: 3, Credit: 4})
	if err != nil || len(rowErrs) != 2 ||
		rowErrs[0].Error() != "row 2: both paid in (6.00) and paid out (5.00) have amounts" ||
		rowErrs[1].Error() != "row 3: there is no amount in paid in or paid out" {
		t.Errorf("credit/debit errors = %v, %v", rowErrs, err)
	}
}

func TestCSVMappingErrors(t *testing.T) {
	data := "Date,Description,Amount\n02/01/2024,X,1.00\n"
	cases := []struct {
		m     Mapping
		field string
		msg   string
	}{
		{Mapping{HasHeader: true, Amount: 3}, "date", "Choose the column with the date."},
		{Mapping{HasHeader: true, Date: 1}, "amount", "Choose the amount column, or the paid in and paid out columns."},
		{Mapping{HasHeader: true, Date: 1, Amount: 3, Credit: 2}, "amount", "not both"},
		{Mapping{HasHeader: true, Date: 1, Amount: 1}, "amount", "same column as the date"},
		{Mapping{HasHeader: true, Date: 1, Amount: 7}, "amount", "The file has only 3 columns."},
		{Mapping{HasHeader: true, Date: 1, Amount: 3, Balance: -1}, "balance", "Choose a column"},
		{Mapping{HasHeader: true, Date: 1, Amount: 3, DateFormat: "Jan 2"}, "date_format", "Choose a date format"},
		{Mapping{HasHeader: true, Date: 2, Amount: 3}, "date_format", "Column 2 does not hold dates"},
		{Mapping{HasHeader: true, Date: 1, Amount: 3, Delimiter: 'x'}, "delimiter", "Choose comma"},
		{Mapping{HasHeader: true, Date: 1, Amount: 3, SkipRows: -2}, "skip_rows", "from 0 to 1000"},
	}
	for _, c := range cases {
		_, _, err := ParseCSV(strings.NewReader(data), c.m)
		e, ok := errs.As(err)
		if !ok || e.Code != errs.Invalid || !strings.Contains(e.Fields[c.field], c.msg) {
			t.Errorf("mapping %+v: error %v (fields %v); want %s: %q", c.m, err, e, c.field, c.msg)
		}
	}
	if _, _, err := ParseCSV(strings.NewReader(data), Mapping{HasHeader: true, SkipRows: 5, Date: 1, Amount: 3}); !errs.Is(err, errs.Invalid) {
		t.Errorf("skipping past the end: %v", err)
	}
	// A wrong mapping on a long file stops with a clear error, not
	// thousands of messages.
	var b strings.Builder
	for range 500 {
		b.WriteString("02/01/2024,X,1.00\n")
	}
	_, rowErrs, err := ParseCSV(strings.NewReader(b.String()), Mapping{Date: 1, Amount: 2, DateFormat: "02/01/2006"})
	if !errs.Is(err, errs.Invalid) || len(rowErrs) != maxRowErrors {
		t.Errorf("wrong mapping: %d row errors, %v", len(rowErrs), err)
	}
}

func TestNotCSV(t *testing.T) {
	cases := map[string]string{
		"":                                      "The file is empty.",
		"%PDF-1.7\n...":                         "This is a PDF.",
		"PK\x03\x04\x14\x00":                    "This is a spreadsheet.",
		"!Type:Bank\nD02/01/2024\nT125.00\n^\n": "QIF",
		string(readTestdata(t, "starling_v2.ofx")):        "import it as OFX",
		"just one column\nof words\n":                     "could not find columns",
		strings.Repeat(strings.Repeat("a,", 200)+"\n", 3): "too many for a bank statement",
	}
	for in, msg := range cases {
		_, err := Sniff(strings.NewReader(in))
		if !errs.Is(err, errs.Invalid) || !strings.Contains(err.Error(), msg) {
			t.Errorf("Sniff(%.20q) = %v; want %q", in, err, msg)
		}
	}
	if f := Detect(readTestdata(t, "lloyds_sgml.ofx")); f != FormatOFX {
		t.Errorf("Detect(OFX) = %q", f)
	}
	if f := Detect(readTestdata(t, "nationwide.csv")); f != FormatCSV {
		t.Errorf("Detect(CSV) = %q", f)
	}
	if f := Detect([]byte("%PDF-1.4")); f != FormatUnknown {
		t.Errorf("Detect(PDF) = %q", f)
	}
}
